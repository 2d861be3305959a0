"""A blind score sheet as an Excel workbook (the content comes from :mod:`udc.workflow.sheets`)."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal
from itertools import pairwise

from udc.core.fields import ABSENT
from udc.core.method import Method
from udc.core.model import Points
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


def xlsx_bytes(method: Method, evaluator: str) -> bytes:
    """The sheet as an Excel workbook: a Scores sheet and a Rubric sheet, both protected.

    Written in openpyxl's write-only mode: rows stream to the file, and each cell's
    look comes from one of a few named styles registered once (setting fonts and
    protection cell by cell on a normal worksheet was most of the time).
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _register_styles(wb)
    rows = sheet_rows(method, evaluator)
    _scores_sheet(wb.create_sheet(SCORES), method, evaluator, rows, styles)
    _rubric_sheet(wb.create_sheet(RUBRIC), method, any(r.kind == "pass-fail" for r in rows), styles)
    wb.properties.title = safe(f"Score sheet for {evaluator}, round {method.round.round.id}")
    wb.properties.creator = "udc"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER_ROW = len(IDENTITY) + 2  # identity block, instructions, header
WIDTHS = {"bid": 14, "bidder": 28, "criterion": 10, "title": 30, "question": 50, "score": 8, "absent": 9,
          "reason": 60}
BOLD, WRAP, OPEN, OPEN_WRAP = "udc bold", "udc wrap", "udc open", "udc open wrap"


def _register_styles(wb) -> dict[str, str]:
    """The four looks a cell can have, registered once as named styles: ``{name: name}``."""
    from openpyxl.styles import Alignment, Font, NamedStyle, Protection

    wrap = Alignment(wrap_text=True, vertical="top")
    looks = {BOLD: NamedStyle(BOLD, font=Font(bold=True)),
             WRAP: NamedStyle(WRAP, alignment=wrap),
             OPEN: NamedStyle(OPEN, protection=Protection(locked=False)),
             OPEN_WRAP: NamedStyle(OPEN_WRAP, alignment=wrap, protection=Protection(locked=False))}
    for style in looks.values():
        wb.add_named_style(style)
    return {name: name for name in looks}


