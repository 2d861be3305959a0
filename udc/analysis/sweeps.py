"""Sweeps: where the winner changes as one figure (a group's stake, a criterion's weight) moves.

Each bid's total is a line in the moving figure (:func:`stake_lines`, :func:`weight_lines`);
the leaders are read off the upper envelope of the lines, solved exactly at the crossings.
"The winner changes" at the point where another bid's exact total draws level with the
winner's; past that point the other bid is ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from udc.analysis.first_place import in_contention, winner
from udc.analysis.what_if import total_weight, weight_of
from udc.core.engine import Result
from udc.core.numbers import cell_figure

ZERO = Fraction(0)


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
    """Each bid's total as a line in the group's stake (see :func:`udc.analysis.what_if.stake_method`)."""
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
    """Each bid's total as a line in the weight of one criterion (see :func:`udc.analysis.what_if.weight_method`)."""
    method = result.method
    whole, current = total_weight(method), weight_of(method, criterion)
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
        current = weight_of(method, cid)
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
