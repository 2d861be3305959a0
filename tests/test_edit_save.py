"""Editing round files (udc.workflow.edit, udc.workflow.files), saving: a backup is kept, an interrupted
write leaves the file intact, a file changed since it was read or an edit that drops a score is refused,
and write_atomic keeps the file's mode and follows a symbolic link.

ROUND (tests/rounds.py) is the small round these tests start from (the round_file fixture).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from rounds import ROUND

from udc.workflow.edit import RoundEdit
from udc.workflow.edit_errors import EditError
from udc.workflow.files import write_atomic
from udc.workflow.score_guard import never_drops_scores, score_cells


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


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
