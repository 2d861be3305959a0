"""A score cell's value as text and as a node of a round document: ``4``, ``3.5``, ``pass``.

One reading of a score for every edit: whatever YAML type it was read as, a
score compares and prints by its text (``4`` and ``4.0`` are the same score),
and a score given as text is written as a plain YAML number or a mark.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from udc.core.fields import WORDS
from udc.workflow.edit_errors import NotAScore

__all__ = ["canonical", "same_score", "score_node"]

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def canonical(value: Any) -> str:
    """A score as text, whatever YAML type it was read as: ``4``, ``3.5``, ``pass``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    number = Decimal(str(value))  # str(float) is the shortest text that reads back the same
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def score_node(value: str) -> int | Decimal | str:
    """What to put in the document for a score given as text.

    Whole numbers become ints and other numbers Decimals, written as plain YAML
    numbers (``3.5``, never ``3.50000001`` or ``"3.5"``); marks stay words.
    """
    text = value.strip()
    if text in WORDS:
        return text
    if _NUMBER.fullmatch(text):
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else number.normalize()
    raise NotAScore(f"'{value}' is not a score; expected a number such as 4 or 3.5, "
                    f"or one of: {', '.join(WORDS)}")


def same_score(old: str, new: str) -> bool:
    """Equal scores: ``4`` and ``4.0`` are the same score."""
    try:
        return Decimal(old) == Decimal(new)
    except InvalidOperation:
        return old == new
