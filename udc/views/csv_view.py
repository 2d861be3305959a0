"""The result as CSV: one row per bid, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from udc.core.formulas import neutralise
from udc.views.report import build


def render(checked, result, audit: bool = False) -> str:
    data = build(checked, result)
    method = result.method
    groups = list(method.contributing_groups())
    criteria = [c.id for c in method.scored]
    header = ["id", "bidder", "status", "rank", "tie", "partial", "total", "quality", "price_score", "price"]
    header += [f"group:{g}" for g in groups] + [f"criterion:{c}" for c in criteria] + ["reasons", "missing"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for d in data["bids"]:
        row = [d["id"], d["bidder"], d["status"], d["rank"], str(d["tie"]).lower(), str(d["partial"]).lower(),
               d["total"], d["quality"], d["price_score"], d["price"]]
        row += [d["groups"][g] for g in groups] + [d["criteria"][c]["score"] for c in criteria]
        row += ["; ".join(d["reasons"]), "; ".join(d["missing"])]
        writer.writerow([neutralise("" if v is None else v if isinstance(v, str) else str(v)) for v in row])
    return buffer.getvalue()
