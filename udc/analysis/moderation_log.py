"""The moderation record: every moved score and every agreed score, in a stable order.

One :class:`Record` per moderated cell (group x bid x criterion): a cell where
a member changed their score at moderation (``was`` -> ``score``, with
``why``) or the group recorded an agreed score (with its reason). Each record
gives the individual scores before and after, the group figure before
moderation (formed from the scores first given) and after, and every reason.

Order: groups, bids and criteria in the file's order, members in the order
their group lists them; within a cell, individual changes come before the
group's agreed score. The order is the file's, so the record reads the way
the panel wrote the round and is the same every time it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from udc.core.blend import figure
from udc.core.engine import MODERATED, GroupCell, Result
from udc.core.fields import ABSENT
from udc.core.model import AgreedScore
from udc.core.numbers import plain


@dataclass(frozen=True)
class Change:
    """A member's score changed at moderation."""

    evaluator: str
    name: str
    was: str
    score: str
    why: str
    reason: str | None  # the reason given for the new score


class FigureHow(StrEnum):
    """How a figure of the log was formed."""

    MEAN = "mean"
    MEDIAN = "median"
    MARKS = "marks"  # pass/fail marks
    AGREED = "agreed"  # the group's agreed score
    MISSING = "missing"  # no figure could be formed


@dataclass(frozen=True)
class Figure:
    """A group figure and how it was formed."""

    value: Fraction | str | None
    how: FigureHow


@dataclass(frozen=True)
class Record:
    number: int
    group: str
    bid: str
    criterion: str
    before: tuple[tuple[str, str], ...]  # (evaluator, score first given), members in file order
    after: tuple[tuple[str, str], ...]  # (evaluator, score now)
    changes: tuple[Change, ...]
    agreed: AgreedScore | None
    figure_before: Figure
    figure_after: Figure


def value_text(value) -> str:
    """A score as written: ``4``, ``3.5``, ``pass``, ``absent``."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Fraction):
        return value_text(Decimal(value.numerator) / Decimal(value.denominator)) if value.denominator == 1 \
            else str(value)
    return str(value)


def moderation_log(result: Result, group: str | None = None, bid: str | None = None) -> list[Record]:
    """Every moderated cell of the round, in the file's order; optionally of one group or bid."""
    method = result.method
    round_ = method.round
    found: list[Record] = []
    for gid, spec in round_.groups.items():
        if group is not None and gid != group:
            continue
        order = list(spec.members)
        for b in result.bids:
            if bid is not None and b.id != bid:
                continue
            for criterion in round_.criteria:
                cell = _cell(b, criterion.id, gid)
                if cell is None:
                    continue
                record = _record(result, len(found) + 1, gid, b.id, criterion.id, cell, order)
                if record is not None:
                    found.append(record)
    return found


def _cell(b, cid: str, gid: str) -> GroupCell | None:
    holder = b.criteria.get(cid) or b.pass_fail.get(cid)
    return holder.groups.get(gid) if holder is not None else None


def _record(result: Result, number: int, gid: str, bid: str, cid: str, cell: GroupCell,
            order: list[str]) -> Record | None:
    members = result.method.round.groups[gid].members
    entries = sorted(cell.entries, key=lambda pair: order.index(pair[0]))
    changes = tuple(Change(e, members[e].name, value_text(s.was), value_text(s.score), s.why or "", s.reason)
                    for e, s in entries if s.was is not None)
    if not changes and cell.how != MODERATED:
        return None
    before = tuple((e, value_text(s.was if s.was is not None else s.score)) for e, s in entries)
    after = tuple((e, value_text(s.score)) for e, s in entries)
    figure_before = before_moderation(result, cell)
    if cell.how == MODERATED:
        figure_after = Figure(cell.value, FigureHow.AGREED)
    else:
        figure_after = formed(result, cell, [s.score for _, s in entries])
    return Record(number, gid, bid, cid, before, after, changes, cell.agreed, figure_before, figure_after)


def before_moderation(result: Result, cell: GroupCell) -> Figure:
    """The group figure the members' scores as first given (``was`` where changed) form."""
    return formed(result, cell, [s.was if s.was is not None else s.score for _, s in cell.entries])


def formed(result: Result, cell: GroupCell, scores: list) -> Figure:
    """The group figure the aggregate forms from ``scores`` (absent left out), as the engine would."""
    how = result.method.round.round.aggregate
    marks = any(isinstance(s, str) and s != ABSENT for s in scores)
    value = figure(scores, how, bool(cell.silent), marks)
    if value is None:
        return Figure(None, FigureHow.MISSING)
    return Figure(value, FigureHow.MARKS if marks else FigureHow(how))  # a consensus round has no value here
