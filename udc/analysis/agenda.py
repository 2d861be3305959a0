"""The moderation agenda: which cells the panel should discuss, most decisive first.

Pure and exact, like the engine it uses. An item is one of:

* a **group cell** (group x bid x criterion) whose members' scores spread by
  ``round.divergence`` points or more, whose pass/fail marks disagree, or
  (where ``round.require_reasons`` is true) where a score or agreed score has
  no reason;
* a **difference between groups** (bid x criterion) where the groups' figures
  differ by ``round.divergence`` or more: one group sees the answer one way,
  another group another way.

A cell already settled by an agreed (moderated) score leaves the agenda; a
difference between groups leaves it once every group involved has agreed its
own figure (the difference then stands as each group's considered view, and the
criterion's shares blend it as the method says).

Each item carries its **swing**: the bid's exact total with the cell's figure
at each end of its range (the lowest and highest score given; for a difference
between groups, every group at the lowest and at the highest group figure;
for marks, fail and pass), computed by the engine. The ranking at the two ends
is compared: an item whose two ends give a different winner *could change the
winner*; one whose ends give a different ranking (order or status, e.g. a
criterion minimum) *could change the ranking*; where the bid has other missing
cells and so no rank at either end, the effect is *not known yet*. Items are ordered by that
effect, then by how close the swing brings the bid to its neighbours in the
ranking, then by the size of the swing, then by bid, criterion and group id.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from udc.core import engine, ranking
from udc.core.cells import owed_count
from udc.core.engine import FAIL, INCOMPLETE, MODERATED, PASS, RANKED, BidResult, GroupCell, Result
from udc.core.method import Method
from udc.core.numbers import fraction_of
from udc.core.statuses import BidStatus


class Effect(StrEnum):
    """What an item's range can do to the ranking; the agenda is ordered by it, in this order."""

    WINNER = "winner"  # the two ends give a different winner
    RANKING = "ranking"  # a different ranking or status below the winner
    UNKNOWN = "unknown"  # not known yet: scores are owed, or the bid has no rank at either end
    NONE = "none"  # the ranking stays the same across the range


class ItemKind(StrEnum):
    """An agenda item is a group cell or a difference between groups."""

    CELL = "cell"
    GROUPS = "groups"


class Why(StrEnum):
    """Why an item is on the agenda."""

    SPREAD = "spread"  # members' scores spread by round.divergence or more
    MARKS = "marks"  # pass/fail marks disagree
    REASONS = "reasons"  # a required reason is missing
    GROUPS = "groups"  # the groups' figures differ by round.divergence or more


WINNER, RANKING, UNKNOWN, NONE = Effect.WINNER, Effect.RANKING, Effect.UNKNOWN, Effect.NONE
EFFECTS = tuple(Effect)
CELL, GROUPS = ItemKind.CELL, ItemKind.GROUPS
SPREAD, MARKS_DIFFER, REASONS, DIFFER = Why.SPREAD, Why.MARKS, Why.REASONS, Why.GROUPS

Figure = Fraction | str  # a score or a mark


@dataclass(frozen=True)
class Neighbour:
    """The bid next to this one in the ranking, and the gap between published totals."""

    bid: str
    rank: int
    total: Decimal
    gap: Decimal  # always >= 0


@dataclass(frozen=True)
class Standing:
    """Where the item's bid stands now."""

    total: Fraction
    status: BidStatus
    rank: int | None
    above: Neighbour | None
    below: Neighbour | None


@dataclass(frozen=True)
class End:
    """One end of the item's range, as the engine scores it."""

    figure: Figure
    total: Fraction
    status: BidStatus
    winners: tuple[str, ...]
    ranking: tuple  # a signature of the whole ranking and every status: equal exactly when they are equal


@dataclass(frozen=True)
class Swing:
    low: End
    high: End
    effect: Effect
    owed: int = 0  # scores still owed in the round when the effect is not known yet because of them

    @property
    def size(self) -> Fraction:
        return self.high.total - self.low.total


