"""``udc score ROUND``: the ranking, with stakes, reasons, ties and the audit trail."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, emit, warn_summary


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def render(fmt: ScoreFormat, checked, result, audit: bool, plain: bool, to_file: bool) -> str:
    """The result in ``fmt``; every member of :class:`ScoreFormat` is handled here."""
    if fmt is ScoreFormat.json:
        from udc.views.report import build, to_json

        return to_json(build(checked, result))
    if fmt is ScoreFormat.csv:
        from udc.views.csv_view import render as csv_render

        return csv_render(checked, result)
    if fmt is ScoreFormat.markdown:
        from udc.views.markdown import render as md_render

        return md_render(checked, result, audit)
    if plain:
        from udc.views.plain import render as plain_render

        return plain_render(checked, result, audit)
    return table_text(checked, result, audit, to_file)


def table_text(checked, result, audit: bool, to_file: bool) -> str:
    import io

    from rich.console import Console

    from udc.views.table import render as table_render

    if to_file:
        console = Console(file=io.StringIO(), no_color=True, width=120, force_terminal=False)
        table_render(console, checked, result, audit)
        return console.file.getvalue()
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    with console.capture() as capture:
        table_render(console, checked, result, audit)
    return capture.get()


def score(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: ScoreFormat = typer.Option(ScoreFormat.table, "--format", "-f", help="table, json, csv or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout."),
    audit: bool = typer.Option(False, "--audit", help="Add the audit trail: how every figure was made."),
    plain: bool = typer.Option(False, "--plain", help="Short sentences instead of tables (screen readers)."),
) -> None:
    """Score a round: the ranking, stakes, reasons and (with --audit) every step."""
    from udc.core.engine import score as compute

    checked = checked_round(round_file)
    result = compute(checked.method)
    text = render(format, checked, result, audit, plain, to_file=output is not None)
    emit(text, output)
    warn_summary(checked)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
