"""Editing round files (udc.workflow.edit), the scores: reading, adding, keeping or refusing a score,
replacing it with `was` and `why`, quoting ids YAML would misread; agreed group scores (moderation)
and the seal.

ROUND (tests/rounds.py) is the small round these tests start from (the round_file fixture).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import reads_back
from rounds import ROUND

from udc.core.loader import load_text
from udc.workflow.edit import RoundEdit
from udc.workflow.edit_errors import EditConflict, EditError


# ---------------------------------------------------------------- scores


def test_score_reads_bare_and_mapped_entries(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.score("cp-1", "northstar", "Q1") == "0"
    assert edit.score("cp-1", "brightpath", "Q1") == "5"
    assert edit.score("cp-1", "brightpath", "M1") == "pass"
    assert edit.score("cp-1", "kinship", "Q1") is None
    assert edit.score("nobody", "brightpath", "Q1") is None
    assert edit.moderated("lived-experience", "northstar", "Q1") == "0"


def test_adding_cells(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_score("le-1", "brightpath", "Q2", "3.50") == "added"
    assert edit.set_score("le-1", "northstar", "Q1", "absent", reason="Missed the interview.") == "added"
    assert edit.set_score("cp-3", "brightpath", "M1", "pass") == "added"
    assert edit.score("le-1", "brightpath", "Q2") == "3.5"
    lines = edit.text().splitlines()
    start = lines.index("  le-1:")
    assert lines[start:start + 6] == [
        "  le-1:",
        "    brightpath: {Q1: 5, Q2: 3.5}",
        '    northstar: {Q1: {score: absent, reason: "Missed the interview."}}',
        "  cp-3:",
        "    brightpath: {M1: pass}",
        "",
    ]
    assert lines[start + 6] == "moderation:"
    data = reads_back(edit.text())
    assert str(data.scores["le-1"]["brightpath"]["Q2"].score) == "3.5"
    assert data.scores["le-1"]["northstar"]["Q1"].score == "absent"


def test_new_scores_section_goes_before_moderation(tmp_path: Path) -> None:
    start, end = ROUND.index("scores:\n"), ROUND.index("moderation:\n")
    path = tmp_path / "r.yaml"
    path.write_text(ROUND[:start] + ROUND[end:], encoding="utf-8")
    edit = RoundEdit.open(path)
    edit.set_score("cp-1", "brightpath", "Q1", "5")
    assert ("  - {id: northstar, bidder: Northstar Health Partners Ltd, price: 2210000}\n\n"
            "scores:\n  cp-1:\n    brightpath: {Q1: 5}\n\nmoderation:\n") in edit.text()  # one line per bid
    reads_back(edit.text())


def test_same_score_is_unchanged_and_may_gain_a_reason(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_score("cp-1", "northstar", "Q1", "0.0") == "unchanged"
    assert edit.set_score("cp-1", "brightpath", "Q1", "5", reason="Other words.") == "unchanged"
    assert not edit.changed
    assert edit.set_score("cp-1", "northstar", "Q1", "0", reason="No standing role.") == "updated"
    assert '{M1: pass, Q1: {score: 0, reason: "No standing role."}}' in edit.text()


def test_different_score_is_a_conflict(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    with pytest.raises(EditConflict) as caught:
        edit.set_score("cp-1", "northstar", "Q1", "4")
    conflict = caught.value
    assert (conflict.evaluator, conflict.bid, conflict.criterion, conflict.old, conflict.new) == (
        "cp-1", "northstar", "Q1", "0", "4")
    assert str(conflict) == ("scores.cp-1.northstar.Q1 already holds 0; the sheet says 4. "
                             "Use --replace with a reason to change it")
    assert isinstance(conflict, EditError)
    assert not edit.changed


def test_replace_records_was_and_why(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_score("cp-1", "northstar", "Q1", "4", reason="Clear plan.",
                          replace_why="Moderation: the clarification answered it.") == "replaced"
    assert ('    northstar: {M1: pass, Q1: {score: 4, reason: "Clear plan.", was: 0, '
            'why: "Moderation: the clarification answered it."}}') in edit.text()
    entry = reads_back(edit.text()).scores["cp-1"]["northstar"]["Q1"]
    assert (str(entry.score), entry.reason, str(entry.was), entry.why) == (
        "4", "Clear plan.", "0", "Moderation: the clarification answered it.")


def test_replacing_again_keeps_the_first_score_as_was(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    edit.set_score("cp-1", "northstar", "Q1", "4", replace_why="First change.")
    assert edit.set_score("cp-1", "northstar", "Q1", "5", replace_why="Second change.") == "replaced"
    assert edit.set_score("cp-2", "brightpath", "Q1", "0", replace_why="Back again.") == "replaced"
    data = reads_back(edit.text())
    first = data.scores["cp-1"]["northstar"]["Q1"]
    assert (str(first.score), str(first.was), first.why) == ("5", "0", "First change.; then 4 → 5: Second change.")
    second = data.scores["cp-2"]["brightpath"]["Q1"]
    assert (str(second.score), str(second.was), second.why, second.reason) == ("0", "0", "Moderation: misread the answer.; then 5 → 0: Back again.", None)


def test_values_that_are_not_scores_are_refused(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    for value in ("good", "1e3", "-1", "", "yes"):
        with pytest.raises(EditError):
            edit.set_score("cp-1", "kinship", "Q1", value)
    assert not edit.changed


def test_ids_that_yaml_would_misread_are_quoted(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    edit.set_score("no", "0123", "on", "3", reason="yes")
    assert '  "no":\n    "0123": {"on": {score: 3, reason: "yes"}}\n' in edit.text()
    data = load_text(edit.text(), "edited.yaml").data
    assert data["scores"]["no"]["0123"]["on"]["reason"] == "yes"


# ---------------------------------------------------------------- moderation and seal


def test_moderation_add_conflict_and_replace(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_moderation("lived-experience", "northstar", "Q1", "0", "Other words.") == "unchanged"
    assert edit.set_moderation("commissioners", "northstar", "Q1", "2", "Agreed at panel.") == "added"
    with pytest.raises(EditConflict) as caught:
        edit.set_moderation("lived-experience", "northstar", "Q1", "1", "Kinder.")
    assert caught.value.section == "moderation"
    assert str(caught.value).startswith("moderation.lived-experience.northstar.Q1 already holds 0")
    assert edit.set_moderation("lived-experience", "northstar", "Q1", "1", "Kinder.", replace=True) == "replaced"
    assert edit.text().endswith(
        "moderation:\n  lived-experience:\n    northstar:\n"
        '      Q1: {score: 1, reason: "Kinder."}\n'
        "  commissioners:\n    northstar:\n"
        '      Q1: {score: 2, reason: "Agreed at panel."}\n')
    data = reads_back(edit.text())
    assert data.moderation["commissioners"]["northstar"]["Q1"].reason == "Agreed at panel."


def test_seal_is_added_at_the_end_then_updated_in_place(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_seal("sha256:abc", dt.date(2026, 9, 1)) == "added"
    assert edit.text() == ROUND + '\nseal:\n  method: "sha256:abc"\n  sealed: 2026-09-01\n'
    assert edit.set_seal("sha256:abc", dt.date(2026, 9, 1)) == "unchanged"
    assert edit.set_seal("sha256:def", dt.date(2026, 9, 2)) == "replaced"
    assert edit.text() == ROUND + '\nseal:\n  method: "sha256:def"\n  sealed: 2026-09-02\n'
    edit.set_score("cp-2", "northstar", "M1", "fail")  # scores still go where they belong
    assert edit.text().endswith('\nseal:\n  method: "sha256:def"\n  sealed: 2026-09-02\n')
    seal = reads_back(edit.text()).seal
    assert seal is not None and (seal.method, seal.sealed) == ("sha256:def", dt.date(2026, 9, 2))
    edit.save()
    assert RoundEdit.open(round_file).set_seal("sha256:def", dt.date(2026, 9, 2)) == "unchanged"
