"""A blind score sheet as an Excel workbook (the content comes from :mod:`udc.workflow.sheets`).

Written with XlsxWriter: a Scores sheet and a Rubric sheet, both protected
without a password, with the score, absent and reason cells left open for
entry, dropdowns and messages for what a cell takes, frozen header rows, print
titles and a table. The bid × criterion rows, most of a sheet, are then put in
by :mod:`udc.workflow.sheet_rows_xml` (cell by cell through XlsxWriter they
took two thirds of the command's time). Text goes in as text only
(:func:`udc.core.formulas.write_text`): nothing is ever written as a formula, whatever it starts with
(and :func:`udc.workflow.sheets.safe` has already put an apostrophe before a
formula trigger). Repeated text (bidders, titles, questions) is stored once in
the workbook's shared-string table, as Excel and LibreOffice save it.
"""

from __future__ import annotations

import io
from itertools import pairwise

from udc.core.fields import ABSENT
from udc.core.formulas import write_text
from udc.core.method import Method
from udc.core.model import Points
from udc.workflow.sheet_rows_xml import cell_value, with_rows
from udc.workflow.sheets import (
    HEADER,
    IDENTITY,
    INSTRUCTIONS,
    RUBRIC,
    SCORES,
    Row,
    evaluator_line,
    identity,
    rubric_lines,
    safe,
    sheet_rows,
    value_text,
)

HEADER_ROW = len(IDENTITY) + 2  # identity block, instructions, header (counted from 1)
WIDTHS = (14, 28, 10, 30, 50, 8, 9, 60)  # the Scores sheet's columns, in HEADER's order
RUBRIC_WIDTHS = (10, 16, 60, 60)
PIXELS_PER_CHARACTER = 7  # of Excel's default font: a width of 50 characters is stored as 50
LOOKS = (None, "wrap", None, "wrap", "wrap", "open", "open", "open wrap")  # of each column, in HEADER's order
LIMIT = 255  # characters Excel allows in a validation's message or list


def xlsx_bytes(method: Method, evaluator: str) -> bytes:
    """The sheet as an Excel workbook: a Scores sheet and a Rubric sheet, both protected."""
    rows = sheet_rows(method, evaluator)
    # XlsxWriter's workbook and its sheets refer to each other, so with udc's collector off each one stays
    # in memory until the command ends: it holds a few dozen cells (the rows never go through it).
    package = _package(method, evaluator, rows)
    return with_rows(package, rows, HEADER_ROW + 1) if rows else package


def _package(method: Method, evaluator: str, rows: list[Row]) -> bytes:
    """The workbook as XlsxWriter writes it: the Scores sheet holds a sample row in place of the rows."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    looks = _looks(wb)
    _scores_sheet(wb.add_worksheet(SCORES), method, evaluator, rows, looks)
    _rubric_sheet(wb.add_worksheet(RUBRIC), method, any(r.kind == "pass-fail" for r in rows), looks)
    wb.set_properties({"title": safe(f"Score sheet for {evaluator}, round {method.round.round.id}"),
                       "author": "udc"})
    wb.close()
    return out.getvalue()


def _looks(wb) -> dict:
    """The four looks a cell can have besides plain: bold, wrapped, open for entry, open and wrapped."""
    wrap = {"text_wrap": True, "valign": "top"}
    return {"bold": wb.add_format({"bold": True}), "wrap": wb.add_format(wrap),
            "open": wb.add_format({"locked": False}), "open wrap": wb.add_format({**wrap, "locked": False})}


def _widths(ws, widths) -> None:
    """Column widths as characters of the default font, stored as given (as openpyxl wrote them)."""
    for column, width in enumerate(widths):
        ws.set_column_pixels(column, column, width * PIXELS_PER_CHARACTER)


def _scores_sheet(ws, method: Method, evaluator: str, rows: list[Row], looks: dict) -> None:
    _widths(ws, WIDTHS)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    bold = looks["bold"]
    ident = identity(method, evaluator)
    lines: list[tuple[str, ...]] = [*ident.rows(method.round.round.title, evaluator_line(method, evaluator)),
                                    ("how", INSTRUCTIONS.format(rubric="the Rubric sheet"))]
    for at, (key, *values) in enumerate(lines):  # the key, then its value and a note
        write_text(ws, at, 0, safe(key), bold)
        for column, value in enumerate(values, start=1):
            write_text(ws, at, column, safe(value))
    for column, name in enumerate(HEADER):
        write_text(ws, HEADER_ROW - 1, column, name, bold)
    _validations(ws, method, rows)
    if rows:  # the table over the header and the sample row: sheet_rows_xml stretches it over the rows
        _sample_row(ws, looks)
        ws.add_table(HEADER_ROW - 1, 0, HEADER_ROW, len(HEADER) - 1, {
            "name": "ScoreTable", "style": "Table Style Light 1", "autofilter": False, "banded_rows": True,
            "columns": [{"header": name, "header_format": bold} for name in HEADER]})
    _protect(ws)


def _sample_row(ws, looks: dict) -> None:
    """The first data row as blank cells in each column's look: :mod:`udc.workflow.sheet_rows_xml` puts
    the rows in its place, each cell in the look of its column's sample."""
    for column, look in enumerate(LOOKS):
        if look is not None:
            ws.write_blank(HEADER_ROW, column, None, looks[look])