@dataclass(frozen=True)
class AgendaItem:
    kind: ItemKind
    bid: str
    criterion: str
    groups: tuple[str, ...]  # one group for a cell; the differing groups for a difference
    why: tuple[Why, ...]
    cells: dict[str, GroupCell]  # group id -> its cell (every assessing group for a difference)
    unreasoned: tuple[str, ...]  # evaluators (or the group, for its agreed score) without a reason
    standing: Standing
    swing: Swing | None  # None when the range is a single figure
    distance: Fraction | None  # how far the swing stays from the nearest neighbour's total; 0 = reaches it

    @property
    def effect(self) -> Effect:
        return self.swing.effect if self.swing else NONE


# ---------------------------------------------------------------- the agenda


def agenda(result: Result, group: str | None = None, bid: str | None = None) -> list[AgendaItem]:
    """Every agenda item of a scored round, most decisive first; optionally for one group or bid."""
    method = result.method
    divergence = Fraction(method.round.round.divergence)
    require = method.round.round.require_reasons
    items = []
    context = Rescorer(result, owed_count(method))
    for b in result.bids:
        if b.bid.withdrawn or (bid is not None and b.id != bid):
            continue
        for crit in b.criteria.values():
            for gid, cell in crit.groups.items():
                if group is None or gid == group:
                    items.append(_cell_item(context, b, crit.criterion.id, cell, divergence, require, scored=True))
            items.append(_difference(context, b, crit, divergence, group))
        for pf in b.pass_fail.values():
            for gid, cell in pf.groups.items():
                if group is None or gid == group:
                    items.append(_cell_item(context, b, pf.criterion.id, cell, divergence, require, scored=False))
    return sorted((i for i in items if i is not None), key=order_key)


def order_key(item: AgendaItem) -> tuple:
    """Winner first, then ranking; then nearest to a neighbour, largest swing; then ids."""
    distance = item.distance if item.distance is not None else Fraction(10 ** 9)
    size = item.swing.size if item.swing else Fraction(0)
    return (EFFECTS.index(item.effect), distance, -size, item.bid, item.criterion, item.kind, item.groups)


# ---------------------------------------------------------------- items


def numbers(cell: GroupCell) -> list[Fraction]:
    return [fraction_of(s.score) for _, s in cell.counted if not isinstance(s.score, str)]


def _cell_item(context: Rescorer, b: BidResult, cid: str, cell: GroupCell, divergence: Fraction,
               require: bool, scored: bool) -> AgendaItem | None:
    why: list[Why] = []
    low: Figure | None = None
    high: Figure | None = None
    if cell.how == MODERATED:
        low = high = cell.value
    elif scored:
        given = numbers(cell)
        if given:
            low, high = min(given), max(given)
            if len(given) > 1 and high - low >= divergence:
                why.append(SPREAD)
    else:
        marks = {s.score for _, s in cell.counted}
        if {PASS, FAIL} <= marks:
            why.append(MARKS_DIFFER)
            low, high = FAIL, PASS
    unreasoned: tuple[str, ...] = ()
    if require:
        unreasoned = tuple(e for e, s in cell.entries if not s.reason)
        if cell.agreed is not None and not cell.agreed.reason:
            unreasoned += (cell.group,)
        if unreasoned:
            why.append(REASONS)
    if not why:
        return None
    swing = _swing(context, b.id, cid, (cell.group,), low, high)
    return _item(context, CELL, b, cid, (cell.group,), tuple(why), {cell.group: cell}, unreasoned, swing)


