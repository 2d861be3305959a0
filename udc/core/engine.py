"""The computation of format 1: pure functions, exact arithmetic, no I/O.

Every figure is a :class:`~fractions.Fraction`. Figures are published
(rounded half-up) only where the spec says a published figure decides
something: the thresholds of disqualification and the ranking. Nothing here
depends on the order of anything in the file: groups, members and criteria
are visited in sorted order and results are keyed by id.

Here: a bid assessed, the price scores and the round finished (statuses, ranks).
A group's figure for a cell and a criterion's blend are in :mod:`udc.core.blend`,
ranks and tie-breaks in :mod:`udc.core.ranking`, the results' types in
:mod:`udc.core.results` (importable from here, where callers look for them).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from udc.core.blend import contributions, criterion_result, pass_fail_result
from udc.core.method import Method, ScoredCriterion
from udc.core.model import Bid
from udc.core.numbers import cell_figure, plain, publish
from udc.core.ranking import rank
from udc.core.results import (
    DISQUALIFIED,
    FAIL,
    INCOMPLETE,
    MODERATED,
    PASS,
    RANKED,
    UNSETTLED,
    WITHDRAWN,
    BidResult,
    CriterionResult,
    GroupCell,
    PassFailResult,
    PriceResult,
    Result,
    Separation,
)
from udc.core.statuses import BidStatus

__all__ = [  # the results, importable from the engine that forms them
    "DISQUALIFIED", "FAIL", "INCOMPLETE", "MODERATED", "PASS", "RANKED", "UNSETTLED", "WITHDRAWN",
    "BidResult", "CriterionResult", "GroupCell", "PassFailResult", "PriceResult", "Result", "Separation",
    "assess_bid", "disqualifications", "finish", "lowest_price", "missing_cells", "price_result", "reassess",
    "score", "status_of",
]


# ---------------------------------------------------------------- a bid


def assess_bid(method: Method, bid: Bid) -> BidResult:
    """Everything about one bid that does not depend on the other bids."""
    criteria = {c.id: criterion_result(method, c, bid.id) for c in method.scored}
    pass_fail = {c.id: pass_fail_result(method, c, bid.id) for c in method.pass_fail}
    quality = sum((r.weighted for r in criteria.values() if r.weighted is not None), Fraction(0))
    result = BidResult(bid, criteria, pass_fail, quality, contributions(method, criteria))
    if not bid.withdrawn:
        result.missing = missing_cells(result)
    result.reasons = disqualifications(method, result)
    return result


def reassess(method: Method, before: BidResult, criterion: str, groups: tuple[str, ...] | None = None) -> BidResult:
    """What :func:`assess_bid` gives under ``method`` when only ``criterion``'s cells differ from ``before``
    (only those of ``groups``, when given).

    Only that criterion is formed again; quality and the groups' contributions
    move by its exact change (Fractions: the sum is the same as formed afresh).
    """
    criteria, pass_fail = before.criteria, before.pass_fail
    quality, found = before.quality, before.contributions
    spec = method.criterion(criterion)
    if isinstance(spec, ScoredCriterion):
        old = before.criteria[criterion]
        same = {g: c for g, c in old.groups.items() if g not in groups} if groups is not None else None
        new = criterion_result(method, spec, before.id, same)
        criteria = {**criteria, criterion: new}
        if new.weighted != old.weighted:
            quality = quality - (old.weighted or 0) + (new.weighted or 0)
        found = dict(found)
        per_point = spec.per_point(method.scale.top)[1]  # each group's portion over the scale's top
        was = {g: cell.value for g, cell in old.groups.items()} if old.score is not None else {}
        now = {g: cell.value for g, cell in new.groups.items()} if new.score is not None else {}
        for g in {*was, *now}:  # a group's contribution moves by its portion of its figure's change
            if was.get(g) != now.get(g):
                change = (cell_figure(now[g]) if g in now else 0) - (cell_figure(was[g]) if g in was else 0)
                found[g] += per_point[g] * change
    else:
        pass_fail = {**pass_fail, criterion: pass_fail_result(method, spec, before.id)}
    result = BidResult(before.bid, criteria, pass_fail, quality, found)
    if not before.bid.withdrawn:
        changed = criteria[criterion] if criterion in criteria else pass_fail[criterion]
        if before.missing or any(cell.missing_why for cell in changed.groups.values()):
            result.missing = missing_cells(result)
    result.reasons = disqualifications(method, result)
    return result


def missing_cells(result: BidResult) -> list[str]:
    found = []
    for cid, crit in sorted(result.criteria.items()):
        for g, cell in crit.groups.items():
            if cell.missing_why:
                found.append(f"{cid} ({g}): {cell.missing_why}")
    for cid, pf in sorted(result.pass_fail.items()):
        if pf.outcome == UNSETTLED:
            for g, cell in pf.groups.items():
                if cell.missing_why:
                    found.append(f"{cid} ({g}): unsettled, {cell.missing_why}")
    return found


def disqualifications(method: Method, result: BidResult) -> list[str]:
    """Every reason the bid is out of contention, judged on published figures."""
    info, places = method.round.round, method.round.round.decimals
    reasons = []
    if result.bid.withdrawn:
        reasons.append("withdrawn")
    for cid, pf in sorted(result.pass_fail.items()):
        if pf.outcome == FAIL:
            failed = sorted(g for g, cell in pf.groups.items() if cell.value == FAIL)
            reasons.append(f"failed {cid} ({pf.criterion.title}): marked fail by {', '.join(failed)}")
    with_minimum = [(cid, crit) for cid, crit in result.criteria.items() if crit.criterion.spec.minimum is not None]
    for cid, crit in sorted(with_minimum):  # sorted: only the few with a minimum (the agenda asks this per cell)
        minimum = crit.criterion.spec.minimum
        if minimum is not None and crit.score is not None and publish(crit.score, places) < minimum:
            reasons.append(f"{cid} scored {publish(crit.score, places)}, below its minimum of {plain(minimum)}")
    if info.minimum_quality is not None and not result.has_missing_scores and method.quality_weight:
        percent = publish(result.quality * 100 / method.quality_weight, places)
        if percent < info.minimum_quality:
            reasons.append(f"quality {percent}% of the available marks, below the minimum of "
                           f"{plain(info.minimum_quality)}%")
    if info.budget is not None and result.bid.price is not None and result.bid.price > info.budget:
        reasons.append(f"price {plain(result.bid.price)} is above the budget of {plain(info.budget)}")
    return reasons


# ---------------------------------------------------------------- price


def lowest_price(results: list[BidResult]) -> Decimal | None:
    """Lowest price among bids in contention; else among bids not withdrawn; else all."""
    for pool in (
        [r for r in results if not r.reasons],
        [r for r in results if not r.bid.withdrawn],
        results,
    ):
        prices = [r.bid.price for r in pool if r.bid.price is not None]
        if prices:
            return min(prices)
    return None


def price_result(method: Method, price: Decimal | None, lowest: Decimal | None) -> PriceResult:
    spec = method.price
    if spec is None:
        raise ValueError("a price result needs the round's price criterion")
    if price is None or lowest is None:
        return PriceResult(price, lowest, spec.method, None, Fraction(0))
    p, low = Fraction(price), Fraction(lowest)
    if spec.method == "lowest":
        f = low / p
    else:
        f = max(Fraction(0), 1 - (p - low) / low)
    f = min(f, Fraction(1))
    return PriceResult(price, lowest, spec.method, f, Fraction(spec.weight) * f)


# ---------------------------------------------------------------- the round


def score(method: Method) -> Result:
    """Score every bid of a round that passed the rules."""
    return finish(method, [assess_bid(method, bid) for bid in method.round.bids])


def finish(method: Method, results: list[BidResult]) -> Result:
    """What depends on all the bids together: the lowest price, price scores, statuses, ranks.

    ``results`` are assessed bids (:func:`assess_bid`) in the file's order.
    """
    if method.price is not None:
        lowest = lowest_price(results)
        for r in results:
            r.price = price_result(method, r.bid.price, lowest)
    for r in results:
        r.status = status_of(r)
    return Result(method, results, rank(method, results))


def status_of(result: BidResult) -> BidStatus:
    if result.bid.withdrawn:
        return WITHDRAWN
    if result.reasons:
        return DISQUALIFIED
    if result.missing:
        return INCOMPLETE
    return RANKED
