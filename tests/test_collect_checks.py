"""`udc collect` refuses a sheet that is not what it should be: someone else's, another round's or
an older method's, values off the scale, formulas, unreadable files; and never leaves a bad round."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from sheetfill import (
    fill_csv,
    fill_xlsx,
    header_of,
    make_sheets,
    original_scores,
)
from support import EXAMPLES, run_udc

from rounds import before_award

# ---------------------------------------------------------------- identity


def test_a_sheet_whose_evaluator_was_edited_is_refused(full, tmp_path):
    sheet = make_sheets(full, tmp_path / "x", "-e", "le-1")["le-1"]
    wb = openpyxl.load_workbook(sheet)
    wb["Scores"]["B3"] = "le-2"  # someone retyped the evaluator
    wb.save(sheet)
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "cyp-mh-2027-le-1.xlsx:Scores!B5: error: the identity block was changed after udc made the sheet" \
        in run.stderr


def test_a_sheet_of_someone_not_in_the_round_is_refused(full, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(before_award(full.read_text(encoding="utf-8")).replace(
        "      le-6: {name: Member F, declared: 2026-09-04}\n",
        "      le-6: {name: Member F, declared: 2026-09-04}\n      le-7: {name: Member G, declared: 2026-09-04}\n"),
        encoding="utf-8")
    sheet = make_sheets(other, tmp_path / "x", "-e", "le-7")["le-7"]
    fill_xlsx(sheet, {("brightpath", "Q1"): (3, None)})
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "Scores!B3: error: evaluator 'le-7' is not a member of any group of round 'cyp-mh-2027'" in run.stderr


def test_a_sheet_from_another_round_is_refused(full, tmp_path):
    sheets = make_sheets(EXAMPLES / "supported-living-lot2.yaml", tmp_path / "x", "--format", "csv")
    sheet = next(iter(sheets.values()))
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert re.search(r"\.csv:2:2: error: this sheet is for round '[a-z0-9-]+', not 'cyp-mh-2027'", run.stderr)


def test_a_sheet_made_before_the_method_changed_is_refused(full, tmp_path):
    sheet = make_sheets(full, tmp_path / "x", "-e", "cp-3")["cp-3"]
    text = full.read_text(encoding="utf-8")
    full.write_text(text.replace("    weight: 20\n", "    weight: 15\n").replace("    weight: 10\n    assessed_by: "
                                 "[commissioners]\n  - id: Q4", "    weight: 15\n    assessed_by: [commissioners]\n"
                                 "  - id: Q4"), encoding="utf-8")
    assert run_udc("check", full).returncode == 0
    fill_xlsx(sheet, {("brightpath", "Q2"): (4, None)})
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "Scores!B4: error: the sheet was made for method sha256:" in run.stderr
    assert "the assessment method changed after the sheet went out" in run.stderr


# ---------------------------------------------------------------- values


def test_values_off_the_scale_are_all_reported_with_their_cells(trimmed, tmp_path):
    xlsx = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1")["cp-1"]
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    fill_xlsx(xlsx, {("brightpath", "Q1"): (7, None), ("brightpath", "Q2"): ("2.5", None),
                     ("brightpath", "M1"): ("maybe", None), ("northstar", "Q1"): ("pass", None)})
    fill_csv(csvf, {("kinship", "I1"): ("six", None)})
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, xlsx, csvf)
    assert run.returncode == 1
    err = run.stderr
    assert re.search(r"cp-1\.xlsx:Scores!F\d+: error: 7 is not on the scale; expected 0, 1, 2, 3, 4 or 5", err)
    assert "2.5 is not on the scale" in err
    assert "'maybe' is not a mark; M1 is pass or fail" in err
    assert "'pass' is a mark, but Q1 is scored" in err
    assert re.search(r"le-2\.csv:\d+:6: error: 'six' is not a score", err)  # the other sheet, too
    assert "5 problems in the sheets" in err
    assert trimmed.read_bytes() == before


def test_excel_csv_with_bom_semicolons_crlf_and_decimal_comma(tmp_path):
    round_path = tmp_path / "half.yaml"
    round_path.write_text(HALF_POINTS, encoding="utf-8")
    sheet = make_sheets(round_path, tmp_path / "x", "--format", "csv", "-e", "a1")["a1"]
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    fill_csv(sheet, {("b1", "Q1"): ("2,5", "Clear plan; some gaps."), ("b2", "Q1"): ("4", None)},
             delimiter=";", bom=True, eol="\r\n", pad=True)
    assert sheet.read_bytes().count(b";") > 20
    run = run_udc("collect", round_path, sheet)
    assert run.returncode == 0, run.stderr
    text = round_path.read_text(encoding="utf-8")
    assert text.endswith('scores:\n  a1:\n    b1: {Q1: {score: 2.5, reason: "Clear plan; some gaps."}}\n'
                         '    b2: {Q1: 4}\n')  # one line per bid, as in the format's example


HALF_POINTS = """udc: 1
round: {id: half, title: Half points}
scale: {min: 0, max: 5, step: 0.5}
groups:
  panel:
    name: Panel
    members:
      a1: {name: Ann}
