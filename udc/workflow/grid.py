"""Reading a returned score sheet into a grid of cells, whatever saved it.

A returned sheet is hostile input: it comes back from outside, through
spreadsheet programs and e-mail. Reading it is bounded by what a sheet of the
round can hold (rows and columns udc wrote), never by the file's size:

* an xlsx workbook's Scores sheet is read straight from its XML
  (:mod:`udc.workflow.sheetxml`), one pass over at most :func:`row_limit` rows
  and :data:`MAX_COLS` columns, cached values only (a formula is marked, never
  evaluated; macros are ignored); a workbook that declares a DTD is refused
  before any XML parser sees it, and a damaged one (bad shared string, bad
  date, malformed XML, a column past XFD, text in a number cell) is refused
  with the row where reading stopped;
* a CSV file is UTF-8 (with or without a byte-order mark), UTF-16 with a
  byte-order mark, or wholly Windows-1252 as older Excel saves it; UTF-8 with a
  stray Windows-1252 byte, an unbalanced quote, or a row that swallowed the
  rows after it are refused with their line.

Anything else (a PDF, a Word file, a round file) is named for what it is.
Every refusal is a :class:`SheetUnreadable` carrying a located :class:`Problem`.

Locations: a cell of a workbook is ``file:Scores!F9``, as Excel names it; a
field of a CSV file is ``file:ROW:COLUMN`` (both counted from 1, as a
spreadsheet program shows them when it opens the file).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from udc.core import filekind
from udc.workflow.sheets import HEADER, SCORES

MAX_BYTES = 5 * 1024 * 1024  # a sheet of 100 bids x 50 criteria is well under 1 MB
MAX_UNPACKED = 50 * 1024 * 1024  # an xlsx is a zip file: refuse zip bombs
MAX_COLS = 2 * len(HEADER)  # udc writes len(HEADER) columns; a few added for notes are read past
_WIDE_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{3,})([0-9]+)"')
# A quick look first (a literal start makes the search fast): no sheet udc writes has a reference of 3 letters
_ANY_WIDE_REF = [re.compile(space + rb'r="[A-Z]{3,}[0-9]') for space in (b" ", b"\t", b"\n", b"\r")]
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


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


class Cell:
    """One cell of a sheet: its value, where it is (``file:Scores!F9`` or ``file:9:6``) and whether it holds a formula.

    ``where`` may be given as ``(grid, row, column)``: it is then named only when asked for.
    """

    __slots__ = ("value", "formula", "_where")

    def __init__(self, value: Any, where: str | tuple[Grid, int, int], formula: bool = False):
        self.value = value  # None, str, int, float, bool, datetime ...
        self.formula = formula
        self._where = where

    @property
    def where(self) -> str:
        where = self._where
        if isinstance(where, tuple):
            where = self._where = where[0].where(where[1], where[2])
        return where

    @property
    def blank(self) -> bool:
        return blank(self.value)

    def __repr__(self) -> str:
        return f"Cell({self.value!r}, {self.where!r}, formula={self.formula})"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Grid:
    """The values of a sheet row by row (rows and columns counted from 1) and the cells that hold a formula."""

    rows: list[list[Any]]
    formulas: set[tuple[int, int]]
    label: str
    kind: str  # xlsx | csv

    def where(self, row: int, column: int) -> str:
        if self.kind == "xlsx":
            return f"{self.label}:{SCORES}!{column_letter(column)}{row}"
        return f"{self.label}:{row}:{column}"

    def cell(self, row: int, column: int) -> Cell:
        values = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return Cell(values[column - 1] if column <= len(values) else None, (self, row, column),
                    (row, column) in self.formulas)


def column_letter(column: int, known: dict[int, str] = {}) -> str:  # noqa: B006 - a cache on purpose
    """Excel's name of a column counted from 1: A, B, ... Z, AA ..."""
    if column in known:
        return known[column]
    number, letters = column, ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    if len(known) < 1024:
        known[number] = letters
    return letters


