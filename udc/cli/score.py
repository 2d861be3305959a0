"""``udc score ROUND``: the ranking, with stakes, reasons, ties and the audit trail."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, chosen_format, emit, warn_summary


class ScoreFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def render(fmt: ScoreFormat, checked, result, audit: bool, to_file: bool) -> str:
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
    if fmt is ScoreFormat.plain:
        from udc.views.plain import render as plain_render

        return plain_render(checked, result, audit)
    if fmt is ScoreFormat.table:
        from udc.views.console import rich_text
        from udc.views.table import render as table_render

        return rich_text(lambda console: table_render(console, checked, result, audit), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


def score(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: ScoreFormat | None = typer.Option(None, "--format", "-f",
                                              help="table (default), plain, json, csv or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to this file (atomically) instead of stdout."),
    audit: bool = typer.Option(False, "--audit", help="Add the audit trail: how every figure was made."),
    plain: bool = typer.Option(False, "--plain", help="Same as --format plain: short sentences, no symbols."),
) -> None:
    """Score a round: the ranking, stakes, reasons and (with --audit) every step."""
    from udc.core.engine import score as compute

    fmt = chosen_format(ScoreFormat, format, plain)
    checked = checked_round(round_file)
    result = compute(checked.method)
    text = render(fmt, checked, result, audit, to_file=output is not None)
    emit(text, output)
    warn_summary(checked)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
