"""Influence: did a group's stake change the outcome, and how robust is the winner?

Pure and exact: every figure here is a :class:`~fractions.Fraction`; no I/O.
A hypothetical method (a group alone, a group left out, a stake or a weight
moved) is built as a modified :class:`~udc.method.Method` and scored by the
engine's own functions, so that a hypothetical total is formed exactly as a
real one. The rules of a round (weights add to 100, declared stakes) do not
apply to these hypothetical methods.

Two decisions hold throughout (docs/influence.md explains them):

* **Contention is fixed.** The bids in contention are the ones the real round
  ranks. A hypothetical method does not re-judge pass/fail checks, minimum
  scores or the budget, and the lowest price stays the real one.
* **Price is fixed.** The price criterion keeps its weight; stakes and
  renormalised weights move within the quality marks.

"The winner changes" at the point where another bid's exact total draws level
with the winner's; past that point the other bid is ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from udc.analysis.moves import Move, Moves, Reach, fewest_moves, score_moves
from udc.core import engine
from udc.core.engine import INCOMPLETE, RANKED, BidResult, Result
from udc.core.method import Method, ScoredCriterion
from udc.core.numbers import cell_figure

__all__ = ["Move", "Moves", "Reach", "fewest_moves"]  # score moves live in udc.analysis.moves

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
    current = _weight_of(method, criterion)
    if not 0 <= weight <= whole or current == whole:
        raise ValueError(f"weight {weight} cannot be set for {criterion}")
    k = (whole - weight) / (whole - current)
    scored = [replace(c, weight=weight if c.id == criterion else c.weight * k) for c in method.scored]
    price_weight = None
    if method.price is not None:
        price_weight = weight if method.price.id == criterion else Fraction(method.price.weight) * k
    return with_criteria(method, scored, price_weight)


def _weight_of(method: Method, criterion: str) -> Fraction:
    if method.price is not None and method.price.id == criterion:
        return Fraction(method.price.weight)
    found = method.scored_by_id(criterion)
    if found is None:
        raise KeyError(criterion)
    return found.weight


def hypothetical(changed: Method, actual: Result) -> Result:
    """Score the round under ``changed`` with contention and the lowest price held as in ``actual``."""
    lowest = next((b.price.lowest for b in actual.bids if b.price is not None), None)
    results = []
    for real in actual.bids:
        r = engine.assess_bid(changed, real.bid)
        if changed.price is not None:
            r.price = engine.price_result(changed, r.bid.price, lowest)
        r.reasons = list(real.reasons)
        r.status = real.status if real.status != RANKED else (INCOMPLETE if r.missing else RANKED)
        results.append(r)
    return Result(changed, results, engine.rank(changed, results))


# ---------------------------------------------------------------- winners and lines


def in_contention(result: Result) -> list[BidResult]:
    return [b for b in result.bids if b.status == RANKED]


def winner(result: Result) -> BidResult | None:
    """The bid ranked first alone; None when nothing is ranked or first place is tied."""
    first = [b for b in result.bids if b.rank == 1]
    return first[0] if len(first) == 1 else None


@dataclass(frozen=True)
class Segment:
    """Over the open interval (start, end), ``leaders`` have the highest exact total."""

    start: Fraction
    end: Fraction
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class Sweep:
    """How the leader changes as one figure (a stake, a weight) moves over [low, high]."""

    low: Fraction
    high: Fraction
    current: Fraction
    segments: tuple[Segment, ...]
    winner: str | None  # the real winner, if any
    holds_from: Fraction | None  # the winner leads on (holds_from, holds_to); None if it does not lead now
    holds_to: Fraction | None
    below: tuple[str, ...]  # who leads just below holds_from (at the low end: who is level there, if any)
    above: tuple[str, ...]  # who leads just above holds_to (at the high end: who is level there, if any)

    @property
    def nearest(self) -> Fraction | None:
        """The boundary nearest the current figure, where the winner would change."""
        candidates: list[Fraction] = []
        if self.holds_from is None or self.holds_to is None:  # both None, or neither
            return self.current
        if self.below:
            candidates.append(self.holds_from)
        if self.above:
            candidates.append(self.holds_to)
        return min(candidates, key=lambda x: (abs(x - self.current), x)) if candidates else None


Lines = dict[str, tuple[Fraction, Fraction]]  # bid -> (value at 0, slope)


def leaders_at(lines: Lines, x: Fraction) -> tuple[str, ...]:
    values = {b: a + m * x for b, (a, m) in lines.items()}
    top = max(values.values())
    return tuple(sorted(b for b, v in values.items() if v == top))


def segments(lines: Lines, low: Fraction, high: Fraction) -> tuple[Segment, ...]:
    """The leaders of the upper envelope of ``lines`` on [low, high], solved exactly at crossings.

    A walk along the envelope: from each point, the line on top just to its
    right is the highest there (the steeper of two level lines); it stays on
    top until the first line steeper than it crosses it. Each step looks at
    every line once, and there are at most as many steps as lines.
    """
    if low >= high:
        return (Segment(low, high, leaders_at(lines, low)),)
    found: list[Segment] = []
    x = low
    while True:
        a, m = max(lines.values(), key=lambda line: (line[0] + line[1] * x, line[1]))
        leaders = tuple(sorted(b for b, line in lines.items() if line == (a, m)))
        end = high
        for a2, m2 in lines.values():
            if m2 > m:
                end = min(end, (a - a2) / (m2 - m))
        if found and found[-1].leaders == leaders:
            found[-1] = Segment(found[-1].start, end, leaders)
        else:
            found.append(Segment(x, end, leaders))
        if end >= high:
            return tuple(found)
        x = end


def sweep(lines: Lines, low: Fraction, high: Fraction, current: Fraction, win: str | None) -> Sweep:
    segs = segments(lines, low, high)
    if win is None or leaders_at(lines, current) != (win,):  # the winner does not lead now
        return Sweep(low, high, current, segs, win, None, None, (), ())
    index = next(i for i, s in enumerate(segs) if s.start <= current <= s.end and s.leaders == (win,))
    seg = segs[index]
    below = segs[index - 1].leaders if index > 0 else _level_at(lines, low, win)
    above = segs[index + 1].leaders if index + 1 < len(segs) else _level_at(lines, high, win)
    return Sweep(low, high, current, segs, win, seg.start, seg.end, below, above)


def _level_at(lines: Lines, x: Fraction, win: str) -> tuple[str, ...]:
    """The bids that draw level with the winner exactly at an end of the range (usually none)."""
    leaders = leaders_at(lines, x)
    return tuple(b for b in leaders if b != win) if len(leaders) > 1 and win in leaders else ()


def stake_lines(result: Result, group: str) -> Lines:
    """Each bid's total as a line in the group's stake (see :func:`stake_method`)."""
    method = result.method
    held, quality = method.effective_stake(group), method.quality_weight
    lines = {}
    for b in in_contention(result):
        mine = b.contributions.get(group, ZERO)
        rest = b.quality - mine
        price = b.price.score if b.price is not None else ZERO
        per_own, per_rest = mine / held, rest / (quality - held)
        lines[b.id] = (price + quality * per_rest, per_own - per_rest)
    return lines


def stake_sweep(result: Result, group: str) -> Sweep | None:
    """Where the winner changes as the group's stake moves from 0 to all the quality marks;
    None when the stake cannot move (the group holds nothing, or every quality mark)."""
    method = result.method
    held, quality = method.effective_stake(group), method.quality_weight
    if held == 0 or held == quality or not in_contention(result):
        return None
    win = winner(result)
    return sweep(stake_lines(result, group), ZERO, quality, held, win.id if win else None)


def weight_lines(result: Result, criterion: str) -> Lines:
    """Each bid's total as a line in the weight of one criterion (see :func:`weight_method`)."""
    method = result.method
    whole, current = total_weight(method), _weight_of(method, criterion)
    lines = {}
    for b in in_contention(result):
        if method.price is not None and method.price.id == criterion:
            unit = (b.price.fraction if b.price is not None else None) or ZERO
        else:
            unit = cell_figure(b.criteria[criterion].score) / method.scale.top  # bids in contention are scored
        rest = (b.total - current * unit) / (whole - current)
        lines[b.id] = (whole * rest, unit - rest)
    return lines


