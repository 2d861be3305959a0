"""udc's own reader of a workbook's Scores sheet gives what openpyxl's read-only reader gives."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from sheetfill import make_sheets
from support import EXAMPLES

from udc.core.formulas import neutralise
from udc.workflow import sheetfast, sheetxml
from udc.workflow.grid import MAX_COLS

ROWS = 40


def by_openpyxl(data: bytes, max_rows: int = ROWS) -> tuple[list[list], set[tuple[int, int]]]:
    """The Scores sheet as udc read it before (openpyxl, read-only): values row by row, formula cells."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    ws = wb["Scores"]
    ws.reset_dimensions()
    rows, formulas = [], set()
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_rows + 1, max_col=MAX_COLS), start=1):
        end = len(row)
        while end and getattr(row[end - 1], "value", None) is None:
            end -= 1
        rows.append([c.value for c in row[:end]])
        formulas |= {(r, i) for i, c in enumerate(row[:end], start=1) if getattr(c, "data_type", None) == "f"}
    wb.close()
    return _trimmed(rows), formulas


def by_udc(data: bytes, max_rows: int = ROWS, general: bool = False) -> tuple[list[list], set[tuple[int, int]]]:
    """udc's reading: the fast reader of openpyxl's shape where it applies, else (or with ``general``) the parser."""
    real = sheetfast.read
    if general:
        sheetfast.read = lambda *args: None  # type: ignore[assignment]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rows, formulas = sheetxml.read_sheet(archive, "Scores", max_rows, MAX_COLS)
    finally:
        sheetfast.read = real
    return _trimmed(rows), formulas


def _trimmed(rows: list[list]) -> list[list]:
    rows = list(rows)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def agree(data: bytes) -> None:
    theirs = by_openpyxl(data)
    for general in (False, True):
        _same(by_udc(data, general=general), theirs)


def _same(ours: tuple[list[list], set[tuple[int, int]]], theirs: tuple[list[list], set[tuple[int, int]]]) -> None:
    assert ours[1] == theirs[1]  # the same formula cells
    for r, (mine, other) in enumerate(zip(ours[0], theirs[0], strict=True), start=1):
        assert len(mine) == len(other), r
        for c, (a, b) in enumerate(zip(mine, other, strict=True), start=1):
            if (r, c) not in ours[1]:  # a formula's text is never used, only the mark
                assert type(a) is type(b) and a == b, (r, c, a, b)


def test_the_sheets_udc_writes_read_the_same_and_the_fast_way(tmp_path, monkeypatch):
    for sheet in make_sheets(EXAMPLES / "cyp-mental-health.yaml", tmp_path / "x").values():
        agree(sheet.read_bytes())
    general = []
    monkeypatch.setattr(sheetxml._Sheet, "read", lambda self, data: general.append(data))
    for sheet in make_sheets(EXAMPLES / "cyp-mental-health.yaml", tmp_path / "y").values():
        with zipfile.ZipFile(sheet) as archive:
            rows, formulas = sheetxml.read_sheet(archive, "Scores", ROWS, MAX_COLS)
        assert rows and not formulas
    assert general == []  # every sheet udc writes was read the fast way


