"""`udc sheets`: one blind sheet per evaluator, holding only what they assess."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from support import EXAMPLES, run_udc

HOSTILE = """udc: 1
round: {id: hostile, title: "-2+3 a title that starts like a sum"}
scale:
  - {value: 0, label: None, meaning: "Nothing.", plain: "Nothing at all."}
  - {value: 5, label: Top, meaning: "@SUM(A1:A9) all of it.", plain: "Everything."}
groups:
  lived-experience:
    name: Lived Experience Team
    members:
      l1: {name: "+Lee", conflicts: [b3]}
      l2: {name: Sam}
criteria:
  - {id: Q1, title: "=cmd|' /C calc'!A0", text: "=HYPERLINK(\\"http://evil.example\\", \\"Click\\")", weight: 100}
  - {id: M1, title: Insured, kind: pass-fail}
bids:
  - {id: b1, bidder: "=HYPERLINK(\\"http://evil.example\\", \\"Click me\\")"}
  - {id: b2, bidder: Beta Ltd, withdrawn: true}
  - {id: b3, bidder: "\\tTabbed Ltd"}
scores:
  l2:
    b1: {Q1: {score: 5, reason: "=1+1 was their answer"}}
"""


HEADER_ROW = 7  # identity block (5 rows), instructions, header


def HOSTILE_ROUND(tmp_path: Path) -> Path:  # noqa: N802 (reads as the constant it writes)
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture
def example(full) -> Path:
    """A copy of the example round to write sheets from and collect into (conftest's ``full``)."""
    return full


def rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def data_rows(ws) -> list[dict]:
    found = rows(ws)
    at = next(i for i, r in enumerate(found) if r[:3] == ("bid", "bidder", "criterion"))
    return [dict(zip(found[at], r, strict=False)) for r in found[at + 1:]]


def test_one_sheet_per_evaluator_with_only_their_cells(example, tmp_path):
    run = run_udc("sheets", example, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"cyp-mh-2027-{e}.xlsx" for e in
                     ("cp-1", "cp-2", "cp-3", "le-1", "le-2", "le-3", "le-4", "le-5", "le-6")]
    cp1 = openpyxl.load_workbook(tmp_path / "out" / "cyp-mh-2027-cp-1.xlsx")
    cells = data_rows(cp1["Scores"])
    assert [(r["bid"], r["criterion"]) for r in cells[:5]] == [("brightpath", c) for c in
                                                               ("M1", "Q1", "Q2", "Q3", "Q4")]
    assert len(cells) == 15
    first_q1 = cells[1]
    assert first_q1["question"] == "How will young people shape the service, week to week, once it is running?"
    assert (first_q1["score"], first_q1["reason"]) == (4, "Paid youth advisers sit on the service board.")
    text = repr(rows(cp1["Scores"]))
    assert "Sound model" not in text  # cp-2's reason: never anyone else's scores
    le4 = data_rows(openpyxl.load_workbook(tmp_path / "out" / "cyp-mh-2027-le-4.xlsx")["Scores"])
    assert [(r["bid"], r["criterion"], r["score"]) for r in le4] == [
        ("brightpath", "Q1", 5), ("brightpath", "I1", 4), ("northstar", "Q1", 3), ("northstar", "I1", 1)]


def test_identity_block_names_round_evaluator_and_method(example, tmp_path):
    run_udc("sheets", example, "-o", tmp_path, "-e", "le-1")
    ws = openpyxl.load_workbook(tmp_path / "cyp-mh-2027-le-1.xlsx")["Scores"]
    top = rows(ws)[:5]
    assert [r[0] for r in top] == ["sheet", "round", "evaluator", "method", "check"]
    assert top[1][1] == "cyp-mh-2027" and top[2][1] == "le-1"
    digest = run_udc("score", example, "--format", "json").stdout
    assert f'"method": "{top[3][1]}"' in digest
    assert re.fullmatch(r"udc-[0-9a-f]{16}", top[4][1])


def test_workbook_is_protected_with_dropdowns_and_only_entry_cells_open(example, tmp_path):
    run_udc("sheets", example, "-o", tmp_path, "-e", "cp-1")
    wb = openpyxl.load_workbook(tmp_path / "cyp-mh-2027-cp-1.xlsx")
    ws = wb["Scores"]
    assert ws.protection.sheet and wb["Rubric"].protection.sheet
    assert not ws.merged_cells.ranges and not wb["Rubric"].merged_cells.ranges
    header = next(r for r in ws.iter_rows() if r[0].value == "bid")
    assert [c.font.b for c in header] == [True] * 8  # a header row, marked by more than colour
    first = header[0].row + 1
    open_cells = {c.column_letter for c in ws[first] if not c.protection.locked}
    assert open_cells == {"F", "G", "H"}  # score, absent, reason
    assert ws.freeze_panes == f"A{first}"
    lists = {dv.formula1: dv.sqref for dv in ws.data_validations.dataValidation}
    assert '"0,1,2,3,4,5"' in lists and '"pass,fail"' in lists and '"absent"' in lists
    assert f"F{first}" in lists['"pass,fail"']  # M1 is pass-fail
    assert f"F{first}" not in lists['"0,1,2,3,4,5"']
    assert f"F{first + 1}" in lists['"0,1,2,3,4,5"'] and f"F{first + 1}" not in lists['"pass,fail"']
    assert f"G{first + 14}" in lists['"absent"']
    assert ws.tables["ScoreTable"].ref == f"A{header[0].row}:H{header[0].row + 15}"


def test_workbook_keeps_its_look_and_declares_its_size(example, tmp_path):
    run_udc("sheets", example, "-o", tmp_path, "-e", "cp-1")
    path = tmp_path / "cyp-mh-2027-cp-1.xlsx"
    ws = openpyxl.load_workbook(path)["Scores"]
    header = next(r for r in ws.iter_rows() if r[0].value == "bid")
    first = ws[header[0].row + 1]
    wrapped = {c.column_letter for c in first if c.alignment.wrap_text}
    assert wrapped == {"B", "D", "E", "H"}  # bidder, title, question, reason: long text readable in place
    assert [c.name for c in ws.tables["ScoreTable"].tableColumns] == [c.value for c in header]
    assert ws.column_dimensions["E"].width == 50
    # a declared size lets a reader (udc collect) read the sheet once instead of scanning it for its size
    quick = openpyxl.load_workbook(path, read_only=True)
    assert quick["Scores"].max_row == header[0].row + 15 and quick["Scores"].max_column == 8
    quick.close()


def test_rubric_has_formal_and_plain_descriptors(example, tmp_path):
    run_udc("sheets", example, "-o", tmp_path, "-e", "le-2")
    rubric = rows(openpyxl.load_workbook(tmp_path / "cyp-mh-2027-le-2.xlsx")["Rubric"])
    assert rubric[0] == ("value", "label", "meaning", "in plain words")
    assert rubric[4] == (3, "Good", "Meets the requirement with minor omissions.", "A good answer with small gaps.")


def test_csv_sheet_has_bom_crlf_identity_and_rubric(example, tmp_path):
    run = run_udc("sheets", example, "-o", tmp_path, "--format", "csv", "-e", "le-6")
    assert run.returncode == 0
    raw = (tmp_path / "cyp-mh-2027-le-6.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsheet,udc score sheet 1,") and raw.count(b"\r\n") == raw.count(b"\n")
    found = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert found[2][:2] == ["evaluator", "le-6"]
    assert ["rubric", "4", "Very good: Fully meets the requirement with clear evidence. In plain words: "
                            "A strong answer with proof it works."] in found
    at = found.index(["bid", "bidder", "criterion", "title", "question", "score", "absent", "reason"])
    assert [(r[0], r[2], r[5]) for r in found[at + 1:]] == [
        ("brightpath", "Q1", "3"), ("brightpath", "I1", "5"), ("northstar", "Q1", "4"), ("northstar", "I1", "2"),
        ("kinship", "Q1", "4"), ("kinship", "I1", "4")]


def test_hostile_text_is_written_neutralised(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    assert run_udc("sheets", path, "-o", tmp_path / "x").returncode == 0
    assert run_udc("sheets", path, "-o", tmp_path / "c", "--format", "csv").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "x" / "hostile-l2.xlsx")
    ws = wb["Scores"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate  # no formula anywhere
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.coordinate
    table = data_rows(ws)
    assert table[0]["bidder"] == "'=HYPERLINK(\"http://evil.example\", \"Click me\")"
    assert table[0]["title"] == "'=cmd|' /C calc'!A0"
    assert table[0]["reason"] == "'=1+1 was their answer"
    assert "'\tTabbed Ltd" in [r["bidder"] for r in table]
    assert rows(ws)[1][2] == "'-2+3 a title that starts like a sum"
    assert rows(wb["Rubric"])[2][2] == "'@SUM(A1:A9) all of it."
    own = data_rows(openpyxl.load_workbook(tmp_path / "x" / "hostile-l1.xlsx")["Scores"])
    assert {r["bid"] for r in own} == {"b1"}  # b2 withdrawn, b3 a conflict
    assert rows(openpyxl.load_workbook(tmp_path / "x" / "hostile-l1.xlsx")["Scores"])[2][2].startswith("'+Lee")
    text = (tmp_path / "c" / "hostile-l2.csv").read_text(encoding="utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"", ""Click me"")"' in text
    assert "\n=" not in text and ",=" not in text and ",+" not in text and ",@" not in text


def test_existing_sheets_are_not_overwritten_without_force(example, tmp_path):
    target = tmp_path / "cyp-mh-2027-cp-1.xlsx"
    target.write_bytes(b"a returned sheet")
    run = run_udc("sheets", example, "-o", tmp_path, "-e", "cp-1", "-e", "cp-2")
    assert run.returncode == 2
    assert "cyp-mh-2027-cp-1.xlsx: error: already exists" in run.stderr
    assert target.read_bytes() == b"a returned sheet"
    assert not (tmp_path / "cyp-mh-2027-cp-2.xlsx").exists()  # nothing written when the command fails
    assert run_udc("sheets", example, "-o", tmp_path, "-e", "cp-1", "--force").returncode == 0
    assert target.read_bytes().startswith(b"PK")


def test_unknown_evaluator_is_a_usage_error(example, tmp_path):
    run = run_udc("sheets", example, "-o", tmp_path / "x", "-e", "cp-9")
    assert run.returncode == 2
    assert "--evaluator cp-9: no such evaluator" in run.stderr
    assert not (tmp_path / "x").exists()


def test_a_broken_round_gives_no_sheets(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(HOSTILE.replace("weight: 100", "weight: 90"), encoding="utf-8")
    run = run_udc("sheets", path, "-o", tmp_path / "x")
    assert run.returncode == 1 and not (tmp_path / "x").exists()


def test_points_scale_sheet_keeps_its_range_protection_and_values_in_openpyxl(tmp_path):
    run = run_udc("sheets", EXAMPLES / "young-carers-grants.yaml", "-o", tmp_path, "-e", "yc-1")
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr  # the workbook writer took every setting
    wb = openpyxl.load_workbook(tmp_path / "yc-grants-2027-yc-1.xlsx")
    ws = wb["Scores"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns is False and ws.protection.formatRows is False  # widening allowed
    (scored,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert (scored.operator or "between", scored.formula1, scored.formula2) == ("between", "0", "10")
    assert scored.showErrorMessage and "See the Rubric sheet" in scored.error
    cells = data_rows(ws)
    first = HEADER_ROW + 1
    assert str(scored.sqref) == f"F{first}:F{first + len(cells) - 1}"
    assert all(isinstance(r["score"], int) and 0 <= r["score"] <= 10 for r in cells if r["score"] is not None)
    assert rows(wb["Rubric"])[1][0] == "0 to 10"
    assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"  # repeated on each page


def test_a_plain_xml_reader_sees_what_openpyxl_sees(example, tmp_path):
    """The sheet's XML (shared strings, as Excel saves them) reads the same without openpyxl."""
    import zipfile
    from xml.etree import ElementTree

    run_udc("sheets", HOSTILE_ROUND(tmp_path), "-o", tmp_path / "x", "-e", "l2")
    path = tmp_path / "x" / "hostile-l2.xlsx"
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = [("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
                  for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    plain = {}
    for c in sheet.iter(f"{{{ns['m']}}}c"):
        v = c.find("m:v", ns)
        if v is not None:
            plain[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
    seen = {c.coordinate: c.value for row in openpyxl.load_workbook(path)["Scores"].iter_rows() for c in row
            if c.value is not None}
    assert plain == seen and len(seen) > 40
    assert seen["B8"] == "'=HYPERLINK(\"http://evil.example\", \"Click me\")"


def test_a_scale_too_long_for_an_in_cell_list_takes_its_choices_from_the_rubric(tmp_path):
    levels = "\n".join(f"  - {{value: {v}, label: Level {v}, meaning: Level {v} of ninety.}}" for v in range(90))
    path = tmp_path / "long.yaml"
    path.write_text(HOSTILE.split("scale:")[0] + "scale:\n" + levels + "\n" + "groups:" +
                    HOSTILE.split("groups:")[1].replace("{score: 5,", "{score: 89,"), encoding="utf-8")
    run = run_udc("sheets", path, "-o", tmp_path / "x", "-e", "l2")
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr
    ws = openpyxl.load_workbook(tmp_path / "x" / "hostile-l2.xlsx")["Scores"]
    lists = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    assert "Rubric!$A$2:$A$91" in lists  # Excel takes at most 255 characters in the list itself
    assert lists["Rubric!$A$2:$A$91"].error == "Expected a value of the scale. See the Rubric sheet."
    assert data_rows(ws)[0]["score"] == 89


def test_text_that_looks_like_markup_or_holds_a_carriage_return_reads_back_as_written(tmp_path):
    text = (HOSTILE.replace('bidder: Beta Ltd, withdrawn: true', 'bidder: "<r><t>Beta</t></r> & <b>Co</b>"')
            .replace('"-2+3 a title that starts like a sum"', '"<r><t>Round</t></r>"')
            .replace('reason: "=1+1 was their answer"', 'reason: "Line one\\r\\nline two  "')
            .replace("withdrawn: true", "").replace("label: Top,", 'label: "<r>Top</r>",'))
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    run = run_udc("sheets", path, "-o", tmp_path / "x", "-e", "l2")
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(tmp_path / "x" / "hostile-l2.xlsx")
    table = data_rows(wb["Scores"])
    assert [r["bidder"] for r in table if r["bid"] == "b2"] == ["<r><t>Beta</t></r> & <b>Co</b>"] * 2
    assert table[0]["reason"] == "Line one\r\nline two  "  # an XML reader would make a bare CR a line feed
    assert rows(wb["Scores"])[1][2] == "<r><t>Round</t></r>"
    assert rows(wb["Rubric"])[2][1] == "<r>Top</r>"


def test_a_workbook_of_an_unknown_shape_stops_the_command_with_an_error(example, tmp_path):
    from udc.core.diagnostics import CannotWrite
    from udc.core.pipeline import check_path
    from udc.workflow.sheet_rows_xml import with_rows
    from udc.workflow.sheet_xlsx import xlsx_bytes
    from udc.workflow.sheets import sheet_rows

    method = check_path(example).method
    package = xlsx_bytes(method, "cp-1")  # its rows are in place: no sample row is left at row 40
    with pytest.raises(CannotWrite, match="has no sample row where udc puts the rows; expected XlsxWriter"):
        with_rows(package, sheet_rows(method, "cp-1"), 40)
