"""Tests for udc.analysis.agreement against published Krippendorff's alpha values.

Sources:

* K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
  University of Pennsylvania ScholarlyCommons, examples A and C.
* A. F. Hayes and K. Krippendorff (2007), Communication Methods and Measures
  1(1):77-89 -- the same 4-observer x 12-unit data set as example C.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import numpy as np
import pytest

from udc.analysis.agreement import (
    ALPHA_BANDS,
    ALPHA_LEVELS,
    ALPHA_NOT_DEFINED,
    _coincidences,
    _value_index,
    describe_alpha,
    krippendorff_alpha,
    rater_bias,
)

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

_ = None

# Krippendorff (2011), example C; printed there as observers (rows) x units.
EXAMPLE_C_BY_OBSERVER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],  # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],  # B
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],  # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],  # D
]
# udc orientation: units x coders.
EXAMPLE_C = [list(unit) for unit in zip(*EXAMPLE_C_BY_OBSERVER)]

# Krippendorff (2011), example A: two observers, binary data, 10 units.
EXAMPLE_A = [
    list(unit)
    for unit in zip(
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    )
]


# --------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_example_c_published_alpha(level, published):
    """Krippendorff (2011), example C (4 observers x 12 units, missing data).

    Published: nominal .743, ordinal .815, interval .849, ratio .797
    (also Hayes & Krippendorff 2007 and the Wikipedia article's worked example).
    """
    assert round(krippendorff_alpha(EXAMPLE_C, level), 3) == published


def test_example_c_coincidence_matrix_by_hand():
    """Krippendorff (2011), example C: the coincidence matrix, derived by hand.

    Unit 12 has one value and is not pairable; n = 40 pairable values with
    marginals n_1..n_5 = 9, 13, 10, 5, 3.
    """
    codes, scale = _value_index(EXAMPLE_C, "nominal", None)
    assert scale == [1, 2, 3, 4, 5]
    t = Fraction(1, 3)
    expected = [
        [7, 1 + t, t, t, 0],
        [1 + t, 10, 1 + t, t, 0],
        [t, 1 + t, 8, t, 0],
        [t, t, t, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    o = _coincidences(codes, len(scale))
    np.testing.assert_allclose(o, np.array(expected, dtype=float), atol=1e-12)
    np.testing.assert_allclose(o.sum(axis=1), [9, 13, 10, 5, 3])
    assert o.sum() == pytest.approx(40)


def test_example_c_nominal_exact():
    """Krippendorff (2011), example C, nominal, by hand.

    alpha = 1 - (n-1)(n - sum o_cc) / (n^2 - sum n_c^2)
          = 1 - 39 * 8 / (1600 - 384) = 113/152 = 0.7434...
    """
    assert krippendorff_alpha(EXAMPLE_C, "nominal") == pytest.approx(113 / 152, abs=1e-12)


def test_example_a_published_nominal_alpha():
    """Krippendorff (2011), example A (two observers, binary, 10 units): alpha = .095.

    By hand: o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20;
    alpha = 1 - 19 * 8 / (400 - 196 - 36) = 2/21 = 0.0952.
    """
    alpha = krippendorff_alpha(EXAMPLE_A, "nominal")
    assert round(alpha, 3) == 0.095
    assert alpha == pytest.approx(2 / 21, abs=1e-12)


def test_ordinal_unused_scale_points_do_not_change_alpha():
    """Krippendorff (2011): the ordinal metric uses only observed marginals n_g.

    Example C scored on a 0..7 scale (0, 6, 7 unused) still gives .815.
    """
    plain = krippendorff_alpha(EXAMPLE_C, "ordinal")
    widened = krippendorff_alpha(EXAMPLE_C, "ordinal", values=range(8))
    assert widened == pytest.approx(plain, abs=1e-12)
    assert round(widened, 3) == 0.815


def test_ordinal_labels_with_explicit_order():
    """Example C (Krippendorff 2011) relabelled as ordered words: still .815."""
    words = ["never", "rarely", "sometimes", "often", "always"]
    labelled = [[None if v is None else words[v - 1] for v in unit] for unit in EXAMPLE_C]
    assert round(krippendorff_alpha(labelled, "ordinal", values=words), 3) == 0.815
    # Nominal needs no order and ignores labels.
    assert round(krippendorff_alpha(labelled, "nominal"), 3) == 0.743


def test_numpy_input_with_nan():
    """Example C (Krippendorff 2011) as a float array with NaN for missing."""
    arr = np.array([[np.nan if v is None else v for v in unit] for unit in EXAMPLE_C], dtype=float)
    assert round(krippendorff_alpha(arr, "interval"), 3) == 0.849
    assert round(krippendorff_alpha(arr, "ordinal"), 3) == 0.815


# --------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------


@pytest.mark.parametrize("level", ALPHA_LEVELS)
def test_perfect_agreement_is_one(level):
    data = [[1, 1, 1], [2, 2, None], [3, 3, 3], [None, 5, 5]]
    assert krippendorff_alpha(data, level) == pytest.approx(1.0)


@pytest.mark.parametrize("level", ALPHA_LEVELS)
def test_all_values_identical_is_undefined(level):
    data = [[3, 3, 3], [3, None, 3], [3, 3, None]]
    assert krippendorff_alpha(data, level) is None


@pytest.mark.parametrize("level", ALPHA_LEVELS)
def test_no_pairable_unit_is_undefined(level):
    data = [[1, None, None], [None, 2, None], [None, None, 4]]
    assert krippendorff_alpha(data, level) is None


def test_only_unpairable_variation_is_undefined():
    """Unit 2's lone value is dropped, leaving only identical pairable values."""
    assert krippendorff_alpha([[2, 2], [5, None]], "interval") is None


@pytest.mark.parametrize("data", [[], [[]], [[None, None]], [[4]]])
def test_empty_or_single_coder_is_undefined(data):
    assert krippendorff_alpha(data, "nominal") is None


def test_tiny_interval_scale_is_defined():
    """Example C (Krippendorff 2011) scaled by 1e-9: interval alpha is still .849."""
    tiny = [[None if v is None else v * 1e-9 for v in unit] for unit in EXAMPLE_C]
    assert round(krippendorff_alpha(tiny, "interval"), 3) == 0.849


def test_systematic_disagreement_is_negative():
    data = [[1, 2], [2, 1], [1, 2], [2, 1]]
    alpha = krippendorff_alpha(data, "nominal")
    assert alpha < 0
    assert "disagree systematically" in describe_alpha(alpha)


def test_ratio_zeros_are_allowed():
    """delta^2(0, 0) = 0/0 is taken as no difference."""
    assert krippendorff_alpha([[0, 0], [1, 1], [2, 2]], "ratio") == pytest.approx(1.0)


def test_bad_input_rejected():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(EXAMPLE_C, "cardinal")
    with pytest.raises(ValueError, match="rectangular"):
        krippendorff_alpha([[1, 2], [1]], "nominal")
    with pytest.raises(ValueError, match="ratio"):
        krippendorff_alpha([[-1, 2], [1, 1]], "ratio")
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ValueError, match="scale"):
        krippendorff_alpha([[1, 9], [1, 1]], "ordinal", values=[1, 2, 3])
    with pytest.raises(ValueError, match="2-D"):
        krippendorff_alpha(np.array([1, 2, 3]), "nominal")


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


