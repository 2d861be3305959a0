"""`udc moderate`: the agenda, agreement figures, recording outcomes and the moderation log.

Every round here is written as YAML text into tmp_path and run through the
installed ``udc`` entry point, as a facilitator would.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from support import ROOT

# A round built so that one cell decides the winner. Weights: Q1 50 (shared equally by com and le,
# so each group's figure carries 25 points), Q2 50 (com only); the scale's top is 4.
# Totals by hand: a 18.75 + 18.75 + 37.5 = 75; b 18.75 + 15.625 + 37.5 = 71.875; c 0 + 12.5 + 12.5 = 25;
# d 6.25 + 12.5 + 12.5 = 31.25; e 0 + 6.25 + 0 = 6.25.
DECIDER = """\
# Test round: one cell decides the winner.
udc: 1
round: {id: decider, title: Decider, divergence: 2}

scale:
  - {value: 0, label: None, meaning: "No answer.", plain: "They did not answer."}
  - {value: 1, label: Poor, meaning: "Major gaps.", plain: "A weak answer."}
  - {value: 2, label: Fair, meaning: "Some gaps.", plain: "Just good enough."}
  - {value: 3, label: Good, meaning: "Minor gaps.", plain: "A good answer."}
  - {value: 4, label: Top, meaning: "No gaps.", plain: "A strong answer."}

groups:
  com:
    name: Commissioners
    members:
      c1: {name: Cat One, declared: 2027-01-01}
      c2: {name: Cal Two, declared: 2027-01-01}
  le:
    name: Lived Experience Team
    lived_experience: true
    members:
      l1: {name: Lee One, declared: 2027-01-01}
      l2: {name: Lou Two, declared: 2027-01-01}

criteria:
  - {id: Q1, title: Co-production, text: "How will people shape the service?", weight: 50}
  - {id: Q2, title: Delivery, text: "How will you deliver it?", weight: 50, assessed_by: [com]}

bids:
  - {id: a, bidder: Alder Care}
  - {id: b, bidder: Birch Support}
  - {id: c, bidder: Cedar Trust}
  - {id: d, bidder: Damson Ltd}
  - {id: e, bidder: Elm Services}

scores:
  # independent scores, before the meeting
  c1:
    a: {Q1: 3, Q2: 3}
    b: {Q1: 3, Q2: 3}
    c: {Q1: 0, Q2: 1}
    d: {Q1: 1, Q2: 0}
    e: {Q1: 0, Q2: 0}
  c2:
    a: {Q1: 3, Q2: 3}
    b: {Q1: 3, Q2: 3}
    c: {Q1: 0, Q2: 1}
    d: {Q1: 1, Q2: 2}
    e: {Q1: 0, Q2: 0}
  l1:
    a: {Q1: 3}
    b: {Q1: 1}  # the decisive cell
    c: {Q1: 2}
    d: {Q1: 2}
    e: {Q1: 0}
  l2:
    a: {Q1: 3}
    b: {Q1: 4}
    c: {Q1: 2}
    d: {Q1: 2}
    e: {Q1: 2}
