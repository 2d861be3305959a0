"""Inter-rater agreement: Krippendorff's alpha and each rater's bias.

Written from the published definitions:

* K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
  University of Pennsylvania ScholarlyCommons (repository.upenn.edu).
* A. F. Hayes and K. Krippendorff, "Answering the call for a standard
  reliability measure for coding data", *Communication Methods and
  Measures* 1(1), 2007.
* K. Krippendorff, *Content Analysis: An Introduction to Its Methodology*,
  2nd ed., 2004 (the 0.800 / 0.667 bands).

Data are a **units x coders** matrix (one row per unit -- e.g. a bid or a
question -- and one column per rater), with ``None`` or ``NaN`` where a rater
gave no score.  Note that Krippendorff's paper prints the transpose (coders
as rows).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from udc.core.numbers import publish

__all__ = [
    "ALPHA_BANDS",
    "ALPHA_LEVELS",
    "ALPHA_NOT_DEFINED",
    "RELIABLE",
    "TENTATIVE",
    "describe_alpha",
    "krippendorff_alpha",
    "rater_bias",
]

ALPHA_LEVELS = ("nominal", "ordinal", "interval", "ratio")

#: Lower bound of the "reliable" band (Krippendorff 2004, p. 241).
RELIABLE = 0.800
#: Lower bound of the "tentative conclusions only" band.
TENTATIVE = 0.667

#: What to show when :func:`krippendorff_alpha` returns ``None``.
ALPHA_NOT_DEFINED = "not defined: every score the same"

ALPHA_BANDS = """\
Krippendorff's alpha measures how far the raters agree beyond chance:
1 = perfect agreement, 0 = no better than chance, below 0 = systematic disagreement.
  alpha >= 0.800          reliable
  0.667 <= alpha < 0.800  tentative conclusions only
  alpha < 0.667           unreliable
