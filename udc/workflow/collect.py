"""Reading returned score sheets and turning them into edits of the round.

Three steps, each a plain function:

1. :func:`read_sheet` reads a file into a grid of cells, whatever saved it:
   an xlsx workbook (read with openpyxl in read-only mode, cached values only,
   macros ignored: nothing is ever evaluated; a cell holding a formula is
   refused) or a CSV file (UTF-8 with or without a byte-order mark, or
   Windows-1252 as older Excel saves it; comma, semicolon or tab; CRLF or LF).
   A file that is too big, not a spreadsheet, or not a udc sheet raises
   :class:`SheetUnreadable`.
2. :func:`validate` checks the sheet against the round: its identity block
   (round id, evaluator, method digest, check code), then every row (known bid
   and criterion that this evaluator assesses, no conflict of interest, values
   on the scale, a reason for ``absent``). It returns :class:`Entry` objects
   and :class:`Problem` objects; it never stops at the first problem.
3. :func:`apply` merges entries into a :class:`~udc.edit.RoundEdit`: a
   different score already there is a conflict unless the caller gives a reason
   to replace it. Blank cells are never entries, so they leave scores alone.

Locations: a cell of a workbook is ``file:Scores!F9``, as Excel names it; a
field of a CSV file is ``file:ROW:COLUMN`` (both counted from 1, as a
spreadsheet program shows them when it opens the file).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from udc.core.fields import ABSENT
from udc.core.method import Method
from udc.core.model import PassFail
from udc.core.seal import method_digest
from udc.workflow.sheets import HEADER, IDENTITY, SCORES, SHEET_VERSION, check_code, criteria_of
from udc.core.formulas import restore

MAX_BYTES = 5 * 1024 * 1024  # a sheet of 100 bids x 50 criteria is well under 1 MB
MAX_UNPACKED = 50 * 1024 * 1024  # an xlsx is a zip file: refuse zip bombs
MAX_ROWS = 100_000
REQUIRED = ("bid", "criterion", "score")
ABSENT_YES = {"absent", "yes", "y", "x", "true"}
ABSENT_NO = {"", "no", "n", "false"}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_COMMA_NUMBER = re.compile(r"[0-9]+,[0-9]+")


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    severity: str = "error"

    def text(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


class SheetUnreadable(Exception):
    """The file cannot be read as a score sheet at all."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: error: {message}")
        self.problem = Problem(where, message)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Cell:
    value: Any  # None, str, int, float, bool, datetime ...
    where: str
    formula: bool = False

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Sheet:
    """A returned sheet: its identity block and its data rows, keyed by header name."""

    label: str
    identity: dict[str, Cell]
    header: dict[str, int]
    rows: list[dict[str, Cell]] = field(default_factory=list)
    where: str = ""


