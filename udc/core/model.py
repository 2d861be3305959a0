"""The round file, format 1, as strict pydantic models.

Unknown keys are errors (a typo must not silently drop a rule); every value
has exactly one accepted type (see :mod:`udc.fields`). Cross-references
between parts of the file are checked later, in :mod:`udc.rules`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, PlainValidator, Tag, model_validator
from pydantic_core import PydanticCustomError

from udc.core.fields import (
    ABSENT,
    CriterionId,
    Currency,
    Day,
    Flag,
    Integer,
    ScoreValue,
    Slug,
    Text,
    as_number,
    as_text,
    fail,
    shown,
)


def _positive(value: Any) -> Decimal:
    number = as_number(value)
    if number <= 0:
        raise fail(f"{number} is not above zero; expected a number above zero")
    return number


def _percent(value: Any) -> Decimal:
    number = _positive(value)
    if number > 100:
        raise fail(f"{number} is more than 100; expected a percent above 0 and at most 100")
    return number


def _non_negative(value: Any) -> Decimal:
    number = as_number(value)
    if number < 0:
        raise fail(f"{number} is below zero; expected zero or more")
    return number


def _decimals(value: Any) -> int:
    number = as_number(value)
    if number != number.to_integral_value() or not 0 <= number <= 6:
        raise fail(f"{number} is not a whole number from 0 to 6; expected decimals between 0 and 6")
    return int(number)


def _version(value: Any) -> int:
    if isinstance(value, Decimal) and value == 1:
        return 1
    if type(value) is str and value.strip() == "1":
        raise fail(f"format version {shown(value)} is text; expected udc: 1 (the number, without quotes)")
    raise fail(f"format version {shown(value)} is not supported; expected udc: 1")


def choice(*options: str):
    """A text value that must be one of ``options``."""

    def check(value: Any) -> str:
        text = as_text(value)
        if text not in options:
            raise fail(f"'{text}' is not allowed here; expected one of: {', '.join(options)}")
        return text

    check.options = options  # type: ignore[attr-defined]  # for the JSON Schema (udc.core.json_schema)
    return PlainValidator(check)


def _empty_is_none(value: Any) -> Any:
    return {} if value is None else value


Positive = Annotated[Decimal, PlainValidator(_positive)]
Percent = Annotated[Decimal, PlainValidator(_percent)]
NonNegative = Annotated[Decimal, PlainValidator(_non_negative)]


class Strict(BaseModel):
    """Base of every mapping in the file: frozen, strict, unknown keys refused.

    ``defer_build``: no model builds its own validator when the module is imported; the first
    ``Round.model_validate`` builds one validator for the whole tree (``udc --help`` and commands that
    never read a round pay nothing; ``udc check`` pays one build instead of fifteen).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, arbitrary_types_allowed=True,
                              defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        return check_keys(cls, data)


_FIELDS: dict[type, frozenset[str]] = {}


def check_keys(cls: type[BaseModel], data: Any) -> Any:
    """Refuse unknown keys with one error that names every one of them."""
    if not isinstance(data, dict):
        raise PydanticCustomError("udc", f"expected a mapping of keys, got {shown(data)}")
    fields = _FIELDS.get(cls)
    if fields is None:  # pydantic's model_fields is a property; asked once per class, not once per score
        fields = _FIELDS[cls] = frozenset(cls.model_fields)
    unknown = [key for key in data if key not in fields]
    if unknown:
        raise PydanticCustomError("unknown_key", "unknown key",
                                  {"keys": unknown, "allowed": list(cls.model_fields)})
    return data


# ---------------------------------------------------------------- round


NATIONS = ("england", "wales", "scotland", "northern-ireland")


class RoundInfo(Strict):
    id: Slug
    title: Text
    authority: Text | None = None
    currency: Currency = "GBP"
    decimals: Annotated[int, PlainValidator(_decimals)] = 2
    aggregate: Annotated[str, choice("mean", "median", "consensus")] = "mean"
    tie_break: list[Text] = ["quality"]
    minimum_quality: Percent | None = None
    budget: Positive | None = None
    require_reasons: Flag = False
    divergence: Positive = Decimal(2)
    nation: Annotated[str, choice(*NATIONS)] = "england"


# ---------------------------------------------------------------- scale


class Level(Strict):
    value: NonNegative
    label: Text
    meaning: Text
    plain: Text | None = None


class Points(Strict):
    min: NonNegative
    max: NonNegative
    step: Positive


def _scale_kind(value: Any) -> str:
    return "levels" if isinstance(value, list) else "points"


ScaleSpec = Annotated[
    Annotated[list[Level], Tag("levels")] | Annotated[Points, Tag("points")],
    Discriminator(_scale_kind),
]


# ---------------------------------------------------------------- groups


class Member(Strict):
    name: Text
    role: Text | None = None
    declared: Day | None = None
    conflicts: list[Slug] = []


