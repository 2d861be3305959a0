"""Returned sheets are hostile input: bounded work, located refusals, the wrong file named for what it is."""

from __future__ import annotations

import io
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sheetfill import fill_csv, fill_xlsx, make_sheets, original_scores
from support import EXAMPLES, run_udc, udc_executable

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


def no_traceback(run) -> None:
    assert "Traceback" not in run.stderr and "Error:" not in run.stderr.split("error:")[0], run.stderr


# ---------------------------------------------------------------- bounded work


def test_a_cell_at_column_xfd_in_every_row_is_read_within_bounds(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Scores"]
    ws.protection.sheet = False
    for r in range(1, 2001):
        ws.cell(r, 16384).value = 1
    wb.save(sheet)
    assert sheet.stat().st_size < 200_000

    def limit() -> None:  # 1.5 GiB of address space: the unbounded read needed about 7 GiB
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))

    start = time.monotonic()
    run = subprocess.run([udc_executable(), "collect", str(trimmed), str(sheet)], capture_output=True, text=True,
                         env=dict(os.environ, NO_COLOR="1"), preexec_fn=limit, timeout=120)
    assert time.monotonic() - start < 60
    no_traceback(run)
    assert run.returncode == 0, run.stderr  # the cells outside the sheet's layout are never read
    assert "6 scores added" in run.stderr