# --------------------------------------------------------------------------
# Rater bias
# --------------------------------------------------------------------------


def test_rater_bias_hand_built():
    """Hand-computed deviations from the other raters' mean on the same unit.

    u1: A 3, B 2, C 1  -> A +1.5, B 0, C -1.5
    u2: A 4, C 2       -> A +2, C -2
    u3: B 5 only       -> nobody (no other rater)
    u4: A 2, B 2       -> A 0, B 0
    D never scores     -> None
    A = 3.5/3 = 7/6 (kinder), B = 0, C = -3.5/2 = -1.75 (harsher).
    """
    matrix = [
        [3, 2, 1, None],
        [4, None, 2, None],
        [None, 5, None, None],
        [2, 2, None, None],
    ]
    bias = rater_bias(matrix, ["A", "B", "C", "D"])
    assert bias["A"] == pytest.approx(7 / 6)
    assert bias["B"] == pytest.approx(0.0)
    assert bias["C"] == pytest.approx(-1.75)
    assert bias["D"] is None
    assert list(bias) == ["A", "B", "C", "D"]


def test_rater_bias_constant_offset():
    """Two raters, the second always one point higher: +1 and -1."""
    matrix = np.array([[1, 2], [3, 4], [np.nan, 5], [0, 1]], dtype=float)
    assert rater_bias(matrix, ["harsh", "kind"]) == {"harsh": -1.0, "kind": 1.0}


def test_rater_bias_example_c():
    """Example C (Krippendorff 2011): observer C tends to score above the others."""
    bias = rater_bias(EXAMPLE_C, list("ABCD"))
    assert bias["C"] > 0
    assert all(v is not None for v in bias.values())


def test_rater_bias_bad_names():
    with pytest.raises(ValueError, match="rater names"):
        rater_bias([[1, 2]], ["only-one"])
    with pytest.raises(ValueError, match="distinct"):
        rater_bias([[1, 2]], ["x", "x"])


# --------------------------------------------------------------------------
# Plain language
# --------------------------------------------------------------------------


def test_alpha_bands_text():
    """Bands per Krippendorff (2004): >= .800 reliable, .667-.800 tentative, < .667 not."""
    for phrase in (
        "0.800",
        "0.667",
        "reliable",
        "tentative conclusions only",
        "unreliable",
        "1 = perfect agreement, 0 = no better than chance, below 0 = systematic disagreement",
    ):
        assert phrase in ALPHA_BANDS


@pytest.mark.parametrize(
    ("alpha", "fragment"),
    [
        (1.0, "agree perfectly"),
        (0.849, "reliable (0.800 or above)"),
        (0.8, "reliable (0.800 or above)"),
        (0.79996, "reliable (0.800 or above)"),  # shown as 0.800
        (0.743, "tentative conclusions only"),
        (0.667, "tentative conclusions only"),
        (0.6664, "unreliable"),
        (0.095, "unreliable"),
        (0.0, "no better than chance"),
        (-0.2, "disagree systematically"),
    ],
)
def test_describe_alpha(alpha, fragment):
    text = describe_alpha(alpha)
    assert fragment in text
    assert text.endswith(".")


def test_describe_alpha_figure_and_undefined():
    assert describe_alpha(0.7434210526).startswith("Agreement alpha = 0.743:")
    assert ALPHA_NOT_DEFINED == "not defined: every score the same"
    assert ALPHA_NOT_DEFINED in describe_alpha(None)
    with pytest.raises(ValueError):
        describe_alpha(math.nan)
