"""The Scores sheet's bid × criterion rows, written into the workbook XlsxWriter made.

XlsxWriter writes everything else of a score sheet (styles, the identity block,
validations, protection, the table, the Rubric sheet, the package). Cell by
cell through it, the rows of a large round were two thirds of ``udc sheets``
(64,000 rows of 8 cells: 1.7 s of 2.7 s); here each row is one string. The
sheet XlsxWriter wrote holds one sample row of blank cells in the first data
row, in each column's look: its cells' style numbers are the looks given to
every row, and the rows written here take its place.

How the cells are written: :mod:`udc.core.xlsx_xml` (blank entry cells carry
the unlocked look).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from decimal import Decimal

from udc.core.fields import ABSENT
from udc.core.xlsx_xml import STRINGS, Strings, found, repacked, row_xml, sample_row, with_body
from udc.workflow.sheets import HEADER, Row, safe

SHEET = "xl/worksheets/sheet1.xml"  # the first sheet XlsxWriter adds: Scores
TABLE = "xl/tables/table1.xml"  # the Scores sheet's table, over its header and the sample row
COLUMNS = "ABCDEFGH"[: len(HEADER)]  # the Scores sheet's columns, one per HEADER name


def with_rows(package: bytes, rows: list[Row], first: int) -> bytes:
    """``package`` (an xlsx workbook) with ``rows`` in its Scores sheet from row ``first`` on (counted from 1).

    Row ``first`` of the Scores sheet holds the sample cells (blank, in each column's look); the sheet's
    table covers the header row and that row, and is stretched over the rows.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        sheet, shared, table = (source.read(part).decode("utf-8") for part in (SHEET, STRINGS, TABLE))
        sample, looks = sample_row(sheet, first)
        span = found(re.search(rf'<table\b[^>]*?\bref="A{first - 1}:[A-Z]+({first})"', table), "no table")
        strings = Strings(shared)
        body = "".join(row_xml(n, COLUMNS, _values(row), looks, strings) for n, row in enumerate(rows, start=first))
        last = first + len(rows) - 1
        sheet = with_body(sheet, sample, body, f"{COLUMNS[-1]}{last}")
        table = table[:span.start(1)] + str(last) + table[span.end(1):]
        return repacked(source, {part: text.encode("utf-8")
                                 for part, text in ((SHEET, sheet), (STRINGS, strings.table()), (TABLE, table))})


def _values(row: Row) -> tuple:
    """A row's cells in HEADER's order."""
    return (safe(row.bid), safe(row.bidder), safe(row.criterion), safe(row.title), safe(row.question),
            cell_value(row.score), ABSENT if row.absent else None, safe(row.reason) if row.reason else None)


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