def weight_sweeps(result: Result) -> dict[str, Sweep]:
    """For every weighted criterion, where the winner changes as its weight moves over 0–100%."""
    method = result.method
    whole = total_weight(method)
    win = winner(result)
    if not in_contention(result):
        return {}
    ids = [c.id for c in method.scored] + ([method.price.id] if method.price is not None else [])
    found = {}
    for cid in ids:
        current = _weight_of(method, cid)
        if current == whole:
            continue
        found[cid] = sweep(weight_lines(result, cid), ZERO, whole, current, win.id if win else None)
    return found


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    before: Fraction
    after: Fraction
    new_leaders: tuple[str, ...]


def smallest_weight_change(sweeps: dict[str, Sweep]) -> WeightChange | None:
    """The single-criterion weight change of least size that makes another bid draw level."""
    best = None
    for cid in sorted(sweeps):
        s = sweeps[cid]
        point = s.nearest
        if point is None:
            continue
        if s.holds_from is None:
            change = WeightChange(cid, s.current, s.current, ())
        else:
            change = WeightChange(cid, s.current, point, s.below if point == s.holds_from else s.above)
        if best is None or abs(change.after - change.before) < abs(best.after - best.before):
            best = change
    return best


# ---------------------------------------------------------------- the analysis


@dataclass(frozen=True)
class GroupInfluence:
    group: str
    declared: Fraction | None
    effective: Fraction
    own: Result | None  # the group alone
    without: Result  # the group left out
    dropped: tuple[str, ...]  # criteria only this group assesses
    stake: Sweep | None
    nothing_left: bool  # without the group, no criterion is left to rank on
    decisive: bool  # without the group, first place would differ