def _fits(text: str) -> bool:
    """Whether Excel takes ``text`` as a validation's message (it counts UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2 <= LIMIT


def _validations(ws, method: Method, rows: list[Row]) -> None:
    """Dropdowns (or a range) for the score, pass or fail for marks, ``absent`` for the absent column."""
    score_col, absent_col = HEADER.index("score"), HEADER.index("absent")
    scale = method.round.scale
    scored: dict[str, object]
    if isinstance(scale, Points):
        scored = {"validate": "decimal", "criteria": "between", "minimum": value_text(scale.min),
                  "maximum": value_text(scale.max)}
    else:
        values = [value_text(level.value) for level in sorted(scale, key=lambda lv: lv.value)]
        # A list Excel takes in the validation itself, or else the Rubric sheet's value column
        source = values if _fits(",".join(values)) else f"={RUBRIC}!$A$2:$A${len(values) + 1}"
        scored = {"validate": "list", "source": source}
    error = f"Expected {method.scale.describe()}. See the Rubric sheet."
    scored["error_message"] = error if _fits(error) else "Expected a value of the scale. See the Rubric sheet."
    labels = safe(", ".join(f"{value} {words.split(':')[0]}" for value, words in rubric_lines(method)))
    if _fits(labels):
        scored |= {"input_title": "Score", "input_message": labels}
    marks = {"validate": "list", "source": ["pass", "fail"], "error_message": "Expected pass or fail."}
    for options, kind in ((marks, "pass-fail"), (scored, "scored")):
        numbers = [i for i, row in enumerate(rows, start=HEADER_ROW + 1) if row.kind == kind]
        if numbers:  # one validation over every such cell, as a list of ranges
            _validate(ws, score_col, numbers[0], options | {"multi_range": _ranges(_letter(score_col), numbers)})
    if rows:
        _validate(ws, absent_col, HEADER_ROW + 1, {
            "validate": "list", "source": [ABSENT], "error_message": "Write absent, or leave the cell blank.",
            "multi_range": _span(_letter(absent_col), HEADER_ROW + 1, HEADER_ROW + len(rows))})


def _validate(ws, column: int, first: int, options: dict) -> None:
    """A validation that refuses what it does not allow, with a message; blanks allowed."""
    options = options | {"ignore_blank": True, "show_error": True, "error_type": "stop",
                         "error_title": "Not a valid entry"}
    ws.data_validation(first - 1, column, first - 1, column, options)


def _letter(column: int) -> str:
    return "ABCDEFGH"[column]


def _ranges(column: str, numbers: list[int]) -> str:
    """``F8:F20 F23 F25:F30``: consecutive row numbers (ascending) as ranges of one column."""
    parts, start = [], numbers[0]
    for previous, current in pairwise(numbers):
        if current != previous + 1:
            parts.append(_span(column, start, previous))
            start = current
    parts.append(_span(column, start, numbers[-1]))
    return " ".join(parts)


def _span(column: str, start: int, end: int) -> str:
    return f"{column}{start}" if start == end else f"{column}{start}:{column}{end}"


def _protect(ws) -> None:
    """Locked structure, without a password: it prevents accidents, not tampering (collect checks that).

    Allowed: widening columns and rows (people widen columns to read), filtering, objects and scenarios.
    """
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "objects": True,
                    "scenarios": True})


def _rubric_sheet(ws, method: Method, has_marks: bool, looks: dict) -> None:
    _widths(ws, RUBRIC_WIDTHS)
    ws.freeze_panes(1, 0)
    scale = method.round.scale
    body: list[list]
    if isinstance(scale, Points):
        header = ["value", "meaning"]
        body = [[safe(f"{value_text(scale.min)} to {value_text(scale.max)}"),
                 safe(f"Any value from {value_text(scale.min)} to {value_text(scale.max)} in steps of "
                      f"{value_text(scale.step)}; higher is better.")]]
    else:
        plain = any(level.plain for level in scale)
        header = ["value", "label", "meaning"] + (["in plain words"] if plain else [])
        body = [[cell_value(value_text(level.value)), safe(level.label), safe(level.meaning)]
                + ([safe(level.plain or "")] if plain else [])
                for level in sorted(scale, key=lambda lv: lv.value)]
    if has_marks:
        body += [[], ["mark", "meaning"], ["pass", "The bid meets this requirement."],
                 ["fail", "The bid does not meet this requirement."]]
    for column, name in enumerate(header):
        write_text(ws, 0, column, name, looks["bold"])
    for at, values in enumerate(body, start=1):
        for column, value in enumerate(values):
            if isinstance(value, str):
                write_text(ws, at, column, value, looks["wrap"])
            else:
                ws.write_number(at, column, value, looks["wrap"])
    _protect(ws)
