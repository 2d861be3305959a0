"""Editing round files: layout kept, no score overwritten or lost, no half-written file."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from udc.workflow.edit import RoundEdit
from udc.workflow.edit_errors import EditConflict, EditError
from udc.workflow.score_guard import never_drops_scores, score_cells
from udc.workflow.files import write_atomic
from udc.core.loader import load_text
from udc.core.model import Round

# A small but complete round in the layout of the format's example: header
# comments, flow-style levels and bids, sequences indented under their key,
# one line of scores per bid, a replaced score and a moderated one.
ROUND = """\
# A small co-produced procurement.
# The Lived Experience Team scores Q1 with the commissioners.
udc: 1

round:
  id: small-2027
  title: A small round
  currency: GBP
  tie_break: [quality, "group:lived-experience", price]

scale:
  - {value: 0, label: Poor, meaning: "Fails the requirement."}
  - {value: 5, label: Excellent, meaning: "Exceeds the requirement.", plain: "Better than we asked for."}

groups:
  commissioners:
    name: Commissioning panel
    members:
      cp-1: {name: Ruth Okafor, declared: 2026-09-02}
      cp-2: {name: Dev Patel, declared: 2026-09-02}
  lived-experience:
    name: Lived Experience Team
    members:
      le-1: {name: Member A, declared: 2026-09-02}

criteria:
  - id: M1
    kind: pass-fail
    title: Registered
    assessed_by: [commissioners]
  - id: Q1
    title: Co-production
    weight: 70
  - id: price
    kind: price
    title: Price
    weight: 30
    method: lowest

bids:
  - {id: brightpath, bidder: BrightPath Youth CIC, price: 2450000}
  - {id: northstar, bidder: Northstar Health Partners Ltd, price: 2210000}

scores:
  # Sheets collected on 2026-10-01.
  cp-1:
    brightpath: {M1: pass, Q1: {score: 5, reason: "Paid youth advisers sit on the board."}}
    northstar: {M1: pass, Q1: 0}  # scored before the clarification
  cp-2:
    brightpath: {M1: pass, Q1: {score: 5, reason: "Strong.", was: 0, why: "Moderation: misread the answer."}}
  le-1:
    brightpath: {Q1: 5}

moderation:
  lived-experience:
    northstar:
      Q1: {score: 0, reason: "No real say for young people."}
"""

HEADER = "# The Lived Experience Team scores Q1 with the commissioners."
EOL_COMMENT = "    northstar: {M1: pass, Q1: 0}  # scored before the clarification"
INNER_COMMENT = "  # Sheets collected on 2026-10-01."


@pytest.fixture
def round_file(tmp_path: Path) -> Path:
    path = tmp_path / "round.yaml"
    path.write_bytes(ROUND.encode("utf-8"))
    return path


def reads_back(text: str) -> Round:
    """The edited text, as udc itself reads it (YAML 1.1, exact numbers, strict model)."""
    return Round.model_validate(load_text(text, "edited.yaml").data)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


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


# ---------------------------------------------------------------- saving


def test_save_writes_and_keeps_a_backup(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    edit.set_score("le-1", "northstar", "Q1", "2")
    backup = edit.save()
    assert backup == round_file.with_name("round.yaml.bak")
    assert backup.read_bytes() == ROUND.encode("utf-8")
    assert round_file.read_text(encoding="utf-8") == edit.text()
    assert RoundEdit.open(round_file).score("le-1", "northstar", "Q1") == "2"
    assert leftovers(round_file.parent) == []
    assert edit.save() is None  # nothing more to write


def test_interrupted_write_leaves_the_file_intact(round_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit = RoundEdit.open(round_file)
    edit.set_score("le-1", "northstar", "Q1", "2")

    def power_cut(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="power cut"):
        edit.save(backup=False)
    assert round_file.read_bytes() == ROUND.encode("utf-8")
    assert leftovers(round_file.parent) == []
    assert sorted(p.name for p in round_file.parent.iterdir()) == ["round.yaml"]


def test_save_refuses_a_file_changed_since_it_was_read(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    edit.set_score("le-1", "northstar", "Q1", "2")
    someone_else = ROUND + "# another edit\n"
    round_file.write_text(someone_else, encoding="utf-8")
    with pytest.raises(EditError, match="changed since it was read"):
        edit.save()
    assert round_file.read_text(encoding="utf-8") == someone_else


def test_save_refuses_to_drop_a_score(round_file: Path) -> None:
    edit = RoundEdit.open(round_file)
    del edit.data["scores"]["cp-1"]["northstar"]["Q1"]
    with pytest.raises(EditError, match=r"scores\.cp-1\.northstar\.Q1"):
        edit.save()
    assert round_file.read_bytes() == ROUND.encode("utf-8")


def test_never_drops_scores_catches_a_removed_cell() -> None:
    never_drops_scores(ROUND, ROUND)
    never_drops_scores(ROUND, ROUND.replace("{Q1: 5}", "{Q1: 5, Q2: 3}"))  # adding is fine
    with pytest.raises(EditError, match=r"scores\.le-1\.brightpath\.Q1"):
        never_drops_scores(ROUND, ROUND.replace("    brightpath: {Q1: 5}\n", ""))
    with pytest.raises(EditError, match=r"moderation\.lived-experience\.northstar\.Q1"):
        never_drops_scores(ROUND, ROUND.replace("      Q1: {score: 0", "      Q2: {score: 0"))
    with pytest.raises(EditError, match="not valid YAML"):
        never_drops_scores(ROUND, ROUND + "scores: {\n")
    assert ("scores", "cp-2", "brightpath", "M1") in score_cells(ROUND)
    assert len(score_cells(ROUND)) == 8


# ---------------------------------------------------------------- files


def test_write_atomic_keeps_the_mode_and_writes_bytes(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    assert write_atomic(path, "new\nSi\u00e2n\n") is None
    assert path.read_bytes() == "new\nSi\u00e2n\n".encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert write_atomic(path, b"newer\r\n", backup=True) == tmp_path / "r.yaml.bak"
    assert (tmp_path / "r.yaml.bak").read_bytes() == "new\nSi\u00e2n\n".encode("utf-8")
    assert path.read_bytes() == b"newer\r\n"
    fresh = tmp_path / "fresh.yaml"
    assert write_atomic(fresh, "x", backup=True) is None  # nothing to back up
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert leftovers(tmp_path) == []


def test_write_atomic_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


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
