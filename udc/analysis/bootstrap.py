"""How often each bid would win if the panels had been made up differently.

A bootstrap over evaluators within each group: every sample draws, for each
group independently, as many members as it has, with replacement, and forms
every cell's group figure from the drawn members' scores with the round's
aggregate (mean or median). Agreed (moderated) scores belong to the group, not
to a member, and stay as they are. Price scores stay as they are.

The figures are estimates in binary floating point (numpy); they are reported
as frequencies and never decide a rank. The same seed gives the same figures.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from udc.core.engine import MODERATED, RANKED, Result
from udc.core.fields import ABSENT
from udc.core.numbers import cell_figure
from udc.core.statuses import How

if TYPE_CHECKING:  # numpy is imported only where it is used (it is slow to import)
    import numpy as np

CHUNK = 1000
_BLOCK = 512  # cells at a time for a median: samples x members x 512 floats, about 40 MB


@dataclass(frozen=True)
class Bootstrap:
    samples: int
    seed: int
    bids: tuple[str, ...]
    wins: dict[str, float]  # share of samples each bid wins (ties split evenly)
    low: dict[str, float]  # 5th percentile of each bid's total
    high: dict[str, float]  # 95th percentile
    varied: bool  # False when no cell depends on individual members (all agreed scores)


@dataclass(frozen=True)
class _Group:
    how: str
    values: np.ndarray  # (members, cells) float array, NaN where a member gives no counted score
    fallback: np.ndarray  # (cells,) the real group figure of each cell
    weights: np.ndarray  # (cells,) the cell's weight in its bid's total
    owner: np.ndarray  # (cells,) the bid (index) each cell belongs to
    bids: int

    @cached_property
    def _gaps(self) -> np.ndarray:
        """The cells some member did not score."""
        import numpy as np

        return np.flatnonzero(np.isnan(self.values).any(axis=0))

    @cached_property
    def _full(self) -> np.ndarray:
        """The cells every member scored."""
        import numpy as np

        return np.setdiff1d(np.arange(len(self.owner)), self._gaps)

    @cached_property
    def _full_part(self) -> np.ndarray:
        """(members, bids): each member's weighted scores summed per bid, over the cells every member scored.

        Drawing as many members as there are, the mean of such a cell is the drawn scores with
        their counts over the number of members, so a sample's part of each bid's total is one
        small product: counts (samples x members) by this."""
        full = self._full
        return self._per_bid(self.values[:, full] * self.weights[full], full)

    def totals(self, picks: np.ndarray) -> np.ndarray:
        """(samples, bids): the group's part of each bid's total in each sample of drawn members."""
        import numpy as np

        if self.how == How.MEDIAN:
            return self._median_totals(picks)
        samples, members = picks.shape
        counts = np.bincount((np.arange(samples)[:, None] * members + picks).ravel(),
                             minlength=samples * members).reshape(samples, members).astype(float)
        total = counts @ self._full_part / members
        if len(self._gaps):
            gaps = self._gaps
            total += self._per_bid(_figures(self, picks, gaps, counts) * self.weights[gaps], gaps)
        return total


    def _median_totals(self, picks: np.ndarray) -> np.ndarray:
        """(samples, bids) for a median: the drawn scores of the cells every member scored sorted, the
        middle one (or the mean of the middle two) taken, a block of cells at a time; cells with a
        missing score by numpy's nanmedian (ten times slower), only those."""
        import numpy as np

        samples, draws = picks.shape
        low, high = (draws - 1) // 2, draws // 2
        figures = np.empty((samples, len(self.owner)))
        full = self._full
        for start in range(0, len(full), _BLOCK):
            cells = full[start:start + _BLOCK]
            drawn = np.sort(self.values[:, cells][picks], axis=1)
            figures[:, cells] = drawn[:, low] if low == high else (drawn[:, low] + drawn[:, high]) / 2
        if len(self._gaps):
            figures[:, self._gaps] = _figures(self, picks, self._gaps)
        return self._per_bid(figures * self.weights, np.arange(len(self.owner)))

    def _per_bid(self, parts: np.ndarray, cells: np.ndarray) -> np.ndarray:
        """(rows, bids): ``parts`` (rows x ``cells``, in order) summed per bid. Cells come bid by bid,
        so each bid's cells are one run."""
        import numpy as np

        out = np.zeros((parts.shape[0], self.bids))
        if len(cells):
            owner = self.owner[cells]
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            out[:, owner[starts]] = np.add.reduceat(parts, starts, axis=1)
        return out


