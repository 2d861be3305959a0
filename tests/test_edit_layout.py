"""Editing round files (udc.workflow.edit), the layout: a round trip without changes gives the file back
byte for byte, other indentation and comments survive an edit, and every example round (and the project's
example, edited) round-trips; new flow rows are written as ruamel would write them.

ROUND (tests/rounds.py) is the small round most edit tests start from (the round_file fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, reads_back
from rounds import ROUND

from udc.workflow.edit import RoundEdit
from udc.workflow.score_guard import score_cells

HEADER = "# The Lived Experience Team scores Q1 with the commissioners."
EOL_COMMENT = "    northstar: {M1: pass, Q1: 0}  # scored before the clarification"
INNER_COMMENT = "  # Sheets collected on 2026-10-01."


# ---------------------------------------------------------------- layout


def test_round_trip_without_changes_is_identical(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.text() == ROUND
    assert not edit.changed
    assert edit.save() is None
    assert round_file.read_bytes() == ROUND.encode("utf-8")
    assert not (round_file.parent / "round.yaml.bak").exists()


def test_round_trip_keeps_other_indentation(tmp_path: Path) -> None:
    text = ("---\nudc: 1\nround:\n    id: r\n    title: T   # note\ncriteria:\n- id: Q1\n  title: Q\n"
            "  assessed_by:\n  - g\nscores:\n    e1:\n        a:\n            Q1: 3\n")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    edit = RoundEdit.open(path)
    assert edit.text() == text
    edit.set_score("e1", "a", "Q2", "4")
    assert edit.text() == text + "            Q2: 4\n"


def test_comments_survive_set_score(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    assert edit.set_score("cp-1", "northstar", "Q1", "5", replace_why="Clarification received.") == "replaced"
    assert edit.set_score("cp-2", "northstar", "M1", "pass") == "added"
    text = edit.text()
    assert HEADER in text.splitlines()
    assert INNER_COMMENT in text.splitlines()
    # the end-of-line comment stays on its line (ruamel may narrow the gap before it to one space)
    edited = '    northstar: {M1: pass, Q1: {score: 5, was: 0, why: "Clarification received."}}'
    assert edited + " # scored before the clarification" in text.splitlines()
    assert text.replace(edited + " ", "    northstar: {M1: pass, Q1: 0}  ").replace(
        "    northstar: {M1: pass}\n", "", 1) == ROUND
    reads_back(text)


# ---------------------------------------------------------------- the project's examples


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_round_trips(example: Path) -> None:
    assert RoundEdit.open(example).text().encode("utf-8") == example.read_bytes()


def test_project_example_round_trips_and_edits(tmp_path: Path) -> None:
    example = ROOT / "examples" / "cyp-mental-health.yaml"
    if not example.exists():
        pytest.skip("examples/cyp-mental-health.yaml is not in this checkout")
    original = example.read_bytes()
    path = tmp_path / example.name
    path.write_bytes(original)
    edit = RoundEdit.open(path)
    assert edit.text().encode("utf-8") == original
    evaluator = next(iter(edit.data.get("scores") or {"cp-9": None}))
    edit.set_score(evaluator, "a-new-bid", "Q1", "3", reason="Added by the test.")
    edit.save()
    assert score_cells(original.decode("utf-8")) < score_cells(path.read_text(encoding="utf-8"))
    comments = [line for line in original.decode("utf-8").splitlines() if line.lstrip().startswith("#")]
    assert all(line in path.read_text(encoding="utf-8").splitlines() for line in comments)


def test_new_bid_rows_are_written_as_ruamel_would_write_them(round_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast writer of new flow rows (udc.workflow.flowtext) gives the same text as ruamel's emitter."""
    import udc.workflow.flowtext

    def edited() -> str:
        edit = RoundEdit.open(round_file)
        edit.set_score("le-9", "brightpath", "Q1", "4")
        edit.set_score("le-9", "brightpath", "I1", "3.5", reason='Said "yes" \\ then no; caf\u00e9, \u5b66\u6821')
        edit.set_score("le-9", "kinship", "Q1", "absent", reason="Ill on the day")
        edit.set_score("cp-1", "newbid", "M1", "pass")
        return edit.text()

    fast = edited()
    monkeypatch.setattr(udc.workflow.flowtext, "render", lambda node, reads_as_text: None)
    assert fast == edited()
    assert "    brightpath: {Q1: 4, I1: {score: 3.5, reason: " in fast