@dataclass(frozen=True)
class Influence:
    result: Result
    groups: tuple[GroupInfluence, ...]
    weights: dict[str, Sweep]
    weight_change: WeightChange | None
    moves: Moves | None  # the fewest score moves that change the winner, and which
    challengers: dict[str, Reach | None] = field(default_factory=dict)  # how many each challenger needs

    @property
    def winner(self) -> BidResult | None:
        return winner(self.result)


def group_influence(result: Result, group: str) -> GroupInfluence:
    method = result.method
    own = own_method(method, group)
    declared = method.round.groups[group].stake
    without = hypothetical(without_method(method, group), result)
    nothing_left = not without.method.scored and without.method.price is None
    return GroupInfluence(
        group,
        Fraction(declared) if declared is not None else None,
        method.effective_stake(group),
        hypothetical(own, result) if own is not None else None,
        without,
        tuple(c.id for c in method.scored if set(c.shares) == {group}),
        stake_sweep(result, group),
        nothing_left,
        not nothing_left and changes_winner(result, without),
    )


def analyse(result: Result) -> Influence:
    """Everything exact about influence and robustness (the bootstrap is in :mod:`udc.bootstrap`)."""
    weights = weight_sweeps(result)
    win = winner(result)
    return Influence(
        result,
        tuple(group_influence(result, g) for g in result.method.contributing_groups()),
        weights,
        smallest_weight_change(weights),
        *score_moves(result, win, in_contention(result)),
    )


def changes_winner(before: Result, after: Result) -> bool:
    """Whether ``after`` has a different first place (a different bid, or a tie) than ``before``."""
    first = lambda r: tuple(sorted(b.id for b in r.bids if b.rank == 1))  # noqa: E731
    return first(before) != first(after)



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
    lowest = next((b.price.lowest for b in actual.bids if b.price is not None), None)
    same = {c.id for c in changed.scored if _unchanged(c, actual.method)}
    results = []
    for real in actual.bids:
        if len(changed.scored) == len(actual.method.scored) and len(same) >= len(changed.scored) - 1:
            criteria, quality, found = _one_changed(changed, real, same)
        else:
            criteria = {c.id: engine.criterion_result(changed, c, real.id, real.criteria[c.id].groups)
                        for c in changed.scored}
            quality = sum((r.weighted for r in criteria.values() if r.weighted is not None), ZERO)
            found = engine.contributions(changed, criteria)
        r = BidResult(real.bid, criteria, real.pass_fail, quality, found)
        r.missing = list(real.missing)
        if changed.price is not None:
            r.price = engine.price_result(changed, r.bid.price, lowest)
        r.reasons = list(real.reasons)
        r.status = real.status if real.status != RANKED else (INCOMPLETE if r.missing else RANKED)
        results.append(r)
    return Result(changed, results, engine.rank(changed, results))


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
        new = criteria[c.id] = engine.criterion_result(changed, c, real.id, old.groups)
        quality = quality - (old.weighted or 0) + (new.weighted or 0)
        top = changed.scale.top
        for result, sign in ((old, -1), (new, 1)):
            if result.score is not None:
                for g, cell in result.groups.items():
                    if g in result.criterion.shares:
                        found[g] += sign * result.criterion.portion(g) * cell_figure(cell.value) / top
    return criteria, quality, {g: found.get(g, ZERO) for g in changed.contributing_groups()}


@dataclass(frozen=True)
class CriterionEffect:
    """What taking one group's scores on one criterion out would do to the result."""

    group: str
    criterion: str
    alone: bool  # the group is the criterion's only assessor: its weight was spread over the others
    without: Result
    decisive: bool  # first place would differ
    moves: dict[str, Fraction]  # bid in contention -> its total without these scores minus its real total


def criterion_effects(result: Result, group: str) -> tuple[CriterionEffect, ...]:
    """For every scored criterion the group assesses (file order): whether taking the group's scores on
    that criterion alone out changes the winner, and how far each bid's total moves. Scored by the
    engine, with contention and the lowest price held as in the real round (:func:`hypothetical`)."""
    found = []
    for c in result.method.scored:
        if group not in c.shares:
            continue
        changed = without_criterion_method(result.method, group, c.id)
        without = reweighted(changed, result)
        nothing_left = not changed.scored and changed.price is None
        moves = {b.id: without.bid(b.id).total - b.total for b in in_contention(result)}
        found.append(CriterionEffect(group, c.id, set(c.shares) == {group}, without,
                                     not nothing_left and changes_winner(result, without), moves))
    return tuple(found)
