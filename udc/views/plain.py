"""Plain mode: the result in short sentences, for screen readers and the Lived Experience Team.

No tables, no colour, and no symbols that a screen reader reads out as noise
(no arrows, bars, multiplication signs or fractions): figures are words and
published numbers, and each figure says what it is out of.
"""

from __future__ import annotations

from udc.core.text import visible
from udc.views.audit_plain import trail
from udc.views.report import BidFigures, OutOf, ordered, out_of
from udc.views.summary import close_calls, provisional_lines, unranked_lines


def bid_sentence(result, r: BidFigures, limits: OutOf) -> str:
    groups = result.method.round.groups
    place = f"Rank {r.rank}{' (shared rank)' if r.tie else ''}" if r.rank is not None else f"Not ranked ({r.status})"
    if r.empty:
        return f"{place}: {r.bidder}, no criterion score could be formed, so it has no quality or total."
    partial = " so far (partial: scores are missing)" if r.partial else ""
    parts = [f"quality {r.quality} out of {limits.quality}"]
    if limits.price is not None:
        parts.append(f"price {r.price_score} out of {limits.price}")
    parts += [f"{groups[g].name} {v} out of {limits.groups[g]}" for g, v in r.groups.items() if g in limits.groups]
    return f"{place}: {r.bidder}, {r.total} points out of 100{partial} ({', '.join(parts)})."


def render(checked, result, audit: bool = False) -> str:
    method = result.method
    round_ = method.round
    groups = round_.groups
    lines = [f"{round_.round.title}, round {round_.round.id}."]
    if round_.round.authority:
        lines.append(f"Commissioned by {round_.round.authority}.")
    if not result.complete:
        lines += [line.removeprefix("- ") for line in provisional_lines(result)]
    for gid in method.groups:
        declared = groups[gid].stake
        promise = "no stake was promised" if declared is None else f"it was promised {declared} percent"
        lines.append(f"{groups[gid].name} hold {result.publish(method.effective_stake(gid))} percent of the "
                     f"decision; {promise}.")
    limits = out_of(result)
    lines += [bid_sentence(result, r, limits) for r in ordered(result)]
    lines += unranked_lines(result) + close_calls(result)
    lines.append("Each figure is rounded from its exact value, so parts may not add up exactly to the total.")
    lines.append(f"File fingerprint {checked.loaded.fingerprint}.")
    text = "\n".join(lines) + "\n"
    if audit:
        for section in trail(result):
            text += "\n" + section.heading + "\n" + "\n".join(section.lines) + "\n"
    return visible(text)
