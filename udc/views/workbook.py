"""Writing the export tables: one Excel workbook (XlsxWriter) or one CSV file per table.

Every text cell is made visible (control characters shown, never passed on)
and safe from formula injection (:func:`udc.core.formulas.neutralise`); published
figures are numbers, shown to the round's decimals in the workbook and written
as exact decimal text in CSV.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from udc.core.formulas import neutralise, write_text
from udc.core.text import visible
from udc.core.xlsx_xml import (
    STRINGS,
    Part,
    Strings,
    Value,
    around,
    column_letter,
    column_letters,
    found,
    repacked,
    row_xml,
    sample_row,
)


def text_cell(value: str) -> str:
    return neutralise(visible(value))


def csv_text(frame) -> str:
    """One table as CSV (UTF-8, ``\\n`` line ends, a header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # as published: 34.00 stays 34.00
    if isinstance(value, str):
        return text_cell(value)
    return str(value)


def xlsx_bytes(frames: dict) -> bytes:
    """The tables as one workbook, a sheet each, header row frozen and bold.

    Text goes in as text only (never a formula, whatever it starts with); a published
    figure as a number shown to its own decimals (34.00 stays 34.00); a whole number
    as a number; nothing as an empty cell. XlsxWriter writes the package and the
    header rows; the rows go in as XML (:mod:`udc.core.xlsx_xml`), written a block
    at a time into the compressed workbook.
    """
    package, samples = _package(frames)
    return _with_rows(package, frames, samples)


def _package(frames: dict) -> tuple[bytes, list[dict[int, str]]]:
    """The workbook XlsxWriter writes: each sheet's header, widths and frozen row, and in row 2 a sample row
    of blank cells, one in each number look the sheet's rows use. Also, per sheet, the column of each look
    (by the decimal places it shows)."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    formats: dict[int, object] = {}  # decimal places -> the number format showing them
    samples = []
    for name, frame in frames.items():
        ws = wb.add_worksheet(name)
        ws.freeze_panes(1, 0)
        for index, column in enumerate(frame.columns):
            ws.set_column(index, index, _width(column, frame[column]))
            write_text(ws, 0, index, text_cell(str(column)), bold)
        sample: dict[int, str] = {}
        if len(frame):
            ws.write_blank(1, 0, None, bold)  # the row is there even when no figure needs a look
            for at, places in enumerate(sorted(_places(frame)), start=1):
                if places not in formats:
                    formats[places] = wb.add_format({"num_format": "0." + "0" * places})
                ws.write_blank(1, at, None, formats[places])
                sample[places] = column_letter(at)
        samples.append(sample)
    wb.close()
    return out.getvalue(), samples


def _places(frame) -> set[int]:
    """The decimal places the table's figures are shown to."""
    return {places for column in frame.columns for value in frame[column]
            if (places := _shown_places(value)) is not None}


def _shown_places(value: Any) -> int | None:
    """The decimal places a published figure is shown to (34.00: 2); None for anything else."""
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            return -exponent
    return None


_BLOCK = 2000  # rows made into text at a time


def _with_rows(package: bytes, frames: dict, samples: list[dict[int, str]]) -> bytes:
    """``package`` with each sheet's rows in place of its sample row."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        strings = Strings(source.read(STRINGS).decode("utf-8"))
        replaced: dict[str, Part] = {}
        for number, (frame, sample) in enumerate(zip(frames.values(), samples, strict=True), start=1):
            part = f"xl/worksheets/sheet{number}.xml"
            if not len(frame):
                continue
            if names.index(part) > names.index(STRINGS):  # the rows' strings are known only once they are written
                found(None, "its shared strings before a sheet")
            replaced[part] = functools.partial(_write_sheet, source.read(part).decode("utf-8"), frame, sample, strings)
        replaced[STRINGS] = functools.partial(_write_strings, strings)  # in its turn: after the sheets' rows
        return repacked(source, replaced)


def _write_strings(strings: Strings, stream: IO[bytes]) -> None:
    stream.write(strings.table().encode("utf-8"))


def _write_sheet(sheet: str, frame, sample: dict[int, str], strings: Strings, stream: IO[bytes]) -> None:
    """The sheet's XML, with the table's rows in place of its sample row, into ``stream``."""
    row, looks = sample_row(sheet, 2)
    look = {places: looks[letter] for places, letter in sample.items()}
    letters = column_letters(len(frame.columns))
    head, tail = around(sheet, row, f"{letters[-1]}{len(frame) + 1}")
    stream.write(head.encode("utf-8"))
    cell = _converter()
    rows = frame.itertuples(index=False, name=None)
    for start in range(0, len(frame), _BLOCK):
        text = []
        for n, values in enumerate(itertools.islice(rows, _BLOCK), start=start + 2):
            cells = [cell(v) for v in values]
            text.append(row_xml(n, letters, [value for value, _ in cells],
                                {c: look[p] for c, (_, p) in zip(letters, cells, strict=True) if p is not None},
                                strings))
        stream.write("".join(text).encode("utf-8"))
    stream.write(tail.encode("utf-8"))


def _converter() -> Callable[[Any], tuple[Value, int | None]]:
    """What turns a table's value into a cell's: the value, and the decimal places it is shown to (None: as it is)."""
    texts: dict[str, str] = {}  # the same ids and names come again and again: each made safe once

    def cell(value: Any) -> tuple[Value, int | None]:
        if isinstance(value, str):
            text = texts.get(value)
            if text is None:
                text = texts[value] = _ILLEGAL.sub("", text_cell(value))
            return text, None
        if value is None or isinstance(value, int):  # bool is an int
            return value, None
        if isinstance(value, Decimal) and value.is_finite():
            places = _shown_places(value)
            return (float(value), places) if places is not None else (int(value), None)
        if isinstance(value, float) and math.isfinite(value):
            return value, None
        return str(value), None  # not a figure (NaN, infinity): shown as its text

    return cell


_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # control characters an xlsx cell cannot hold


def _width(column: str, values) -> float:
    """A column wide enough for its header and its longer values (up to a limit), from the first rows."""
    longest = max([len(column)] + [len(str(v)) for v in values[:200] if v is not None])
    return min(max(longest + 2, 8), 60)
