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
from typing import TYPE_CHECKING

from udc.core.engine import MODERATED, RANKED, Result
from udc.core.fields import ABSENT
from udc.core.numbers import cell_figure
from udc.core.statuses import How

if TYPE_CHECKING:  # numpy is imported only where it is used (it is slow to import)
    import numpy as np

CHUNK = 1000


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
    weights: np.ndarray  # (cells, bids) the cell's weight in each bid's total


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
        weights = np.zeros((len(found), len(bids)))
        for j, (bi, weight, scores, _) in enumerate(found):
            weights[j, bi] = weight
            for m, e in enumerate(members):
                if e in scores:
                    values[m, j] = scores[e]
        fallback = np.array([f[3] for f in found])
        groups.append(_Group(method.round.round.aggregate, values, fallback, weights))
    return [b.id for b in bids], base, groups


def _figures(grp: _Group, picks):
    """Every cell's group figure in each sample: ``picks`` (samples x draws) are the members drawn.

    A mean is the drawn members' scores summed with their counts over the number
    of drawn scores: one matrix product, with no array of samples x members x
    cells. A median needs the drawn scores themselves.
    """
    import numpy as np

    samples, members = picks.shape
    if grp.how == How.MEDIAN:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            figure = np.nanmedian(grp.values[picks], axis=1)
        return np.where(np.isnan(figure), grp.fallback, figure)
    counts = np.zeros((samples, members))
    np.add.at(counts, (np.arange(samples)[:, None], picks), 1.0)
    given = ~np.isnan(grp.values)
    scored = counts @ given
    summed = counts @ np.where(given, grp.values, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scored > 0, summed / scored, grp.fallback)


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
            total += _figures(grp, picks) @ grp.weights
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
