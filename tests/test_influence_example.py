"""`udc influence` on the spec example (examples/cyp-mental-health.yaml): the Lived Experience Team's
stake decides the winner, the decisive stake is exact, and the robustness figures, checked by hand,
with rounds rewritten at stakes either side, and against the engine.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from support import EXAMPLE, ROOT, first, group, score_json, write
from rounds import before_award

from udc.analysis.what_if import hypothetical, stake_method, weight_method
from udc.core.engine import score
from udc.core.pipeline import check_path


# ---------------------------------------------------------------- the spec example


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    from support import run_udc

    run = run_udc("influence", EXAMPLE, "--format", "json", "--samples", "2000", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_example_lived_experience_stake_decides_the_winner(example):
    assert example["winner"] == "brightpath"
    lived = group(example, "lived-experience")
    assert lived["decisive"] is True
    assert lived["without"]["first"] == ["northstar"]
    assert "Without the Lived Experience Team's scores, Northstar Health Partners Ltd would have ranked first " \
           "instead of BrightPath Youth CIC." in lived["sentences"]
    assert group(example, "commissioners")["decisive"] is False


def test_example_counterfactual_totals_by_hand(example):
    """Without the team: Q1 commissioners only, I1 dropped, Q1-Q4 (55) scaled to the 70 quality marks.
    Commissioners' quality is 113/3 for both BrightPath and Northstar: 11 + 40/3 + 6 + 22/3 and 7 + 52/3 + 26/3 +
    14/3. Northstar 30 + 113/3 x 70/55 = 77.94; BrightPath 27.06 (1326/49) + 1582/33 = 75.00."""
    totals = {r["id"]: r["total"] for r in group(example, "lived-experience")["without"]["ranking"]}
    assert totals["northstar"] == 77.94
    assert totals["brightpath"] == float(round(Fraction(1326, 49) + Fraction(1582, 33), 2))


def test_example_decisive_stake_is_exact(example):
    stake = group(example, "lived-experience")["stake"]
    assert stake["holds_from_exact"] == "70640/7497" and stake["holds_from"] == 9.42
    assert stake["below"] == ["northstar"] and stake["above"] == [] and stake["holds_to"] == 70
    assert any("above 9.42%" in s for s in example["summary"])
    # At the exact stake the engine gives BrightPath and Northstar equal totals; either side, the leader swaps.
    checked = check_path(ROOT / EXAMPLE)
    actual = score(checked.method)
    s = Fraction(stake["holds_from_exact"])
    for x, ahead in ((s - Fraction(1, 1000), "northstar"), (s, None), (s + Fraction(1, 1000), "brightpath")):
        result = hypothetical(stake_method(checked.method, "lived-experience", x), actual)
        assert result.method.effective_stake("lived-experience") == x
        bp, ns = result.bid("brightpath").total, result.bid("northstar").total
        assert {None: bp == ns, "northstar": ns > bp, "brightpath": bp > ns}[ahead]


EXAMPLE_AT_STAKE = [
    # (old text, new text with the team's stake at 9%: team portions x 9/20, commissioners' x 61/50)
    ("    stake: 50\n", "    stake: 61\n"),
    ("    stake: 20\n", "    stake: 9\n"),
    ("    weight: 15\n    assessed_by: [commissioners, lived-experience]\n    shares: {commissioners: 2, "
     "lived-experience: 1}", "    weight: 14.45\n    assessed_by: [commissioners, lived-experience]\n"
     "    shares: {commissioners: 12.2, lived-experience: 2.25}"),
    ("    weight: 20\n    assessed_by: [commissioners]", "    weight: 24.4\n    assessed_by: [commissioners]"),
    ("    weight: 10\n    assessed_by: [commissioners]", "    weight: 12.2\n    assessed_by: [commissioners]"),
    ("    weight: 15\n    assessed_by: [lived-experience]", "    weight: 6.75\n    assessed_by: [lived-experience]"),
]
EXAMPLE_AT_10 = {"stake: 61": "stake: 60", "stake: 9": "stake: 10", "14.45": "14.5", "12.2": "12",
                 "2.25": "2.5", "24.4": "24", "6.75": "7.5"}


def test_example_rewritten_at_stakes_either_side_of_the_decisive_stake(udc, tmp_path):
    text = before_award((ROOT / EXAMPLE).read_text(encoding="utf-8"))  # what-if rounds: no award recorded
    for old, new in EXAMPLE_AT_STAKE:
        assert old in text
        text = text.replace(old, new)
    at_9 = score_json(udc, write(tmp_path, text, "at-9.yaml"))
    for old, new in EXAMPLE_AT_10.items():
        text = text.replace(old, new)
    at_10 = score_json(udc, write(tmp_path, text, "at-10.yaml"))
    assert at_9["stakes"]["lived-experience"]["effective"] == 9 and first(at_9) == ["northstar"]
    assert at_10["stakes"]["lived-experience"]["effective"] == 10 and first(at_10) == ["brightpath"]


def test_example_robustness(example):
    r = example["robustness"]
    change = r["smallest_weight_change"]
    assert (change["criterion"], change["from"], change["to_exact"], change["draws_level"]) == \
        ("I1", 15, "30950/6557", ["northstar"])
    moves = r["score_moves"]
    assert (moves["count"], moves["challenger"]) == (4, "kinship")
    assert r["score_moves_by_challenger"] == {"northstar": 5, "kinship": 4}
    wins = example["bootstrap"]["wins"]
    assert wins["brightpath"] > 0.99 and abs(sum(wins.values()) - 1) < 1e-9


def test_example_weight_change_either_side_with_the_engine():
    checked = check_path(ROOT / EXAMPLE)
    actual = score(checked.method)
    x = Fraction(30950, 6557)
    for weight, ahead in ((x - Fraction(1, 100), "northstar"), (x + Fraction(1, 100), "brightpath")):
        result = hypothetical(weight_method(checked.method, "I1", weight), actual)
        totals = {b: result.bid(b).total for b in ("brightpath", "northstar")}
        assert max(totals, key=totals.get) == ahead
