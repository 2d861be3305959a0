"""``udc schema``: the JSON Schema editors use to complete, explain and check round files while typing.

The schema must accept every round udc accepts (every example and template), refuse the
typos it can see (unknown keys, an unknown kind, a bad id), explain every key, and the
committed ``udc.schema.json`` must be what ``udc schema`` prints today.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

from udc.core.loader import load_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
ROUNDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "rounds").glob("*.yaml"))


def as_json(value):
    """Loaded round data as an editor's YAML 1.2 reader sees it: dates are text, numbers are numbers."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def udc_schema() -> str:
    proc = subprocess.run([sys.executable, "-m", "udc", "schema"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(udc_schema())


def validator(schema: dict):
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_committed_schema_is_what_udc_schema_prints() -> None:
    printed = udc_schema()
    committed = (ROOT / "udc.schema.json").read_text(encoding="utf-8")
    assert committed == printed, "udc.schema.json is out of date: run 'udc schema -o udc.schema.json'"


def test_the_schema_is_a_valid_draft_7_schema(schema: dict) -> None:
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("path", ROUNDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_and_template_validates(schema: dict, path: Path) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(
        as_json(load_path(path).data))]
    assert not errors


@pytest.mark.parametrize("name", ["criterion-key-typo", "unknown-top-level-key", "unknown-kind", "decimals-7",
                                  "format-version-2", "format-version-quoted", "weight-text",
                                  "score-is-text", "group-without-members"])
def test_typos_the_schema_can_see_are_refused(schema: dict, name: str) -> None:
    data = as_json(load_path(BROKEN / f"{name}.yaml").data)
    assert list(validator(schema).iter_errors(data)), f"{name} passed the schema"


def test_ids_have_their_patterns(schema: dict) -> None:
    check = validator(schema)
    base = as_json(load_path(BROKEN / "_valid-base.yaml").data)
    assert not list(check.iter_errors(base))
    base["bids"][0]["id"] = "Bright Path"
    assert list(check.iter_errors(base))


def test_every_key_is_explained_and_no_internal_name_shows(schema: dict) -> None:
    for name, body in schema["$defs"].items():
        assert name == name.lower() and not name.startswith("_"), name
        assert body.get("description"), name
        parts = body.get("anyOf", [body])
        for part in parts:
            for key, prop in part.get("properties", {}).items():
                assert prop.get("description"), f"{name}.{key}"
    for key, prop in schema["properties"].items():
        assert prop.get("description"), key
    text = json.dumps(schema)
    for internal in ("RoundInfo", "_BadKind", "ScoreEntry", "AgreedScore", "PassFail", "Strict"):
        assert internal not in text


def test_defaults_are_the_formats_defaults(schema: dict) -> None:
    round_keys = schema["$defs"]["round"]["properties"]
    assert round_keys["divergence"]["default"] == 2
    assert round_keys["decimals"]["default"] == 2
    assert round_keys["aggregate"]["enum"] == ["mean", "median", "consensus"]
