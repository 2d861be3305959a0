"""A blind score sheet as a CSV file (the content comes from :mod:`udc.workflow.sheets`)."""

from __future__ import annotations

import csv
import io

from udc.core.fields import ABSENT
from udc.core.method import Method
from udc.workflow.sheets import HEADER, INSTRUCTIONS, evaluator_line, identity, rubric_lines, safe, sheet_rows


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
