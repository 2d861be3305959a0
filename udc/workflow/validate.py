"""Checking a returned sheet against the round: its identity block, then every row.

:func:`parse_grid` splits a grid (:mod:`udc.workflow.grid`) into the identity
block and the data rows; :func:`validate` checks the sheet against the round
(round id, evaluator, method digest, check code; then every row: a known bid
and criterion that this evaluator assesses, no conflict of interest, values
on the scale, a reason for ``absent``) and returns :class:`Entry` objects and
:class:`~udc.workflow.grid.Problem` objects; it never stops at the first
problem. Blank cells are never entries, so they leave scores alone; blank
rows are counted.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from udc.core.fields import ABSENT
from udc.core.formulas import restore
from udc.core.method import Method
from udc.core.model import PassFail, Scored
from udc.core.seal import method_digest
from udc.workflow.grid import Cell, Grid, Problem, SheetUnreadable
from udc.workflow.grid import blank as is_blank
from udc.workflow.sheets import HEADER, IDENTITY, SHEET_VERSION, check_code, criteria_of

ABSENT_YES = {"absent", "yes", "y", "x", "true"}
ABSENT_NO = {"", "no", "n", "false"}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_COMMA_NUMBER = re.compile(r"[0-9]+,[0-9]+")


@dataclass
class Sheet:
    """A returned sheet: its identity block and its data rows, keyed by header name."""

    label: str
    identity: dict[str, Cell]
    header: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    where: str = ""


@dataclass
class Checked:
    """What one sheet gives: its evaluator, entries, problems and how many rows it left blank."""

    label: str
    evaluator: str | None
    entries: list[Entry]
    problems: list[Problem]
    blank: list[tuple[str, str]] = field(default_factory=list)  # (bid, criterion) of rows with no score
    unreadable: bool = False


def parse_grid(grid: Grid) -> Sheet:
    """Split a grid into the identity block (before the header row) and the data rows.

    A header row that names a column twice is refused: which of the two would count?
    """
    label = grid.label
    header_at = next((i for i, row in enumerate(grid.rows) if _is_header([_value_name(v) for v in row])), None)
    if header_at is None:
        raise SheetUnreadable(label, "has no header row (bid, criterion, score, ...); expected a score sheet "
                                     "made by 'udc sheets'")
    identity: dict[str, Cell] = {}
    for r, row in enumerate(grid.rows[:header_at], start=1):
        if len(row) >= 2 and _value_name(row[0]) in IDENTITY and _value_name(row[0]) not in identity:
            identity[_value_name(row[0])] = grid.cell(r, 2)
    header: dict[str, int] = {}
    for i, value in enumerate(grid.rows[header_at]):
        name = _value_name(value)
        if name in HEADER and name in header:
            raise SheetUnreadable(grid.where(header_at + 1, i + 1), f"a second '{name}' column (the first is at "
                                                                    f"{grid.where(header_at + 1, header[name] + 1)});"
                                                                    " expected each column once, as 'udc sheets' "
                                                                    "wrote them")
        if name in HEADER:
            header[name] = i
    sheet = Sheet(label, identity, header, where=grid.where(header_at + 1, 1))
    sheet.rows = [Row(grid, r, header) for r in range(header_at + 2, len(grid.rows) + 1)]
    return sheet


class Row:
    """A data row: its cells by header name (``row["score"]``), made when asked for."""

    __slots__ = ("grid", "number", "values", "header")

    def __init__(self, grid: Grid, number: int, header: dict[str, int]):
        self.grid, self.number, self.values, self.header = grid, number, grid.rows[number - 1], header

    def __getitem__(self, name: str) -> Cell:
        i = self.header[name]
        values = self.values
        return Cell(values[i] if i < len(values) else None, (self.grid, self.number, i + 1),
                    (self.number, i + 1) in self.grid.formulas)

    def value(self, name: str) -> Any:
        """The value of the cell in column ``name``; None when the row is short or there is no such column."""
        i = self.header.get(name)
        return self.values[i] if i is not None and i < len(self.values) else None

    def where(self, name: str) -> str:
        """The location of the cell in column ``name``; a missing column (absent, reason) is located at the score."""
        return self.grid.where(self.number, self.header.get(name, self.header["score"]) + 1)

    def formulas(self) -> list[tuple[str, Cell]]:
        """The named cells of this row that hold a formula, in the header's order."""
        if not self.grid.formulas:
            return []
        return [(name, self[name]) for name, i in self.header.items() if (self.number, i + 1) in self.grid.formulas]