"""


def write(tmp_path: Path, text: str, name: str = "round.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def agenda_json(udc, path: Path, *extra: str) -> dict:
    run = udc("moderate", path, "--format", "json", *extra)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def totals(udc, path: Path) -> dict:
    run = udc("score", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    return {b["id"]: (b["total"], b["rank"]) for b in json.loads(run.stdout)["bids"]}


# ---------------------------------------------------------------- the agenda


def test_agenda_puts_the_cell_that_decides_the_winner_first(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    items = agenda_json(udc, path)["items"]
    assert [(i["bid"], i["criterion"], i["kind"], i["groups"], i["effect"]) for i in items] == [
        ("b", "Q1", "cell", ["le"], "winner"),  # le's 1 and 4: b totals 62.5 to 81.25 against a's 75
        ("c", "Q1", "groups", ["com", "le"], "ranking"),  # com 0 vs le 2: c 12.5 to 37.5 passes d's 31.25
        ("d", "Q2", "cell", ["com"], "ranking"),  # com's 0 and 2: d 18.75 to 43.75 falls below c's 25
        ("e", "Q1", "cell", ["le"], "none"),  # le's 0 and 2: e 0 to 12.5, never near c's 25
    ]
    first = items[0]
    assert first["swing"]["low"]["total_exact"] == "125/2" and first["swing"]["high"]["total_exact"] == "325/4"
    assert first["swing"]["low"]["winners"] == ["a"] and first["swing"]["high"]["winners"] == ["b"]
    assert first["standing"]["above"] == {"bid": "a", "rank": 1, "total": 75, "gap": 3.12}
    assert items[3]["distance"] == 12.5  # 25 (c) - 12.5 (e at its best)


def test_agenda_text_says_why_and_shows_gaps_scores_and_plain_rubric(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "4 items: 1 could change the winner, 2 could change the ranking below it." in out
    assert "1. Could change the winner: Birch Support (b), Q1 Co-production, Lived Experience Team" in out
    assert "Standing: rank 2 with 71.88. Alder Care (rank 1) is 3.12 ahead. Damson Ltd (rank 3) is 40.63 behind." \
        in out
    assert "Effect: this could change the winner: Alder Care at 1, Birch Support at 4." in out
    assert "l1 (Lee One): 1 (no reason given)" in out
    assert "Question: How will people shape the service?" in out
    # A lived-experience item shows the plain descriptors; a commissioners' item the formal ones.
    first, rest = out.split("2. Could change", 1)
    assert "4 Top: A strong answer." in first and "No gaps." not in first
    third = rest.split("3. Could change", 1)[1].split("4. Cannot", 1)[0]
    assert "2 Fair: Some gaps." in third and "Just good enough" not in third
    # Between groups, both views are named plainly and both descriptors are shown.
    second = rest.split("3. Could change", 1)[0]
    assert "The Lived Experience Team give it 2; the Commissioners give it 0: 2 points apart" in second
    assert "0 None: No answer." in second and "In plain words: They did not answer." in second
    assert "\x1b[" not in out


def test_agenda_filters_and_formats(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    assert [i["bid"] for i in agenda_json(udc, path, "--group", "com")["items"]] == ["c", "d"]
    assert [(i["bid"], i["criterion"]) for i in agenda_json(udc, path, "--bid", "e")["items"]] == [("e", "Q1")]
    markdown = udc("moderate", path, "--format", "markdown").stdout
    assert markdown.startswith("# Moderation agenda: Decider (round decider)\n")
    assert "## 1. Could change the winner: Birch Support (b), Q1 Co-production, Lived Experience Team" in markdown
    plain = udc("moderate", path, "--plain").stdout
    assert "Item 1 of 4. Could change the winner: Birch Support (b), Q1 Co-production, Lived Experience Team." in plain
    bad = udc("moderate", path, "--group", "nobody")
    assert bad.returncode == 2 and "unknown group 'nobody'; expected one of: com, le" in bad.stderr


def test_agenda_does_not_depend_on_the_order_of_the_file(udc, tmp_path):
    head, bids_and_scores = DECIDER.split("bids:\n", 1)
    bids, scores = bids_and_scores.split("\nscores:", 1)
    shuffled = head + "bids:\n" + "\n".join(reversed(bids.strip("\n").splitlines())) + "\n\nscores:" + scores
    one = agenda_json(udc, write(tmp_path, DECIDER, "one.yaml"))["items"]
    two = agenda_json(udc, write(tmp_path, shuffled, "two.yaml"))["items"]
    assert [(i["bid"], i["criterion"], i["kind"]) for i in one] == [(i["bid"], i["criterion"], i["kind"]) for i in two]


def test_agenda_leaves_out_moderated_cells(udc, tmp_path):
    path = write(tmp_path, DECIDER + "moderation:\n  le:\n    b: {Q1: {score: 3, reason: \"Agreed.\"}}\n")
    items = agenda_json(udc, path)["items"]
    assert ("b", "Q1") not in [(i["bid"], i["criterion"]) for i in items]


def test_effect_is_not_known_while_the_bids_are_incomplete(udc, tmp_path):
    path = write(tmp_path, DECIDER.replace("divergence: 2}", "divergence: 2, aggregate: consensus}"))
    data = agenda_json(udc, path)
    assert data["complete"] is False
    assert [(i["bid"], i["criterion"], i["effect"]) for i in data["items"]] == [
        ("d", "Q2", "unknown"), ("b", "Q1", "unknown"), ("e", "Q1", "unknown")]  # largest swing first
    assert "3 not known yet (bids with other missing cells)" in udc("moderate", path).stdout


def test_pass_fail_marks_that_disagree_are_on_the_agenda(udc, tmp_path):
    path = write(tmp_path, """\