def read_grid(path: Path | str, max_rows: int, label: str | None = None) -> Grid:
    """The cells of a returned sheet (``xlsx`` or ``csv``: its ``kind``); at most ``max_rows`` rows are read.

    Raises :class:`SheetUnreadable`.
    """
    label = label or str(path)
    try:
        raw = filekind.read_regular(path, MAX_BYTES)
    except filekind.TooLarge:
        raise SheetUnreadable(label, f"the file is larger than {MAX_BYTES:,} bytes; a score sheet is at most "
                                     f"{MAX_BYTES:,} bytes (is it the right file?)") from None
    except filekind.NotARegularFile as exc:
        raise SheetUnreadable(label, f"is {exc.kind}; expected a score sheet (.xlsx or .csv)") from None
    except FileNotFoundError:
        raise SheetUnreadable(label, "no such file; expected a score sheet (.xlsx or .csv)") from None
    except OSError as exc:
        raise SheetUnreadable(label, f"cannot read the file ({exc.strerror})") from None
    kind = filekind.describe(raw)
    if kind in (filekind.WORKBOOK, filekind.DAMAGED_ZIP):
        return xlsx_grid(raw, label, max_rows)
    if kind is not None and not kind.sheet:
        advice = ("open it and save it as an Excel workbook (.xlsx)" if kind.name in ("xls", "ods")
                  else "expected a score sheet made by 'udc sheets' (.xlsx or .csv)")
        raise SheetUnreadable(label, f"this is {kind.what}, not a score sheet; {advice}")
    if filekind.looks_like_round(raw):
        raise SheetUnreadable(label, "this is a udc round file, not a score sheet; the round comes first: "
                                     "'udc collect ROUND SHEET...'")
    return csv_grid(raw, label, max_rows)


# ---------------------------------------------------------------- xlsx


def xlsx_grid(raw: bytes, label: str, max_rows: int) -> Grid:
    """The Scores sheet's cells, one bounded pass over its XML (:mod:`udc.workflow.sheetxml`); formulas are marked."""
    worksheets = _check_archive(raw, label)
    from udc.workflow import sheetxml

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            rows, formulas = sheetxml.read_sheet(archive, SCORES, max_rows, MAX_COLS, worksheets)
    except sheetxml.NoSuchSheet as exc:
        raise SheetUnreadable(label, f"has no sheet named '{SCORES}' (it has: {', '.join(exc.names)}); expected a "
                                     "score sheet made by 'udc sheets'") from None
    except sheetxml.WorkbookError as exc:
        raise SheetUnreadable(label, f"is not a readable xlsx workbook ({exc}); expected a workbook saved by Excel "
                                     "or LibreOffice") from None
    except sheetxml.SheetDamaged as exc:  # damaged XML, shared strings, dates, text in a number cell
        raise SheetUnreadable(f"{label}:{SCORES}!A{exc.row}", f"the workbook is damaged here and cannot be read "
                                                              f"({exc}); expected a workbook saved by Excel or "
                                                              "LibreOffice") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise SheetUnreadable(label, "is not a readable xlsx workbook (damaged zip); expected .xlsx or .csv") \
            from None
    if len(rows) > max_rows:
        if any(not blank(v) for v in rows[max_rows]):
            raise SheetUnreadable(f"{label}:{SCORES}!A{max_rows + 1}", f"the sheet goes on past row {max_rows}; a "
                                                                       "score sheet of this round has at most "
                                                                       f"{max_rows} rows")
        del rows[max_rows:]
    return Grid(rows, formulas, label, "xlsx")


def _check_archive(raw: bytes, label: str) -> dict[str, bytes]:
    """Refuse a zip bomb, and any XML part that declares a DTD (entity expansion), before parsing.

    Returns the worksheets' XML, read to look for columns past XFD (and not read again).
    """
    worksheets = {}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED:
                raise SheetUnreadable(label, f"unpacks to {unpacked:,} bytes; a score sheet unpacks to at most "
                                             f"{MAX_UNPACKED:,} bytes")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        head = part.read(65536)
                        if b"<!" in head and _DTD.search(head):  # a literal search first: fast
                            raise SheetUnreadable(f"{label}:{info.filename}", "declares a DTD; a workbook saved "
                                                  "by Excel or LibreOffice has none (udc does not expand XML "
                                                  "entities)")
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    worksheets[info.filename] = archive.read(info)
                    _refuse_columns_past_xfd(worksheets[info.filename], label)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise SheetUnreadable(label, "is not a readable xlsx workbook (damaged zip); expected .xlsx or .csv") \
            from None
    return worksheets