@pytest.mark.parametrize("text", ["a &amp; b &lt;c&gt; &#233;&#x1F600;", "line\r\nnext\rlast", "]]", "=1+1"])
def test_references_and_line_ends_read_as_an_xml_parser_reads_them(text):
    data = _workbook({(1, 1): text, (2, 3): 4}, True, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    inline = xml.replace("<t>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), "<t>" + text)
    for body in {xml, inline}:
        parts = {"xl/worksheets/sheet1.xml": body.encode()}
        rebuilt = _with_parts(data, parts)
        agree(rebuilt)


def _with_parts(data: bytes, changed: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    parts.update(changed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, body in parts.items():
            archive.writestr(part, body)
    return out.getvalue()


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
WORDS = st.sampled_from(["pass", "fail", "Pass", " fail ", "absent", "yes", "", "   ", "4", "3.5", "2,5", "1e3",
                         "TRUE", "#N/A", "'=1+1", "\t", "a\r\nb", "x\rz"])
LEADING = st.builds(lambda lead, rest: lead + rest, st.sampled_from(["=", "+", "-", "@", " =", "'", "\t"]), TEXT)
VALUE = st.one_of(
    st.none(), WORDS, TEXT, LEADING,
    st.integers(-10**6, 10**6), st.booleans(),
    st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False).map(float),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(9998, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 12, 31)),
)


def _as_udc_writes(value, neutral: bool):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise(value) if neutral else value
    return value


def _workbook(cells: dict[tuple[int, int], object], write_only: bool, neutral: bool) -> bytes:
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("Scores") if write_only else wb.active
    if not write_only:
        ws.title = "Scores"
        for (r, c), value in cells.items():
            ws.cell(r, c).value = _as_udc_writes(value, neutral)
    else:
        for r in range(1, ROWS + 1):
            width = max((c for (row, c) in cells if row == r), default=0)
            ws.append([_as_udc_writes(cells.get((r, c)), neutral) for c in range(1, width + 1)])
    wb.create_sheet("Rubric")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.dictionaries(st.tuples(st.integers(1, ROWS), st.integers(1, MAX_COLS + 3)), VALUE, max_size=40),
       write_only=st.booleans(), neutral=st.booleans())
def test_udc_and_openpyxl_read_every_value_alike(cells, write_only, neutral):
    """Inline strings (udc's writer) and shared strings (a spreadsheet program's save); formulas when not neutral."""
    agree(_workbook(cells, write_only, neutral))


def test_rich_text_numbers_dates_and_an_error_read_alike():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws["A1"] = CellRichText([TextBlock(InlineFont(b=True), "bold "), "plain"])
    ws["B1"] = Decimal("3.50")
    ws["C1"] = dt.time(12, 30)
    ws["E1"] = "=SUM(A1:A2)"
    ws["F1"] = "#N/A"
    ws["F1"].data_type = "e"
    ws["A3"] = 4
    ws["A3"].number_format = "dd/mm/yyyy"  # a score a spreadsheet turned into a date
    out = io.BytesIO()
    wb.save(out)
    agree(out.getvalue())
    rows, formulas = by_udc(out.getvalue())
    assert rows[0][0] == "bold plain" and formulas == {(1, 5)} and isinstance(rows[2][0], dt.datetime)


def test_a_duration_is_read_as_a_duration():
    """A number in an elapsed-time format ([h]:mm:ss) is a duration. Not compared with openpyxl: its
    3.1.0 reads such a cell as a date and time, 3.1.5 as a duration."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws["A1"] = 1.25
    ws["A1"].number_format = "[h]:mm:ss"
    out = io.BytesIO()
    wb.save(out)
    rows, _ = by_udc(out.getvalue())
    assert rows[0][0] == dt.timedelta(hours=30)


def test_rows_past_the_bound_are_never_read(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scores"
    for r in range(1, 101):
        ws.cell(r, 1).value = r
    out = io.BytesIO()
    wb.save(out)
    rows, _ = by_udc(out.getvalue(), max_rows=10)
    assert len(rows) == 11 and rows[-1] == [11]  # the one row past the bound, to tell that it is there


@pytest.mark.parametrize("cells, why", [
    ('<c r="A1"><v>1</v></c>' * 16385, "more than 16,384 cells in a row"),
    ('<c r="A1" t="s"><v>-1</v></c>', "IndexError"),
    ('<c r="1A"><v>1</v></c>', "ValueError"),
    ('<c r="A1" t="b"><v>yes</v></c>', "ValueError"),
])
def test_a_damaged_cell_is_refused_with_its_row(cells, why):
    data = _workbook({(1, 1): "x"}, False, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    start, end = xml.index("<sheetData>"), xml.index("</sheetData>")
    parts[name] = (xml[:start] + f'<sheetData><row r="1"/><row r="2">{cells}</row>' + xml[end:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, body in parts.items():
            archive.writestr(part, body)
    with pytest.raises(sheetxml.SheetDamaged) as caught:
        by_udc(out.getvalue())
    assert caught.value.row == 2 and str(caught.value) == why


def test_a_dtd_after_a_long_comment_is_refused(tmp_path):
    data = _workbook({(1, 1): "x"}, False, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    at = xml.index("<worksheet")
    parts[name] = (xml[:at] + "<!--" + "x" * 100_000 + '--><!DOCTYPE w [<!ENTITY a "aaaa">]>' + xml[at:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, body in parts.items():
            archive.writestr(part, body)
    with pytest.raises(sheetxml.WorkbookError, match="a DTD"):
        by_udc(out.getvalue())


def test_the_example_sheet_through_collect_is_unchanged(tmp_path):
    """The grid udc reads from a sheet it made holds the identity block where validation looks for it."""
    sheet = make_sheets(EXAMPLES / "cyp-mental-health.yaml", tmp_path / "x", "-e", "le-5")["le-5"]
    rows, formulas = by_udc(Path(sheet).read_bytes())
    assert rows[0][:2] == ["sheet", "udc score sheet 1"] and rows[2][:2] == ["evaluator", "le-5"] and not formulas


@pytest.mark.parametrize("row, damaged", [
    ('<row r="41"><c r="A41" t="inlineStr"><is><t>a\x01b</t></is></c></row>', True),  # a character XML forbids
    ('<row r="41"><c r="A41" t="inlineStr"><is><t>a]]>b</t></is></c></row>', True),
    ('<row r="41"><c r="A41" t="inlineStr"><is><t>a &bogus; b</t></is></c></row>', True),  # an undefined entity
    ('<row r="41"><c r="A41" t="inlineStr"><is><t>a &#1; b</t></is></c></row>', True),
    ('<row r="41"><c r="A41"><f>1+1</f><v>2</v></c></row>', False),  # a formula: marked, by the parser
    ('<c r="A41"><v>1</v></c><row r="40"><c r="A40"><v>3</v></c></row>', False),  # a cell outside a row is not read
    ('<row r="41"><c r="A41" t="d"><v>2026-11-27T10:00:00</v></c></row>', False),  # an ISO date
    ('<row r="41">\n<c r="A41"><v>1</v></c></row>', False),  # white space between elements
])
def test_what_is_not_exactly_openpyxls_shape_is_left_to_the_parser(row, damaged):
    data = _workbook({(1, 1): "x"}, True, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    xml = xml.replace('<row r="40"/>', "")  # the rows below take its place
    end = xml.index("</sheetData>")
    xml = xml[:end] + row + xml[end:]
    data = _with_parts(data, {"xl/worksheets/sheet1.xml": xml.encode()})
    assert sheetfast.read(xml.encode(), [], ROWS + 1, MAX_COLS) is None
    if damaged:
        with pytest.raises(sheetxml.SheetDamaged):
            by_udc(data)
        with pytest.raises(Exception):  # noqa: B017 - openpyxl's own kind of error
            by_openpyxl(data)
    else:
        agree(data)


def test_a_long_row_is_read_in_slices_alike():
    """The fast reader cuts the sheet data into slices between cells: a row longer than a slice reads the same."""
    cells = {(2, c): "x" * 5000 for c in range(1, MAX_COLS + 4)} | {(3, 1): "after"}
    agree(_workbook(cells, True, True))
    data = _workbook({(2, 1): "x"}, True, True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    many = '<row r="41">' + '<c r="A41"><v>1</v></c>' * 20_000 + "</row>"  # more cells than Excel has columns
    xml = xml.replace("</sheetData>", many + "</sheetData>")
    assert sheetfast.read(xml.encode(), [], ROWS + 1, MAX_COLS) is None
