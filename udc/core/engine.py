"""The computation of format 1: pure functions, exact arithmetic, no I/O.

Every figure is a :class:`~fractions.Fraction`. Figures are published
(rounded half-up) only where the spec says a published figure decides
something: the thresholds of disqualification and the ranking. Nothing here
depends on the order of anything in the file: groups, members and criteria
are visited in sorted order and results are keyed by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from math import lcm
from statistics import median_high, median_low

from udc.core import cells
from udc.core.fields import ABSENT
from udc.core.method import Method, ScoredCriterion
from udc.core.model import AgreedScore, Bid, PassFail, ScoreEntry
from udc.core.numbers import cell_figure, fraction_of, plain, publish
from udc.core.statuses import BidStatus, How, Outcome

MODERATED = How.MODERATED
PASS, FAIL, UNSETTLED = Outcome.PASS, Outcome.FAIL, Outcome.UNSETTLED
RANKED, DISQUALIFIED, WITHDRAWN, INCOMPLETE = (BidStatus.RANKED, BidStatus.DISQUALIFIED, BidStatus.WITHDRAWN,
                                              BidStatus.INCOMPLETE)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class GroupCell:
    """One group's figure for one bid on one criterion, and how it was formed."""

    group: str
    value: Fraction | str | None  # a score, a mark, or None when missing/unsettled
    how: How
    entries: tuple[tuple[str, ScoreEntry], ...]  # members who gave an entry (absent included)
    absent: tuple[str, ...]
    conflicted: tuple[str, ...]
    silent: tuple[str, ...]  # members who owe an entry
    agreed: AgreedScore | None = None

    @property
    def counted(self) -> tuple[tuple[str, ScoreEntry], ...]:
        return tuple((e, s) for e, s in self.entries if s.score != ABSENT)

    @property
    def missing_why(self) -> str | None:
        """Why the cell has no figure, in words; None when it has one."""
        if self.value is not None and self.value != UNSETTLED:
            return None
        if self.how == How.CONSENSUS:
            return "awaits the group's agreed score"
        if self.silent:
            return f"owed by {', '.join(self.silent)}"
        if not self.counted:
            return "no member scored it"
        return "the marks disagree"


@dataclass(frozen=True)
class CriterionResult:
    """A scored criterion for one bid: S, W and each group's figure."""

    criterion: ScoredCriterion
    groups: dict[str, GroupCell]
    score: Fraction | None  # S(q,b) in scale units
    weighted: Fraction | None  # W(q,b)


@dataclass(frozen=True)
class PassFailResult:
    criterion: PassFail
    groups: dict[str, GroupCell]
    outcome: Outcome


@dataclass(frozen=True)
class PriceResult:
    price: Decimal | None
    lowest: Decimal | None
    method: str
    fraction: Fraction | None  # f(price, lowest), capped at 1
    score: Fraction  # P(b)


@dataclass
class BidResult:
    bid: Bid
    criteria: dict[str, CriterionResult]
    pass_fail: dict[str, PassFailResult]
    quality: Fraction
    contributions: dict[str, Fraction]
    price: PriceResult | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    status: BidStatus = RANKED
    rank: int | None = None
    tie: bool = False

    @property
    def id(self) -> str:
        return self.bid.id

    @property
    def total(self) -> Fraction:
        return self.quality + (self.price.score if self.price else Fraction(0))

    @property
    def has_missing_scores(self) -> bool:
        return any(c.score is None for c in self.criteria.values())

    @property
    def unsettled(self) -> bool:
        return any(p.outcome == UNSETTLED for p in self.pass_fail.values())


@dataclass(frozen=True)
class Separation:
    """Two bids next to each other in the ranking with equal published totals."""

    above: str
    below: str
    key: str | None  # the tie-break key that separated them; None: a tie the panel settles


@dataclass(frozen=True)
class Result:
    method: Method
    bids: list[BidResult]  # in the file's order
    separations: list[Separation]

    @property
    def complete(self) -> bool:
        return not any(b.missing for b in self.bids if b.status != WITHDRAWN)

    @property
    def ranking(self) -> list[BidResult]:
        ranked = [b for b in self.bids if b.rank is not None]
        return sorted(ranked, key=lambda b: (b.rank, b.id))

    def bid(self, bid_id: str) -> BidResult:
        return next(b for b in self.bids if b.id == bid_id)

    def publish(self, value: Fraction) -> Decimal:
        return publish(value, self.method.round.round.decimals)


