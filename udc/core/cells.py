"""Who owes a cell, whether it awaits an agreed score, and how far its scores spread.

One answer for every part of udc that asks: the engine (a silent gap makes a
cell missing), the rules (``udc check`` warns about owed scores and wide
spreads), the moderation agenda (effects are not known while scores are owed)
and ``udc status`` (through the engine's cells). A cell is one group's view of
one bid on one criterion.

* A member **owes** the cell (a silent gap) when they are not conflicted, gave
  no entry, and the group has not agreed a score for the cell.
* In a consensus round a cell **awaits** the group's agreed score until it is
  recorded (a consensus gap).
* The **spread** is the lowest and highest numeric score given (``absent`` and
  marks left out), each with the member who gave it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from udc.core.fields import ABSENT
from udc.core.method import Method
from udc.core.model import AgreedScore, ScoreEntry
from udc.core.numbers import fraction_of


@dataclass(frozen=True)
class Members:
    """What each member of a group did about one cell."""

    group: str
    bid: str
    criterion: str
    entries: tuple[tuple[str, ScoreEntry], ...]  # members who gave an entry (absent included)
    absent: tuple[str, ...]
    conflicted: tuple[str, ...]
    silent: tuple[str, ...]  # members without an entry (owed unless the group agreed a score)
    agreed: AgreedScore | None

    @property
    def owed(self) -> tuple[str, ...]:
        """The members who owe a score: silent, where the group has not agreed one."""
        return () if self.agreed is not None else self.silent

    def awaiting(self, method: Method) -> bool:
        """A consensus round's cell without the group's agreed score."""
        return method.round.round.aggregate == "consensus" and self.agreed is None

    def spread(self) -> tuple[tuple[Fraction, str], tuple[Fraction, str]] | None:
        """(lowest, highest) numeric score given, each with its member; None with fewer than two."""
        # Decimals compare exactly; only the two ends become Fractions
        numbers = [(e.score, eid) for eid, e in self.entries if isinstance(e.score, Decimal)]
        if len(numbers) < 2:
            return None
        (low, low_by), (high, high_by) = min(numbers), max(numbers)
        return (fraction_of(low), low_by), (fraction_of(high), high_by)


_NONE: dict = {}  # an empty mapping shared by every lookup that finds nothing (never written to)


def members(method: Method, group: str, bid: str, criterion: str) -> Members:
    """Each member's part in one cell, in the group's member order (sorted ids); formed once per method."""
    key = (group, bid, criterion)
    known = method._cells.get(key)
    if known is None:
        known = method._cells[key] = _members(method, group, bid, criterion)
    return known


def _members(method: Method, group: str, bid: str, criterion: str) -> Members:
    agreed = method.round.moderation.get(group, _NONE).get(bid, _NONE).get(criterion)
    conflicted, scoring = _row(method, group, bid)
    entries, absent, silent = [], [], []
    for eid, given in scoring:
        entry = given.get(criterion)
        if entry is None:
            silent.append(eid)
            continue
        entries.append((eid, entry))
        if entry.score == ABSENT:
            absent.append(eid)
    return Members(group, bid, criterion, tuple(entries), tuple(absent), conflicted, tuple(silent), agreed)


def kept_when_agreed(method: Method, bid: str, criterion: str, agreed: dict[str, AgreedScore]) -> dict:
    """What :func:`members` has formed under ``method``, as it stands once the groups in ``agreed``
    agree those scores of one cell: the groups' rows of the bid (who is conflicted, who scored
    what) unchanged, and the cell's members with the new agreed score."""
    kept: dict = {}
    for group, score in agreed.items():
        row = method._cells.get((group, bid))
        if row is not None:
            kept[(group, bid)] = row
        cell = method._cells.get((group, bid, criterion))
        if cell is not None:
            kept[(group, bid, criterion)] = replace(cell, agreed=score)
    return kept


def _row(method: Method, group: str, bid: str) -> tuple[tuple[str, ...], tuple[tuple[str, dict], ...]]:
    """The group's members conflicted with the bid, and the others with their scores of it (by criterion).

    Formed once per group and bid (kept with the cells), not once per criterion.
    """
    key = (group, bid)
    row = method._cells.get(key)
    if row is None:
        scores, conflicts = method.round.scores, method.conflicts
        ids = method.members(group)
        row = method._cells[key] = (tuple(e for e in ids if bid in conflicts.get(e, ())),
                                    tuple((e, scores.get(e, _NONE).get(bid, _NONE)) for e in ids
                                          if bid not in conflicts.get(e, ())))
    return row


def assessed(method: Method) -> list[tuple[str, tuple[str, ...]]]:
    """Every criterion that is scored or marked, with the groups that assess it (scored first)."""
    return [(c.id, c.groups) for c in method.scored] + \
           [(c.id, method.pass_fail_groups[c.id]) for c in method.pass_fail]


def every_cell(method: Method) -> Iterator[Members]:
    """Every cell of every bid not withdrawn: bids in file order, then criteria, then groups."""
    criteria = assessed(method)
    for bid in method.round.bids:
        if bid.withdrawn:
            continue
        for cid, groups in criteria:
            for gid in groups:
                if gid in method.round.groups:
                    yield members(method, gid, bid.id, cid)


def owed_count(method: Method) -> int:
    """Scores still owed in the round: members' silent gaps and, in a consensus round, agreed scores."""
    return sum(len(cell.owed) + cell.awaiting(method) for cell in every_cell(method))
