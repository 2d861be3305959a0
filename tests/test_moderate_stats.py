"""`udc moderate --stats`: agreement figures (Krippendorff's alpha within a group, each evaluator's
deviation from the group, agreement between groups), checked against published and hand-computed values.

Every round here is written as YAML text into tmp_path and run through the
installed ``udc`` entry point, as a facilitator would.
"""

from __future__ import annotations

import json

from support import write
from rounds import DECIDER


# ---------------------------------------------------------------- agreement figures


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 observers x 12 units,
# values 1-5, with gaps. Published: ordinal alpha = 0.815. Here each unit is a bid, each observer an evaluator.
EXAMPLE_C = {
    "oa": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "ob": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "oc": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "od": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def example_c_round() -> str:
    lines = ["udc: 1", "round: {id: kripp-c, title: Example C}", "scale:"]
    lines += [f"  - {{value: {v}, label: L{v}, meaning: level {v}}}" for v in range(1, 6)]
    lines += ["groups:", "  obs:", "    name: Observers", "    members:"]
    lines += [f"      {o}: {{name: Observer {o[1].upper()}, declared: 2027-01-01}}" for o in EXAMPLE_C]
    lines += ["criteria: [{id: Q1, title: Unit, weight: 100}]", "bids:"]
    lines += [f"  - {{id: u{u:02d}, bidder: Unit {u}}}" for u in range(1, 13)]
    lines += ["scores:"]
    for o, values in EXAMPLE_C.items():
        lines.append(f"  {o}:")
        lines += [f"    u{u:02d}: {{Q1: {v}}}" for u, v in enumerate(values, 1) if v is not None]
    return "\n".join(lines) + "\n"


def test_stats_reproduce_krippendorffs_published_ordinal_alpha(udc, tmp_path):
    path = write(tmp_path, example_c_round())
    run = udc("moderate", path, "--stats", "--format", "json")
    assert run.returncode == 0, run.stderr
    within = json.loads(run.stdout)["within"]
    assert [(w["group"], w["criterion"]) for w in within] == [("obs", None), ("obs", "Q1")]
    assert all(round(w["alpha"], 3) == 0.815 for w in within)
    assert within[0]["cells"] == 11 and within[0]["scores"] == 40  # unit 12 has one value: not pairable
    assert within[0]["meaning"] == ("Agreement alpha = 0.815: the raters agree more than chance would give; "
                                    "reliable (0.800 or above).")
    text = udc("moderate", path, "--stats", "--plain").stdout
    assert "Observers, all criteria: alpha 0.815 over 11 cells (40 scores)." in text
    assert "alpha >= 0.800          reliable" in udc("moderate", path, "--stats").stdout


def test_stats_deviations_and_agreement_between_groups_by_hand(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    data = json.loads(udc("moderate", path, "--stats", "--format", "json").stdout)
    devs = {d["evaluator"]: (round(d["mean"], 6), d["cells"], d["flagged"]) for d in data["deviations"]}
    # c1 and c2 differ only on d/Q2 (0 and 2): -2/10 and +2/10. l1 and l2 differ on b (1, 4) and e (0, 2):
    # l1's deviations 0, -3, 0, 0, -2 over 5 cells = -1, flagged at half of divergence 2.
    assert devs == {"c1": (-0.2, 10, False), "c2": (0.2, 10, False), "l1": (-1.0, 5, True), "l2": (1.0, 5, True)}
    # Q1 figures com vs le: a 3/3, b 3/2.5, c 0/2, d 1/2, e 0/1: differences 0, 0.5, -2, -1, -1.
    (pair,) = data["between"]
    assert pair["groups"] == ["com", "le"] and pair["cells"] == 5
    assert pair["mean_difference_exact"] == "-7/10" and pair["mean_absolute_difference"] == 0.9
    assert pair["largest"] == {"bid": "c", "criterion": "Q1", "difference": 2}
    text = udc("moderate", path, "--stats", "--plain").stdout
    assert "l1 (Lived Experience Team: Lee One): -1.00 over 5 cells. Flagged: consistently harsher than the group." \
        in text
    assert "Lived Experience Team higher by 0.70 points on average; they differ by 0.90 points on average" in text
