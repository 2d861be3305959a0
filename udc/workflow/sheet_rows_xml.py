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

from udc.core.fields import ABSENT
from udc.workflow.sheets import HEADER, Row, safe

SHEET = "xl/worksheets/sheet1.xml"  # the first sheet XlsxWriter adds: Scores
STRINGS = "xl/sharedStrings.xml"
COLUMNS = "ABCDEFGH"
_XML = {"\r": "&#13;"}  # beside & < >: an XML reader would turn a bare carriage return into a line feed
_SPACE = re.compile(r"^\s|\s$")
_COUNTS = re.compile(r'<sst\b[^>]*?\bcount="(\d+)" uniqueCount="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def with_rows(package: bytes, rows: list[Row], first: int) -> bytes:
    """``package`` (an xlsx workbook) with ``rows`` in its Scores sheet from row ``first`` on (counted from 1).

    Row ``first`` of the Scores sheet holds the sample cells (blank, in each column's look).
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        sheet, shared = source.read(SHEET).decode("utf-8"), source.read(STRINGS).decode("utf-8")
        sample = re.search(rf'<row r="{first}"[^>]*>.*?</row>', sheet)
        if sample is None:
            raise ValueError(f"no sample row {first} in the Scores sheet")  # a bug in udc, not in the round
        looks = dict(re.findall(rf'<c r="([A-Z]+){first}"( s="\d+")', sample.group(0)))
        counts = _COUNTS.search(shared)
        if counts is None:
            raise ValueError("no string counts in the shared-string table")  # a bug in udc, not in the round
        strings = Strings(int(counts.group(2)))
        body = "".join(_row(n, row, looks, strings) for n, row in enumerate(rows, start=first))
        last = first + len(rows) - 1
        sheet = (_DIMENSION.sub(f'<dimension ref="A1:{COLUMNS[len(HEADER) - 1]}{last}"/>', sheet, count=1)
                 .replace(sample.group(0), body, 1))
        total, unique = int(counts.group(1)) + strings.uses, int(counts.group(2)) + len(strings.new)
        shared = (shared[:counts.start(1)] + f'{total}" uniqueCount="{unique}' + shared[counts.end(2):]
                  ).replace("</sst>", strings.xml() + "</sst>", 1)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = {SHEET: sheet.encode("utf-8"), STRINGS: shared.encode("utf-8")}.get(info.filename)
                target.writestr(info, data if data is not None else source.read(info))
    return out.getvalue()


class Strings:
    """The texts the rows add to the shared-string table, numbered after the ``start`` already there."""

    def __init__(self, start: int):
        self.start, self.uses = start, 0
        self.index: dict[str, int] = {}
        self.new: list[str] = []

    def cell(self, ref: str, look: str, text: str) -> str:
        if not text:
            return f'<c r="{ref}"{look}/>'
        self.uses += 1
        at = self.index.get(text)
        if at is None:
            at = self.index[text] = self.start + len(self.new)
            self.new.append(text)
        return f'<c r="{ref}"{look} t="s"><v>{at}</v></c>'

    def xml(self) -> str:
        return "".join(f'<si><t xml:space="preserve">{escape(text, _XML)}</t></si>' if _SPACE.search(text)
                       else f"<si><t>{escape(text, _XML)}</t></si>" for text in self.new)


def _row(n: int, row: Row, looks: dict[str, str], strings: Strings) -> str:
    text = strings.cell
    score = _score(n, row.score, looks.get("F", ""), strings)
    absent = text(f"G{n}", looks.get("G", ""), ABSENT) if row.absent else f'<c r="G{n}"{looks.get("G", "")}/>'
    reason = (text(f"H{n}", looks.get("H", ""), safe(row.reason)) if row.reason
              else f'<c r="H{n}"{looks.get("H", "")}/>')
    return (f'<row r="{n}" spans="1:8">{text(f"A{n}", looks.get("A", ""), safe(row.bid))}'
            f'{text(f"B{n}", looks.get("B", ""), safe(row.bidder))}'
            f'{text(f"C{n}", looks.get("C", ""), safe(row.criterion))}'
            f'{text(f"D{n}", looks.get("D", ""), safe(row.title))}'
            f'{text(f"E{n}", looks.get("E", ""), safe(row.question))}{score}{absent}{reason}</row>')


def _score(n: int, score: str | None, look: str, strings: Strings) -> str:
    """A score as a number (as a dropdown choice would be), a mark as text, none as a blank open cell."""
    value = cell_value(score)
    if value is None:
        return f'<c r="F{n}"{look}/>'
    if isinstance(value, str):
        return strings.cell(f"F{n}", look, value)
    return f'<c r="F{n}"{look}><v>{value:.16G}</v></c>'


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
