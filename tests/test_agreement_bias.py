"""Rater bias (udc.analysis.agreement.rater_bias): each rater's mean deviation from the other raters on
the same unit, by hand, on Krippendorff's (2011) example C, and with bad rater names.
"""

from __future__ import annotations

import numpy as np
import pytest
from support import EXAMPLE_C

from udc.analysis.agreement import rater_bias


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
