"""The Scores sheet's bid × criterion rows, written into the workbook XlsxWriter made.

XlsxWriter writes everything else of a score sheet (styles, the identity block,
validations, protection, the table, the Rubric sheet, the package). Cell by
cell through it, the rows of a large round were two thirds of ``udc sheets``
(64,000 rows of 8 cells: 1.7 s of 2.7 s); here each row is one string. The
sheet XlsxWriter wrote holds one sample row of blank cells in the first data
row, in each column's look: its cells' style numbers are the looks given to
every row, and the rows written here take its place.

The cells are what a spreadsheet program writes: ``<c r="B8" s="2" t="s">``
with the text in the workbook's shared-string table (added after the strings
XlsxWriter stored), numbers as ``<v>``, blank entry cells as ``<c r="G8" s="3"/>``
(they carry the unlocked look). Text is escaped for XML and a carriage return
is written as a character reference, so that it reads back as itself; no text
is ever a formula.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from udc.core.diagnostics import CannotWrite
from udc.core.fields import ABSENT
from udc.workflow.sheets import HEADER, Row, safe

SHEET = "xl/worksheets/sheet1.xml"  # the first sheet XlsxWriter adds: Scores
STRINGS = "xl/sharedStrings.xml"
TABLE = "xl/tables/table1.xml"  # the Scores sheet's table, over its header and the sample row
COLUMNS = "ABCDEFGH"[: len(HEADER)]  # the Scores sheet's columns, one per HEADER name
_XML = {"\r": "&#13;"}  # beside & < >: an XML reader would turn a bare carriage return into a line feed
_SPACE = re.compile(r"^\s|\s$")
_COUNTS = re.compile(r'<sst\b[^>]*?\bcount="(\d+)" uniqueCount="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def with_rows(package: bytes, rows: list[Row], first: int) -> bytes:
    """``package`` (an xlsx workbook) with ``rows`` in its Scores sheet from row ``first`` on (counted from 1).

    Row ``first`` of the Scores sheet holds the sample cells (blank, in each column's look); the sheet's
    table covers the header row and that row, and is stretched over the rows.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        sheet, shared, table = (source.read(part).decode("utf-8") for part in (SHEET, STRINGS, TABLE))
        sample = _found(re.search(rf'<row r="{first}"[^>]*>.*?</row>', sheet), "no sample row")
        counts = _found(_COUNTS.search(shared), "no string count")
        span = _found(re.search(rf'<table\b[^>]*?\bref="A{first - 1}:[A-Z]+({first})"', table), "no table")
        looks = dict(re.findall(rf'<c r="([A-Z]+){first}"( s="\d+")', sample.group(0)))
        strings = Strings(int(counts.group(2)))
        body = "".join(_row(n, row, looks, strings) for n, row in enumerate(rows, start=first))
        last = first + len(rows) - 1
        sheet = (_DIMENSION.sub(f'<dimension ref="A1:{COLUMNS[-1]}{last}"/>', sheet, count=1)
                 .replace(sample.group(0), body, 1))
        total, unique = int(counts.group(1)) + strings.uses, int(counts.group(2)) + len(strings.new)
        shared = (shared[:counts.start(1)] + f'{total}" uniqueCount="{unique}' + shared[counts.end(2):]
                  ).replace("</sst>", strings.xml() + "</sst>", 1)
        table = table[:span.start(1)] + str(last) + table[span.end(1):]
        return _repacked(source, {part: text.encode("utf-8")
                                  for part, text in ((SHEET, sheet), (STRINGS, shared), (TABLE, table))})


def _found(match: re.Match[str] | None, what: str) -> re.Match[str]:
    """``match``, or else the error of a workbook whose shape udc does not know (not the round's fault)."""
    if match is None:
        raise CannotWrite(f"udc: error: cannot write the score sheets: the workbook from XlsxWriter has {what} "
                          "where udc puts the rows; expected XlsxWriter 3.0.4 or later (a fault in udc: please "
                          "report it)")
    return match


def _repacked(source: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """The parts of ``source`` in their order, with the ``replaced`` ones' new contents."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replaced.get(info.filename)
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(part, data if data is not None else source.read(info))
    return out.getvalue()


class Strings:
    """The texts the rows add to the shared-string table, numbered after the ``start`` already there."""

    def __init__(self, start: int):
        self.start, self.uses = start, 0
        self.index: dict[str, int] = {}
        self.new: list[str] = []

    def at(self, text: str) -> int:
        self.uses += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = self.start + len(self.new)
            self.new.append(text)
        return found

    def xml(self) -> str:
        return "".join(f'<si><t xml:space="preserve">{escape(text, _XML)}</t></si>' if _SPACE.search(text)
                       else f"<si><t>{escape(text, _XML)}</t></si>" for text in self.new)


def _row(n: int, row: Row, looks: dict[str, str], strings: Strings) -> str:
    """One ``<row>``: the cells in HEADER's order, each in the look of its column's sample cell."""
    values = (safe(row.bid), safe(row.bidder), safe(row.criterion), safe(row.title), safe(row.question),
              cell_value(row.score), ABSENT if row.absent else None, safe(row.reason) if row.reason else None)
    cells = "".join(_cell(f"{column}{n}", looks.get(column, ""), value, strings)
                    for column, value in zip(COLUMNS, values, strict=True))
    return f'<row r="{n}" spans="1:{len(COLUMNS)}">{cells}</row>'


def _cell(ref: str, look: str, value: int | float | str | None, strings: Strings) -> str:
    """Text as a shared string, a number as itself, nothing (or empty text) as a blank cell that keeps its look."""
    if value is None or value == "":
        return f'<c r="{ref}"{look}/>'
    if isinstance(value, str):
        return f'<c r="{ref}"{look} t="s"><v>{strings.at(value)}</v></c>'
    return f'<c r="{ref}"{look}><v>{value:.16G}</v></c>'


@functools.lru_cache(maxsize=1024)  # a scale has few values
def cell_value(score: str | None) -> int | float | str | None:
    """A score for a cell: numbers as numbers (as a dropdown choice would be), marks as text."""
    if score is None:
        return None
    try:
        value = Decimal(score)
    except ArithmeticError:
        return safe(score)
    return int(value) if value == value.to_integral_value() else float(value)