def _value_name(value: object) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def _is_header(names: list[str]) -> bool:
    return all(name in names for name in ("bid", "criterion", "score"))


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Entry:
    """What a sheet says about one cell of the round."""

    evaluator: str
    bid: str
    criterion: str
    value: str | None  # a score, mark or "absent"; None: only a reason was given
    reason: str | None
    where: str  # the location of the score (or absent, or reason) cell


def text_of(cell: Cell) -> str | None:
    """A text cell's content (apostrophe-neutralised text restored), or None when blank."""
    return text_of_value(cell.value)


def text_of_value(value: Any) -> str | None:
    """:func:`text_of` a cell's value."""
    if value.__class__ is str:  # the common case, first
        value = restore(value.strip())
        return value or None
    if value is None:
        return None
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = number_text(value) if not isinstance(value, float) or math.isfinite(value) else str(value)
    elif not isinstance(value, str):
        value = str(value)
    value = restore(value.strip())
    return value or None


def number_text(value: int | float | Decimal) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def score_of(value: Any, criterion, method: Method) -> tuple[str | None, str | None]:
    """``(value, problem)``: the score or mark in a cell holding ``value``, as text, or what is wrong with it."""
    def expected() -> str:  # worked out only for a message: it lists the scale
        return "pass or fail" if isinstance(criterion, PassFail) else method.scale.describe()

    if isinstance(value, bool):
        return None, f"{'TRUE' if value else 'FALSE'} is not a score; expected {expected()}"
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return None, f"the spreadsheet turned this score into a date or time ({value}); expected {expected()}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{value} is not a score; expected {expected()}"
    if isinstance(value, (int, float)):
        text = number_text(value)
    else:
        text = str(value).strip()
        if isinstance(criterion, PassFail):
            text = text.lower()
        elif _COMMA_NUMBER.fullmatch(text):
            text = text.replace(",", ".")  # a decimal comma, as Excel writes it in many locales
        elif _NUMBER.fullmatch(text):
            text = number_text(Decimal(text))
    if isinstance(criterion, PassFail):
        if text in ("pass", "fail"):
            return text, None
        return None, f"'{text}' is not a mark; {criterion.id} is pass or fail; expected pass or fail"
    if not _NUMBER.fullmatch(text):
        if text in ("pass", "fail"):
            return None, f"'{text}' is a mark, but {criterion.id} is scored; expected {expected()}"
        return None, f"'{text}' is not a score; expected {expected()}"
    number = Decimal(text)
    if not method.scale.contains(number):
        return None, f"{text} is not on the scale; expected {expected()}"
    return number_text(number), None


_SCORES: dict = {}  # (type, value, pass-fail?) -> the score as text, for _SCORES_OF[0]: a sheet repeats a few values
_SCORES_OF: list = [None]


def _score(value: Any, criterion, method: Method) -> tuple[str | None, str | None]:
    """:func:`score_of`, remembered for values that are scores (a problem is worked out each time)."""
    if _SCORES_OF[0] is not method or len(_SCORES) > 4096:
        _SCORES.clear()
        _SCORES_OF[0] = method
    key = (value.__class__, value, isinstance(criterion, PassFail))
    text = _SCORES.get(key)
    if text is not None:
        return text, None
    text, problem = score_of(value, criterion, method)
    if text is not None:
        _SCORES[key] = text
    return text, problem


