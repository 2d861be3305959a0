"""``udc schema``: the JSON Schema of the round format, for editors (docs/editors.md)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from udc.cli.common import emit


def schema_text() -> str:
    """The schema as udc writes it: two-space indents, UTF-8, a final newline."""
    from udc.core.json_schema import round_schema

    return json.dumps(round_schema(), indent=2, ensure_ascii=False) + "\n"


def schema(
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Print the JSON Schema of round files: completion, hover help and inline errors in editors."""
    emit(schema_text(), output)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
