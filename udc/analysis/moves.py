"""Score moves: the fewest one-step score changes that would let a challenger draw level with the winner.

Pure and exact. Each cell (a group's figure for one bid on one criterion)
offers, for k = 0, 1, 2 ... moves of its members' scores by one step of the
scale, the largest change of the bid's total those k moves can make (the
winner's scores down, the challenger's up). The fewest moves is then a
knapsack over the cells: the smallest count whose largest total change closes
the winner's lead.

Two things keep it fast without changing an answer:

* **Counts first.** When every cell's gain grows by less with each further
  move (always so for a mean, and for a group's agreed score), the largest
  change for k moves is the sum of the k largest single steps over all cells;
  the count follows from one sort. Otherwise a knapsack over counts (gains
  only) finds it. Only the challenger that needs fewest moves has its moves
  worked out, by the knapsack, which needs no count beyond the one known to be
  enough.
* **Whole numbers.** Every gain is put over one common denominator, so the
  knapsack adds and compares integers: the same comparisons as with fractions.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from udc.core.engine import MODERATED, BidResult, Result
from udc.core.fields import ABSENT
from udc.core.method import Method
from udc.core.numbers import cell_figure
from udc.core.statuses import How

ZERO = Fraction(0)

Options = list[tuple[Fraction, tuple["Move", ...]]]  # per k moves: the largest gain and the moves


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


def cell_options(method: Method, b: BidResult, cid: str, group: str,
                 up: bool) -> list[tuple[Fraction, tuple[Move, ...]]]:
    """Best change of the group figure (in the helpful direction, made positive) for k = 0, 1, ... moves."""
    cell = b.criteria[cid].groups[group]
    if cell.how == MODERATED:
        agreed = cell_figure(cell.value)
        after = neighbour(method, agreed, up)
        options: list[tuple[Fraction, tuple[Move, ...]]] = [(ZERO, ())]
        if after is not None:
            options.append((abs(after - agreed), (Move(group, None, b.id, cid, agreed, after),)))
        return options
    members = [(e, Fraction(s.score)) for e, s in cell.entries if s.score != ABSENT]
    movable = [(e, v, neighbour(method, v, up)) for e, v in members]
    movable = [(e, v, n) for e, v, n in movable if n is not None]
    if cell.how == How.MEAN:
        return _mean_options(group, b.id, cid, movable, len(members))
    return _searched_options(group, b.id, cid, members, movable, cell.how)


def _searched_options(group: str, bid: str, cid: str, members, movable, how: How) -> Options:
    """For a median (or any figure but a mean), the best k moves are searched.

    Every value is put over one common denominator, so that each candidate's figure is formed and
    compared in whole numbers (a framework round forms millions of them). Members whose scores are
    the same are interchangeable: a figure depends only on how many of each score move, so the
    search runs over those counts, not over every subset of members. Of equal gains the subset
    that comes first in the order of ``itertools.combinations`` over ``movable`` is kept, as a
    search over every subset would keep it. A group of more than ``_SEARCHED`` members who can move
    is not searched: its k largest steps are taken, listed largest first.
    """
    common = lcm(*(v.denominator for _, v in members), *(n.denominator for _, _, n in movable))

    def whole(value: Fraction) -> int:
        return value.numerator * (common // value.denominator)

    base = [whole(v) for _, v in members]
    median = how == How.MEDIAN
    low, high = (len(base) - 1) // 2, len(base) // 2

    def figure(values: list[int]) -> int:  # the figure, over 2 x common (median) or count x common (mean)
        if median:
            values.sort()
            return values[low] + values[high]
        return sum(values)

    before = figure(list(base))
    options: Options = [(ZERO, ())]
    for k in range(1, len(movable) + 1):
        best: tuple[int, tuple[int, ...]] | None = None  # the gain, and the positions in movable moved
        for chosen in _position_sets(movable, k):
            changed = list(base)
            for i in chosen:
                changed.remove(whole(movable[i][1]))
                changed.append(whole(movable[i][2]))
            gain = abs(figure(changed) - before)
            if best is None or gain > best[0] or gain == best[0] and chosen < best[1]:
                best = (gain, chosen)
        if best is not None:  # k <= len(movable): there is always a subset of k
            gain, chosen = best
            options.append((Fraction(gain, common * (2 if median else len(base))),
                            tuple(Move(group, movable[i][0], bid, cid, movable[i][1], movable[i][2]) for i in chosen)))
    return options


def _position_sets(movable, k: int) -> Iterator[tuple[int, ...]]:
    """The candidate sets of k positions in ``movable`` (each in increasing order): one per way of
    choosing how many members of each (score, next score) kind move, each the earliest members of
    their kind, which is the first such set ``itertools.combinations`` gives. For a group too large
    to search, one set: the k largest steps."""
    if len(movable) > _SEARCHED:
        yield tuple(_largest_steps(movable)[:k])
        return
    kinds: dict[tuple[Fraction, Fraction], list[int]] = {}
    for i, (_, v, n) in enumerate(movable):
        kinds.setdefault((v, n), []).append(i)
    groups = list(kinds.values())
    for counts in _counts([len(g) for g in groups], k):
        yield tuple(sorted(i for g, c in zip(groups, counts, strict=True) for i in g[:c]))


def _counts(sizes: list[int], k: int) -> Iterator[tuple[int, ...]]:
    """Every way of taking k in all from kinds of the given sizes (at most a size from each)."""
    if not sizes:
        if k == 0:
            yield ()
        return
    rest = sum(sizes[1:])
    for c in range(max(0, k - rest), min(sizes[0], k) + 1):
        for tail in _counts(sizes[1:], k - c):
            yield (c, *tail)


def _mean_options(group: str, bid: str, cid: str, movable, count: int) -> list[tuple[Fraction, tuple[Move, ...]]]:
    """For a mean, k moves change the figure most by the k largest steps: their sum over the count."""
    ordered = [movable[i] for i in _largest_steps(movable)]
    options: list[tuple[Fraction, tuple[Move, ...]]] = [(ZERO, ())]
    total = ZERO
    for e, v, n in ordered:
        total += abs(n - v)
        options.append((total / count, options[-1][1] + (Move(group, e, bid, cid, v, n),)))
    return options


_SEARCHED = 14  # a larger group's moves are not searched: its k largest steps are taken


def _largest_steps(movable) -> list[int]:
    """The positions in ``movable``, the largest step first (then by evaluator): for a mean, k moves
    change the figure most by the first k."""
    return sorted(range(len(movable)), key=lambda i: (-abs(movable[i][2] - movable[i][1]), movable[i][0]))


@dataclass(frozen=True)
class Reach:
    """How many moves a challenger needs to draw level, and the most they can gain."""

    challenger: str
    margin: Fraction
    count: int
    gain: Fraction


class MoveOptions:
    """Each cell's best change for k moves, formed once per bid and direction for every challenger."""

    def __init__(self, result: Result):
        self.result = result
        self.cache: dict[tuple[str, bool], list[Options]] = {}

    def cells(self, bid: BidResult, up: bool) -> list[Options]:
        key = (bid.id, up)
        if key not in self.cache:
            method, found = self.result.method, []
            for cid in sorted(bid.criteria):
                crit = bid.criteria[cid]
                for g in sorted(crit.groups):
                    scale = crit.criterion.portion(g) / method.scale.top
                    found.append([(gain * scale, moves) for gain, moves in cell_options(method, bid, cid, g, up)])
            self.cache[key] = found
        return self.cache[key]


