"""What-if methods, and the round scored under them.

A hypothetical method (a group alone, a group left out, a group's scores on one
criterion left out, a stake or a weight moved) is built as a modified
:class:`~udc.core.method.Method` and scored by the engine's own functions, so that
a hypothetical total is formed exactly as a real one (Fractions throughout). The
rules of a round (weights add to 100, declared stakes) do not apply to these methods.

Two decisions hold throughout (docs/influence.md explains them):

* **Contention is fixed.** The bids in contention are the ones the real round
  ranks. A hypothetical method does not re-judge pass/fail checks, minimum
  scores or the budget, and the lowest price stays the real one.
* **Price is fixed.** The price criterion keeps its weight; stakes and
  renormalised weights move within the quality marks.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from udc.core import blend, engine, ranking
from udc.core.engine import INCOMPLETE, RANKED, BidResult, Result
from udc.core.method import Method, ScoredCriterion
from udc.core.numbers import cell_figure

ZERO = Fraction(0)


# ---------------------------------------------------------------- hypothetical methods


def with_criteria(method: Method, scored: list[ScoredCriterion], price_weight: Fraction | None = None) -> Method:
    """``method`` with other scored criteria (and, optionally, another price weight)."""
    return method.derive(scored, price_weight)


def total_weight(method: Method) -> Fraction:
    """The weight of the whole decision: scored criteria and price."""
    return method.quality_weight + (Fraction(method.price.weight) if method.price is not None else ZERO)


def own_method(method: Method, group: str) -> Method | None:
    """The group alone: its own figures on the criteria it assesses, renormalised to the quality marks."""
    mine = [c for c in method.scored if group in c.shares]
    held = sum((c.weight for c in mine), ZERO)
    if not mine or held == 0:
        return None
    factor = method.quality_weight / held
    return with_criteria(method, [replace(c, weight=c.weight * factor, shares={group: Fraction(1)}) for c in mine])


def without_method(method: Method, group: str) -> Method:
    """The group left out: its shares pass to the co-assessing groups; criteria only it
    assesses are dropped and the remaining scored weights renormalised to the quality marks."""
    kept = [replace(c, shares={g: s for g, s in c.shares.items() if g != group})
            for c in method.scored if set(c.shares) - {group}]
    held = sum((c.weight for c in kept), ZERO)
    if held == 0:
        return with_criteria(method, [])
    factor = method.quality_weight / held
    return with_criteria(method, [replace(c, weight=c.weight * factor) for c in kept])


def stake_method(method: Method, group: str, stake: Fraction) -> Method:
    """The group's stake set to ``stake`` percent: each of its portions scaled by one factor, every
    other group's portion by another, so that the quality marks (and price) keep their weight."""
    held, quality = method.effective_stake(group), method.quality_weight
    if not 0 <= stake <= quality or held in (0, quality):
        raise ValueError(f"stake {stake} cannot be set for {group}")
    mine, others = stake / held, (quality - stake) / (quality - held)
    scored = []
    for c in method.scored:
        portions = {g: c.portion(g) * (mine if g == group else others) for g in c.shares}
        portions = {g: p for g, p in portions.items() if p > 0}
        if portions:
            scored.append(replace(c, weight=sum(portions.values(), ZERO), shares=portions))
    return with_criteria(method, scored)


def weight_method(method: Method, criterion: str, weight: Fraction) -> Method:
    """Criterion ``criterion`` (scored or price) given ``weight``; every other weight scaled in
    proportion so that the whole decision keeps its weight."""
    whole = total_weight(method)
    current = weight_of(method, criterion)
    if not 0 <= weight <= whole or current == whole:
        raise ValueError(f"weight {weight} cannot be set for {criterion}")
    k = (whole - weight) / (whole - current)
    scored = [replace(c, weight=weight if c.id == criterion else c.weight * k) for c in method.scored]
    price_weight = None
    if method.price is not None:
        price_weight = weight if method.price.id == criterion else Fraction(method.price.weight) * k
    return with_criteria(method, scored, price_weight)


def weight_of(method: Method, criterion: str) -> Fraction:
    """The weight of criterion ``criterion`` (scored or price) under ``method``."""
    if method.price is not None and method.price.id == criterion:
        return Fraction(method.price.weight)
    found = method.scored_by_id(criterion)
    if found is None:
        raise KeyError(criterion)
    return found.weight