(Bands from Krippendorff, Content Analysis, 2nd ed., 2004.)
"""


# --------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(isinstance(x, (float, np.floating)) and math.isnan(x))
    except TypeError:  # pragma: no cover - exotic float-likes
        return False


def _as_rows(data: Any) -> list[list[Any]]:
    """``data`` as a rectangular list of rows (units), validated."""
    if isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ValueError(f"data must be 2-D (units x coders), got {data.ndim}-D")
        return data.tolist()
    rows = [list(row) for row in data]
    if rows:
        width = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != width:
                raise ValueError(
                    f"data must be rectangular (units x coders): row {i} has "
                    f"{len(row)} entries, row 0 has {width}"
                )
    return rows


def _value_index(
    rows: list[list[Any]], level: str, values: Sequence[Hashable] | None
) -> tuple[np.ndarray, list[Any]]:
    """Codes matrix (index into the value set, -1 = missing) and the value set."""
    observed = {x for row in rows for x in row if not _is_missing(x)}
    if values is not None:
        scale = list(values)
        if len(set(scale)) != len(scale):
            raise ValueError("values must not repeat")
        unknown = observed - set(scale)
        if unknown:
            raise ValueError(
                f"scores not on the given scale: {sorted(map(repr, unknown))}"
            )
    else:
        try:
            scale = sorted(observed)
        except TypeError:
            if level != "nominal":
                raise ValueError(
                    f"{level} alpha needs orderable scores; pass values= to give the order"
                ) from None
            scale = sorted(observed, key=repr)

    if level in ("interval", "ratio"):
        numbers = []
        for v in scale:
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating, Fraction, Decimal)):
                raise ValueError(f"{level} alpha needs numeric scores, got {v!r}")
            numbers.append(v)
        if level == "ratio" and any(v < 0 for v in numbers):
            raise ValueError("ratio alpha needs scores >= 0 (a ratio scale has an absolute zero)")

    position = {v: i for i, v in enumerate(scale)}
    n_units = len(rows)
    n_coders = len(rows[0]) if rows else 0
    codes = np.full((n_units, n_coders), -1, dtype=np.intp)
    for u, row in enumerate(rows):
        for c, x in enumerate(row):
            if not _is_missing(x):
                codes[u, c] = position[x]
    return codes, scale


def _coincidences(codes: np.ndarray, n_values: int) -> np.ndarray:
    """The values-by-values coincidence matrix o_ck (Krippendorff 2011, step B).

    o_ck = sum over pairable units u of (number of ordered c-k pairs in u) / (m_u - 1),
    where m_u is the number of values in unit u; units with m_u < 2 are dropped.
    """
    n_units = codes.shape[0]
    # Per-unit value counts N[u, c] = how many coders gave unit u value c.
    units, _ = np.nonzero(codes >= 0)
    counts = np.zeros((n_units, n_values), dtype=np.float64)
    np.add.at(counts, (units, codes[codes >= 0]), 1.0)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    weighted = counts / (m - 1)[:, None]
    # Ordered pairs in a unit: N_c * N_k for c != k, N_c * (N_c - 1) for c == k.
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def _delta2(level: str, scale: list[Any], marginals: np.ndarray) -> np.ndarray:
    """Squared metric differences delta^2_ck over the value set."""
    k = len(scale)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "ordinal":
        # delta^2_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2, ranks in scale order.
        cum = np.concatenate(([0.0], np.cumsum(marginals)))
        lo = np.minimum.outer(np.arange(k), np.arange(k))
        hi = np.maximum.outer(np.arange(k), np.arange(k))
        between = cum[hi + 1] - cum[lo]
        return (between - (marginals[:, None] + marginals[None, :]) / 2.0) ** 2
    x = np.array([float(v) for v in scale], dtype=np.float64)
    diff = np.subtract.outer(x, x)
    if level == "interval":
        return diff**2
    # ratio: ((c - k) / (c + k))^2, with 0/0 (both zero) taken as no difference.
    total = np.add.outer(x, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(total == 0, 0.0, diff / total)
    return out**2


def krippendorff_alpha(
    data: Any,
    level: str = "ordinal",
    values: Sequence[Hashable] | None = None,
) -> float | None:
    """Krippendorff's alpha for a units x coders matrix of scores.

    ``data``
        A list of lists or 2-D array, one row per **unit** and one column per
        **coder** (rater); ``None`` or ``NaN`` marks a missing score.  Units
        with fewer than two scores are not pairable and are ignored.
    ``level``
        ``"nominal"``, ``"ordinal"`` (default), ``"interval"`` or ``"ratio"``:
        selects the metric difference function delta^2 (Krippendorff 2011):

        * nominal:  0 if c = k, else 1
        * ordinal:  (sum_{g=c..k} n_g - (n_c + n_k)/2)^2
        * interval: (c - k)^2
        * ratio:    ((c - k) / (c + k))^2   (scores must be >= 0)

        where n_g are the marginal frequencies of the coincidence matrix.
    ``values``
        Optionally the full scale, in order (e.g. ``[0, 1, 2, 3, 4, 5]``).
        It fixes the rank order for ``"ordinal"`` (needed when scores are
        labels rather than numbers) and rejects scores not on the scale.
        Unused scale points enter as zero-frequency ranks, but Krippendorff's
        ordinal metric depends only on the observed marginals n_g, so levels
        with n_g = 0 add nothing to the sums: the result is the same with or
        without them.

    Computes alpha = 1 - D_o / D_e, i.e.
    ``1 - (n - 1) * sum(o_ck * delta^2_ck) / sum(n_c * n_k * delta^2_ck)``,
    from the coincidence matrix o_ck of pairable values (n = total pairable
    values).

    Returns ``None`` when alpha is not defined: fewer than two pairable values
    (no unit scored by two or more coders), or expected disagreement D_e = 0,
    which happens exactly when every pairable score is the same value.  Callers
    should then show :data:`ALPHA_NOT_DEFINED` ("not defined: every score the
    same") rather than a number -- in particular, not 1.0 and not 0.
    """
    if level not in ALPHA_LEVELS:
        raise ValueError(f"level must be one of {', '.join(ALPHA_LEVELS)}; got {level!r}")
    rows = _as_rows(data)
    codes, scale = _value_index(rows, level, values)
    if not scale or codes.size == 0:
        return None

    o = _coincidences(codes, len(scale))
    marginals = o.sum(axis=1)
    n = marginals.sum()
    if n < 2:
        return None

    # D_e = 0 exactly when a single value is pairable: for two distinct values
    # every metric's delta^2 is > 0.  Decide it structurally, not by a float
    # tolerance, so interval data on a tiny scale are not mistaken for it.
    if np.count_nonzero(marginals > 0) < 2:
        return None
    d2 = _delta2(level, scale, marginals)
    observed = float((o * d2).sum())
    expected = float(marginals @ d2 @ marginals)
    return 1.0 - (n - 1.0) * observed / expected


# --------------------------------------------------------------------------
# Rater bias
# --------------------------------------------------------------------------


def rater_bias(matrix: Any, raters: Sequence[str]) -> dict[str, float | None]:
    """Each rater's mean deviation from the other raters on the same units.

    ``matrix`` is units x raters (same orientation as :func:`krippendorff_alpha`),
    numeric, with ``None``/``NaN`` for missing; ``raters`` names its columns.

    For rater r and each unit u that r scored and at least one other rater
    scored, the deviation is ``x[u, r] - mean(x[u, s] for other raters s who
    scored u)``.  The bias is the mean of those deviations over such units;
    ``None`` if there are none.  Positive = kinder (scores higher than the
    others), negative = harsher.
    """
    rows = _as_rows(matrix)
    raters = list(raters)
    n_cols = len(rows[0]) if rows else len(raters)
    if len(raters) != n_cols:
        raise ValueError(f"{len(raters)} rater names for {n_cols} columns")
    if len(set(raters)) != len(raters):
        raise ValueError("rater names must be distinct")
    x = np.array(
        [[np.nan if _is_missing(v) else float(v) for v in row] for row in rows],
        dtype=np.float64,
    ).reshape(len(rows), n_cols)
    scored = ~np.isnan(x)
    filled = np.where(scored, x, 0.0)
    row_sum = filled.sum(axis=1, keepdims=True)
    row_n = scored.sum(axis=1, keepdims=True)
    others_n = row_n - scored  # per cell: how many *other* raters scored the unit
    usable = scored & (others_n >= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        others_mean = (row_sum - filled) / others_n
    deviation = np.where(usable, x - others_mean, 0.0)
    n_used = usable.sum(axis=0)
    total = deviation.sum(axis=0)
    return {
        name: (float(total[j] / n_used[j]) if n_used[j] else None)
        for j, name in enumerate(raters)
    }


# --------------------------------------------------------------------------
# Plain-language description
# --------------------------------------------------------------------------


def describe_alpha(alpha: float | None) -> str:
    """A plain sentence saying what an alpha value means.

    The band is judged on the figure as shown (rounded half-up to three
    decimals), so the sentence never reads "0.800 ... tentative".  ``None``
    (see :func:`krippendorff_alpha`) gives the "not defined" sentence.
    """
    if alpha is None:
        return (
            "Agreement is not defined: every score the same "
            "(or no unit was scored by two or more raters)."
        )
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite, got {alpha!r}")
    shown = publish(Fraction(alpha), 3)
    text = format(shown, "f")
    if shown >= Decimal("0.800"):
        band = "reliable (0.800 or above)"
    elif shown >= Decimal("0.667"):
        band = "good enough for tentative conclusions only (0.667 to 0.800)"
    else:
        band = "unreliable (below 0.667)"
    if shown == 1:
        meaning = "the raters agree perfectly"
    elif shown > 0:
        meaning = "the raters agree more than chance would give"
    elif shown == 0:
        meaning = "the raters agree no better than chance"
    else:
        meaning = "the raters disagree systematically, worse than chance"
    return f"Agreement alpha = {text}: {meaning}; {band}."
