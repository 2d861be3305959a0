"""Blind score sheets: what one evaluator assesses, as a workbook (xlsx) or a CSV file.

A sheet holds only what its evaluator scores: their group's criteria, for every
bid they are not conflicted with and that is not withdrawn, with their own
scores so far (never anyone else's). It opens with an identity block that
:mod:`udc.collect` checks before it reads a single score:

====== ==========================================================
sheet  ``udc score sheet 1`` (the layout's version)
round  the round id
evaluator  the evaluator id
method the digest of the round's method (:func:`udc.seal.method_digest`)
check  a short digest of the four lines above: an edited identity block is noticed
====== ==========================================================

then a row of instructions, the header row (:data:`HEADER`) and one row per
bid × criterion. Every text cell goes through :func:`udc.core.formulas.neutralise`:
a bidder called ``=HYPERLINK(...)`` is written as text, never as a formula.

The functions here take a resolved :class:`~udc.method.Method` and return
bytes; writing files is the command's job.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from udc.core.fields import ABSENT
from udc.core.formulas import neutralise
from udc.core.method import Method
from udc.core.model import PassFail, Points
from udc.core.seal import method_digest

SHEET_VERSION = "udc score sheet 1"
SCORES = "Scores"
RUBRIC = "Rubric"
IDENTITY = ("sheet", "round", "evaluator", "method", "check")
HEADER = ("bid", "bidder", "criterion", "title", "question", "score", "absent", "reason")
EDITABLE = ("score", "absent", "reason")
FORMATS = ("xlsx", "csv")
INSTRUCTIONS = (
    "Give a score for every row ({rubric} says what each value means) and the reason for it. "
    "If you could not assess a row, write absent in the absent column and say why in the reason column. "
    "Leave a score blank if you have not decided yet. Do not change rows 1 to 5: they tell udc whose sheet "
    "this is."
)


@dataclass(frozen=True)
class Identity:
    """Who a sheet belongs to and which method it was made for."""

    round: str
    evaluator: str
    method: str

    @property
    def check(self) -> str:
        return check_code(self.round, self.evaluator, self.method)

    def rows(self, title: str, who: str) -> list[tuple[str, str, str]]:
        """``(key, value, note)`` for each line of the identity block."""
        return [
            ("sheet", SHEET_VERSION, "A blind score sheet made by udc."),
            ("round", self.round, title),
            ("evaluator", self.evaluator, who),
            ("method", self.method, "The assessment method this sheet was made for."),
            ("check", self.check, "Do not change rows 1 to 5."),
        ]


def check_code(round_id: str, evaluator: str, method: str) -> str:
    """A short digest of the identity block (not a signature: it catches edits, not forgers).

    It starts with letters so that no spreadsheet program reads it as a number
    (``123e456`` would become 1.23E+458 and lose its digits).
    """
    text = "\0".join((SHEET_VERSION, round_id, evaluator, method))
    return "udc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity(method: Method, evaluator: str) -> Identity:
    round_ = method.round
    return Identity(round_.round.id, evaluator, method_digest(round_))


@dataclass(frozen=True)
class Row:
    """One cell an evaluator assesses, with what they gave so far."""

    bid: str
    bidder: str
    criterion: str
    title: str
    question: str
    kind: str  # "scored" or "pass-fail"
    score: str | None  # the score or mark given so far, as text; None when none (or absent)
    absent: bool
    reason: str | None


def criteria_of(method: Method, group: str) -> list:
    """The scored and pass-fail criteria ``group`` assesses, in the file's order."""
    assessed = []
    for c in method.round.criteria:
        kind_ok = isinstance(c, PassFail) or method.scored_by_id(c.id) is not None
        if kind_ok and method.assesses(group, c.id):
            assessed.append(c)
    return assessed


def sheet_rows(method: Method, evaluator: str) -> list[Row]:
    """Every bid × criterion the evaluator assesses, bid by bid, in the file's order."""
    group = method.group_of[evaluator]
    criteria = criteria_of(method, group)
    given = method.round.scores.get(evaluator, {})
    rows = []
    for bid in method.round.bids:
        if bid.withdrawn or bid.id in method.conflicts.get(evaluator, ()):
            continue
        for c in criteria:
            entry = given.get(bid.id, {}).get(c.id)
            absent = entry is not None and entry.score == ABSENT
            score = None if entry is None or absent else value_text(entry.score)
            rows.append(Row(bid.id, bid.bidder, c.id, c.title, c.text or "",
                            "pass-fail" if isinstance(c, PassFail) else "scored",
                            score, absent, entry.reason if entry is not None else None))
    return rows


def value_text(value: Decimal | str) -> str:
    """A score as text: ``4``, ``3.5``, ``pass``."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def file_name(method: Method, evaluator: str, fmt: str) -> str:
    return f"{method.round.round.id}-{evaluator}.{fmt}"


def evaluator_line(method: Method, evaluator: str) -> str:
    group = method.group_of[evaluator]
    member = method.round.groups[group].members[evaluator]
    return f"{member.name}, {method.round.groups[group].name}"


# ---------------------------------------------------------------- CSV


def csv_bytes(method: Method, evaluator: str) -> bytes:
    """The sheet as CSV: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF, commas."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    ident = identity(method, evaluator)
    for key, value, note in ident.rows(method.round.round.title, evaluator_line(method, evaluator)):
        writer.writerow([safe(key), safe(value), safe(note)])
    writer.writerow(["how", safe(INSTRUCTIONS.format(rubric="the rubric rows below"))])
    for value, words in rubric_lines(method):
        writer.writerow(["rubric", safe(value), safe(words)])
    writer.writerow(HEADER)
    for row in sheet_rows(method, evaluator):
        writer.writerow([safe(row.bid), safe(row.bidder), safe(row.criterion), safe(row.title),
                         safe(row.question), row.score or "", ABSENT if row.absent else "",
                         safe(row.reason or "")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rubric_lines(method: Method) -> list[tuple[str, str]]:
    """``(value, what it means)`` for each level of the scale, in words (formal, then plain)."""
    scale = method.round.scale
    if isinstance(scale, Points):
        return [(f"{value_text(scale.min)} to {value_text(scale.max)}",
                 f"any value in steps of {value_text(scale.step)}; higher is better")]
    lines = []
    for level in sorted(scale, key=lambda lv: lv.value):
        words = f"{level.label}: {level.meaning}" + (f" In plain words: {level.plain}" if level.plain else "")
        lines.append((value_text(level.value), words))
    return lines


@functools.lru_cache(maxsize=8192)  # bidders, titles and questions repeat on every row and every sheet
def safe(text: str) -> str:
    """Text for a cell: formula triggers neutralised, characters a workbook cannot hold removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))


# ---------------------------------------------------------------- xlsx


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


def sheet_bytes(method: Method, evaluator: str, fmt: str) -> bytes:
    """The sheet of ``evaluator`` in ``fmt`` (``xlsx`` or ``csv``)."""
    return xlsx_bytes(method, evaluator) if fmt == "xlsx" else csv_bytes(method, evaluator)


def evaluators(method: Method) -> list[str]:
    """Every evaluator of the round, group by group, in the file's order."""
    return [e for g in method.round.groups.values() for e in g.members]


__all__ = [
    "EDITABLE", "FORMATS", "HEADER", "IDENTITY", "Identity", "Row", "SCORES", "SHEET_VERSION", "check_code",
    "csv_bytes", "evaluators", "file_name", "identity", "sheet_bytes", "sheet_rows", "xlsx_bytes",
]
