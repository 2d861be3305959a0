"""``udc status ROUND``: who still owes which score; exits 1 while anything is owed."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, chosen_format, emit


class StatusFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"


def status(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: StatusFormat | None = typer.Option(None, "--format", "-f", help="table (default), plain or json."),
    plain: bool = typer.Option(False, "--plain", help="Same as --format plain: short sentences, no symbols."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
) -> None:
    """What is still owed: evaluators by bids, per group, and how complete the round is."""
    from udc.analysis.status import status as compute
    from udc.core.diagnostics import RuleViolation
    from udc.views import status as view

    fmt = chosen_format(StatusFormat, format, plain)
    checked = checked_round(round_file)
    found = compute(checked.method)
    emit(render(fmt, view.build(found, checked.loaded.fingerprint), to_file=output is not None), output)
    if found.owed:
        raise RuleViolation()  # scores are owed: the report above says which


def render(fmt: StatusFormat, data, to_file: bool) -> str:
    """The status in ``fmt``; every member of :class:`StatusFormat` is handled here."""
    from udc.views import status as view

    if fmt is StatusFormat.json:
        from udc.views.report import to_json

        return to_json(view.as_json(data))
    if fmt is StatusFormat.plain:
        return view.plain(data)
    if fmt is StatusFormat.table:
        from udc.views.console import rich_text

        return rich_text(lambda console: view.render(console, data), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


def register(app: typer.Typer) -> None:
    app.command("status")(status)
