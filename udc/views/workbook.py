"""Writing the export tables: one Excel workbook (openpyxl) or one CSV file per table.

Every text cell is made visible (control characters shown, never passed on)
and safe from formula injection (:func:`udc.core.formulas.neutralise`); published
figures are numbers, shown to the round's decimals in the workbook and written
as exact decimal text in CSV.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from udc.core.formulas import neutralise
from udc.core.text import visible


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
    """The tables as one workbook, a sheet each, header row frozen and bold."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, frame in frames.items():
        ws = wb.create_sheet(title=name)
        ws.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = _width(column, frame[column])
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(ws, value=column)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in frame.itertuples(index=False, name=None):
            ws.append([_xlsx_value(ws, v, WriteOnlyCell) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_value(ws, value, cell_type):
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent >= 0:  # a whole number (or a letter: NaN, infinity)
            return value
        places = -exponent
        cell = cell_type(ws, value=value)  # a published 34.00 shows as 34.00, not 34
        cell.number_format = "0." + "0" * places
        return cell
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", text_cell(value))
    return value


def _width(column: str, values) -> float:
    """A column wide enough for its header and its longer values (up to a limit), from the first rows."""
    longest = max([len(column)] + [len(str(v)) for v in values[:200] if v is not None])
    return min(max(longest + 2, 8), 60)