def _difference(context: Rescorer, b: BidResult, crit, divergence: Fraction, group: str | None) -> AgendaItem | None:
    cells = crit.groups
    figures = {g: c.value for g, c in cells.items() if isinstance(c.value, Fraction)}
    if len(cells) < 2 or len(figures) < len(cells):
        return None
    low, high = min(figures.values()), max(figures.values())
    if high - low < divergence or all(c.how == MODERATED for c in cells.values()):
        return None
    involved = tuple(g for g in sorted(figures) if figures[g] in (low, high))
    if group is not None and group not in involved:
        return None
    swing = _swing(context, b.id, crit.criterion.id, tuple(cells), low, high)
    return _item(context, GROUPS, b, crit.criterion.id, involved, (DIFFER,), dict(cells), (), swing)


def _item(context: Rescorer, kind: ItemKind, b: BidResult, cid: str, groups: tuple[str, ...], why: tuple[Why, ...],
          cells: dict[str, GroupCell], unreasoned: tuple[str, ...], swing: Swing | None) -> AgendaItem:
    standing = context.standing(b)
    return AgendaItem(kind, b.id, cid, groups, why, cells, unreasoned, standing, swing,
                      _distance(standing, swing))


# ---------------------------------------------------------------- standing and distance


def standing_of(result: Result, b: BidResult, ranking: list[BidResult] | None = None) -> Standing:
    """The bid's total, rank and its neighbours in the ranking (published gaps)."""
    above = below = None
    if b.rank is not None:
        ranking = result.ranking if ranking is None else ranking
        at = next(i for i, r in enumerate(ranking) if r.id == b.id)
        mine = result.publish(b.total)
        if at > 0:
            other = ranking[at - 1]
            assert other.rank is not None  # the ranking holds ranked bids only
            above = Neighbour(other.id, other.rank, result.publish(other.total), result.publish(other.total) - mine)
        if at + 1 < len(ranking):
            other = ranking[at + 1]
            assert other.rank is not None
            below = Neighbour(other.id, other.rank, result.publish(other.total), mine - result.publish(other.total))
    return Standing(b.total, b.status, b.rank, above, below)


def _distance(standing: Standing, swing: Swing | None) -> Fraction | None:
    """How far the range of totals stays from the nearest neighbour's total (0 if it reaches one)."""
    neighbours = [n for n in (standing.above, standing.below) if n is not None]
    if swing is None or not neighbours:
        return None
    low, high = swing.low.total, swing.high.total
    gaps = []
    for n in neighbours:
        other = Fraction(n.total)
        gaps.append(Fraction(0) if low <= other <= high else min(abs(other - low), abs(other - high)))
    return min(gaps)


# ---------------------------------------------------------------- the swing, by the engine


