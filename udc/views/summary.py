"""Sentences shared by the views: what is missing, why bids are out, how ties fell."""

from __future__ import annotations

from udc.core.engine import Result


def provisional_lines(result: Result) -> list[str]:
    lines = ["Results are provisional: bids with missing scores get no rank. Missing:"]
    for b in result.bids:
        for item in b.missing:
            lines.append(f"- {b.id}: {item}")
    return lines


def unranked_lines(result: Result) -> list[str]:
    lines = []
    for b in result.bids:
        if b.status in ("withdrawn", "disqualified"):
            others = [r for r in b.reasons if r != "withdrawn"]
            why = f": {'; '.join(others)}" if others else ""
            lines.append(f"{b.bid.bidder} ({b.id}) is {b.status}{why}.")
        elif b.status == "incomplete":
            lines.append(f"{b.bid.bidder} ({b.id}) is not ranked yet: {len(b.missing)} "
                         f"cell{'s' if len(b.missing) != 1 else ''} missing.")
    return lines


def close_calls(result: Result) -> list[str]:
    lines = []
    for s in result.separations:
        above, below = result.bid(s.above), result.bid(s.below)
        total = result.publish(above.total)
        if s.key is None:
            lines.append(f"TIE: {above.bid.bidder} and {below.bid.bidder} both total {total} and no tie-break "
                         "key separates them; the panel must settle this tie as published.")
        else:
            lines.append(f"{above.bid.bidder} and {below.bid.bidder} both total {total}; separated by "
                         f"tie-break key '{s.key}'.")
    return lines