def _styled(ws, value, style: str | None):
    """A write-only cell with ``value`` in the named ``style`` (None: plain)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    if style is not None:
        cell.style = style
    return cell


def _scores_sheet(ws, method: Method, evaluator: str, rows: list[Row], styles: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter

    col = {name: HEADER.index(name) + 1 for name in HEADER}
    for name, width in WIDTHS.items():  # a write-only sheet takes its columns before its rows
        ws.column_dimensions[get_column_letter(col[name])].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _declare_size(ws, len(HEADER), HEADER_ROW + len(rows))
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ident = identity(method, evaluator)
    for key, value, note in ident.rows(method.round.round.title, evaluator_line(method, evaluator)):
        ws.append([_styled(ws, safe(key), BOLD), safe(value), safe(note)])
    ws.append([_styled(ws, "how", BOLD), safe(INSTRUCTIONS.format(rubric="the Rubric sheet"))])
    ws.append([_styled(ws, name, BOLD) for name in HEADER])
    # One styled cell per column, reused row after row: a write-only sheet writes each appended row
    # out at once, so only the values change (a new cell, styled, per value was most of the time).
    bidder, title, question = (_styled(ws, None, WRAP) for _ in range(3))
    score, absent, reason = _styled(ws, None, OPEN), _styled(ws, None, OPEN), _styled(ws, None, OPEN_WRAP)
    line = [None, bidder, None, title, question, score, absent, reason]
    for row in rows:
        line[0], line[2] = safe(row.bid), safe(row.criterion)
        bidder.value, title.value, question.value = safe(row.bidder), safe(row.title), safe(row.question)
        score.value, absent.value = _number(row.score), ABSENT if row.absent else None
        reason.value = safe(row.reason) if row.reason else None
        ws.append(line)
    _validations(ws, method, rows, col)
    if rows:
        from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

        last = get_column_letter(len(HEADER))
        table = Table(displayName="ScoreTable", ref=f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}",
                      tableColumns=[TableColumn(id=i, name=name) for i, name in enumerate(HEADER, start=1)])
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        with warnings.catch_warnings():  # openpyxl warns in write-only mode even when the columns are given
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(table)
    _protect(ws)


def _declare_size(ws, columns: int, rows: int) -> None:
    """Give the sheet its ``<dimension>``, as Excel and openpyxl's normal mode write it.

    openpyxl's write-only writer writes one only if the sheet can say its size; without it,
    openpyxl's read-only reader (``udc collect``) parses the whole sheet once more to find it.
    """
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(columns)}{rows}"
    ws.calculate_dimension = lambda: ref


def _number(score: str | None):
    """A score for a cell: numbers as numbers (as a dropdown choice would be), marks as text."""
    if score is None:
        return None
    try:
        value = Decimal(score)
    except ArithmeticError:
        return safe(score)
    return int(value) if value == value.to_integral_value() else float(value)


def _validations(ws, method: Method, rows: list[Row], col: dict) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    scale = method.round.scale
    if isinstance(scale, Points):
        scored = DataValidation(type="decimal", operator="between", formula1=str(scale.min),
                                formula2=str(scale.max), allow_blank=True)
    else:
        values = ",".join(value_text(level.value) for level in sorted(scale, key=lambda lv: lv.value))
        scored = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
    marks = DataValidation(type="list", formula1='"pass,fail"', allow_blank=True)
    absent = DataValidation(type="list", formula1=f'"{ABSENT}"', allow_blank=True)
    scored.error = f"Expected {method.scale.describe()}. See the Rubric sheet."
    labels = ", ".join(f"{value} {words.split(':')[0]}" for value, words in rubric_lines(method))
    if len(labels) <= 250:
        scored.prompt, scored.promptTitle, scored.showInputMessage = safe(labels), "Score", True
    marks.error = "Expected pass or fail."
    absent.error = "Write absent, or leave the cell blank."
    for dv in (scored, marks, absent):
        dv.showErrorMessage = True
        dv.errorTitle = "Not a valid entry"
        ws.data_validations.append(dv)  # a write-only sheet has the list, not add_data_validation
    score_col, absent_col = get_column_letter(col["score"]), get_column_letter(col["absent"])
    for dv, kind in ((marks, "pass-fail"), (scored, "scored")):
        numbers = [i for i, row in enumerate(rows, start=HEADER_ROW + 1) if row.kind == kind]
        if numbers:  # one range string, set once: MultiCellRange.add is linear per call
            dv.sqref = MultiCellRange(_ranges(score_col, numbers))
    if rows:
        absent.sqref = MultiCellRange(f"{absent_col}{HEADER_ROW + 1}:{absent_col}{HEADER_ROW + len(rows)}")


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
    """Locked structure, without a password: it prevents accidents, not tampering (collect checks that)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # False: allowed (people widen columns to read)
    ws.protection.formatRows = False
    ws.protection.autoFilter = False


def _rubric_sheet(ws, method: Method, has_marks: bool, styles: dict[str, str]) -> None:
    for letter, width in zip("ABCD", (10, 16, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    scale = method.round.scale
    if isinstance(scale, Points):
        header = ["value", "meaning"]
        body = [[safe(f"{value_text(scale.min)} to {value_text(scale.max)}"),
                 safe(f"Any value from {value_text(scale.min)} to {value_text(scale.max)} in steps of "
                      f"{value_text(scale.step)}; higher is better.")]]
    else:
        plain = any(level.plain for level in scale)
        header = ["value", "label", "meaning"] + (["in plain words"] if plain else [])
        body = [[_number(value_text(level.value)), safe(level.label), safe(level.meaning)]
                + ([safe(level.plain or "")] if plain else [])
                for level in sorted(scale, key=lambda lv: lv.value)]
    if has_marks:
        body += [[], ["mark", "meaning"], ["pass", "The bid meets this requirement."],
                 ["fail", "The bid does not meet this requirement."]]
    _declare_size(ws, len(header), 1 + len(body))
    ws.append([_styled(ws, name, BOLD) for name in header])
    for values in body:
        ws.append([_styled(ws, value, WRAP) for value in values])
    _protect(ws)