udc: 1
round: {id: pf, title: Pass fail}
scale: [{value: 0, label: Nil, meaning: "Nothing."}, {value: 5, label: Full, meaning: "All of it."}]
groups:
  com: {name: Commissioners, members: {c1: {name: One, declared: 2027-01-01}, c2: {name: Two, declared: 2027-01-01}}}
criteria:
  - {id: M1, kind: pass-fail, title: Registered}
  - {id: Q1, title: Quality, weight: 100}
bids: [{id: a, bidder: Ash}, {id: b, bidder: Bay}]
scores:
  c1: {a: {M1: pass, Q1: 5}, b: {M1: pass, Q1: 0}}
  c2: {a: {M1: fail, Q1: 5}, b: {M1: pass, Q1: 0}}
""")
    (item,) = agenda_json(udc, path)["items"]
    assert (item["bid"], item["criterion"], item["why"], item["effect"]) == ("a", "M1", ["marks"], "winner")
    assert (item["swing"]["low"]["status"], item["swing"]["high"]["status"]) == ("disqualified", "ranked")
    assert "Why: marks from the Commissioners disagree: 1 pass, 1 fail." in udc("moderate", path).stdout


def test_spec_example_agenda(udc):
    items = agenda_json(udc, ROOT / "examples" / "cyp-mental-health.yaml")["items"]
    # Northstar's Q1 spread (1 to 4) is settled by the team's agreed score, so it is not on the agenda.
    assert [(i["bid"], i["criterion"], i["effect"]) for i in items] == [
        ("kinship", "I1", "ranking"), ("northstar", "I1", "ranking"), ("brightpath", "Q1", "none")]
    assert items[0]["standing"]["below"] == {"bid": "northstar", "rank": 3, "total": 73.33, "gap": 0.13}


def test_swing_is_what_the_engine_scores_for_the_changed_round(tmp_path):
    """The agenda reuses the other bids' assessments; it must agree with a full engine run."""
    from udc.analysis.agenda import agenda, with_agreed
    from udc.core.engine import score
    from udc.core.pipeline import check_path

    for path in (write(tmp_path, DECIDER), ROOT / "examples" / "cyp-mental-health.yaml"):
        result = score(check_path(path).method)
        for item in agenda(result):
            if item.swing is None:
                continue
            groups = item.groups if item.kind == "cell" else tuple(item.cells)
            for end in (item.swing.low, item.swing.high):
                full = score(with_agreed(result.method, item.bid, item.criterion, {g: end.figure for g in groups}))
                assert full.bid(item.bid).total == end.total
                assert tuple(r.id for r in full.ranking if r.rank == 1) == end.winners


REASONS_REQUIRED = """\
udc: 1
round: {id: rr, title: Reasons required, require_reasons: true}
scale: [{value: 0, label: Nil, meaning: "Nothing."}, {value: 5, label: Full, meaning: "All of it."}]
groups:
  g:
    name: Panel
    members:
      m1: {name: One, declared: 2027-01-01}
      m2: {name: Two, declared: 2027-01-01}
criteria: [{id: Q1, title: Only, weight: 100}]
bids: [{id: x, bidder: Xylo}]
scores:
  m1:
    x: {Q1: {score: 5, reason: "Clear."}}
  m2:
    x: {Q1: 5}
"""


