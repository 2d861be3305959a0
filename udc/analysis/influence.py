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

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction

from udc.core import engine
from udc.core.engine import INCOMPLETE, MODERATED, RANKED, BidResult, Result
from udc.core.fields import ABSENT
from udc.core.method import Method, ScoredCriterion

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
        candidates = []
        if self.holds_from is None:
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
    """The leaders of the upper envelope of ``lines`` on [low, high], solved exactly at crossings."""
    points = {low, high}
    for (a1, m1), (a2, m2) in itertools.combinations(lines.values(), 2):
        if m1 != m2:
            x = (a2 - a1) / (m1 - m2)
            if low < x < high:
                points.add(x)
    ordered = sorted(points)
    found: list[Segment] = []
    for start, end in zip(ordered, ordered[1:]):
        leaders = leaders_at(lines, (start + end) / 2)
        if found and found[-1].leaders == leaders:
            found[-1] = Segment(found[-1].start, end, leaders)
        else:
            found.append(Segment(start, end, leaders))
    if not found:
        found.append(Segment(low, high, leaders_at(lines, low)))
    return tuple(found)


def sweep(lines: Lines, low: Fraction, high: Fraction, current: Fraction, win: str | None) -> Sweep:
    segs = segments(lines, low, high)
    leading = win is not None and leaders_at(lines, current) == (win,)
    if not leading:
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
            unit = b.price.fraction or ZERO
        else:
            unit = b.criteria[criterion].score / method.scale.top
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


# ---------------------------------------------------------------- score moves


@dataclass(frozen=True)
class Move:
    """One score moved by one step of the scale. ``evaluator`` None: the group's agreed score."""

    group: str
    evaluator: str | None
    bid: str
    criterion: str
    before: Fraction
    after: Fraction


@dataclass(frozen=True)
class Moves:
    challenger: str
    margin: Fraction  # the winner's lead over the challenger, exactly
    moves: tuple[Move, ...]
    gain: Fraction  # how much of the lead the moves take away

    @property
    def count(self) -> int:
        return len(self.moves)


def neighbour(method: Method, value: Fraction, up: bool) -> Fraction | None:
    """The next value of the scale above (or below) ``value``; None at the end of the scale."""
    scale = method.scale
    if scale.points is not None:
        step = Fraction(scale.points.step)
        nxt = value + step if up else value - step
        return nxt if scale.bottom <= nxt <= scale.top else None
    values = sorted(scale.levels)
    found = [v for v in values if (v > value if up else v < value)]
    if not found:
        return None
    return found[0] if up else found[-1]


def cell_options(method: Method, b: BidResult, cid: str, group: str, up: bool) -> list[tuple[Fraction, tuple[Move, ...]]]:
    """Best change of the group figure (in the helpful direction, made positive) for k = 0, 1, ... moves."""
    cell = b.criteria[cid].groups[group]
    if cell.how == MODERATED:
        after = neighbour(method, cell.value, up)
        options = [(ZERO, ())]
        if after is not None:
            options.append((abs(after - cell.value), (Move(group, None, b.id, cid, cell.value, after),)))
        return options
    members = [(e, Fraction(s.score)) for e, s in cell.entries if s.score != ABSENT]
    movable = [(e, v, neighbour(method, v, up)) for e, v in members]
    movable = [(e, v, n) for e, v, n in movable if n is not None]
    values = {e: v for e, v in members}
    base = engine.aggregate(list(values.values()), cell.how)
    options = [(ZERO, ())]
    for k in range(1, len(movable) + 1):
        best = None
        for chosen in _subsets(movable, k, cell.how):
            changed = dict(values)
            changed.update({e: n for e, _, n in chosen})
            gain = abs(engine.aggregate(list(changed.values()), cell.how) - base)
            if best is None or gain > best[0]:
                best = (gain, tuple(Move(group, e, b.id, cid, v, n) for e, v, n in chosen))
        options.append(best)
    return options


def _subsets(movable, k: int, how: str):
    """Candidate sets of k moves: for a mean the k largest steps suffice; a median is searched."""
    if how == "mean" or len(movable) > 14:
        ordered = sorted(movable, key=lambda m: (-abs(m[2] - m[1]), m[0]))
        return [ordered[:k]]
    return itertools.combinations(movable, k)


def fewest_moves(result: Result, win: BidResult, challenger: BidResult) -> Moves | None:
    """The fewest one-step score moves (the winner's down, the challenger's up) that let the
    challenger draw level; None when even every such move is not enough."""
    method = result.method
    margin = win.total - challenger.total
    if margin <= 0:
        return Moves(challenger.id, margin, (), ZERO)
    cells = []
    for bid, up in ((win, False), (challenger, True)):
        for cid in sorted(bid.criteria):
            crit = bid.criteria[cid]
            for g in sorted(crit.groups):
                scale = crit.criterion.portion(g) / method.scale.top
                options = cell_options(method, bid, cid, g, up)
                cells.append([(gain * scale, moves) for gain, moves in options])
    best: dict[int, tuple[Fraction, tuple[Move, ...]]] = {0: (ZERO, ())}
    for options in cells:
        merged = dict(best)
        for count, (gain, moves) in best.items():
            for k, (extra, more) in enumerate(options):
                if k == 0 or not more:
                    continue
                key = count + len(more)
                candidate = (gain + extra, moves + more)
                if key not in merged or candidate[0] > merged[key][0]:
                    merged[key] = candidate
        best = merged
    for count in sorted(best):
        gain, moves = best[count]
        if gain >= margin:
            return Moves(challenger.id, margin, moves, gain)
    return None


def fewest_moves_any(result: Result) -> Moves | None:
    """The fewest moves over every challenger of the winner."""
    win = winner(result)
    if win is None:
        return None
    found = [fewest_moves(result, win, b) for b in in_contention(result) if b.id != win.id]
    found = [m for m in found if m is not None]
    return min(found, key=lambda m: (m.count, -(m.gain - m.margin), m.challenger), default=None)


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
    moves: Moves | None
    challengers: dict[str, Moves | None] = field(default_factory=dict)

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
    challengers = {}
    if win is not None:
        challengers = {b.id: fewest_moves(result, win, b) for b in in_contention(result) if b.id != win.id}
    return Influence(
        result,
        tuple(group_influence(result, g) for g in result.method.contributing_groups()),
        weights,
        smallest_weight_change(weights),
        fewest_moves_any(result),
        challengers,
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
        without = hypothetical(changed, result)
        nothing_left = not changed.scored and changed.price is None
        moves = {b.id: without.bid(b.id).total - b.total for b in in_contention(result)}
        found.append(CriterionEffect(group, c.id, set(c.shares) == {group}, without,
                                     not nothing_left and changes_winner(result, without), moves))
    return tuple(found)
