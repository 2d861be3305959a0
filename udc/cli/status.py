"""``udc status ROUND``: who still owes which score; exits 1 while anything is owed."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, emit


class StatusFormat(str, Enum):
    table = "table"
    json = "json"


def status(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: StatusFormat = typer.Option(StatusFormat.table, "--format", "-f", help="table or json."),
    plain: bool = typer.Option(False, "--plain", help="Short sentences instead of tables (screen readers)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
) -> None:
    """What is still owed: evaluators by bids, per group, and how complete the round is."""
    from udc.core.diagnostics import RuleViolation
    from udc.analysis.status import status as compute
    from udc.views import status as view

    checked = checked_round(round_file)
    found = compute(checked.method)
    data = view.build(found, checked.loaded.fingerprint)
    if format is StatusFormat.json:
        from udc.views.report import to_json

        text = to_json(data)
    elif plain:
        text = view.plain(data)
    else:
        text = _table(data, to_file=output is not None)
    emit(text, output)
    if found.owed:
        raise RuleViolation()  # scores are owed: the report above says which


def _table(data: dict, to_file: bool) -> str:
    import io

    from rich.console import Console

    from udc.views.status import render

    if to_file:
        console = Console(file=io.StringIO(), no_color=True, width=120, force_terminal=False)
        render(console, data)
        return console.file.getvalue()
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    with console.capture() as capture:
        render(console, data)
    return capture.get()


def register(app: typer.Typer) -> None:
    app.command("status")(status)