def read_sheet(path: Path | str, label: str | None = None) -> Sheet:
    """Read a returned sheet (xlsx or CSV). Raises :class:`SheetUnreadable`."""
    path = Path(path)
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SheetUnreadable(label, f"the file is {size:,} bytes; a score sheet is at most {MAX_BYTES:,} "
                                         "bytes (is it the right file?)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SheetUnreadable(label, "is a folder; expected a score sheet (.xlsx or .csv)") from None
    except FileNotFoundError:
        raise SheetUnreadable(label, "no such file; expected a score sheet (.xlsx or .csv)") from None
    except OSError as exc:
        raise SheetUnreadable(label, f"cannot read the file ({exc.strerror})") from None
    if raw.startswith(b"PK"):
        return parse_grid(xlsx_grid(raw, label), label, lambda r, c: f"{label}:{SCORES}!{_letter(c)}{r}")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetUnreadable(label, "is an old-style Excel file (.xls); expected .xlsx or .csv: open it and "
                                     "save it as an Excel workbook (.xlsx)")
    return parse_grid(csv_grid(raw, label), label, lambda r, c: f"{label}:{r}:{c}")


def xlsx_grid(raw: bytes, label: str) -> list[list[Cell]]:
    """The Scores sheet's cells: cached values only; formula cells are marked, never evaluated."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetUnreadable(label, "is not a readable xlsx workbook (damaged zip); expected .xlsx or .csv") \
            from None
    if unpacked > MAX_UNPACKED:
        raise SheetUnreadable(label, f"unpacks to {unpacked:,} bytes; a score sheet unpacks to at most "
                                     f"{MAX_UNPACKED:,} bytes")
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_vba=False)
        formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetUnreadable(label, f"is not a readable xlsx workbook ({type(exc).__name__}); expected a "
                                     "workbook saved by Excel or LibreOffice") from None
    try:
        if SCORES not in values.sheetnames:
            raise SheetUnreadable(label, f"has no sheet named '{SCORES}' (it has: {', '.join(values.sheetnames)});"
                                         " expected a score sheet made by 'udc sheets'")
        found = set()
        ws_f = formulas[SCORES]
        ws_f.reset_dimensions()
        for r, row in enumerate(ws_f.iter_rows(), start=1):
            if r > MAX_ROWS:
                break
            for c, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", None) == "f":
                    found.add((r, c))
        ws = values[SCORES]
        ws.reset_dimensions()
        grid = []
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if r > MAX_ROWS:
                raise SheetUnreadable(label, f"has more than {MAX_ROWS:,} rows; expected a score sheet")
            grid.append([Cell(v, f"{label}:{SCORES}!{_letter(c)}{r}", (r, c) in found)
                         for c, v in enumerate(row, start=1)])
        for r, c in found:  # a formula with no cached value reads as None: keep it, marked
            while len(grid) < r:
                grid.append([])
            while len(grid[r - 1]) < c:
                grid[r - 1].append(Cell(None, f"{label}:{SCORES}!{_letter(len(grid[r - 1]) + 1)}{r}"))
            cell = grid[r - 1][c - 1]
            grid[r - 1][c - 1] = Cell(cell.value, cell.where, True)
        return grid
    finally:
        values.close()
        formulas.close()


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def decode_csv(raw: bytes, label: str) -> str:
    """CSV text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's 'CSV')."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetUnreadable(label, "is not readable UTF-16 text; expected a CSV score sheet") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise SheetUnreadable(label, "holds NUL bytes: it is not a CSV file; expected .xlsx or .csv")
    return text


def csv_grid(raw: bytes, label: str) -> list[list[Cell]]:
    """The fields of a CSV sheet; the delimiter is the one that makes a header row appear."""
    text = decode_csv(raw, label)
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
        except csv.Error as exc:
            raise SheetUnreadable(label, f"is not readable CSV ({exc})") from None
        if any(_is_header([v.strip().lower() for v in row]) for row in rows):
            break
    else:
        raise SheetUnreadable(label, "has no header row (bid, criterion, score, ...); expected a score sheet "
                                     "made by 'udc sheets'")
    if len(rows) > MAX_ROWS:
        raise SheetUnreadable(label, f"has more than {MAX_ROWS:,} rows; expected a score sheet")
    return [[Cell(v, f"{label}:{r}:{c}", v.lstrip().startswith("=")) for c, v in enumerate(row, start=1)]
            for r, row in enumerate(rows, start=1)]


def _is_header(names: list[str]) -> bool:
    return all(name in names for name in REQUIRED)


def parse_grid(grid: list[list[Cell]], label: str, locate) -> Sheet:
    """Split a grid into the identity block (before the header row) and the data rows.

    ``locate(row, column)`` names a cell that the file leaves out (a short row).
    """
    header_at = next((i for i, row in enumerate(grid) if _is_header([_name(c) for c in row])), None)
    if header_at is None:
        raise SheetUnreadable(label, "has no header row (bid, criterion, score, ...); expected a score sheet "
                                     "made by 'udc sheets'")
    identity: dict[str, Cell] = {}
    for row in grid[:header_at]:
        if len(row) >= 2 and _name(row[0]) in IDENTITY and _name(row[0]) not in identity:
            identity[_name(row[0])] = row[1]
    header = {}
    for i, cell in enumerate(grid[header_at]):
        name = _name(cell)
        if name in HEADER and name not in header:
            header[name] = i
    sheet = Sheet(label, identity, header, where=grid[header_at][0].where)
    for r, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        cells = {name: row[i] if i < len(row) else Cell(None, locate(r, i + 1)) for name, i in header.items()}
        sheet.rows.append(cells)
    return sheet


def _name(cell: Cell) -> str:
    return cell.value.strip().lower() if isinstance(cell.value, str) else ""


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
    value = cell.value
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


def score_of(cell: Cell, criterion, method: Method) -> tuple[str | None, str | None]:
    """``(value, problem)``: the score or mark in ``cell`` as text, or what is wrong with it."""
    value = cell.value
    expected = "pass or fail" if isinstance(criterion, PassFail) else method.scale.describe()
    if isinstance(value, bool):
        return None, f"{'TRUE' if value else 'FALSE'} is not a score; expected {expected}"
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return None, f"the spreadsheet turned this score into a date or time ({value}); expected {expected}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{value} is not a score; expected {expected}"
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
            return None, f"'{text}' is a mark, but {criterion.id} is scored; expected {expected}"
        return None, f"'{text}' is not a score; expected {expected}"
    number = Decimal(text)
    if not method.scale.contains(number):
        return None, f"{text} is not on the scale; expected {expected}"
    return number_text(number), None


def absent_of(cell: Cell) -> tuple[bool, str | None]:
    text = (text_of(cell) or "").lower()
    if text in ABSENT_YES:
        return True, None
    if text in ABSENT_NO:
        return False, None
    return False, f"'{text}' in the absent column; expected absent (or blank)"


# ---------------------------------------------------------------- validating


def validate(sheet: Sheet, method: Method) -> tuple[list[Entry], list[Problem]]:
    """Entries the sheet gives, and every problem with it (identity first, then each row)."""
    problems = identity_problems(sheet, method)
    if problems:
        return [], problems
    evaluator = text_of(sheet.identity["evaluator"])
    entries: list[Entry] = []
    seen: dict[tuple[str, str], str] = {}
    for row in sheet.rows:
        entry, found = row_entry(row, evaluator, method)
        problems += found
        if entry is None:
            continue
        key = (entry.bid, entry.criterion)
        if key in seen:
            problems.append(Problem(entry.where, f"{entry.bid} {entry.criterion} appears twice in this sheet "
                                                 f"(first at {seen[key]}); expected one row per bid and criterion"))
            continue
        seen[key] = entry.where
        entries.append(entry)
    return entries, problems


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
    ident = {key: text_of(cell) for key, cell in sheet.identity.items()}
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


def row_entry(row: dict[str, Cell], evaluator: str, method: Method) -> tuple[Entry | None, list[Problem]]:
    """One data row: the entry it gives (None for a row without scores) and its problems."""
    problems = [Problem(c.where, f"the {name} cell holds a formula; udc never evaluates formulas: expected "
                                 "the value itself, typed in (start text with an apostrophe to keep it as text)")
                for name, c in row.items() if c.formula]
    if problems:
        return None, problems
    blank = Cell(None, row["score"].where)
    score_cell, absent_cell, reason_cell = row["score"], row.get("absent", blank), row.get("reason", blank)
    if score_cell.blank and absent_cell.blank and reason_cell.blank:
        return None, []  # nothing given: the round is left as it is
    bid_cell, crit_cell = row["bid"], row["criterion"]
    bid, cid = text_of(bid_cell), text_of(crit_cell)
    bids = {b.id for b in method.round.bids}
    group = method.group_of[evaluator]
    if bid not in bids:
        return None, [Problem(bid_cell.where, f"unknown bid '{bid or ''}'; expected one of: "
                                                                  f"{', '.join(sorted(bids))}")]
    criterion = method.criterion(cid) if cid else None
    assessed = {c.id for c in criteria_of(method, group)}
    if cid not in assessed:
        what = "unknown criterion" if criterion is None else f"{group} does not assess criterion"
        return None, [Problem(crit_cell.where,
                              f"{what} '{cid or ''}'; expected one of the criteria {evaluator} assesses: "
                              f"{', '.join(sorted(assessed))}")]
    if bid in method.conflicts.get(evaluator, ()):
        return None, [Problem(score_cell.where, f"{evaluator} declared a conflict of interest with bid '{bid}'; "
                                                "expected no score from a conflicted member")]
    if isinstance(criterion, PassFail):
        spec = criterion
    else:
        spec = method.scored_by_id(cid).spec
    absent, problem = absent_of(absent_cell)
    if problem:
        return None, [Problem(absent_cell.where, problem)]
    reason = text_of(reason_cell)
    if absent:
        if not score_cell.blank:
            return None, [Problem(score_cell.where, f"{bid} {cid} has both a score and absent; expected one of "
                                                    "them")]
        held = method.round.scores.get(evaluator, {}).get(bid, {}).get(cid)
        if reason is None and not (held is not None and held.score == ABSENT):
            return None, [Problem(reason_cell.where,
                                  f"{bid} {cid} is marked absent without a reason; expected the reason it "
                                  "was not assessed (illness, a missed interview)")]
        return Entry(evaluator, bid, cid, ABSENT, reason, absent_cell.where), []
    if score_cell.blank:
        return Entry(evaluator, bid, cid, None, reason, reason_cell.where), []
    value, problem = score_of(score_cell, spec, method)
    if problem:
        return None, [Problem(score_cell.where, problem)]
    return Entry(evaluator, bid, cid, value, reason, score_cell.where), []


def merge_entries(sheets: list[list[Entry]]) -> tuple[list[Entry], list[Problem]]:
    """Entries of all sheets; the same cell given two different values by two sheets is an error."""
    first: dict[tuple[str, str, str], Entry] = {}
    merged, problems = [], []
    for entries in sheets:
        for entry in entries:
            key = (entry.evaluator, entry.bid, entry.criterion)
            other = first.get(key)
            if other is None:
                first[key] = entry
                merged.append(entry)
            elif other.value != entry.value or (entry.reason and other.reason != entry.reason):
                problems.append(Problem(entry.where, f"{'/'.join(key)} is {_shown(entry.value)} here but "
                                                     f"{_shown(other.value)} in {other.where}; expected one value "
                                                     "per cell: collect one of the two sheets"))
    return merged, problems


def _shown(value: str | None) -> str:
    return "blank" if value is None else value


# ---------------------------------------------------------------- merging


@dataclass(frozen=True)
class Change:
    kind: str  # added | replaced | updated
    entry: Entry
    old: str | None

    def text(self) -> str:
        e = self.entry
        cell = f"{e.evaluator} {e.bid} {e.criterion}"
        if self.kind == "added":
            return f"add {cell}: {e.value}" + (f" (reason: {e.reason})" if e.reason else "") + f"  [{e.where}]"
        if self.kind == "replaced":
            return f"replace {cell}: {self.old} -> {e.value}  [{e.where}]"
        return f"add reason {cell}: {e.reason}  [{e.where}]"


@dataclass
class Merge:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def apply(edit, entries: list[Entry], method: Method, replace_why: str | None = None) -> Merge:
    """Merge ``entries`` into ``edit`` (a :class:`~udc.edit.RoundEdit`); conflicts become problems."""
    from udc.workflow.edit import EditConflict, EditError

    merge = Merge()
    require = method.round.round.require_reasons
    for entry in entries:
        old = edit.score(entry.evaluator, entry.bid, entry.criterion)
        value = entry.value if entry.value is not None else old
        if value is None:
            merge.problems.append(Problem(entry.where, f"a reason for {entry.bid} {entry.criterion} without a "
                                                       "score; expected a score (or absent) beside it"))
            continue
        held = method.round.scores.get(entry.evaluator, {}).get(entry.bid, {}).get(entry.criterion)
        if require and not entry.reason and not (held is not None and held.reason and _same(old, value)):
            merge.problems.append(Problem(entry.where, f"{entry.bid} {entry.criterion} has no reason; expected "
                                                       "a reason for every score (round.require_reasons is true)"))
            continue
        try:
            kind = edit.set_score(entry.evaluator, entry.bid, entry.criterion, value, reason=entry.reason,
                                  replace_why=replace_why)
        except EditConflict as exc:
            merge.problems.append(Problem(entry.where, f"{entry.evaluator} {entry.bid} {entry.criterion}: the "
                                                       f"round holds {exc.old}, the sheet says {exc.new}; "
                                                       "expected the same score, or --replace --why TEXT to "
                                                       "record the change"))
            continue
        except EditError as exc:
            merge.problems.append(Problem(entry.where, exc.message))
            continue
        if kind == "unchanged":
            merge.unchanged += 1
            if entry.reason and held is not None and held.reason and held.reason != entry.reason \
                    and _same(old, value):
                merge.notes.append(Problem(entry.where, f"the reason differs from the one on record for "
                                                        f"{entry.evaluator} {entry.bid} {entry.criterion}; the "
                                                        "recorded reason is kept", "warning"))
        else:
            merge.changes.append(Change(kind, entry, old))
    return merge


def _same(old: str | None, new: str) -> bool:
    if old is None:
        return False
    try:
        return Decimal(old) == Decimal(new)
    except InvalidOperation:
        return old == new


# ---------------------------------------------------------------- the whole collect


@dataclass
class Outcome:
    edit: Any  # the RoundEdit, or None when the round could not be opened for editing
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    unreadable: bool = False

    def summary(self, sheets: int) -> str:
        kinds = {k: sum(1 for c in self.changes if c.kind == k) for k in ("added", "replaced", "updated")}
        return (f"{sheets} sheet{'s' if sheets != 1 else ''}: {kinds['added']} scores added, "
                f"{kinds['replaced']} replaced, {kinds['updated']} reasons added, {self.unchanged} unchanged")


def run(round_path: Path | str, checked, files: list[Path], replace_why: str | None = None) -> Outcome:
    """Read and check every sheet, merge what they give into the round (in memory), re-check the result.

    Nothing is written here: the caller saves ``outcome.edit`` when there are no problems.
    """
    from udc.core.diagnostics import UnreadableInput
    from udc.workflow.edit import EditError, RoundEdit

    method = checked.method
    outcome = Outcome(None)
    per_sheet = []
    for path in files:
        try:
            sheet = read_sheet(path)
        except SheetUnreadable as exc:
            outcome.problems.append(exc.problem)
            outcome.unreadable = True
            continue
        entries, found = validate(sheet, method)
        outcome.problems += found
        per_sheet.append(entries)
    entries, found = merge_entries(per_sheet)
    outcome.problems += found
    try:
        outcome.edit = RoundEdit.open(round_path)
    except UnreadableInput as exc:
        outcome.problems += [Problem(f"{d.path}:{d.line}:{d.col}", d.message) for d in exc.diagnostics]
        outcome.unreadable = True
        return outcome
    except EditError as exc:
        outcome.problems.append(Problem(str(round_path), exc.message))
        outcome.unreadable = True
        return outcome
    merge = apply(outcome.edit, entries, method, replace_why)
    outcome.changes, outcome.unchanged = merge.changes, merge.unchanged
    outcome.problems += merge.problems
    outcome.notes += merge.notes
    if not outcome.problems and outcome.changes:  # a change is an edit: no need to dump the text to know
        outcome.problems += recheck(outcome.edit.text(), str(round_path))
    return outcome


def recheck(text: str, label: str) -> list[Problem]:
    """The edited round checked as ``udc check`` would: a collect never leaves an invalid round."""
    from udc.core.diagnostics import UnreadableInput, errors
    from udc.core.pipeline import check_text

    try:
        checked = check_text(text, label)
    except UnreadableInput as exc:
        found = exc.diagnostics
    else:
        found = errors(checked.diagnostics)
    return [Problem(f"{d.path}:{d.line}:{d.col}", f"after collecting, the round would break a rule: "
                                                  f"{d.message}") for d in found]
