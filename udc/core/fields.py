"""Value types of the round format, with errors a person can act on.

The loader hands over exact values (``Decimal``, ``str``, ``bool``, ``date``,
:class:`~udc.core.yaml_data.Ambiguous`); each type here accepts exactly one kind and
explains any other in words (``write 1000, without separators``, ``put it in
quotes``). Plain validators keep pydantic from coercing anything silently.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

from udc.core.yaml_data import Ambiguous

PASS_FAIL = ("pass", "fail")  # the marks of a pass-fail criterion
ABSENT = "absent"
WORDS = (*PASS_FAIL, ABSENT)  # every word a score cell may hold instead of a number

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_CRITERION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_SEPARATED = re.compile(r"[-+]?[0-9]{1,3}([,_ ][0-9]{3})+(\.[0-9]+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("udc", message)


def shown(value: Any) -> str:
    """How a value looked in the file, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return f"'{value}'"


_READS = {"boolean": "a yes/no value", "number": "a number", "date": "a date"}


def _kind(value: Any) -> str | None:
    if isinstance(value, Ambiguous):
        return value.kind
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, _dt.date):
        return "date"
    return None


def as_text(value: Any) -> str:
    if type(value) is str:
        return value
    kind = _kind(value)
    if kind is not None:
        text = shown(value)[1:-1] if not isinstance(value, bool) else shown(value)
        raise fail(f"'{text}' is read by YAML as {_READS[kind]}; expected text: "
                   f"put it in quotes (\"{text}\")")
    raise fail(f"expected text, got {shown(value)}")


def as_slug(value: Any) -> str:
    text = as_text(value)
    if not _SLUG.fullmatch(text):
        raise fail(f"'{text}' is not a valid id; expected lower-case letters, digits, '-' and '_', "
                   "starting with a letter or digit")
    return text


_CRITERION_IDS: set[str] = set()  # ids found valid: every score names its criterion again


def as_criterion_id(value: Any) -> str:
    if type(value) is str and value in _CRITERION_IDS:
        return value
    text = as_text(value)
    if not _CRITERION.fullmatch(text):
        raise fail(f"'{text}' is not a valid criterion id; expected letters, digits, '-' and '_', "
                   "starting with a letter or digit")
    if len(_CRITERION_IDS) < 4096:
        _CRITERION_IDS.add(text)
    return text


MAX_WHOLE_DIGITS, MAX_PLACES = 15, 20


_IN_RANGE: set[Decimal] = set()  # values found in range: a round repeats a few score values thousands of times


def in_range(value: Decimal) -> Decimal:
    """``value`` if a round could mean it; exact arithmetic on 1e999999999 would never finish."""
    if not value.is_finite():  # pragma: no cover - the loader never makes one
        raise fail(f"{shown(value)} is not a finite number; expected a number")
    if value in _IN_RANGE:  # equal values have the same digits that matter, so the same verdict
        return value
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: not 'n', 'N' or 'F'
    significant = "".join(map(str, digits)).rstrip("0")
    places = -(exponent + len(digits) - len(significant))
    if significant and (value.adjusted() >= MAX_WHOLE_DIGITS or places > MAX_PLACES):
        text = str(value) if len(str(value)) <= 24 else str(value)[:20] + "..."
        raise fail(f"'{text}' is out of range; expected a number with at most {MAX_WHOLE_DIGITS} digits "
                   f"before the decimal point and {MAX_PLACES} after it")
    if len(_IN_RANGE) < 4096:
        _IN_RANGE.add(value)
    return value


QUOTED_NUMBER = " (numbers are written without quotes)"  # kept only where the value was quoted (schema.py)
_MONEY = re.compile(r"(?P<before>[£$€¥]|[A-Z]{3}\s?)?(?P<number>[-+]?[0-9][0-9,_ ]*(\.[0-9]+)?)"
                    r"(?P<after>\s?[A-Z]{3}|[£$€¥])?")