def hypothetical(changed: Method, actual: Result) -> Result:
    """Score the round under ``changed`` with contention and the lowest price held as in ``actual``."""
    lowest = _lowest_price(actual)
    results = [_held(engine.assess_bid(changed, real.bid), real, changed, lowest) for real in actual.bids]
    return Result(changed, results, ranking.rank(changed, results))


def _lowest_price(actual: Result) -> Decimal | None:
    """The lowest price the real round's price scores were formed against."""
    return next((b.price.lowest for b in actual.bids if b.price is not None), None)


def _held(r: BidResult, real: BidResult, changed: Method, lowest: Decimal | None) -> BidResult:
    """``r`` (a bid assessed under ``changed``) with its price scored against the real lowest price and
    its contention as in the real round: disqualified bids stay out; a ranked bid is incomplete only if
    scores are missing."""
    if changed.price is not None:
        r.price = engine.price_result(changed, r.bid.price, lowest)
    r.reasons = list(real.reasons)
    r.status = real.status if real.status != RANKED else (INCOMPLETE if r.missing else RANKED)
    return r


# ---------------------------------------------------------------- one criterion's scores


def without_criterion_method(method: Method, group: str, criterion: str) -> Method:
    """The group's scores on one criterion taken out, as :func:`without_method` does for all of them:
    on a criterion it shares, its share passes to the co-assessing groups; on one it scores alone,
    the criterion is dropped and the remaining scored weights renormalised to the quality marks."""
    kept = []
    for c in method.scored:
        if c.id != criterion or group not in c.shares:
            kept.append(c)
        elif set(c.shares) - {group}:
            kept.append(replace(c, shares={g: s for g, s in c.shares.items() if g != group}))
    held = sum((c.weight for c in kept), ZERO)
    if held == 0:
        return with_criteria(method, [])
    factor = method.quality_weight / held
    return with_criteria(method, [replace(c, weight=c.weight * factor) for c in kept])


def reweighted(changed: Method, actual: Result) -> Result:
    """:func:`hypothetical` for a method that differs from the real one only in weights and shares: every
    group's figure is the real one, so the engine blends the real cells (``criterion_result(known=...)``)
    instead of forming them again. Same result, without re-reading a single score."""
    lowest = _lowest_price(actual)
    same = {c.id for c in changed.scored if _unchanged(c, actual.method)}
    results = []
    for real in actual.bids:
        if len(changed.scored) == len(actual.method.scored) and len(same) >= len(changed.scored) - 1:
            criteria, quality, found = _one_changed(changed, real, same)
        else:
            criteria = {c.id: blend.criterion_result(changed, c, real.id, real.criteria[c.id].groups)
                        for c in changed.scored}
            quality = sum((r.weighted for r in criteria.values() if r.weighted is not None), ZERO)
            found = blend.contributions(changed, criteria)
        r = BidResult(real.bid, criteria, real.pass_fail, quality, found)
        r.missing = list(real.missing)
        results.append(_held(r, real, changed, lowest))
    return Result(changed, results, ranking.rank(changed, results))


def _unchanged(criterion: ScoredCriterion, method: Method) -> bool:
    real = method.scored_by_id(criterion.id)
    return real is not None and real.weight == criterion.weight and real.shares == criterion.shares


def _one_changed(changed: Method, real: BidResult, same: set[str]):
    """Criteria, quality and contributions when at most one criterion's weight or shares differ:
    the others' results are the real ones, and the totals move by that criterion's exact change."""
    criteria = dict(real.criteria)
    quality, found = real.quality, dict(real.contributions)
    for c in changed.scored:
        if c.id in same:
            continue
        old = real.criteria[c.id]
        new = criteria[c.id] = blend.criterion_result(changed, c, real.id, old.groups)
        quality = quality - (old.weighted or 0) + (new.weighted or 0)
        top = changed.scale.top
        for result, sign in ((old, -1), (new, 1)):
            if result.score is not None:
                for g, cell in result.groups.items():
                    if g in result.criterion.shares:
                        found[g] += sign * result.criterion.portion(g) * cell_figure(cell.value) / top
    return criteria, quality, {g: found.get(g, ZERO) for g in changed.contributing_groups()}
