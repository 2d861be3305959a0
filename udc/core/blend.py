"""A group's figure for a cell, and the share-weighted blend of the groups' figures on a criterion.

The spec's steps 1 and 2: each group's figure (mean, median, consensus or the
agreed score; marks settle only when they agree), then S(q,b) and W(q,b) for a
scored criterion, a pass/fail criterion's outcome, and each group's
contribution C(g,b). Exact throughout.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

from udc.core import cells
from udc.core.fields import ABSENT
from udc.core.method import Method, ScoredCriterion
from udc.core.model import PassFail
from udc.core.numbers import cell_figure, fraction_of
from udc.core.results import FAIL, MODERATED, PASS, UNSETTLED, CriterionResult, GroupCell, PassFailResult
from udc.core.statuses import How


def aggregate(values: list[Fraction], how: str) -> Fraction:
    """Mean or median (of an even count: the mean of the two middle values)."""
    # exact in integers over a common denominator (Fraction arithmetic and comparisons are slow,
    # and the fewest-moves search forms millions of these)
    common = lcm(*(v.denominator for v in values))
    scaled = [v.numerator * (common // v.denominator) for v in values]
    if how == How.MEDIAN:  # the mean of statistics.median_low and median_high
        scaled.sort()
        return Fraction(scaled[(len(scaled) - 1) // 2] + scaled[len(scaled) // 2], 2 * common)
    return Fraction(sum(scaled), common * len(values))


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
