"""Agreement figures for a moderation meeting.

* **Within a group**: Krippendorff's alpha (ordinal, over the scale's values)
  of the group's members, over every cell the group scores, and per criterion
  (units: bids). Computed on the scores as they stand and, where any score was
  changed at moderation, on the scores first given (``was``), so that the
  panel sees both its independent agreement and where moderation took it.
* **Each evaluator's mean deviation** from the other members of their group on
  the same cells (:func:`udc.agreement.rater_bias`): consistently harsher
  (negative) or kinder (positive) scorers.
* **Between groups**, for every pair of groups that score the same criteria:
  over the bid x criterion cells both have a figure for, the mean difference
  (exact: which group scores higher, by how much), the mean absolute difference,
  the largest difference, and Krippendorff's alpha (interval) treating each
  group's figure as one rater. Interval, because group figures are means that
  need not lie on the scale.

Only scored criteria count: pass/fail marks are not on the scale. Members'
``absent`` entries, conflicted and owed cells are missing values, not scores.
Alpha and the deviations are statistics reported as estimates (floats); the
differences between groups are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from udc.core.engine import Result

#: A deviation this far from the group, as a fraction of ``round.divergence``, is flagged.
BIAS_FLAG = Fraction(1, 2)


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha of one group's members, over all its criteria or one."""

    group: str
    criterion: str | None  # None: every scored criterion the group assesses
    alpha: float | None  # None: not defined
    first: float | None  # on the scores first given, where any changed; else the same as alpha
    changed: int  # how many of the scores counted were changed at moderation
    units: int  # cells scored by two or more members (pairable)
    scores: int  # scores in those cells


@dataclass(frozen=True)
class Deviation:
    evaluator: str
    group: str
    mean: float | None  # + kinder, - harsher than the rest of the group; None: nothing to compare
    cells: int  # cells compared
    flagged: bool


@dataclass(frozen=True)
class Between:
    """Two groups' figures on the cells both score."""

    first: str
    second: str
    cells: int
    mean_difference: Fraction | None  # first - second
    mean_absolute: Fraction | None
    largest: tuple[str, str, Fraction] | None  # bid, criterion, |difference|
    alpha: float | None  # interval, each group's figure a rater


@dataclass(frozen=True)
class Stats:
    alphas: list[Alpha]
    deviations: list[Deviation]
    between: list[Between]
    bias_flag: Fraction  # in scale points


def values_used(*matrices: list[list[Fraction | None]]) -> list[Fraction]:
    """The scale values the scores use, in order: the ordinal ranks that matter.

    Krippendorff's ordinal metric depends only on the observed marginals, so a
    value nobody gave adds nothing; listing every value a fine points scale
    allows (0 to 10 in steps of 0.0001) would only cost time and memory.
    """
    return sorted({v for rows in matrices for row in rows for v in row if v is not None})


@dataclass(frozen=True)
class _Matrix:
    """One group's scores, cells (bid x criterion) by members, as they stand and as first given."""

    criteria: list[str]  # the criterion of each row
    now: list[list[Fraction | None]]
    first: list[list[Fraction | None]]
    changed: list[int]  # per row, how many scores were changed at moderation

    def rows(self, criterion: str | None) -> tuple[list, list, int]:
        keep = [i for i, c in enumerate(self.criteria) if criterion is None or c == criterion]
        return ([self.now[i] for i in keep], [self.first[i] for i in keep],
                sum(self.changed[i] for i in keep))


def _number(value) -> Fraction | None:
    return None if value is None or isinstance(value, str) else Fraction(value)


def matrix(result: Result, group: str) -> _Matrix:
    """The group's numeric scores on every cell it scores (bids not withdrawn); absent and owed are None."""
    members = result.method.members(group)
    criteria, now, first, changed = [], [], [], []
    for b in result.bids:
        if b.bid.withdrawn:
            continue
        for cid, crit in b.criteria.items():
            if group not in crit.groups:
                continue
            given = dict(crit.groups[group].counted)
            entries = [given.get(eid) for eid in members]
            criteria.append(cid)
            now.append([None if e is None else _number(e.score) for e in entries])
            first.append([None if e is None else _number(e.was if e.was is not None else e.score) for e in entries])
            changed.append(sum(1 for e in entries if e is not None and e.was is not None))
    return _Matrix(criteria, now, first, changed)