def test_rows_past_what_a_sheet_of_the_round_can_hold_are_refused(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Scores"]
    for r in range(ws.max_row + 1, 6001):
        ws.cell(r, 1).value = "bright"
    wb.save(sheet)
    run = run_udc("collect", trimmed, sheet)
    no_traceback(run)
    assert run.returncode == 2
    assert re.search(r"le-5\.xlsx:Scores!A\d+: error: the sheet goes on past row \d+", run.stderr), run.stderr


def _rewrite_sheet_xml(path: Path, change) -> None:
    """Rewrite the Scores sheet's XML of a workbook with ``change(xml text) -> xml text``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    path.write_bytes(out.getvalue())


def _first_score_cell(xml: str, replacement: str) -> str:
    return re.sub(r'<c r="F8"[^>]*?(?:/>|>.*?</c>)', replacement, xml, count=1)


DAMAGE = {
    "bad shared-string index": lambda x: _first_score_cell(x, '<c r="F8" t="s"><v>99999</v></c>'),
    "bad date cell": lambda x: _first_score_cell(x, '<c r="F8" t="d"><v>not-a-date</v></c>'),
    "text in a number cell": lambda x: _first_score_cell(x, '<c r="F8" t="n"><v>three</v></c>'),
    "column beyond XFD": lambda x: _first_score_cell(x, '<c r="XFE8"><v>1</v></c>'),
    "malformed XML": lambda x: x.replace("</sheetData>", "<row><c></sheetData>", 1),
    "a DTD": lambda x: x.replace("<worksheet", '<!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]><worksheet', 1),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_workbook_gives_a_located_error_and_exit_2(trimmed, tmp_path, damage):
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    _rewrite_sheet_xml(sheet, DAMAGE[damage])
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, sheet)
    no_traceback(run)
    assert run.returncode == 2, run.stderr
    assert re.search(r"le-5\.xlsx(:Scores!A\d+|:xl/worksheets/sheet1\.xml)?: error: ", run.stderr), run.stderr
    assert trimmed.read_bytes() == before


# ---------------------------------------------------------------- CSV


def test_a_stray_windows_1252_byte_in_utf8_is_refused_not_garbled(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-5")["le-5"]
    fill_csv(sheet, {k: (v, "Caf\u00e9 visit") for k, (v, _) in original_scores()["le-5"].items()})
    raw = sheet.read_bytes()
    at = raw.rindex("Caf\u00e9".encode())
    sheet.write_bytes(raw[:at] + b"Caf\xe9" + raw[at + 5:])  # one reason typed in a Windows program
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 2
    line = raw[:at].count(b"\n") + 1
    assert f"le-5.csv:{line}:" in run.stderr and "byte 0xe9 is not UTF-8" in run.stderr
    assert "Caf\u00c3\u00a9" not in trimmed.read_text(encoding="utf-8")


def test_a_wholly_windows_1252_csv_is_still_read(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-5")["le-5"]
    fill_csv(sheet, {k: (v, "Caf\u00e9 visit") for k, (v, _) in original_scores()["le-5"].items()}, bom=False)
    sheet.write_bytes(sheet.read_bytes().decode("utf-8").encode("cp1252"))
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 0, run.stderr
    assert 'reason: "Caf\u00e9 visit"' in trimmed.read_text(encoding="utf-8")


def test_an_unbalanced_quote_is_refused_with_its_line(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-5")["le-5"]
    fill_csv(sheet, original_scores()["le-5"])
    lines = sheet.read_bytes().split(b"\r\n")
    last = len(lines) - 4  # a data row two rows from the end
    lines[last] = lines[last].replace(b",4,", b',"4,', 1) if b",4," in lines[last] else lines[last] + b',"oops'
    sheet.write_bytes(b"\r\n".join(lines))
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 2, run.stderr
    assert re.search(r"le-5\.csv:\d+: error: .*unbalanced quote", run.stderr), run.stderr


def test_a_second_score_column_is_refused(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-5")["le-5"]
    fill_csv(sheet, original_scores()["le-5"])
    text = sheet.read_bytes().decode("utf-8-sig").replace("absent,reason", "absent,reason,score", 1)
    sheet.write_bytes(text.encode("utf-8"))
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 2, run.stderr
    assert re.search(r"le-5\.csv:\d+:9: error: a second 'score' column \(the first is at .*le-5\.csv:\d+:6\)",
                     run.stderr), run.stderr


# ---------------------------------------------------------------- the wrong kind of file


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def test_a_workbook_given_as_the_round_says_what_it_is_and_which_command_takes_it(tmp_path):
    sheet = make_sheets(EXAMPLE, tmp_path / "x", "-e", "le-5")["le-5"]
    for args in (["score", sheet], ["collect", sheet, EXAMPLE], ["check", sheet]):
        run = run_udc(*args)
        said = run.stdout + run.stderr
        assert run.returncode == 2
        assert "this is an Excel workbook (a score sheet?), not a round file" in said
        assert "'udc collect ROUND SHEET...'" in said and "not UTF-8" not in said


@pytest.mark.parametrize("make, what", [
    (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF document"),
    (_docx, "a Word document"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le")),
     "an old-style Excel workbook (.xls)"),
])
def test_other_documents_are_named_as_round_and_as_sheet(tmp_path, make, what):
    path = tmp_path / "file.bin"
    make(path)
    run = run_udc("score", path)
    assert run.returncode == 2 and f"this is {what}, not a round file" in run.stderr
    run = run_udc("collect", EXAMPLE, path)
    assert run.returncode == 2 and f"this is {what}, not a score sheet" in run.stderr


def test_a_csv_sheet_given_as_the_round_and_a_round_given_as_a_sheet(tmp_path):
    sheet = make_sheets(EXAMPLE, tmp_path / "c", "--format", "csv", "-e", "le-5")["le-5"]
    run = run_udc("score", sheet)
    assert run.returncode == 2 and "this is a udc score sheet saved as CSV, not a round file" in run.stderr
    run = run_udc("collect", EXAMPLE, EXAMPLE)
    assert run.returncode == 2 and "this is a udc round file, not a score sheet" in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_is_refused_as_round_and_as_sheet(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["score", fifo], ["collect", EXAMPLE, fifo], ["score", "/dev/zero"], ["collect", EXAMPLE,
                                                                                       "/dev/zero"]):
        start = time.monotonic()
        run = run_udc(*args)
        assert time.monotonic() - start < 30
        assert run.returncode == 2, run.stderr
        assert re.search(r"error: is a (FIFO \(named pipe\)|device); expected a (round file|score sheet)",
                         run.stderr), run.stderr


# ---------------------------------------------------------------- --skip-bad and blank rows


def test_skip_bad_merges_the_good_sheets_lists_the_bad_and_exits_1(trimmed, tmp_path):
    typed = original_scores()
    sheets = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1", "-e", "le-2")
    fill_xlsx(sheets["cp-1"], typed["cp-1"])
    fill_xlsx(sheets["le-2"], {**typed["le-2"], next(iter(typed["le-2"])): ("9", None)})  # off the scale
    blocked = run_udc("collect", trimmed, sheets["cp-1"], sheets["le-2"])
    assert blocked.returncode == 1 and "nothing was written" in blocked.stderr

    run = run_udc("collect", trimmed, sheets["cp-1"], sheets["le-2"], "--skip-bad")
    assert run.returncode == 1
    assert re.search(r"le-2\.xlsx:Scores!F\d+: error: 9 is not on the scale", run.stderr)
    assert "1 sheet refused (--skip-bad): " in run.stderr and "le-2.xlsx" in run.stderr.splitlines()[-1]
    text = trimmed.read_text(encoding="utf-8")
    assert "cp-1:" in text and "le-2:" not in text.split("scores:")[1]


def test_blank_rows_are_counted_per_evaluator(trimmed, tmp_path):
    typed = original_scores()["le-5"]
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    given = dict(list(typed.items())[:2])
    fill_xlsx(sheet, given)
    run = run_udc("collect", trimmed, sheet)
    assert run.returncode == 0, run.stderr
    assert f"udc: le-5 left {len(typed) - 2} scores blank (still owed)" in run.stderr


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("POSIX only", allow_module_level=True)
