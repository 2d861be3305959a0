"""The result as Markdown, for reports and assessment summaries."""

from __future__ import annotations

from udc.views.audit import trail
from udc.views.report import build
from udc.views.summary import close_calls, provisional_lines, unranked_lines


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[object]], right: set[int] = frozenset()) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render(checked, result, audit: bool = False) -> str:
    data = build(checked, result)
    method = result.method
    groups = method.round.groups
    out = [f"# {data['title']}", "", f"Round `{data['round']}`" +
           (f" · {data['authority']}" if data["authority"] else ""), ""]
    if not result.complete:
        out += ["> **Provisional: the round is incomplete.**", ">"]
        out += ["> " + line for line in provisional_lines(result)] + [""]
    out += ["## Stakes", ""]
    out += table(["Group", "Declared %", "Effective %"],
                 [[f"{groups[g].name} (`{g}`)", "none" if s["declared"] is None else s["declared"], s["effective"]]
                  for g, s in data["stakes"].items()], right={1, 2})
    contributing = method.contributing_groups()
    header = ["Rank", "Bid", "Total", "Quality", "Price score"] + [groups[g].name for g in contributing] + ["Status"]
    rows = []
    order = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, -b.total, b.id))
    by_id = {b["id"]: b for b in data["bids"]}
    for b in order:
        d = by_id[b.id]
        rank = "—" if d["rank"] is None else f"{d['rank']}{'=' if d['tie'] else ''}"
        rows.append([rank, f"{b.bid.bidder} (`{b.id}`)", d["total"], d["quality"],
                     d["price_score"] if method.price else "n/a", *[d["groups"][g] for g in contributing],
                     d["status"]])
    out += ["", "## Ranking", ""] + table(header, rows, right=set(range(2, 5 + len(contributing)))) + [""]
    out += ["`=` shares its rank (a tie). Figures are rounded half-up from exact values, so parts may not add "
            "up to the total.", ""]
    notes = unranked_lines(result) + close_calls(result)
    out += [f"- {line}" for line in notes] + ([""] if notes else [])
    out += [f"File `{data['fingerprint']}` · method `{data['method']}` · {data['tool']}", ""]
    if audit:
        out += ["## Audit trail", ""]
        for section in trail(result):
            out += [f"### {section.heading}", "", "```text", *section.lines, "```", ""]
    return "\n".join(out)
