"""Rows of cells written straight into the XML of a workbook XlsxWriter made.

Cell by cell through XlsxWriter, the rows of a large round are most of the time
of a command that writes a workbook (about 2 microseconds a cell, for hundreds
of thousands of cells). XlsxWriter writes the package (styles, sheets with their
header rows, widths, frozen panes, protection, validations); a sheet then holds a
*sample row* of blank cells, each in a look (a style) the rows use, and the rows
are put in its place, each row one string.

The cells are what a spreadsheet program writes: ``<c r="B8" s="2" t="s">``
with the text in the workbook's shared-string table (added after the strings
XlsxWriter stored), numbers as ``<v>``, blank cells that keep a look as
``<c r="G8" s="3"/>``. Text is escaped for XML and a carriage return is written
as a character reference, so that it reads back as itself; no text is ever a
formula. Nothing here reads or writes a file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import IO
from xml.sax.saxutils import escape

from udc.core.diagnostics import CannotWrite

STRINGS = "xl/sharedStrings.xml"
_XML = {"\r": "&#13;"}  # beside & < >: an XML reader would turn a bare carriage return into a line feed
_SPACE = re.compile(r"^\s|\s$")
_COUNTS = re.compile(r'<sst\b[^>]*?\bcount="(\d+)" uniqueCount="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')

Value = bool | int | float | str | None


def found(match: re.Match[str] | None, what: str) -> re.Match[str]:
    """``match``, or else the error of a workbook whose shape udc does not know (not the round's fault)."""
    if match is None:
        raise CannotWrite(f"udc: error: cannot write the workbook: the workbook from XlsxWriter has {what} "
                          "where udc puts the rows; expected XlsxWriter 3.0.4 or later (a fault in udc: please "
                          "report it)")
    return match


def sample_row(sheet: str, number: int) -> tuple[re.Match[str], dict[str, str]]:
    """The sample row ``number`` (counted from 1) of a sheet's XML, and the look (`` s="N"``) of each of its columns."""
    sample = found(re.search(rf'<row r="{number}"[^>]*>.*?</row>', sheet), "no sample row")
    return sample, dict(re.findall(rf'<c r="([A-Z]+){number}"( s="\d+")', sample.group(0)))


def with_body(sheet: str, sample: re.Match[str], body: str, last: str) -> str:
    """The sheet's XML with ``body`` (rows) in place of the sample row, its dimension now ending at ``last``."""
    head, tail = around(sheet, sample, last)
    return head + body + tail


def around(sheet: str, sample: re.Match[str], last: str) -> tuple[str, str]:
    """The sheet's XML before and after its sample row, its dimension now ending at ``last``."""
    head, tail = sheet[:sample.start()], sheet[sample.end():]
    return _DIMENSION.sub(f'<dimension ref="A1:{last}"/>', head, count=1), tail


def row_xml(n: int, columns: str | list[str], values, looks: dict[str, str], strings: Strings) -> str:
    """One ``<row>`` numbered ``n``: each value in its column, in that column's look."""
    cells = "".join(cell_xml(f"{column}{n}", looks.get(column, ""), value, strings)
                    for column, value in zip(columns, values, strict=True))
    return f'<row r="{n}" spans="1:{len(columns)}">{cells}</row>'


def cell_xml(ref: str, look: str, value: Value, strings: Strings) -> str:
    """Text as a shared string, a number as itself, nothing (or empty text) as a blank cell that keeps its look
    (no cell at all when it has none)."""
    if value is None or value == "":
        return f'<c r="{ref}"{look}/>' if look else ""
    if isinstance(value, str):
        return f'<c r="{ref}"{look} t="s"><v>{strings.at(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{look} t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}"{look}><v>{value:.16G}</v></c>'


class Strings:
    """The texts the rows add to the shared-string table, numbered after the ``start`` already there."""

    def __init__(self, shared: str):
        self.counts = found(_COUNTS.search(shared), "no string count")
        self.start, self.uses = int(self.counts.group(2)), 0
        self.shared = shared
        self.index: dict[str, int] = {}
        self.new: list[str] = []

    def at(self, text: str) -> int:
        self.uses += 1
        number = self.index.get(text)
        if number is None:
            number = self.index[text] = self.start + len(self.new)
            self.new.append(text)
        return number

    def table(self) -> str:
        """The shared-string table with the new texts after the old, and its counts made right."""
        counts, shared = self.counts, self.shared
        total, unique = int(counts.group(1)) + self.uses, self.start + len(self.new)
        return (shared[:counts.start(1)] + f'{total}" uniqueCount="{unique}' + shared[counts.end(2):]
                ).replace("</sst>", self._xml() + "</sst>", 1)

    def _xml(self) -> str:
        return "".join(f'<si><t xml:space="preserve">{escape(text, _XML)}</t></si>' if _SPACE.search(text)
                       else f"<si><t>{escape(text, _XML)}</t></si>" for text in self.new)


Part = bytes | Callable[[IO[bytes]], None]  # a part's contents, or what writes them into the stream it is given


def repacked(source: zipfile.ZipFile, replaced: dict[str, Part]) -> bytes:
    """The parts of ``source`` in their order, with the ``replaced`` ones' new contents.

    A part given as a function is written by it straight into the compressed stream, in its turn,
    so that its text never has to be whole in memory.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replaced.get(info.filename)
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            if callable(data):
                with target.open(part, "w") as stream:
                    data(stream)
            else:
                target.writestr(part, data if data is not None else source.read(info))
    return out.getvalue()


def column_letters(count: int) -> list[str]:
    """The letters of the first ``count`` columns: A, B, ..., Z, AA, AB, ..."""
    return [column_letter(index) for index in range(count)]


def column_letter(index: int) -> str:
    """The letters of column ``index`` (counted from 0): A, ..., Z, AA, ..."""
    name, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name
