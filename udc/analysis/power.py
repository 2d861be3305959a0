"""Whose view moderation followed: every group figure moderation changed, and in which direction.

Consensus often follows the most senior voice. For every scored cell a group
moderated (an agreed score, or members' ``was``/``why`` changes: the cells of
:func:`udc.analysis.moderation_log.moderation_log`), this module gives the
group's figure before moderation (formed from the scores as first given) and
after, and, where other groups assess the same cell, whether the change moved
the group's figure towards or away from each other group's figure.

The other group's figure is taken **as that group first gave it** (before its
own moderation): following someone means moving towards where they stood. A
move that leaves the distance unchanged is ``level``. Per group: how many of
its figures moved, how many moved towards (or away from) each other group, and
the mean size of a move, exactly. Pure: no I/O, every figure a Fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from udc.analysis.moderation_log import Record, moderation_log
from udc.core.engine import Result

TOWARDS, AWAY, LEVEL = "towards", "away", "level"


@dataclass(frozen=True)
class Direction:
    """How one group's change related to another group's figure on the same cell."""

    other: str
    figure: Fraction  # the other group's figure before moderation
    direction: str  # towards | away | level


@dataclass(frozen=True)
class Shift:
    """One group's figure on one cell, before and after moderation."""

    group: str
    bid: str
    criterion: str
    before: Fraction
    after: Fraction
    agreed: bool  # the group recorded an agreed score (else: members changed their scores)
    directions: tuple[Direction, ...]

    @property
    def size(self) -> Fraction:
        return abs(self.after - self.before)

    @property
    def moved(self) -> bool:
        return self.after != self.before


@dataclass(frozen=True)
class GroupPower:
    """One group's moderation, summed up."""

    group: str
    cells: int  # cells the group moderated
    moved: int  # of those, cells whose figure changed
    towards: dict[str, int]  # other group -> moves towards its figure
    away: dict[str, int]  # other group -> moves away from its figure
    level: dict[str, int]  # other group -> moves that kept the distance
    mean_size: Fraction | None  # mean size of a move (cells whose figure changed); None without one


@dataclass(frozen=True)
class Power:
    shifts: tuple[Shift, ...]
    groups: tuple[GroupPower, ...]

    def of(self, group: str) -> GroupPower | None:
        return next((g for g in self.groups if g.group == group), None)


def direction(before: Fraction, after: Fraction, other: Fraction) -> str:
    """``towards`` when ``after`` is nearer ``other`` than ``before`` was, ``away`` when farther."""
    was, now = abs(before - other), abs(after - other)
    return TOWARDS if now < was else AWAY if now > was else LEVEL


def first_figures(result: Result, records: list[Record]) -> dict[tuple[str, str, str], Fraction]:
    """Every scored cell's group figure before moderation: (group, bid, criterion) -> figure."""
    moderated = {(r.group, r.bid, r.criterion): r.figure_before.value for r in records}
    found: dict[tuple[str, str, str], Fraction] = {}
    for b in result.bids:
        for cid, crit in b.criteria.items():
            for g, cell in crit.groups.items():
                key = (g, b.id, cid)
                value = moderated.get(key, cell.value)
                if isinstance(value, Fraction):
                    found[key] = value
    return found


def shifts(result: Result, group: str | None = None) -> list[Shift]:
    """Every scored cell a group moderated, with the direction of each change (file order)."""
    records = [r for r in moderation_log(result) if r.criterion in {c.id for c in result.method.scored}]
    first = first_figures(result, records)
    found = []
    for r in records:
        if group is not None and r.group != group:
            continue
        before, after = r.figure_before.value, r.figure_after.value
        if not (isinstance(before, Fraction) and isinstance(after, Fraction)):
            continue
        crit = result.bid(r.bid).criteria[r.criterion]
        others = {g: first[(g, r.bid, r.criterion)] for g in sorted(crit.groups)
                  if g != r.group and (g, r.bid, r.criterion) in first}
        directions = tuple(Direction(g, v, direction(before, after, v)) for g, v in others.items())
        found.append(Shift(r.group, r.bid, r.criterion, before, after, r.agreed is not None, directions))
    return found


def summarise(group: str, mine: list[Shift]) -> GroupPower:
    moves = [s for s in mine if s.moved]
    count = lambda kind: _count(moves, kind)  # noqa: E731
    mean = sum((s.size for s in moves), Fraction(0)) / len(moves) if moves else None
    return GroupPower(group, len(mine), len(moves), count(TOWARDS), count(AWAY), count(LEVEL), mean)


def _count(moves: list[Shift], kind: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for s in moves:
        for d in s.directions:
            if d.direction == kind:
                found[d.other] = found.get(d.other, 0) + 1
    return found


def power(result: Result, group: str | None = None) -> Power:
    """Whose view moderation followed, for every group (or one)."""
    found = shifts(result, group)
    groups = [g for g in result.method.contributing_groups() if group is None or g == group]
    return Power(tuple(found), tuple(summarise(g, [s for s in found if s.group == g]) for g in groups))