_PERCENT = re.compile(r"(?P<number>[-+]?[0-9]+(\.[0-9]+)?)\s?%")


def number_advice(text: str) -> str | None:
    """Advice for a number written with a currency sign, thousands separators or a percent sign."""
    written = text.strip()
    percent = _PERCENT.fullmatch(written)
    if percent:
        return f"'{text}' has a percent sign, which is not needed; expected a plain number: {percent['number']}"
    money = _MONEY.fullmatch(written)
    if money is None:
        return None
    digits = re.sub("[,_ ]", "", money["number"])
    separated = digits != money["number"]
    if money["before"] or money["after"]:
        what = "a currency sign" + (" and thousands separators" if separated else "")
        return (f"'{text}' has {what}; expected a plain number: {digits} (the currency is given once, as "
                "round.currency)")
    if separated and _SEPARATED.fullmatch(money["number"]):
        return f"'{text}' has thousands separators; expected a plain number such as {digits}"
    return None


def as_number(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return in_range(value)
    if isinstance(value, Ambiguous):
        if value.kind == "number" and _SEPARATED.fullmatch(value):
            raise fail(f"'{value}' has digit separators; expected a plain number such as "
                       f"{re.sub('[,_ ]', '', value)}")
        if _NOT_FINITE.fullmatch(value):
            raise fail(f"'{value}' is not a finite number; expected a decimal number such as 12 or 2.5")
        raise fail(f"'{value}' is not a plain number; expected a decimal number such as 12 or 2.5")
    if type(value) is str:
        advice = number_advice(value)
        if advice:
            raise fail(advice)
        raise PydanticCustomError("udc_text", f"'{value}' is text; expected a number{QUOTED_NUMBER}")
    raise fail(f"expected a number, got {shown(value)}")


def as_integer(value: Any) -> int:
    number = as_number(value)
    if number != number.to_integral_value():
        raise fail(f"'{number}' is not a whole number; expected a whole number")
    return int(number)


def as_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Ambiguous) and value.kind == "boolean":
        raise fail(f"'{value}' is ambiguous (older YAML reads it as a yes/no value, newer YAML as text); "
                   "expected true or false")
    raise fail(f"expected true or false, got {shown(value)}")


def as_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if type(value) is str:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(f"expected a date such as 2026-09-02, got {shown(value)}")


def as_currency(value: Any) -> str:
    text = as_text(value)
    if not _CURRENCY.fullmatch(text):
        raise fail(f"'{text}' is not a currency code; expected an ISO 4217 code such as GBP")
    return text


def as_score_value(value: Any) -> Decimal | str:
    """A score as written: a number, ``pass``, ``fail`` or ``absent``."""
    if isinstance(value, Decimal):
        return in_range(value)
    if type(value) is str and value in WORDS:
        return value
    if isinstance(value, Ambiguous) and value.kind == "boolean":
        raise fail(f"'{value}' is read by YAML as {_READS['boolean']}, not a score or mark; expected a score on "
                   "the scale, pass, fail or absent")
    if type(value) is str or isinstance(value, Ambiguous):
        try:
            as_number(value)
        except PydanticCustomError as exc:
            raise PydanticCustomError(exc.type, exc.message().replace(
                "expected a number", "expected a score on the scale, pass, fail or absent")) from None
    raise fail(f"expected a score on the scale, pass, fail or absent, got {shown(value)}")


Text = Annotated[str, PlainValidator(as_text)]
Slug = Annotated[str, PlainValidator(as_slug)]
CriterionId = Annotated[str, PlainValidator(as_criterion_id)]
Number = Annotated[Decimal, PlainValidator(as_number)]
Integer = Annotated[int, PlainValidator(as_integer)]
Flag = Annotated[bool, PlainValidator(as_flag)]
Day = Annotated[_dt.date, PlainValidator(as_date)]
Currency = Annotated[str, PlainValidator(as_currency)]
ScoreValue = Annotated[Any, PlainValidator(as_score_value)]
