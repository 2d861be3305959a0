"""Plain mode: the result in short sentences, for screen readers and the Lived Experience Team.

No tables, no colour, no symbols that a screen reader reads out as noise.
"""

from __future__ import annotations

from udc.views.audit import trail
from udc.views.report import build
from udc.views.summary import close_calls, provisional_lines, unranked_lines


def render(checked, result, audit: bool = False) -> str:
    data = build(checked, result)
    method = result.method
    groups = method.round.groups
    lines = [f"{data['title']}, round {data['round']}."]
    if data["authority"]:
        lines.append(f"Commissioned by {data['authority']}.")
    if not result.complete:
        lines += [line.lstrip("- ") for line in provisional_lines(result)]
    for gid, s in data["stakes"].items():
        declared = "no stake was promised" if s["declared"] is None else f"it was promised {s['declared']} percent"
        lines.append(f"{groups[gid].name} hold {s['effective']} percent of the decision; {declared}.")
    for b in sorted(result.ranking, key=lambda b: b.rank):
        d = next(x for x in data["bids"] if x["id"] == b.id)
        tie = " (shared rank)" if d["tie"] else ""
        parts = [f"quality {d['quality']}"]
        if method.price:
            parts.append(f"price {d['price_score']}")
        parts += [f"{groups[g].name} {v}" for g, v in d["groups"].items()]
        lines.append(f"Rank {d['rank']}{tie}: {b.bid.bidder}, {d['total']} points out of 100 ({', '.join(parts)}).")
    lines += unranked_lines(result) + close_calls(result)
    lines.append("Each figure is rounded from its exact value, so parts may not add up exactly to the total.")
    lines.append(f"File fingerprint {data['fingerprint']}. {data['tool']}.")
    text = "\n".join(lines) + "\n"
    if audit:
        for section in trail(result):
            text += "\n" + section.heading + "\n" + "\n".join(line.strip() for line in section.lines) + "\n"
    return text
