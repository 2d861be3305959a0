"""Krippendorff's alpha (udc.analysis.agreement) against an independent brute-force reference in exact
fractions, and its invariances (shuffling units and coders, affine and monotone relabelling), with hypothesis.

The reference follows K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011); it also
gives his published figures for example C.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from support import EXAMPLE_C

from udc.analysis.agreement import ALPHA_LEVELS, krippendorff_alpha

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None


# --------------------------------------------------------------------------
# Independent brute-force reference and invariances
# --------------------------------------------------------------------------


def _reference_alpha(data, level):
    """Alpha by explicit enumeration of ordered value pairs, in exact fractions.

    Krippendorff (2011): each ordered pair of values within unit u (m_u >= 2)
    adds 1/(m_u - 1) to o_ck.
    """
    o: dict[tuple, Fraction] = {}
    for unit in data:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            key = (vals[i], vals[j])
            o[key] = o.get(key, Fraction(0)) + Fraction(1, m - 1)
    scale = sorted({c for c, _k in o})
    n_c = {c: sum(w for (a, _b), w in o.items() if a == c) for c in scale}
    n = sum(n_c.values())
    if n < 2:
        return None

    def d2(c, k):
        if level == "nominal":
            return Fraction(int(c != k))
        if level == "interval":
            return Fraction(c - k) ** 2
        if level == "ratio":
            return Fraction(0) if c + k == 0 else Fraction(c - k, c + k) ** 2
        lo, hi = sorted((c, k))
        between = sum(n_c[g] for g in scale if lo <= g <= hi)
        return (between - (n_c[c] + n_c[k]) / 2) ** 2

    do = sum(w * d2(c, k) for (c, k), w in o.items())
    de = sum(n_c[c] * n_c[k] * d2(c, k) for c in scale for k in scale)
    if de == 0:
        return None
    return 1 - (n - 1) * do / de


@pytest.mark.parametrize("level", ALPHA_LEVELS)
def test_reference_reproduces_example_c(level):
    """The brute-force reference also gives Krippendorff's (2011) published figures."""
    published = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    assert round(float(_reference_alpha(EXAMPLE_C, level)), 3) == published[level]


def _shuffled(data, rng):
    units = [list(u) for u in data]
    rng.shuffle(units)
    order = list(range(len(units[0])))
    rng.shuffle(order)
    return [[u[c] for c in order] for u in units]


@pytest.mark.parametrize("seed", range(5))
def test_shuffling_units_and_coders_example_c(seed):
    rng = random.Random(seed)
    shuffled = _shuffled(EXAMPLE_C, rng)
    for level in ALPHA_LEVELS:
        assert krippendorff_alpha(shuffled, level) == pytest.approx(
            krippendorff_alpha(EXAMPLE_C, level), abs=1e-12
        )


if given is not None:
    cell = st.one_of(st.none(), st.integers(min_value=0, max_value=6))
    matrices = st.integers(min_value=1, max_value=5).flatmap(
        lambda width: st.lists(
            st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=12
        )
    )

    @settings(max_examples=150, deadline=None)
    @given(data=matrices, level=st.sampled_from(ALPHA_LEVELS), seed=st.integers(0, 2**16))
    def test_property_shuffle_invariance(data, level, seed):
        """Permuting units (rows) or coders (columns) never changes alpha."""
        base = krippendorff_alpha(data, level)
        shuffled = krippendorff_alpha(_shuffled(data, random.Random(seed)), level)
        if base is None:
            assert shuffled is None
        else:
            assert shuffled == pytest.approx(base, abs=1e-9)

    @settings(max_examples=150, deadline=None)
    @given(data=matrices, level=st.sampled_from(ALPHA_LEVELS))
    def test_property_matches_reference(data, level):
        """Vectorised alpha equals the exact pair-enumeration reference."""
        got = krippendorff_alpha(data, level)
        want = _reference_alpha(data, level)
        if want is None:
            assert got is None
        else:
            assert got is not None
            assert got == pytest.approx(float(want), abs=1e-9)
            assert got <= 1 + 1e-12

    @settings(max_examples=100, deadline=None)
    @given(data=matrices, a=st.sampled_from([-3, -1, 2, 5]), b=st.integers(-10, 10))
    def test_property_interval_affine_invariance(data, a, b):
        """Interval alpha is unchanged by x -> a*x + b (a != 0)."""
        moved = [[None if v is None else a * v + b for v in u] for u in data]
        base = krippendorff_alpha(data, "interval")
        other = krippendorff_alpha(moved, "interval")
        if base is None:
            assert other is None
        else:
            assert other == pytest.approx(base, abs=1e-9)

    @settings(max_examples=100, deadline=None)
    @given(data=matrices)
    def test_property_ordinal_monotone_relabel_invariance(data):
        """Ordinal alpha depends only on rank order; nominal only on identity."""
        relabel = {v: v**3 + 10 for v in range(7)}  # strictly increasing
        moved = [[None if v is None else relabel[v] for v in u] for u in data]
        for level in ("ordinal", "nominal"):
            base = krippendorff_alpha(data, level)
            other = krippendorff_alpha(moved, level)
            if base is None:
                assert other is None
            else:
                assert other == pytest.approx(base, abs=1e-9)