def test_missing_reasons_are_on_the_agenda_and_do_not_stop_the_meeting(udc, tmp_path):
    path = write(tmp_path, REASONS_REQUIRED)
    check = udc("check", path)
    assert check.returncode == 1 and "score without a reason" in check.stdout + check.stderr
    items = agenda_json(udc, path)["items"]
    assert [(i["why"], i["missing_reasons"]) for i in items] == [(["reasons"], ["m2"])]
    text = udc("moderate", path).stdout
    assert "Why: reasons are required (round.require_reasons) and missing for: m2 (Two)." in text
    # A revised score needs its own reason in such a round: refused, nothing written.
    before = path.read_bytes()
    run = udc("moderate", path, "--revise", "m1", "x", "Q1", "0", "--why", "Misread the answer.")
    assert run.returncode == 1
    assert "score without a reason; expected a reason (round.require_reasons is true)" in run.stderr
    assert "give the new score's reason with --reason" in run.stderr
    assert path.read_bytes() == before and not path.with_name("round.yaml.bak").exists()
    # Recording the group's outcome is allowed although m2's reason is still owed.
    run = udc("moderate", path, "--record", "g", "x", "Q1", "5", "--reason", "Both agree it is clear.")
    assert run.returncode == 0, run.stderr


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


# ---------------------------------------------------------------- recording outcomes


def test_record_writes_the_agreed_score_keeps_comments_and_scores_as_hand_computed(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Young people lead the board.")
    assert run.returncode == 0, run.stderr
    assert "the winner changes: Alder Care -> Birch Support" in run.stderr
    text = path.read_text(encoding="utf-8")
    assert "# Test round: one cell decides the winner." in text and "# the decisive cell" in text
    assert text.endswith('moderation:\n  le:\n    b:\n      Q1: {score: 4, reason: "Young people lead the board."}\n')
    assert path.with_name("round.yaml.bak").read_text(encoding="utf-8") == DECIDER
    # By hand: b = 50 x (3 + 4) / 2 / 4 + 50 x 3 / 4 = 43.75 + 37.5 = 81.25, above a's 75.
    assert totals(udc, path) == {"a": (75, 2), "b": (81.25, 1), "c": (25, 4), "d": (31.25, 3), "e": (6.25, 5)}
    # The settled cell leaves the agenda.
    assert [i["bid"] for i in agenda_json(udc, path)["items"]] == ["c", "d", "e"]


def test_revise_keeps_the_old_score_as_was_and_scores_as_hand_computed(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, "--revise", "c2", "d", "Q2", "0", "--why", "Moderation: no delivery plan given.",
              "--reason", "No plan.")
    assert run.returncode == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    assert "    d: {Q1: 1, Q2: {score: 0, reason: \"No plan.\", was: 2, why: \"Moderation: no delivery plan given.\"}}" \
        in text
    assert "# independent scores, before the meeting" in text and "# the decisive cell" in text
    # By hand: d = 50 x 1 / 2 / 4 + 50 x 2 / 2 / 4 + 50 x 0 / 4 = 6.25 + 12.5 + 0 = 18.75, now below c's 25.
    assert totals(udc, path)["d"] == (18.75, 4) and totals(udc, path)["c"] == (25, 3)
    audit = udc("score", path, "--audit").stdout
    assert "c2 2 → 0 (changed at moderation: Moderation: no delivery plan given.)" in audit


@pytest.mark.parametrize("args, message", [
    (["--record", "le", "b", "Q1", "4"], "--record needs --reason TEXT"),
    (["--record", "le", "b", "Q1", "4", "--reason", "   "], "--record needs --reason TEXT"),
    (["--revise", "l1", "b", "Q1", "3"], "--revise needs --why TEXT"),
    (["--revise", "l1", "b", "Q1", "3", "--reason", "A reason is not a why."], "--revise needs --why TEXT"),
])
def test_recording_without_a_reason_is_refused_and_writes_nothing(udc, tmp_path, args, message):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert path.read_text(encoding="utf-8") == DECIDER and not path.with_name("round.yaml.bak").exists()


@pytest.mark.parametrize("args, code, message", [
    (["--record", "le", "b", "Q1", "7", "--reason", "r"], 1, "7 is not on the scale; expected 0, 1, 2, 3 or 4"),
    (["--record", "le", "b", "Q2", "3", "--reason", "r"], 1, "group 'le' does not assess 'Q2'"),
    (["--record", "xx", "b", "Q1", "3", "--reason", "r"], 2, "unknown group 'xx'; expected one of: com, le"),
    (["--record", "le", "b", "Q1", "three", "--reason", "r"], 2, "'three' is not a score"),
    (["--revise", "l1", "b", "Q2", "3", "--why", "w"], 1, "l1 has no score for b Q2 to revise"),
    (["--revise", "l1", "b", "Q1", "9", "--why", "w"], 1, "9 is not on the scale"),
    (["--record", "le", "b", "Q1", "3", "--reason", "r", "--stats"], 2, "run --stats, --log or -o separately"),
])
def test_bad_edits_are_refused_and_write_nothing(udc, tmp_path, args, code, message):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, *args)
    assert run.returncode == code, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert path.read_text(encoding="utf-8") == DECIDER and not path.with_name("round.yaml.bak").exists()


