"""First place in a result: the bids in contention, the winner, whether a what-if changes it."""

from __future__ import annotations

from udc.core.engine import RANKED, BidResult, Result


def in_contention(result: Result) -> list[BidResult]:
    return [b for b in result.bids if b.status == RANKED]


def winner(result: Result) -> BidResult | None:
    """The bid ranked first alone; None when nothing is ranked or first place is tied."""
    first = [b for b in result.bids if b.rank == 1]
    return first[0] if len(first) == 1 else None


def changes_winner(before: Result, after: Result) -> bool:
    """Whether ``after`` has a different first place (a different bid, or a tie) than ``before``."""
    first = lambda r: tuple(sorted(b.id for b in r.bids if b.rank == 1))  # noqa: E731
    return first(before) != first(after)
