"""Exact numbers: publishing (half-up rounding) and showing fractions as text.

The engine works in :class:`~fractions.Fraction`; a figure becomes a
:class:`~decimal.Decimal` only when it is published, rounded half-up (away
from zero at exactly half) to the round's ``decimals``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache


def publish(value: Fraction, places: int) -> Decimal:
    """Round ``value`` half-up to ``places`` decimals, exactly."""
    # on the integers of value: the same floor as on the reduced fraction, without forming one per figure
    numerator, denominator = value.numerator, value.denominator
    whole = (abs(numerator) * 10 ** places * 2 + denominator) // (denominator * 2)
    if numerator < 0:
        whole = -whole
    return Decimal(whole).scaleb(-places)


def is_terminating(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def plain(value: Decimal) -> str:
    """A decimal as people write it: ``2450000``, ``3.5`` (no exponent, no trailing zeros)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact_text(value: Fraction, places: int = 6) -> str:
    """``value`` as a decimal, exactly where it terminates, else ``≈`` rounded."""
    if is_terminating(value):
        return plain(Decimal(value.numerator) / Decimal(value.denominator))
    return "≈" + format(publish(value, places), "f")


def fraction_text(value: Fraction, places: int = 6) -> str:
    """``value`` for audit trails: exactly where it terminates (``11.5``), else ``11/3 ≈ 3.666667``."""
    if is_terminating(value):
        return exact_text(value)
    return f"{value.numerator}/{value.denominator} ≈ {format(publish(value, places), 'f')}"


@lru_cache(maxsize=4096)
def fraction_of(value: Decimal) -> Fraction:
    """``Fraction(value)``, cached: a round holds thousands of copies of a few score values."""
    return Fraction(value)


def cell_figure(value: Fraction | str | None) -> Fraction:
    """The number a cell holds where it must hold one (a settled cell of a scored criterion).

    A group cell's value is a Fraction, a mark (``pass``/``fail``/``unsettled``) or None; code that
    has already checked which it holds says so here rather than trusting it silently.
    """
    if not isinstance(value, Fraction):
        raise TypeError(f"expected a number, got {value!r}")
    return value