def absent_of(value: Any) -> tuple[bool, str | None]:
    """Whether a cell holding ``value`` in the absent column says absent, or what is wrong with it."""
    if value is None:
        return False, None
    text = (text_of_value(value) or "").lower()
    if text in ABSENT_YES:
        return True, None
    if text in ABSENT_NO:
        return False, None
    return False, f"'{text}' in the absent column; expected absent (or blank)"


# ---------------------------------------------------------------- validating


def validate(sheet: Sheet, method: Method) -> Checked:
    """Entries the sheet gives, every problem with it (identity first, then each row), and its blank rows."""
    problems = identity_problems(sheet, method)
    if problems:
        return Checked(sheet.label, None, [], problems)
    evaluator = text_of(sheet.identity["evaluator"]) or ""  # identity_problems found it present
    entries: list[Entry] = []
    blank: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    check = _RowCheck(sheet, evaluator, method)
    for row in sheet.rows:
        entry, found = check.entry(row)
        problems += found
        if entry is None or entry.value is None:
            if not found and is_blank(row.value("score")) and not is_blank(row.value("bid")):
                blank.append((text_of_value(row.value("bid")) or "", text_of_value(row.value("criterion")) or ""))
        if entry is None:
            continue
        key = (entry.bid, entry.criterion)
        if key in seen:
            problems.append(Problem(entry.where, f"{entry.bid} {entry.criterion} appears twice in this sheet "
                                                 f"(first at {seen[key]}); expected one row per bid and criterion"))
            continue
        seen[key] = entry.where
        entries.append(entry)
    return Checked(sheet.label, evaluator, entries, problems, blank)


def identity_problems(sheet: Sheet, method: Method) -> list[Problem]:
    """Is this sheet made by udc, for this round, for a member of it, under the current method?"""
    missing = [key for key in IDENTITY if key not in sheet.identity or text_of(sheet.identity[key]) is None]
    if missing:
        return [Problem(sheet.where, f"the identity block lacks {', '.join(missing)}; expected rows "
                                     f"{', '.join(IDENTITY)} above the header, as 'udc sheets' writes them")]
    formulas = [c for c in sheet.identity.values() if c.formula]
    if formulas:
        return [Problem(c.where, "holds a formula; udc never evaluates formulas: expected the identity block "
                                 "as 'udc sheets' wrote it") for c in formulas]
    ident = {key: text_of(cell) or "" for key, cell in sheet.identity.items()}  # IDENTITY keys: all present
    cell = sheet.identity
    round_id = method.round.round.id
    if ident["sheet"] != SHEET_VERSION:
        return [Problem(cell["sheet"].where, f"'{ident['sheet']}' is not a sheet layout udc knows; expected "
                                             f"'{SHEET_VERSION}'")]
    if ident["round"] != round_id:
        return [Problem(cell["round"].where, f"this sheet is for round '{ident['round']}', not '{round_id}'; "
                                             "expected a sheet made for this round")]
    if check_code(ident["round"], ident["evaluator"], ident["method"]) != ident["check"]:
        return [Problem(cell["check"].where, "the identity block was changed after udc made the sheet (the check "
                                             "code no longer matches its round, evaluator and method); expected "
                                             "rows 1 to 5 as 'udc sheets' wrote them: send the evaluator a fresh "
                                             "sheet")]
    if ident["evaluator"] not in method.group_of:
        return [Problem(cell["evaluator"].where, f"evaluator '{ident['evaluator']}' is not a member of any group "
                                                 f"of round '{round_id}'; expected one of: "
                                                 f"{', '.join(sorted(method.group_of))}")]
    digest = method_digest(method.round)
    if ident["method"] != digest:
        return [Problem(cell["method"].where, f"the sheet was made for method {ident['method']}, but the round's "
                                              f"method is now {digest}: the assessment method changed after the "
                                              "sheet went out; expected a fresh sheet (run 'udc sheets' again)")]
    return []