@dataclass(frozen=True)
class _Knapsack:
    """The cells of one winner-challenger pair, in whole units of one common denominator."""

    unit: int
    need: int  # the margin, in units
    cells: list[list[tuple[int, tuple[Move, ...]]]]

    @classmethod
    def of(cls, options: MoveOptions, win: BidResult, challenger: BidResult, margin: Fraction) -> _Knapsack:
        cells = options.cells(win, False) + options.cells(challenger, True)
        unit = lcm(margin.denominator, *(gain.denominator for choices in cells for gain, _ in choices))
        whole = [[(gain.numerator * (unit // gain.denominator), moves) for gain, moves in choices] for choices in cells]
        return cls(unit, margin.numerator * (unit // margin.denominator), whole)

    def concave(self) -> bool:
        """Every cell offers k moves for its k-th option, each adding no more than the one before."""
        for choices in self.cells:
            steps = [b[0] - a[0] for a, b in itertools.pairwise(choices)]
            if any(len(moves) != k for k, (_, moves) in enumerate(choices)) or \
                    any(later > earlier for earlier, later in itertools.pairwise(steps)):
                return False
        return True

    def reach(self) -> tuple[int, int] | None:
        """(the fewest moves that are enough, the most they gain), or None when no number is enough."""
        if sum(choices[-1][0] for choices in self.cells) < self.need:
            return None
        if self.concave():
            steps = sorted((b[0] - a[0] for choices in self.cells for a, b in itertools.pairwise(choices)),
                           reverse=True)
            gain = 0
            for count, step in enumerate(steps, start=1):
                gain += step
                if gain >= self.need:
                    return count, gain
            return None  # pragma: no cover - the sum of every step is enough
        best = self.gains(self.enough())
        count = min(c for c, g in enumerate(best) if g >= self.need)
        return count, best[count]

    def enough(self) -> int:
        """A number of moves that is enough (not always the fewest): the knapsack needs no more.

        Greedy: keep taking the option that adds most per move (the order is only
        a heuristic; the sums are exact). Called when taking every cell's last
        option is enough, so the loop ends.
        """
        cells, taken = self.cells, [0] * len(self.cells)

        def best_next(i: int) -> tuple[int, int] | None:
            choices, k = cells[i], taken[i]
            steps = [((choices[j][0] - choices[k][0]) // max(1, len(choices[j][1]) - len(choices[k][1])), j)
                     for j in range(k + 1, len(choices))]
            return max(steps, default=None)

        heap = []
        for i in range(len(cells)):
            found = best_next(i)
            if found is not None:
                heap.append((-found[0], i, found[1]))
        heapq.heapify(heap)
        gain = count = 0
        while gain < self.need:
            _, i, j = heapq.heappop(heap)
            choices, k = cells[i], taken[i]
            gain += choices[j][0] - choices[k][0]
            count += len(choices[j][1]) - len(choices[k][1])
            taken[i] = j
            following = best_next(i)
            if following is not None:
                heapq.heappush(heap, (-following[0], i, following[1]))
        return count

    def gains(self, bound: int) -> list[int]:
        """The largest gain for each count of moves from 0 to ``bound`` (-1: no moves of that count).

        The same figures as :meth:`table`, without the moves, in lists instead of dicts (the count
        of every challenger is formed this way; only the fewest's moves are kept).
        """
        best = [0] + [-1] * bound
        for choices in self.cells:
            steps = [(len(more), extra) for k, (extra, more) in enumerate(choices) if k and more]
            merged = list(best)
            for count, gain in enumerate(best):
                if gain < 0:
                    continue
                for size, extra in steps:
                    key = count + size
                    if key <= bound and gain + extra > merged[key]:
                        merged[key] = gain + extra
            best = merged
        return best

    def table(self, bound: int) -> dict[int, tuple[int, object]]:
        """The largest gain for each count up to ``bound``, with the moves that make it, as a chain. Of equal
        gains for a count, the first found is kept (the counts in the order they were first reached)."""
        best: dict[int, tuple[int, object]] = {0: (0, None)}
        for choices in self.cells:
            merged = dict(best)
            for count, (gain, chain) in best.items():
                for k, (extra, more) in enumerate(choices):
                    if k == 0 or not more:
                        continue
                    key = count + len(more)
                    if key > bound:  # counts only grow: past the bound nothing is needed
                        continue
                    if key not in merged or gain + extra > merged[key][0]:
                        merged[key] = (gain + extra, (chain, more))
            best = merged
        return best


def _unchain(chain) -> tuple[Move, ...]:
    parts = []
    while chain is not None:
        chain, more = chain
        parts.append(more)
    return tuple(move for more in reversed(parts) for move in more)


def reach(result: Result, win: BidResult, challenger: BidResult, options: MoveOptions | None = None) -> Reach | None:
    """How many one-step moves the challenger needs to draw level; None when no number is enough."""
    margin = win.total - challenger.total
    if margin <= 0:
        return Reach(challenger.id, margin, 0, ZERO)
    sack = _Knapsack.of(options or MoveOptions(result), win, challenger, margin)
    found = sack.reach()
    return Reach(challenger.id, margin, found[0], Fraction(found[1], sack.unit)) if found else None


def fewest_moves(result: Result, win: BidResult, challenger: BidResult,
                 options: MoveOptions | None = None) -> Moves | None:
    """The fewest one-step score moves (the winner's down, the challenger's up) that let the
    challenger draw level; None when even every such move is not enough."""
    margin = win.total - challenger.total
    if margin <= 0:
        return Moves(challenger.id, margin, (), ZERO)
    sack = _Knapsack.of(options or MoveOptions(result), win, challenger, margin)
    found = sack.reach()
    if found is None:
        return None
    count = found[0]
    gain, chain = sack.table(count)[count]
    return Moves(challenger.id, margin, _unchain(chain), Fraction(gain, sack.unit))


def score_moves(result: Result, win: BidResult | None, contenders: list[BidResult]) -> tuple[Moves | None, dict]:
    """The fewest moves over every challenger of the winner (with the moves), and each challenger's count."""
    if win is None:
        return None, {}
    options = MoveOptions(result)
    reaches = {b.id: reach(result, win, b, options) for b in contenders if b.id != win.id}
    found = [r for r in reaches.values() if r is not None]
    best = min(found, key=lambda r: (r.count, -(r.gain - r.margin), r.challenger), default=None)
    if best is None:
        return None, reaches
    return fewest_moves(result, win, result.bid(best.challenger), options), reaches
