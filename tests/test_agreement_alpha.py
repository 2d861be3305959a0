"""Krippendorff's alpha (udc.analysis.agreement) against published values, edge cases, and its wording.

Sources:

* K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
  University of Pennsylvania ScholarlyCommons, examples A and C.
* A. F. Hayes and K. Krippendorff (2007), Communication Methods and Measures
  1(1):77-89 -- the same 4-observer x 12-unit data set as example C.
* K. Krippendorff, *Content Analysis* (2004), for the bands in the wording.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from support import EXAMPLE_C

from udc.analysis.agreement import (
    ALPHA_BANDS,
    ALPHA_LEVELS,
    ALPHA_NOT_DEFINED,
    _coincidences,
    _value_index,
    describe_alpha,
    krippendorff_alpha,
)

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