class Group(Strict):
    name: Text
    stake: Percent | None = None
    lived_experience: Flag = False
    members: dict[Slug, Member]


# ---------------------------------------------------------------- criteria


class Scored(Strict):
    id: CriterionId
    title: Text
    kind: Literal["scored"] = "scored"
    text: Text | None = None
    weight: Positive
    section: Text | None = None
    stage: Text | None = None
    assessed_by: list[Slug] | None = None
    shares: dict[Slug, Positive] | None = None
    minimum: NonNegative | None = None
    written_by: list[Slug] | None = None


class Price(Strict):
    id: CriterionId
    title: Text
    kind: Literal["price"]
    text: Text | None = None
    weight: Positive
    section: Text | None = None
    method: Annotated[str, choice("lowest", "linear")]


class PassFail(Strict):
    id: CriterionId
    title: Text
    kind: Literal["pass-fail"]
    text: Text | None = None
    section: Text | None = None
    stage: Text | None = None
    assessed_by: list[Slug] | None = None


KINDS = ("scored", "price", "pass-fail")


def _criterion_kind(value: Any) -> str | None:
    """The kind of a criterion; None (an unknown kind, or not a mapping) is reported by udc.core.schema."""
    if isinstance(value, dict):
        kind = value.get("kind", "scored")
        if type(kind) is str and kind in KINDS:
            return kind
    return None


if TYPE_CHECKING:
    Criterion = Scored | Price | PassFail
else:
    Criterion = Annotated[
        Annotated[Scored, Tag("scored")] | Annotated[Price, Tag("price")] | Annotated[PassFail, Tag("pass-fail")],
        Discriminator(_criterion_kind, custom_error_type="bad_kind", custom_error_message="unknown kind"),
    ]


# ---------------------------------------------------------------- bids and scores


class Bid(Strict):
    id: Slug
    bidder: Text
    price: Positive | None = None
    withdrawn: Flag = False


class Cell(Strict):
    """A score written bare (``4``) or as a mapping (``{score: 4, reason: ...}``): one reading for both."""

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return {"score": data}
        return check_keys(cls, data)


class ScoreEntry(Cell):
    """One evaluator's score of one cell; ``was``/``why`` record a change."""

    score: ScoreValue
    reason: Text | None = None
    was: ScoreValue | None = None
    why: Text | None = None
    meeting: Slug | None = None


class AgreedScore(Cell):
    """A group's moderated (agreed) score of one cell."""

    score: ScoreValue
    reason: Text | None = None
    meeting: Slug | None = None


class Seal(Strict):
    method: Text
    sealed: Day
    method_text: Text | None = None  # the sealed method's canonical form, outside the digest (udc.core.seal)


Cells = Annotated[dict[CriterionId, ScoreEntry], BeforeValidator(_empty_is_none)]
Agreed = Annotated[dict[CriterionId, AgreedScore], BeforeValidator(_empty_is_none)]
Scores = Annotated[dict[Slug, Annotated[dict[Slug, Cells], BeforeValidator(_empty_is_none)]],
                   BeforeValidator(_empty_is_none)]
Moderation = Annotated[dict[Slug, Annotated[dict[Slug, Agreed], BeforeValidator(_empty_is_none)]],
                       BeforeValidator(_empty_is_none)]


# ---------------------------------------------------------------- record (changes no figure)


MEETING_KINDS = ("moderation", "interview", "clarification", "decision", "other")


class Meeting(Strict):
    id: Slug
    date: Day
    kind: Annotated[str, choice(*MEETING_KINDS)]
    attendees: list[Slug] = []
    others: list[Text] = []
    notes: Text | None = None


class Award(Strict):
    decided: Day
    by: Text
    bids: list[Slug]
    meeting: Slug | None = None
    notice: Day | None = None
    reason: Text | None = None


class Voice(Strict):
    id: Slug
    group: Slug
    said: Text
    date: Day | None = None
    became: list[CriterionId] = []
    not_used: Text | None = None


Feedback = Annotated[dict[Slug, Annotated[dict[CriterionId, Text], BeforeValidator(_empty_is_none)]],
                     BeforeValidator(_empty_is_none)]


class Round(Strict):
    """A whole round file."""

    udc: Annotated[int, PlainValidator(_version)]
    round: RoundInfo
    scale: ScaleSpec
    groups: dict[Slug, Group]
    criteria: list[Criterion]
    bids: list[Bid]
    scores: Scores = {}
    moderation: Moderation = {}
    feedback: Feedback = {}
    meetings: list[Meeting] = []
    award: Award | None = None
    voice: list[Voice] = []
    seal: Seal | None = None


__all__ = [
    "ABSENT", "AgreedScore", "Award", "Bid", "Meeting", "Voice", "Criterion", "Group", "Level", "Member", "PassFail",
    "Points", "Price", "Round", "RoundInfo", "Scored", "ScoreEntry", "Seal", "Integer",
]