def group_alpha(result: Result, group: str, criterion: str | None = None, scores: _Matrix | None = None) -> Alpha:
    from udc.analysis.agreement import krippendorff_alpha

    rows, first_rows, changed = (scores or matrix(result, group)).rows(criterion)
    values = values_used(rows, first_rows)
    alpha = krippendorff_alpha(rows, level="ordinal", values=values) if rows else None
    first = krippendorff_alpha(first_rows, level="ordinal", values=values) if changed else alpha
    pairable = [r for r in rows if sum(v is not None for v in r) >= 2]
    return Alpha(group, criterion, _float(alpha), _float(first), changed, len(pairable),
                 sum(sum(v is not None for v in r) for r in pairable))


def _float(value) -> float | None:
    return None if value is None else float(value)


def deviations(result: Result, group: str, flag: Fraction, scores: _Matrix | None = None) -> list[Deviation]:
    from udc.analysis.agreement import rater_bias

    members = list(result.method.members(group))
    rows = (scores or matrix(result, group)).now
    if not rows or not members:
        return [Deviation(e, group, None, 0, False) for e in members]
    bias = rater_bias(rows, members)
    found = []
    for j, eid in enumerate(members):
        cells = sum(1 for r in rows if r[j] is not None and sum(v is not None for v in r) >= 2)
        mean = _float(bias[eid])
        found.append(Deviation(eid, group, mean, cells, mean is not None and abs(mean) >= float(flag)))
    return found


def between(result: Result, first: str, second: str) -> Between | None:
    """The two groups' figures compared on every cell both have a figure for; None if they share none."""
    from udc.analysis.agreement import krippendorff_alpha

    diffs: list[tuple[str, str, Fraction]] = []
    rows = []
    shared = False
    for b in result.bids:
        if b.bid.withdrawn:
            continue
        for cid, crit in b.criteria.items():
            if first not in crit.groups or second not in crit.groups:
                continue
            shared = True
            x, y = crit.groups[first].value, crit.groups[second].value
            if isinstance(x, Fraction) and isinstance(y, Fraction):
                diffs.append((b.id, cid, x - y))
                rows.append([x, y])
    if not shared:
        return None
    if not diffs:
        return Between(first, second, 0, None, None, None, None)
    n = len(diffs)
    mean = sum((d for _, _, d in diffs), Fraction(0)) / n
    absolute = sum((abs(d) for _, _, d in diffs), Fraction(0)) / n
    bid, cid, largest = min(diffs, key=lambda t: (-abs(t[2]), t[0], t[1]))
    alpha = krippendorff_alpha(rows, level="interval")
    return Between(first, second, n, mean, absolute, (bid, cid, abs(largest)), _float(alpha))


def stats(result: Result, group: str | None = None) -> Stats:
    """Every agreement figure of the round; optionally only those involving one group."""
    method = result.method
    groups = [g for g in method.contributing_groups() if group is None or g == group]
    flag = BIAS_FLAG * Fraction(method.round.round.divergence)
    alphas, devs = [], []
    for g in groups:
        scores = matrix(result, g)
        alphas.append(group_alpha(result, g, scores=scores))
        for crit in method.scored:
            if g in crit.shares:
                alphas.append(group_alpha(result, g, crit.id, scores=scores))
        devs.extend(deviations(result, g, flag, scores))
    pairs = []
    for a, b in combinations(method.contributing_groups(), 2):
        if group is not None and group not in (a, b):
            continue
        found = between(result, a, b)
        if found is not None:
            pairs.append(found)
    return Stats(alphas, devs, pairs, flag)