criteria:
  - {id: Q1, title: Quality, weight: 100}
bids:
  - {id: b1, bidder: Alpha Ltd}
  - {id: b2, bidder: "=HYPERLINK(\\"http://evil.example\\", \\"Click\\")"}
  - {id: b3, bidder: Gone Ltd, withdrawn: true}
"""


# ---------------------------------------------------------------- hostile cells


def test_a_formula_in_a_returned_sheet_is_refused_never_evaluated(trimmed, tmp_path):
    xlsx = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1")["cp-1"]
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Scores"]
    at, col = header_of(ws)
    ws.cell(at + 2, col["score"]).value = "=2+2"
    ws.cell(at + 3, col["reason"]).value = '=HYPERLINK("http://evil.example","x")'
    wb.save(xlsx)
    fill_csv(csvf, {("brightpath", "Q1"): ('=HYPERLINK("http://evil.example","4")', None)})
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, xlsx, csvf)
    assert run.returncode == 1
    assert re.search(r"cp-1\.xlsx:Scores!F\d+: error: the score cell holds a formula; udc never evaluates", run.stderr)
    assert re.search(r"cp-1\.xlsx:Scores!H\d+: error: the reason cell holds a formula", run.stderr)
    assert re.search(r"le-2\.csv:\d+:6: error: the score cell holds a formula", run.stderr)
    assert trimmed.read_bytes() == before


def test_text_kept_as_text_with_an_apostrophe_is_read_as_text(trimmed, tmp_path):
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    fill_csv(csvf, {("brightpath", "Q1"): ("4", "'=a formula-looking remark")})
    run = run_udc("collect", trimmed, csvf)
    assert run.returncode == 0, run.stderr
    assert 'Q1: {score: 4, reason: "=a formula-looking remark"}' in trimmed.read_text(encoding="utf-8")
    again = make_sheets(trimmed, tmp_path / "again", "--format", "csv", "-e", "le-2")["le-2"]
    assert "'=a formula-looking remark" in again.read_text(encoding="utf-8-sig")  # neutralised on the way out
    assert run_udc("collect", trimmed, again).returncode == 0  # and reads back as the same text


# ---------------------------------------------------------------- unreadable input, safety


def test_unreadable_and_oversized_sheets_exit_2_after_reporting_all(trimmed, tmp_path):
    junk = tmp_path / "notes.csv"
    junk.write_text("hello,world\r\n", encoding="utf-8")
    big = tmp_path / "big.csv"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    run = run_udc("collect", trimmed, junk, big, fake, tmp_path / "missing.xlsx")
    assert run.returncode == 2
    assert "notes.csv: error: has no header row (bid, criterion, score, ...)" in run.stderr
    assert "big.csv: error: the file is larger than 5,242,880 bytes; a score sheet is at most" in run.stderr
    assert "fake.xlsx: error: is not a readable xlsx workbook" in run.stderr
    assert "missing.xlsx: error: no such file" in run.stderr


def test_a_collect_never_leaves_an_invalid_round(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text(HALF_POINTS.replace("title: Half points}", "title: Half points, require_reasons: true}"),
                    encoding="utf-8")
    sheet = make_sheets(path, tmp_path / "x", "-e", "a1")["a1"]
    fill_xlsx(sheet, {("b1", "Q1"): ("3.5", None)})
    before = path.read_bytes()
    run = run_udc("collect", path, sheet)
    assert run.returncode == 1
    assert "b1 Q1 has no reason; expected a reason for every score (round.require_reasons is true)" in run.stderr
    assert path.read_bytes() == before


def test_dry_run_shows_the_changes_and_writes_nothing(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, sheet, "--dry-run")
    assert run.returncode == 0
    assert "add le-5 brightpath Q1: 4" in run.stdout and "add le-5 kinship I1: 5" in run.stdout
    assert "6 scores added" in run.stderr and "nothing written (--dry-run)" in run.stderr
    assert trimmed.read_bytes() == before and not (tmp_path / "round.yaml.bak").exists()


def test_an_interrupted_write_leaves_the_original_intact(trimmed, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import udc.workflow.files
    from udc.cli.app import app

    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    before = trimmed.read_bytes()
    real_replace, calls = udc.workflow.files.os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if Path(dst).name == "round.yaml":  # the backup is written; the round itself is not
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(udc.workflow.files.os, "replace", failing_replace)
    result = CliRunner().invoke(app, ["collect", str(trimmed), str(sheet)])
    assert result.exit_code == 2
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "cannot write (No space left on device); the file is as it was" in said
    assert trimmed.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")) \
        == []  # no temporary left (the lock file stays, empty)
    assert len(calls) == 2