def _refuse_columns_past_xfd(xml: bytes, label: str) -> None:
    """A cell reference past Excel's last column (XFD): no program saves one; openpyxl would misread it."""
    if not any(quick.search(xml) for quick in _ANY_WIDE_REF):
        return
    for match in _WIDE_REF.finditer(xml):
        letters = match.group(1).decode("ascii")
        if len(letters) > 3 or letters > "XFD":
            raise SheetUnreadable(f"{label}:{SCORES}!A{int(match.group(2))}",
                                  f"a cell at column {letters}, past Excel's last column (XFD): the workbook is "
                                  "damaged; expected a workbook saved by Excel or LibreOffice")


# ---------------------------------------------------------------- CSV


def decode_csv(raw: bytes, label: str) -> str:
    """CSV text: UTF-8 (with or without BOM), UTF-16 with BOM, else wholly Windows-1252 (Excel's 'CSV')."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetUnreadable(label, "is not readable UTF-16 text; expected a CSV score sheet") from None
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _windows_1252(raw, exc.start + len(raw) - len(body), label)
    if "\x00" in text:
        raise SheetUnreadable(label, "holds NUL bytes: it is not a CSV file; expected .xlsx or .csv")
    return text


def _windows_1252(raw: bytes, at: int, label: str) -> str:
    """A file that is not UTF-8 (``at`` is its first bad byte): Windows-1252 only if nothing in it is UTF-8.

    A UTF-8 file with one byte from a Windows program would otherwise be read
    whole as Windows-1252, every accented letter garbled ("CafÃ©").
    """
    line = raw.count(b"\n", 0, at) + 1
    col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    where = f"{label}:{line}:{col}"
    mixed = raw.startswith(b"\xef\xbb\xbf") or re.search(rb"[\xc2-\xf4][\x80-\xbf]+", raw) is not None
    if mixed:
        raise SheetUnreadable(where, f"byte 0x{raw[at]:02x} is not UTF-8, but the rest of the file is; "
                                     "expected one encoding throughout: save the file again as CSV UTF-8")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        raise SheetUnreadable(f"{label}:{line}", f"byte 0x{raw[bad.start]:02x} is neither UTF-8 nor Windows-1252 "
                                                 "text; expected a CSV file saved as CSV UTF-8") from None


def csv_grid(raw: bytes, label: str, max_rows: int) -> Grid:
    """The fields of a CSV sheet; the delimiter is the one that makes a header row appear."""
    text = decode_csv(raw, label)
    for delimiter in (",", ";", "\t"):
        rows = _csv_rows(text, delimiter, label, max_rows)
        if any(_is_header([v.strip().lower() for v in row]) for row in rows):
            break
    else:
        raise SheetUnreadable(label, "has no header row (bid, criterion, score, ...); expected a score sheet "
                                     "made by 'udc sheets'")
    _refuse_joined_rows(rows, delimiter, label)
    rows = [row[:MAX_COLS] if len(row) > MAX_COLS else row for row in rows]
    formulas = {(r, c) for r, row in enumerate(rows, start=1) if "=" in "".join(row)
                for c, v in enumerate(row, start=1) if v.lstrip().startswith("=")}
    return Grid(rows, formulas, label, "csv")


def _csv_rows(text: str, delimiter: str, label: str, max_rows: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(rows) >= max_rows:
                if any(v.strip() for v in row):
                    raise SheetUnreadable(f"{label}:{reader.line_num}", f"the sheet goes on past row {max_rows}; "
                                                                        "a score sheet of this round has at most "
                                                                        f"{max_rows} rows")
                continue
            rows.append(row)
    except csv.Error as exc:
        what = "a quoted field is never closed" if "end of data" in str(exc) else "a quote is out of place"
        raise SheetUnreadable(f"{label}:{reader.line_num}", f"{what} (an unbalanced quote, {exc}); expected "
                                                            "each quote closed: check this line in a text "
                                                            "editor") from None
    return rows


def _refuse_joined_rows(rows: list[list[str]], delimiter: str, label: str) -> None:
    """A field holding line breaks followed by what looks like whole rows: quotes that balance by chance."""
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if "\n" not in value and "\r" not in value:
                continue
            inner = value.splitlines()[1:]
            if any(line.count(delimiter) >= len(HEADER) - 2 for line in inner):
                raise SheetUnreadable(f"{label}:{r}:{c}", "this field runs over several lines that look like "
                                                          "rows of the sheet (an unbalanced quote joins them); "
                                                          "expected each quote closed on its own row")


def _is_header(names: list[str]) -> bool:
    return all(name in names for name in ("bid", "criterion", "score"))