def test_a_different_agreed_score_needs_replace(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    assert udc("moderate", path, "--record", "le", "b", "Q1", "3", "--reason", "First view.").returncode == 0
    first = path.read_text(encoding="utf-8")
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Second view.")
    assert run.returncode == 1 and "already holds 3" in run.stderr and "--replace" in run.stderr
    assert path.read_text(encoding="utf-8") == first
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Second view.", "--replace")
    assert run.returncode == 0 and 'Q1: {score: 4, reason: "Second view."}' in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the moderation log


# A realistic record in the style of a published FOI moderation log: three commissioners each move a 4 to a 3
# after discussion, one moves a 2 to a 3, and the Lived Experience Team agrees a group score.
FOI_ROUND = """\
# Lot 1: community mental health recovery service. Moderation meeting held 14 October 2026.
udc: 1
round:
  id: recovery-lot1
  title: Community mental health recovery service, lot 1
  authority: Westshire County Council

scale:
  - {value: 0, label: Unacceptable, meaning: "No response."}
  - {value: 1, label: Poor, meaning: "Major omissions."}
  - {value: 2, label: Satisfactory, meaning: "Meets the minimum with gaps."}
  - {value: 3, label: Good, meaning: "Meets the requirement with minor omissions."}
  - {value: 4, label: Very good, meaning: "Fully meets the requirement with evidence."}
  - {value: 5, label: Excellent, meaning: "Exceeds the requirement."}

groups:
  commissioners:
    name: Commissioning panel
    members:
      ev1: {name: Evaluator 1, declared: 2026-09-01}
      ev2: {name: Evaluator 2, declared: 2026-09-01}
      ev3: {name: Evaluator 3, declared: 2026-09-01}
  lived-experience:
    name: Lived Experience Team
    members:
      lx1: {name: Panel member A, declared: 2026-09-01}
      lx2: {name: Panel member B, declared: 2026-09-01}

criteria:
  - {id: Q1, title: Service model, weight: 40, assessed_by: [commissioners]}
  - {id: Q2, title: Safeguarding, weight: 30, assessed_by: [commissioners]}
  - {id: Q3, title: Recovery and peer support, weight: 30, assessed_by: [lived-experience]}

bids:
  - {id: harbour, bidder: Harbour Wellbeing Ltd}
  - {id: meadow, bidder: Meadow Recovery CIC}

scores:
  ev1:
    harbour:
      Q1: {score: 3, reason: "Model is clear but step-down pathway is thin.", was: 4, why: "Moderation: panel agreed the step-down pathway lacks detail."}
      Q2: 3
    meadow: {Q1: 3, Q2: 4}
  ev2:
    harbour:
      Q1: {score: 3, was: 4, why: "Moderation: agreed with ev1 on the step-down pathway."}
      Q2: {score: 3, was: 4, why: "Moderation: no named safeguarding lead for out-of-hours."}
    meadow: {Q1: 3, Q2: 4}
  ev3:
    harbour: {Q1: 3, Q2: 3}
    meadow:
      Q1: {score: 3, was: 2, why: "Moderation: the mobilisation plan in appendix B had been missed."}
      Q2: {score: 3, was: 4, why: "Moderation: the training offer is generic."}
  lx1:
    harbour: {Q3: 2}
    meadow: {Q3: 5}
  lx2:
    harbour: {Q3: 4}
    meadow: {Q3: 4}

moderation:
  lived-experience:
    harbour:
      Q3: {score: 3, reason: "Peer roles are promised but not funded; the team settled on Good."}
"""

FOI_LOG = """\
MODERATION LOG: Community mental health recovery service, lot 1
Round: recovery-lot1
Authority: Westshire County Council
File: {fingerprint}
Moderated cells: 5; individual scores changed: 5; agreed group scores: 1.

1. Q1 Service model | Harbour Wellbeing Ltd (harbour) | Commissioning panel (commissioners)
   Initial scores: ev1 4, ev2 4, ev3 3. Group figure: 3.67 (mean).
   Score changed: ev1 (Evaluator 1) 4 → 3. Reason for change: Moderation: panel agreed the step-down pathway lacks detail.
     Reason for the new score: Model is clear but step-down pathway is thin.
   Score changed: ev2 (Evaluator 2) 4 → 3. Reason for change: Moderation: agreed with ev1 on the step-down pathway.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

2. Q2 Safeguarding | Harbour Wellbeing Ltd (harbour) | Commissioning panel (commissioners)
   Initial scores: ev1 3, ev2 4, ev3 3. Group figure: 3.33 (mean).
   Score changed: ev2 (Evaluator 2) 4 → 3. Reason for change: Moderation: no named safeguarding lead for out-of-hours.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

3. Q1 Service model | Meadow Recovery CIC (meadow) | Commissioning panel (commissioners)
   Initial scores: ev1 3, ev2 3, ev3 2. Group figure: 2.67 (mean).
   Score changed: ev3 (Evaluator 3) 2 → 3. Reason for change: Moderation: the mobilisation plan in appendix B had been missed.
   Moderated scores: ev1 3, ev2 3, ev3 3.
   Group figure after moderation: 3 (mean).

4. Q2 Safeguarding | Meadow Recovery CIC (meadow) | Commissioning panel (commissioners)
   Initial scores: ev1 4, ev2 4, ev3 4. Group figure: 4 (mean).
   Score changed: ev3 (Evaluator 3) 4 → 3. Reason for change: Moderation: the training offer is generic.
   Moderated scores: ev1 4, ev2 4, ev3 3.
   Group figure after moderation: 3.67 (mean).

5. Q3 Recovery and peer support | Harbour Wellbeing Ltd (harbour) | Lived Experience Team (lived-experience)
   Initial scores: lx1 2, lx2 4. Group figure: 3 (mean).
   Agreed group score: 3. Reason: Peer roles are promised but not funded; the team settled on Good.
   Group figure after moderation: 3 (agreed).
"""


def test_log_reproduces_a_published_style_moderation_record(udc, tmp_path):
    path = write(tmp_path, FOI_ROUND)
    run = udc("moderate", path, "--log")
    assert run.returncode == 0, run.stderr
    fingerprint = "sha256:" + hashlib.sha256(FOI_ROUND.encode("utf-8")).hexdigest()
    assert run.stdout == FOI_LOG.format(fingerprint=fingerprint)


def test_log_in_markdown_json_and_plain(udc, tmp_path):
    path = write(tmp_path, FOI_ROUND)
    markdown = udc("moderate", path, "--log", "--format", "markdown").stdout
    assert "| No. | Question | Bidder | Group | Evaluator | Initial score | Moderated score | Reason |" in markdown
    assert ("| 2 | Q2 Safeguarding | Harbour Wellbeing Ltd | Commissioning panel | ev2 (Evaluator 2) | 4 | 3 | "
            "Moderation: no named safeguarding lead for out-of-hours. |") in markdown
    records = json.loads(udc("moderate", path, "--log", "--format", "json").stdout)["records"]
    assert [(r["bid"], r["criterion"], len(r["changes"])) for r in records] == [
        ("harbour", "Q1", 2), ("harbour", "Q2", 1), ("meadow", "Q1", 1), ("meadow", "Q2", 1), ("harbour", "Q3", 0)]
    assert records[0]["figure_before"] == {"value": 3.67, "exact": "11/3", "how": "mean"}
    plain = udc("moderate", path, "--log", "--plain").stdout
    assert "Score changed: ev1 (Evaluator 1) from 4 to 3." in plain and "→" not in plain
    only = json.loads(udc("moderate", path, "--log", "--format", "json", "--group", "lived-experience").stdout)
    assert [(r["group"], r["number"]) for r in only["records"]] == [("lived-experience", 1)]


def test_recorded_outcomes_appear_in_the_log_in_file_order(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    assert udc("moderate", path, "--revise", "c2", "d", "Q2", "1", "--why", "Met halfway.").returncode == 0
    assert udc("moderate", path, "--record", "le", "b", "Q1", "3", "--reason", "Good, minor gaps.").returncode == 0
    log = udc("moderate", path, "--log").stdout
    assert "Moderated cells: 2; individual scores changed: 1; agreed group scores: 1." in log
    first, second = log.split("\n1. ", 1)[1].split("\n2. ", 1)
    assert first.startswith("Q2 Delivery | Damson Ltd (d) | Commissioners (com)")
    assert "Score changed: c2 (Cal Two) 2 → 1. Reason for change: Met halfway." in first
    assert "Group figure after moderation: 0.50 (mean)." in first
    assert second.startswith("Q1 Co-production | Birch Support (b) | Lived Experience Team (le)")
    assert "Initial scores: l1 1, l2 4. Group figure: 2.50 (mean)." in second


def test_without_the_lived_experience_flag_no_group_is_guessed(udc, tmp_path):
    """A group named 'Lived Experience Team' without the flag sees the formal descriptors, and the agenda says why."""
    path = write(tmp_path, DECIDER.replace("    lived_experience: true\n", ""))
    run = udc("moderate", path)
    assert run.returncode == 0, run.stderr
    assert "No group is marked lived_experience: true, so every group is shown the formal descriptors" in run.stdout
    assert "A strong answer." not in run.stdout and "4 Top: No gaps." in run.stdout
    plain = udc("moderate", path, "--plain")
    assert "No group is marked" not in plain.stdout and "A strong answer." in plain.stdout


def test_effects_are_not_known_while_scores_are_owed(udc, tmp_path):
    """Issue 9, item 6: with a score still owed, no item may say it cannot change the ranking."""
    text = (ROOT / "examples" / "cyp-mental-health.yaml").read_text(encoding="utf-8")
    owed = text.replace("northstar: {M1: pass, Q1: 3, Q2: 4, Q3: 5, Q4: 3}", "northstar: {M1: pass, Q1: 3, Q2: 4, Q4: 3}")
    assert owed != text
    path = write(tmp_path, owed)
    data = agenda_json(udc, path)
    assert data["owed"] == 1
    effects = {(i["bid"], i["criterion"]): i for i in data["items"]}
    assert "none" not in [i["effect"] for i in data["items"]]
    brightpath = effects[("brightpath", "Q1")]
    assert (brightpath["effect"], brightpath["swing"]["owed"]) == ("unknown", 1)
    out = udc("moderate", path, "--plain").stdout
    assert out.splitlines()[1].startswith("Not known yet: 1 score is still owed.")
    assert "Effect: not known yet: 1 score still owed." in out
    assert "ranking stays the same" not in out


def test_recording_the_price_criterion_or_a_number_for_a_mark_says_what_it_is(udc, tmp_path):
    """Issue 9, item 9: not 'unknown criterion P'."""
    path = write(tmp_path, (ROOT / "examples" / "supported-living-lot2.yaml").read_text(encoding="utf-8"))
    before = path.read_bytes()
    run = udc("moderate", path, "--record", "commissioners", "aspen", "P", "3", "--reason", "Agreed.")
    assert run.returncode == 2
    assert "P is the price criterion: it is scored from each bid's price" in run.stderr
    assert "unknown criterion" not in run.stderr
    run = udc("moderate", path, "--revise", "cm-1", "aspen", "P", "3", "--why", "Changed.")
    assert run.returncode == 2 and "P is the price criterion" in run.stderr
    run = udc("moderate", path, "--record", "commissioners", "aspen", "M1", "3", "--reason", "Agreed.")
    assert run.returncode == 2
    assert "M1 is a pass-fail criterion: record pass or fail, not '3'" in run.stderr
    assert path.read_bytes() == before
