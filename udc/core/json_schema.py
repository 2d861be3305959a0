"""The JSON Schema of the round format, generated from the pydantic models, for editors.

``pydantic``'s ``model_json_schema`` knows the shape (keys, nesting, which keys
are required, that unknown keys are refused); it cannot see inside udc's plain
validators, which accept exactly one kind of value each. :class:`_Generator`
gives each validator its JSON Schema (a slug's pattern, a percent's range), and
:func:`round_schema` then names the definitions as the format does and adds the
format's own descriptions (:mod:`udc.core.schema_text`), so that an editor shows
them on hover and completes keys while typing.

The schema is an aid for editors, not the judge: ``udc check`` is. It cannot say
that weights add up to 100, that an evaluator scores only what their group
assesses, or that ``no`` must be quoted (an editor reads YAML 1.2, where it is text).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from udc.core import fields, model
from udc.core.schema_text import DEFINITIONS, PROPERTIES, SHAPES, TOP

DIALECT = "http://json-schema.org/draft-07/schema#"
SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
CRITERION_ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$"}
NUMBER = {"type": "number"}
SCORE_VALUE = {"anyOf": [{"type": "number", "minimum": 0}, {"enum": list(fields.WORDS)}]}

# The JSON Schema of each plain validator: what a value must look like in the file.
VALIDATORS: dict[Any, dict] = {
    fields.as_text: {"type": "string"},
    fields.as_slug: SLUG,
    fields.as_criterion_id: CRITERION_ID,
    fields.as_number: NUMBER,
    fields.as_integer: {"type": "integer"},
    fields.as_flag: {"type": "boolean"},
    fields.as_date: {"type": "string", "format": "date"},
    fields.as_currency: {"type": "string", "pattern": "^[A-Z]{3}$"},
    fields.as_score_value: SCORE_VALUE,
    model._positive: {"type": "number", "exclusiveMinimum": 0},
    model._percent: {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    model._non_negative: {"type": "number", "minimum": 0},
    model._decimals: {"type": "integer", "minimum": 0, "maximum": 6},
    model._version: {"const": 1},
}

# Model class -> the definition's name in the schema (the format's words, not the code's).
NAMES = {"RoundInfo": "round", "Scored": "scored-criterion", "Price": "price-criterion",
         "PassFail": "pass-fail-criterion", "ScoreEntry": "score", "AgreedScore": "agreed-score"}
# Entries that may be written as a bare value (``Q1: 4``) instead of a mapping.
BARE = {"score", "agreed-score"}


class UnknownValidator(Exception):
    """A validator without a JSON Schema: add it to :data:`VALIDATORS`."""


class _Generator(GenerateJsonSchema):
    def function_plain_schema(self, schema) -> dict:
        function = schema["function"]["function"]
        options = getattr(function, "options", None)  # model.choice
        if options is not None:
            return {"type": "string", "enum": list(options)}
        if function not in VALIDATORS:
            raise UnknownValidator(f"no JSON Schema for the validator {function.__qualname__}")
        return dict(VALIDATORS[function])

    def function_before_schema(self, schema) -> dict:
        inner = super().function_before_schema(schema)
        if schema["function"]["function"] is model._empty_is_none:  # an empty mapping may be left blank
            return {"anyOf": [inner, {"type": "null"}]}
        return inner

    def tagged_union_schema(self, schema) -> dict:
        # "invalid" stands for an unknown kind, only to word udc's error message.
        choices = {k: v for k, v in schema["choices"].items() if k != "invalid"}
        narrowed = schema.copy()
        narrowed["choices"] = choices
        found = super().tagged_union_schema(narrowed)
        found.pop("discriminator", None)
        return found


def kebab(name: str) -> str:
    return NAMES.get(name) or re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def round_schema() -> dict:
    """The JSON Schema of a round file, format 1 (JSON Schema draft 7)."""
    raw = model.Round.model_json_schema(schema_generator=_Generator)
    renamed = {name: kebab(name) for name in raw.get("$defs", {})}
    raw = _rename_refs(raw, renamed)
    definitions = {renamed[name]: _describe(renamed[name], body) for name, body in raw.pop("$defs").items()}
    for name in BARE & set(definitions):
        body = definitions[name]
        definitions[name] = {"description": body.pop("description"),
                             "anyOf": [SCORE_VALUE, body]}
    top = _describe("", raw)
    top.pop("description", None)
    return {"$schema": DIALECT, **TOP, **top,
            "$defs": dict(sorted(definitions.items()))}


def _rename_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                value = "#/$defs/" + renamed[value.removeprefix("#/$defs/")]
            out[key] = _rename_refs(value, renamed)
        return out
    if isinstance(node, list):
        return [_rename_refs(v, renamed) for v in node]
    return node


def _describe(name: str, body: dict) -> dict:
    """``body`` without pydantic's titles, with the format's descriptions."""
    body = _untitled(body)
    if name:
        body["description"] = DEFINITIONS[name]
    texts = PROPERTIES.get(name, {})
    for key, prop in body.get("properties", {}).items():
        if key not in texts:
            raise KeyError(f"no description of '{key}' in '{name or 'the top level'}': add it to schema_text")
        prop["description"] = texts[key]
        _tidy_default(prop)
        prop.update(SHAPES.get((name, key), {}))
    for pattern_holder in _walk(body):
        if "patternProperties" in pattern_holder:
            pattern_holder.setdefault("additionalProperties", False)
    return body


def _tidy_default(prop: dict) -> None:
    """No empty defaults; a number's default as a number (pydantic writes a Decimal as text)."""
    if "default" not in prop:
        return
    default = prop["default"]
    if default is None or default == [] or default == {}:
        del prop["default"]
    elif isinstance(default, str) and prop.get("type") == "number":
        number = Decimal(default)
        prop["default"] = int(number) if number == number.to_integral_value() else float(number)


def _untitled(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _untitled(v) for k, v in node.items() if k != "title" or not isinstance(v, str)}
    if isinstance(node, list):
        return [_untitled(v) for v in node]
    return node


def _walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