class Rescorer:
    """Scores the round with one cell's figure changed, reusing everything that cell cannot change.

    Only the item's bid is assessed again, and only on the item's criterion
    (:func:`udc.core.engine.reassess`). While the bid stays in (or out of)
    contention the lowest price, every price score and every other bid's rank
    key stay as they are, so the ranking is found by placing the bid among the
    others' keys (a binary search). When the change puts the bid into or out of
    contention, the lowest price may move: the round is then finished afresh
    by the engine.
    """

    def __init__(self, result: Result, owed: int = 0):
        self.result, self.method = result, result.method
        self.owed = owed  # scores still owed anywhere in the round
        self.by_id = {b.id: b for b in result.bids}
        ranked = [b for b in result.bids if b.status == RANKED]
        self.order = {b.id: ranking.rank_order(ranking.rank_key(self.method, b)) for b in ranked}
        self.sorted = sorted((o, b) for b, o in self.order.items())
        self.keys = [o for o, _ in self.sorted]
        self.ranking = result.ranking
        self.standings: dict[str, Standing] = {}

    def standing(self, b: BidResult) -> Standing:
        if b.id not in self.standings:
            self.standings[b.id] = standing_of(self.result, b, self.ranking)
        return self.standings[b.id]

    def end(self, bid: str, cid: str, figures: dict[str, Figure], figure: Figure) -> End:
        """The round scored with ``figures`` as the groups' agreed scores of one cell."""
        method = self.method.with_agreed(bid, cid, figures)
        before = self.by_id[bid]
        after = engine.reassess(method, before, cid, tuple(figures))
        if bool(after.reasons) != bool(before.reasons):
            return self._afresh(method, bid, after, figure)
        after.price = before.price
        after.status = engine.status_of(after)
        if after.status != RANKED:
            return End(figure, after.total, after.status, self._top(bid), (after.status,))
        mine = ranking.rank_order(ranking.rank_key(method, after))
        left, right = bisect_left(self.keys, mine), bisect_right(self.keys, mine)
        if bid in self.order:  # the bid's own place among the keys is not another bid
            own = self.order[bid]
            left -= own < mine
            right -= own <= mine
        if left == 0:
            level = [b for b in itertools.islice((b for _, b in self.sorted if b != bid), right)]
            winners = tuple(sorted([bid, *level]))
        else:
            winners = self._top(bid)
        return End(figure, after.total, after.status, winners, (after.status, left, right))

    def _top(self, bid: str) -> tuple[str, ...]:
        """The bids ranked first when ``bid`` is out of the ranking."""
        others = ((o, b) for o, b in self.sorted if b != bid)
        first = next(others, None)
        if first is None:
            return ()
        level = itertools.takewhile(lambda entry: entry[0] == first[0], others)
        return (first[1], *(b for _, b in level))

    def _afresh(self, method: Method, bid: str, after: BidResult, figure: Figure) -> End:
        results = [after if b.id == bid else dataclasses.replace(b, price=None, status=RANKED, rank=None, tie=False)
                   for b in self.result.bids]
        rescored = engine.finish(method, results)
        ranking = tuple((r.rank, r.id) for r in rescored.ranking)
        statuses = tuple((r.id, r.status) for r in rescored.bids)
        winners = tuple(r.id for r in rescored.ranking if r.rank == 1)
        return End(figure, after.total, after.status, winners, ("afresh", ranking, statuses))


def _swing(rescorer: Rescorer, bid: str, cid: str, groups: tuple[str, ...], low: Figure | None,
           high: Figure | None) -> Swing | None:
    if low is None or high is None or low == high:
        return None
    lo, hi = (rescorer.end(bid, cid, {g: figure for g in groups}, figure) for figure in (low, high))
    if lo.winners != hi.winners:
        effect = WINNER
    elif lo.ranking != hi.ranking or lo.status != hi.status:
        effect = RANKING
    elif lo.status == hi.status == INCOMPLETE:
        effect = UNKNOWN  # the bid has other missing cells: no rank at either end
    else:
        effect = NONE
    if rescorer.owed and effect in (RANKING, NONE):
        # an owed score can move any bid's total and status, so "cannot change the ranking" (or only
        # "below the winner") is not known until it arrives; a change of winner on the scores given stands
        return Swing(lo, hi, UNKNOWN, rescorer.owed)
    return Swing(lo, hi, effect)


def end(result: Result, bid: str, cid: str, figures: dict[str, Figure], figure: Figure) -> End:
    """The round scored with ``figures`` as the groups' agreed scores of one cell."""
    return Rescorer(result).end(bid, cid, figures, figure)


def with_agreed(method: Method, bid: str, cid: str, figures: dict[str, Figure]) -> Method:
    """``method`` with the given agreed scores for one bid and criterion (nothing else changes)."""
    return method.with_agreed(bid, cid, figures)


__all__ = [
    "CELL", "DIFFER", "EFFECTS", "GROUPS", "MARKS_DIFFER", "NONE", "RANKING", "REASONS", "SPREAD", "UNKNOWN", "WINNER",
    "Effect", "ItemKind", "Why",
    "AgendaItem", "End", "Neighbour", "Rescorer", "Standing", "Swing", "agenda", "end", "order_key", "standing_of",
    "with_agreed",
]
