"""The bootstrap's figures against a plain sample-by-sample computation.

udc.analysis.bootstrap forms each sample's totals with a few matrix products
(cells every member scored are summed per bid once; only cells with a missing
score are formed one by one). This test forms the same samples the slow way,
one sample, group and cell at a time, from the same random draws, and compares
the win shares and the 5th and 95th percentiles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from udc.analysis.bootstrap import CHUNK, _design, resample
from udc.core.engine import score
from udc.core.pipeline import check_text

ROOT = Path(__file__).resolve().parents[1]


def rounds() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found.append((path.name, text))
        other = "median" if "aggregate: mean" in text else "mean"
        found.append((f"{path.name} ({other})", text.replace("aggregate: mean", "aggregate: median")
                      if other == "median" else text.replace("aggregate: median", "aggregate: mean")))
    return found


def slow(result, samples: int, seed: int):
    """Win shares and 5th/95th percentiles, one sample and one cell at a time, from the same draws."""
    ids, base, groups = _design(result)
    rng = np.random.default_rng(seed)
    every = []
    done = 0
    while done < samples:
        n = min(CHUNK, samples - done)
        draws = [rng.integers(0, g.values.shape[0], size=(n, g.values.shape[0])) for g in groups]
        for s in range(n):
            total = base.copy()
            for g, picks in zip(groups, draws):
                for c in range(g.values.shape[1]):
                    drawn = g.values[picks[s], c]
                    drawn = drawn[~np.isnan(drawn)]
                    if len(drawn) == 0:
                        figure = g.fallback[c]
                    elif g.how == "median":
                        figure = float(np.median(drawn))
                    else:
                        figure = float(drawn.sum() / len(drawn))
                    total[g.owner[c]] += g.weights[c] * figure
            every.append(total)
        done += n
    every = np.array(every)
    best = every.max(axis=1, keepdims=True)
    leaders = np.isclose(every, best, rtol=0, atol=1e-9)
    wins = (leaders / leaders.sum(axis=1, keepdims=True)).sum(axis=0) / samples
    return ids, wins, np.percentile(every, 5, axis=0), np.percentile(every, 95, axis=0)


@pytest.mark.parametrize(("name", "text"), rounds(), ids=[r[0] for r in rounds()])
def test_the_bootstrap_matches_a_sample_by_sample_computation(name: str, text: str) -> None:
    checked = check_text(text, name)
    assert checked.method is not None
    result = score(checked.method)
    fast = resample(result, 1500, 11)  # two chunks, the second partial
    ids, wins, low, high = slow(result, 1500, 11)
    assert fast.bids == tuple(ids)
    assert [fast.wins[b] for b in ids] == pytest.approx(list(wins), abs=1e-12)
    assert [fast.low[b] for b in ids] == pytest.approx(list(low), abs=1e-9)
    assert [fast.high[b] for b in ids] == pytest.approx(list(high), abs=1e-9)
