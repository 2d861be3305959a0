"""``udc report ROUND -o report.html``: one self-contained, accessible HTML report of the round."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, emit, warn_summary


class ReportFormat(str, Enum):
    html = "html"
    markdown = "markdown"


def report(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: ReportFormat = typer.Option(ReportFormat.html, "--format", "-f", help="html or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                       help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Write the whole round as one accessible HTML page, offline and printable on A4.

    The ranking, stakes, a chart of each total, scores by group, influence, whose view moderation followed,
    what became of what was said, disqualifications, the moderation log and the audit trail (WCAG 2.2 AA)."""
    from udc.core.engine import score
    from udc.views.document import render_report

    checked = checked_round(round_file, outcome="no report was written")
    emit(render_report(checked, score(checked.method), format.value), output)
    warn_summary(checked)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