class _RowCheck:
    """Checks the data rows of one sheet: what every row needs is worked out once, for the sheet."""

    def __init__(self, sheet: Sheet, evaluator: str, method: Method):
        self.evaluator, self.method = evaluator, method
        self.bids: set[str] = {b.id for b in method.round.bids}
        self.assessed: set[str] = {c.id for c in criteria_of(method, method.group_of[evaluator])}
        self.group = method.group_of[evaluator]
        self.conflicted = set(method.conflicts.get(evaluator, ()))
        self.held = method.round.scores.get(evaluator, {})
        header = sheet.header  # bid, criterion and score are always there (the header row has them)
        self.at = (header["score"], header.get("absent", -1), header.get("reason", -1), header["bid"],
                   header["criterion"])

    def entry(self, row: Row) -> tuple[Entry | None, list[Problem]]:
        """One data row: the entry it gives (None for a row without scores) and its problems.

        It reads the row's values; a cell's location is named only for an entry or a problem.
        """
        if row.grid.formulas and (problems := [
                Problem(c.where, f"the {name} cell holds a formula; udc never evaluates formulas: expected "
                                 "the value itself, typed in (start text with an apostrophe to keep it as text)")
                for name, c in row.formulas()]):
            return None, problems
        values, method, evaluator = row.values, self.method, self.evaluator
        width = len(values)
        at_score, at_absent, at_reason, at_bid, at_criterion = self.at
        score = values[at_score] if at_score < width else None
        absent_value = values[at_absent] if 0 <= at_absent < width else None
        reason_value = values[at_reason] if 0 <= at_reason < width else None
        if is_blank(score) and is_blank(absent_value) and is_blank(reason_value):
            return None, []  # nothing given: the round is left as it is
        bid = text_of_value(values[at_bid] if at_bid < width else None)
        cid = text_of_value(values[at_criterion] if at_criterion < width else None)
        if bid not in self.bids:
            return None, [Problem(row.where("bid"), f"unknown bid '{bid or ''}'; expected one of: "
                                                    f"{', '.join(sorted(self.bids))}")]
        criterion = method.criterion(cid) if cid else None
        if cid not in self.assessed or criterion is None:  # every assessed criterion is known
            what = "unknown criterion" if criterion is None else f"{self.group} does not assess criterion"
            return None, [Problem(row.where("criterion"),
                                  f"{what} '{cid or ''}'; expected one of the criteria {evaluator} assesses: "
                                  f"{', '.join(sorted(self.assessed))}")]
        if bid in self.conflicted:
            return None, [Problem(row.where("score"), f"{evaluator} declared a conflict of interest with bid "
                                                      f"'{bid}'; expected no score from a conflicted member")]
        spec: PassFail | Scored = criterion if isinstance(criterion, PassFail) else criterion.spec
        absent, problem = absent_of(absent_value)
        if problem:
            return None, [Problem(row.where("absent"), problem)]
        reason = text_of_value(reason_value)
        if absent:
            if not is_blank(score):
                return None, [Problem(row.where("score"), f"{bid} {cid} has both a score and absent; expected one "
                                                          "of them")]
            held = self.held.get(bid, {}).get(cid)
            if reason is None and not (held is not None and held.score == ABSENT):
                return None, [Problem(row.where("reason"),
                                      f"{bid} {cid} is marked absent without a reason; expected the reason it "
                                      "was not assessed (illness, a missed interview)")]
            return Entry(evaluator, bid, cid, ABSENT, reason, row.where("absent")), []
        if is_blank(score):
            return Entry(evaluator, bid, cid, None, reason, row.where("reason")), []
        value, problem = _score(score, spec, method)
        if problem:
            return None, [Problem(row.where("score"), problem)]
        return Entry(evaluator, bid, cid, value, reason, row.where("score")), []
