"""Writes that must not surprise: devices, folders, read-only rounds, hard links, kill -9, full disks, two edits."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sheetfill import fill_xlsx, make_sheets, original_scores
from support import EXAMPLES, run_udc, udc_executable

from udc.workflow.files import write_atomic

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file semantics")


# ---------------------------------------------------------------- -o into what is not a regular file


def test_output_into_a_fifo_writes_into_it_and_keeps_the_fifo(tmp_path):
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    got = {}

    def reader() -> None:
        with open(fifo, "rb") as f:
            got["data"] = f.read()

    thread = threading.Thread(target=reader)
    thread.start()
    run = run_udc("score", EXAMPLE, "--format", "json", "-o", fifo)
    thread.join(timeout=60)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got["data"].startswith(b"{")


def test_write_atomic_writes_into_a_device_node_and_never_replaces_it(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    write_atomic(node, "hello\n")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_to_a_folder_is_refused_clearly(tmp_path):
    run = run_udc("score", EXAMPLE, "-o", tmp_path)
    assert run.returncode == 2
    assert "is a folder; expected a file to write" in run.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- edits of the round


def _le5_sheet(round_path: Path, folder: Path) -> Path:
    sheet = make_sheets(round_path, folder, "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    return sheet


def test_a_read_only_round_is_not_replaced(trimmed, tmp_path):
    sheet = _le5_sheet(trimmed, tmp_path / "x")
    trimmed.chmod(0o444)
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 2
    assert "the file is read-only; udc does not replace a read-only file" in run.stderr
    assert trimmed.read_bytes() == before and stat.S_IMODE(trimmed.stat().st_mode) == 0o444


def test_an_edit_keeps_hard_links_to_the_round(trimmed, tmp_path):
    link = tmp_path / "shared-copy.yaml"
    os.link(trimmed, link)
    sheet = _le5_sheet(trimmed, tmp_path / "x")
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 0, run.stderr
    assert os.path.samefile(trimmed, link)
    assert "le-5:" in link.read_text(encoding="utf-8").split("scores:")[1]
    assert (tmp_path / "round.yaml.bak").exists()


def test_temporary_files_left_by_a_killed_edit_are_cleaned_by_the_next(trimmed, tmp_path):
    stale = [tmp_path / ".round.yaml.abcd1234.tmp", tmp_path / ".round.yaml.bak.wxyz5678.tmp"]
    for path in stale:
        path.write_text("half a round", encoding="utf-8")
    other = tmp_path / ".notes.txt.abcd1234.tmp"
    other.write_text("someone else's", encoding="utf-8")
    run = run_udc("collect", trimmed, _le5_sheet(trimmed, tmp_path / "x"))
    assert run.returncode == 0, run.stderr
    assert not any(p.exists() for p in stale) and other.exists()


def test_sheets_on_a_full_disk_leave_no_sheet_behind(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import udc.workflow.files
    from udc.cli.app import app

    real, calls = udc.workflow.files.os.fsync, []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(udc.workflow.files.os, "fsync", full_disk)
    out = tmp_path / "sheets"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["sheets", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "no sheet was written" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    fresh = tmp_path / "fresh"
    calls.clear()
    assert CliRunner().invoke(app, ["sheets", str(EXAMPLE), "-o", str(fresh)]).exit_code == 2
    assert not fresh.exists()


# ---------------------------------------------------------------- two edits at once


def _start(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([udc_executable(), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ, NO_COLOR="1", **(env or {})))


def test_two_collects_at_once_lose_neither_edit(trimmed, tmp_path):
    typed = original_scores()
    sheets = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1", "-e", "le-2")
    fill_xlsx(sheets["cp-1"], typed["cp-1"])
    fill_xlsx(sheets["le-2"], typed["le-2"])
    first = _start("collect", trimmed, sheets["cp-1"], env={"UDC_TEST_EDIT_DELAY": "3"})
    time.sleep(1.0)  # the first has read the round and sleeps inside its edit
    second = _start("collect", trimmed, sheets["le-2"])
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert re.search(r"is being edited by process \d+ \(udc collect .*\) on .*; waiting up to", err2), err2
    scores = trimmed.read_text(encoding="utf-8").split("scores:")[1]
    assert "cp-1:" in scores and "le-2:" in scores


def test_a_second_edit_gives_up_after_waiting_and_says_who_holds_the_round(trimmed, tmp_path):
    sheet = _le5_sheet(trimmed, tmp_path / "x")
    first = _start("seal", trimmed, env={"UDC_TEST_EDIT_DELAY": "6"})
    time.sleep(1.5)
    before = trimmed.read_bytes()
    second = _start("collect", trimmed, sheet, env={"UDC_LOCK_WAIT": "1"})
    _, err2 = second.communicate(timeout=120)
    first.communicate(timeout=120)
    assert second.returncode == 2, err2
    assert re.search(rf"still being edited by process {first.pid} \(udc seal .*\) on .*; nothing was written", err2)
    assert first.returncode == 0 and before != trimmed.read_bytes()  # the seal landed; the collect did not
    assert "le-5:" not in trimmed.read_text(encoding="utf-8").split("scores:")[1]


# ---------------------------------------------------------------- one save path, one set of exit codes


def test_an_edit_the_file_cannot_take_exits_1_in_seal_and_moderate(tmp_path):
    path = tmp_path / "round.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\nseal: sealed\n", encoding="utf-8")
    run = run_udc("seal", path)
    assert run.returncode in (1, 2)  # a seal that is not a mapping is a rule error of the round itself
    assert "Traceback" not in run.stderr
