"""`udc moderate` (the agenda): which cells to discuss, in what order, why, and what each could change.

Every round here is written as YAML text into tmp_path and run through the
installed ``udc`` entry point, as a facilitator would. DECIDER (tests/rounds.py)
is a round in which one cell decides the winner.
"""

from __future__ import annotations

from support import ROOT, agenda_json, write
from rounds import DECIDER


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
