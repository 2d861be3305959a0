"""``udc diff OLD NEW``: what changed between two versions of a round, and what it did to the ranking.

Exit 0 when nothing that decides the ranking changed (reasons, the record,
names), 1 when something did (the method, a bid, the panel, a score or an
agreed score), 2 when either file cannot be read or scored.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import emit
from udc.core.diagnostics import RuleViolation


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def scorable(path: Path):
    """The round at ``path`` checked (a broken seal is reported, not refused); exit 2 otherwise."""
    from udc.core.diagnostics import UnreadableInput, errors
    from udc.core.pipeline import check_path

    checked = check_path(path)  # UnreadableInput: exit 2
    found = [d for d in errors(checked.diagnostics) if d.code != "seal"]
    if found or checked.method is None:
        raise UnreadableInput(found, f"udc: {path} breaks the format's rules, so it cannot be scored and compared; "
                              f"nothing was compared (run 'udc check {path}')")
    checked.loaded.source.forget()  # every position is made: two rounds' node trees need not be held at once
    return checked


def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="The earlier version of the round."),
    new: Path = typer.Argument(..., metavar="NEW", help="The later version of the round."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f",
                                      help="text (sentences, for screen readers too), json or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """What changed between two versions of a round, and what it did to the ranking.

    Method field by field, bids, panel, scores and agreed scores with reasons, the
    record, and the ranking before and after. Exit 0 when nothing that decides the
    ranking changed, 1 when something did, 2 when a file cannot be read or scored.
    """
    from udc.analysis.compare import compare
    from udc.core.engine import score
    from udc.views import compare as view

    before, after = scorable(old), scorable(new)
    data = compare(before, after, score(before.method), score(after.method))
    render = {DiffFormat.text: view.render_text, DiffFormat.json: view.render_json,
              DiffFormat.markdown: view.render_markdown}[format]
    emit(render(data), output)
    if data["decides"]:
        raise RuleViolation()  # exit 1: something that decides the ranking changed (said above)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
