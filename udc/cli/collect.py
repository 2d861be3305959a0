"""``udc collect ROUND FILE...``: merge returned score sheets into the round, losing nothing."""

from __future__ import annotations

from pathlib import Path

import typer

from udc.cli.common import checked_round, save_edit, say


def collect(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file (edited in place)."),
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Returned sheets (.xlsx or .csv)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; write nothing."),
    replace: bool = typer.Option(False, "--replace", help="Replace scores that differ (needs --why)."),
    why: str | None = typer.Option(None, "--why", metavar="TEXT",
                                   help="Why the replaced scores changed (kept beside the old value)."),
) -> None:
    """Read returned sheets, check every cell, and add the scores to the round file."""
    from udc.workflow.collect import run
    from udc.core.diagnostics import RuleViolation, UnreadableInput, UsageError

    if replace != bool(why and why.strip()):
        raise UsageError("udc: error: --replace and --why TEXT go together; expected both (the reason is recorded "
                         "with the old score) or neither")
    checked = checked_round(round_file)
    outcome = run(round_file, checked, files, why.strip() if replace and why else None)
    for problem in outcome.problems + outcome.notes:
        say(problem.text())
    if outcome.problems:
        count = len(outcome.problems)
        message = f"udc: {count} problem{'s' if count != 1 else ''} in the sheets; nothing was written to {round_file}"
        raise (UnreadableInput if outcome.unreadable else RuleViolation)(message)
    for change in outcome.changes:
        typer.echo(change.text())
    summary = outcome.summary(len(files))
    if dry_run or not outcome.changes:
        say(f"udc: {summary}; " + ("nothing written (--dry-run)" if dry_run else f"{round_file} is unchanged"))
        return
    backup = save_edit(outcome.edit, round_file)
    say(f"udc: {summary}; wrote {round_file}" + (f" (previous version in {backup})" if backup else ""))


def register(app: typer.Typer) -> None:
    app.command("collect")(collect)