# ---------------------------------------------------------------- group figures


def aggregate(values: list[Fraction], how: str) -> Fraction:
    """Mean or median (of an even count: the mean of the two middle values)."""
    if how == How.MEDIAN:
        return (median_low(values) + median_high(values)) / 2
    common = lcm(*(v.denominator for v in values))
    return Fraction(sum(v.numerator * (common // v.denominator) for v in values), common * len(values))


def figure(scores: list, how: str, silent: bool, marks: bool) -> Fraction | str | None:
    """A group's figure from its members' scores, ``absent`` left out; None when the cell is missing.

    Missing: a consensus round (only an agreed score counts), a member's silent
    gap, or no score at all. Marks settle as pass or fail only when every mark
    agrees; otherwise they are unsettled.
    """
    counted = [s for s in scores if s != ABSENT]
    if how == How.CONSENSUS or silent or not counted:
        return None
    if marks:
        return FAIL if all(m == FAIL for m in counted) else PASS if all(m == PASS for m in counted) else UNSETTLED
    return aggregate([fraction_of(s) for s in counted], how)


def group_cell(method: Method, group: str, bid: str, criterion: str) -> GroupCell:
    """A group's figure for one cell, formed as the spec's step 1 says."""
    cell = cells.members(method, group, bid, criterion)
    agreed = cell.agreed
    if agreed is not None:
        value: Fraction | str | None = agreed.score if isinstance(agreed.score, str) else Fraction(agreed.score)
        return GroupCell(group, value, MODERATED, cell.entries, cell.absent, cell.conflicted, (), agreed)
    how, owed = How(method.round.round.aggregate), cell.owed
    marks = type(method.criterion(criterion)) is PassFail  # not isinstance: pydantic's ABC check is slow per cell
    value = figure([e.score for _, e in cell.entries], how, bool(owed), marks)
    return GroupCell(group, value, how, cell.entries, cell.absent, cell.conflicted, owed)


def criterion_result(method: Method, criterion: ScoredCriterion, bid: str,
                     known: dict[str, GroupCell] | None = None) -> CriterionResult:
    """S(q,b) and W(q,b): the share-weighted blend of the groups' figures.

    ``known``: cells already formed under ``method`` (reused as they are).
    """
    known = known or {}
    cells = {g: known[g] if g in known else group_cell(method, g, bid, criterion.id) for g in criterion.groups}
    if any(cell.value is None for cell in cells.values()):
        return CriterionResult(criterion, cells, None, None)
    parts = criterion.parts  # share / share total, and weight / top below: the same exact figures, fewer divisions
    score = sum((parts[g] * cell_figure(cell.value) for g, cell in cells.items()), Fraction(0))
    return CriterionResult(criterion, cells, score, criterion.per_point(method.scale.top)[0] * score)


def pass_fail_result(method: Method, criterion: PassFail, bid: str) -> PassFailResult:
    cells = {g: group_cell(method, g, bid, criterion.id) for g in method.pass_fail_groups[criterion.id]}
    outcomes = {cell.value if cell.value is not None else UNSETTLED for cell in cells.values()}
    outcome = FAIL if FAIL in outcomes else UNSETTLED if UNSETTLED in outcomes or not cells else PASS
    return PassFailResult(criterion, cells, outcome)


def contributions(method: Method, criteria: dict[str, CriterionResult]) -> dict[str, Fraction]:
    """C(g,b) over the criteria whose score could be formed, so Σ C = quality."""
    found = {g: Fraction(0) for g in method.contributing_groups()}
    top = method.scale.top
    for result in criteria.values():
        if result.score is None:
            continue
        per_point = result.criterion.per_point(top)[1]  # portion / top, formed once per criterion
        for g, cell in result.groups.items():
            found[g] += per_point[g] * cell_figure(cell.value)
    return found


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
        quality = quality - (old.weighted or 0) + (new.weighted or 0)
        found = dict(found)
        for part, sign in ((old, -1), (new, 1)):
            if part.score is not None:
                for g, cell in part.groups.items():
                    found[g] += sign * spec.portion(g) * cell_figure(cell.value) / method.scale.top
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
    for cid, crit in sorted(result.criteria.items()):
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


# ---------------------------------------------------------------- ranking


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
