"""What a round still needs: who owes which score, cell by cell, group by group.

Built on the engine's :func:`~udc.core.engine.score` (through its
:func:`~udc.core.blend.group_cell`): a member "owes" a cell exactly when the engine
counts them as a silent gap, so this page and ``udc score`` never disagree on
what is missing. Pure: no I/O.

For every evaluator and every bid that is not withdrawn, the cells their group
assesses fall in one of five kinds:

* ``given``: a score or mark;
* ``absent``: marked absent (the evaluator did not assess it, with a reason);
* ``missing``: no entry, and the engine needs one (owed: chase them);
* ``conflict``: the evaluator declared a conflict of interest with the bid;
* ``excused``: no entry, but the group's agreed (moderated) score stands, so
  none is needed.

A group cell (group × bid × criterion) is ``formed`` when the engine could give
it a figure; otherwise it says why not (owed by members, awaiting the group's
agreed score, no member scored it, marks disagree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from udc.core.engine import UNSETTLED, GroupCell, Result
from udc.core.engine import score as compute
from udc.core.method import Method


class CellKind(StrEnum):
    """What one evaluator's cell holds (see the module's docstring); each is a count of :class:`Tally`."""

    GIVEN = "given"
    ABSENT = "absent"
    MISSING = "missing"
    CONFLICT = "conflict"
    EXCUSED = "excused"


KINDS = tuple(CellKind)


@dataclass
class Tally:
    """One evaluator's cells for one bid."""

    given: int = 0
    absent: int = 0
    missing: int = 0
    conflict: int = 0
    excused: int = 0
    missing_cells: list[str] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return self.given + self.absent + self.missing


@dataclass
class EvaluatorStatus:
    id: str
    name: str
    group: str
    bids: dict[str, Tally]

    def total(self, kind: CellKind) -> int:
        return sum(getattr(t, kind) for t in self.bids.values())

    @property
    def conflicts(self) -> list[str]:
        return [b for b, t in self.bids.items() if t.conflict]


@dataclass(frozen=True)
class OpenCell:
    """A group cell without a figure, and why."""

    bid: str
    criterion: str
    why: str


@dataclass
class GroupStatus:
    id: str
    name: str
    cells: int = 0
    formed: int = 0
    open: list[OpenCell] = field(default_factory=list)
    evaluators: list[EvaluatorStatus] = field(default_factory=list)

    @property
    def share(self) -> Fraction:
        """Cells with a figure, as a fraction of the group's cells (1 when it has none)."""
        return Fraction(self.formed, self.cells) if self.cells else Fraction(1)


@dataclass
class Status:
    result: Result
    bids: list[str]  # bids that need scores (not withdrawn), in the file's order
    withdrawn: list[str]
    groups: list[GroupStatus]

    @property
    def evaluators(self) -> list[EvaluatorStatus]:
        return [e for g in self.groups for e in g.evaluators]

    @property
    def cells(self) -> int:
        return sum(g.cells for g in self.groups)

    @property
    def formed(self) -> int:
        return sum(g.formed for g in self.groups)

    def total(self, kind: CellKind) -> int:
        return sum(e.total(kind) for e in self.evaluators)

    @property
    def cell_share(self) -> Fraction:
        """Group cells with a figure, as a fraction of all (1 when there is nothing to assess)."""
        return Fraction(self.formed, self.cells) if self.cells else Fraction(1)

    @property
    def score_share(self) -> Fraction:
        """Scores given or marked absent, as a fraction of the scores expected from members."""
        done = self.total(CellKind.GIVEN) + self.total(CellKind.ABSENT)
        expected = done + self.total(CellKind.MISSING)
        return Fraction(done, expected) if expected else Fraction(1)

    @property
    def owed(self) -> bool:
        """Anything still owed: a member's score, or a group cell without a figure."""
        return self.total(CellKind.MISSING) > 0 or self.formed < self.cells

    @property
    def complete(self) -> bool:
        return self.result.complete


def status(method: Method) -> Status:
    """What the round still needs, from the engine's cells."""
    result = compute(method)
    round_ = method.round
    groups = {g: GroupStatus(g, round_.groups[g].name) for g in round_.groups}
    open_bids = [b.bid.id for b in result.bids if not b.bid.withdrawn]
    people = {g: {e: EvaluatorStatus(e, m.name, g, {b: Tally() for b in open_bids})
                  for e, m in round_.groups[g].members.items()} for g in round_.groups}
    criteria_order = {c.id: i for i, c in enumerate(round_.criteria)}
    for b in result.bids:
        if b.bid.withdrawn:
            continue
        cells = [(cid, c.groups) for cid, c in b.criteria.items()] + \
                [(cid, pf.groups) for cid, pf in b.pass_fail.items()]
        for cid, by_group in sorted(cells, key=lambda item: criteria_order[item[0]]):
            for g, cell in by_group.items():
                _count(groups[g], people[g], cell, b.bid.id, cid)
    for group in groups.values():
        group.evaluators = list(people[group.id].values())
    return Status(result, open_bids, [b.bid.id for b in result.bids if b.bid.withdrawn], list(groups.values()))


def _count(group: GroupStatus, people: dict[str, EvaluatorStatus], cell: GroupCell, bid: str, cid: str) -> None:
    group.cells += 1
    why = cell.missing_why
    if why is None:
        group.formed += 1
    else:
        group.open.append(OpenCell(bid, cid, why if cell.value != UNSETTLED else f"unsettled: {why}"))
    entered = {e for e, _ in cell.entries}
    for eid, person in people.items():
        tally = person.bids[bid]
        if eid in cell.conflicted:
            tally.conflict += 1
        elif eid in cell.silent:
            tally.missing += 1
            tally.missing_cells.append(cid)
        elif eid in cell.absent:
            tally.absent += 1
        elif eid in entered:
            tally.given += 1
        else:
            tally.excused += 1
