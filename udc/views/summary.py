"""Sentences shared by the views: what is missing, why bids are out, how ties fell."""

from __future__ import annotations

from collections.abc import Callable

from udc.core.engine import BidResult, Result
from udc.core.statuses import BidStatus


def provisional_lines(result: Result) -> list[str]:
    lines = ["Results are provisional: bids with missing scores get no rank. Missing:"]
    for b in result.bids:
        for item in b.missing:
            lines.append(f"- {b.id}: {item}")
    return lines


def unranked_lines(result: Result) -> list[str]:
    """A sentence for each bid that is not ranked, saying why (:data:`UNRANKED`)."""
    return [line for b in result.bids if (line := UNRANKED[b.status](b)) is not None]


def _out(b: BidResult) -> str:
    others = [r for r in b.reasons if r != "withdrawn"]
    why = f": {'; '.join(others)}" if others else ""
    return f"{b.bid.bidder} ({b.id}) is {b.status}{why}."


def _not_yet(b: BidResult) -> str:
    return (f"{b.bid.bidder} ({b.id}) is not ranked yet: {len(b.missing)} "
            f"cell{'s' if len(b.missing) != 1 else ''} missing.")


UNRANKED: dict[BidStatus, Callable[[BidResult], str | None]] = {
    BidStatus.RANKED: lambda b: None,  # the ranking shows it
    BidStatus.WITHDRAWN: _out,
    BidStatus.DISQUALIFIED: _out,
    BidStatus.INCOMPLETE: _not_yet,
}


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


DASH = "—"


def figure_cell(value, partial: bool = False, dash: str = DASH) -> str:
    """A published figure for a table cell: ``53.75``, ``53.75 partial``, or a dash when none could be formed."""
    if value is None:
        return dash
    return f"{value} partial" if partial else str(value)


def out_of_text(value) -> str:
    return f"of {value}"


def legend_lines(result: Result, rows, dash: str = DASH) -> list[str]:
    """What the marks in a ranking mean, only those that appear: a shared rank, partial, a dash."""
    lines = []
    if any(r.tie for r in rows):
        lines.append("= after a rank: it shares its rank (a tie).")
    if any(r.partial for r in rows):
        lines.append("partial: a sum over the scores formed so far; the bid has missing scores.")
    if any(r.empty for r in rows):
        lines.append(f"{dash}: no criterion score could be formed for the bid, so it has no quality or total.")
    lines.append("Figures are rounded half-up from exact values, so parts may not add up to the total.")
    return lines
