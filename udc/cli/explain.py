"""``udc explain ROUND``: a group's own account of the round, in Easy Read."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, emit, warn_summary


class ExplainFormat(str, Enum):
    text = "text"
    html = "html"
    markdown = "markdown"


def explain(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    group: str | None = typer.Option(None, "--group", "-g", metavar="ID",
                                     help="The group to explain to (default: every lived-experience group)."),
    format: ExplainFormat = typer.Option(ExplainFormat.text, "--format", "-f", help="text, html or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                       help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Tell a group, in Easy Read, what its say did: its stake, its scores, what became of what it said.

    For every group marked lived_experience (or the group named): what it was promised and held, the
    questions it wrote and scored, whether its scores changed who won and which ones did, where it agreed
    with the other groups, what moderation did to its scores, and what became of each thing it said."""
    from udc.core.diagnostics import UsageError
    from udc.core.engine import score
    from udc.views import explain as view

    checked = checked_round(round_file, outcome="nothing was explained")
    groups = checked.method.round.groups
    if group is not None and group not in groups:
        raise UsageError(f"udc explain: error: unknown group '{group}'; expected one of: {', '.join(groups)}")
    result = score(checked.method)
    data = view.build(checked, result, group)
    emit(view.render(data, format.value), output)
    warn_summary(checked)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