def _design(result: Result):
    import numpy as np

    method = result.method
    bids = [b for b in result.bids if b.status == RANKED]
    index = {b.id: i for i, b in enumerate(bids)}
    base = np.zeros(len(bids))
    cells: dict[str, list] = {}
    top = method.scale.top
    for b in bids:
        base[index[b.id]] += float(b.price.score) if b.price is not None else 0.0
        for cid in sorted(b.criteria):
            crit = b.criteria[cid]
            for g, cell in sorted(crit.groups.items()):
                weight = float(crit.criterion.portion(g) / top)
                if cell.how == MODERATED:
                    base[index[b.id]] += weight * float(cell_figure(cell.value))
                    continue
                scores = {e: float(s.score) for e, s in cell.entries if s.score != ABSENT}
                cells.setdefault(g, []).append((index[b.id], weight, scores, float(cell_figure(cell.value))))
    groups = []
    for g in sorted(cells):
        members = method.members(g)
        found = cells[g]
        values = np.full((len(members), len(found)), np.nan)
        for j, (_, _, scores, _) in enumerate(found):
            for m, e in enumerate(members):
                if e in scores:
                    values[m, j] = scores[e]
        fallback = np.array([f[3] for f in found])
        weights = np.array([f[1] for f in found])
        owner = np.array([f[0] for f in found], dtype=np.intp)
        groups.append(_Group(method.round.round.aggregate, values, fallback, weights, owner, len(bids)))
    return [b.id for b in bids], base, groups


def _figures(grp: _Group, picks: np.ndarray, cells: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """The group figure of each of ``cells`` in each sample: ``picks`` (samples x draws) are the members drawn.

    A mean is the drawn members' scores summed with their ``counts`` over the number
    of drawn scores: one matrix product, with no array of samples x members x
    cells. A median needs the drawn scores themselves.
    """
    import numpy as np

    values, fallback = grp.values[:, cells], grp.fallback[cells]
    if grp.how == How.MEDIAN:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            figure = np.nanmedian(values[picks], axis=1)
        return np.where(np.isnan(figure), fallback, figure)
    assert counts is not None  # a mean is formed from the counts of drawn members
    given = ~np.isnan(values)
    scored = counts @ given
    summed = counts @ np.where(given, values, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scored > 0, summed / scored, fallback)


def resample(result: Result, samples: int, seed: int, advance: Callable[[int], None] | None = None) -> Bootstrap:
    """Win frequencies over ``samples`` bootstrap panels drawn with numpy's generator from ``seed``."""
    import numpy as np

    ids, base, groups = _design(result)
    rng = np.random.default_rng(seed)
    wins = np.zeros(len(ids))
    totals = []
    done = 0
    while done < samples:
        n = min(CHUNK, samples - done)
        total = np.tile(base, (n, 1))
        for grp in groups:
            members = grp.values.shape[0]
            picks = rng.integers(0, members, size=(n, members))
            total += grp.totals(picks)
        if ids:
            best = total.max(axis=1, keepdims=True)
            leaders = np.isclose(total, best, rtol=0, atol=1e-9)
            wins += (leaders / leaders.sum(axis=1, keepdims=True)).sum(axis=0)
        totals.append(total)
        done += n
        if advance is not None:
            advance(n)
    if samples and ids:
        every = np.vstack(totals)
        low, high = np.percentile(every, 5, axis=0), np.percentile(every, 95, axis=0)
    else:
        low = high = np.full(len(ids), np.nan)
    share = wins / samples if samples else wins
    return Bootstrap(samples, seed, tuple(ids),
                     {b: float(share[i]) for i, b in enumerate(ids)},
                     {b: float(low[i]) for i, b in enumerate(ids)},
                     {b: float(high[i]) for i, b in enumerate(ids)},
                     bool(groups))
