"""Ranks: the published total, then each tie-break key in turn; equal keys share a rank.

Every figure that decides a rank is published (rounded half-up to the round's
decimals) first, as the spec says; no float ever decides a rank.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from udc.core.method import Method
from udc.core.numbers import publish
from udc.core.results import RANKED, BidResult, Separation


def tie_break_value(method: Method, result: BidResult, key: str):
    """A key's published figure, oriented so that a larger value ranks higher."""
    places = method.round.round.decimals
    if key == "quality":
        return publish(result.quality, places)
    if key == "price":
        return -result.bid.price if result.bid.price is not None else None
    kind, _, name = key.partition(":")
    if kind == "group":
        return publish(result.contributions.get(name, Fraction(0)), places)
    found = result.criteria.get(name)  # a what-if method may leave the criterion out: then it separates nothing
    score = found.score if found is not None else None
    return publish(score, places) if score is not None else None


def rank_key(method: Method, result: BidResult) -> tuple:
    """What ranks a bid: its published total, then each tie-break key's figure (larger ranks higher)."""
    keys = dict.fromkeys(method.round.round.tie_break)
    return (publish(result.total, method.round.round.decimals), *(tie_break_value(method, result, k) for k in keys))


def rank_order(key: tuple) -> tuple:
    """``rank_key`` turned so that sorting ascending puts the highest-ranked first."""
    return _desc(key)


def rank(method: Method, results: list[BidResult]) -> list[Separation]:
    """Give ranks to the bids in contention; return how close pairs were separated."""
    keys = list(dict.fromkeys(method.round.round.tie_break))
    ranked = [r for r in results if r.status == RANKED]
    sort_key = {r.id: rank_key(method, r) for r in ranked}
    ordered = sorted(ranked, key=lambda r: (_desc(sort_key[r.id]), r.id))
    for position, r in enumerate(ordered):
        previous = ordered[position - 1] if position else None
        if previous is not None and sort_key[previous.id] == sort_key[r.id]:
            r.rank = previous.rank
            previous.tie = r.tie = True
        else:
            r.rank = position + 1  # 1 + the number ranked strictly above
    separations = []
    for above, below in pairwise(ordered):
        a, b = sort_key[above.id], sort_key[below.id]
        if a[0] != b[0]:
            continue
        key = next((k for k, x, y in zip(keys, a[1:], b[1:], strict=False) if x != y), None)
        separations.append(Separation(above.id, below.id, key))
    return separations


def _desc(values: tuple) -> tuple:
    return tuple(-v if v is not None else Decimal("Infinity") for v in values)
