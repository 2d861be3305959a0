"""``udc collect ROUND FILE...``: merge returned score sheets into the round, losing nothing."""

from __future__ import annotations

from pathlib import Path

import typer

from udc.cli.common import checked_round, say


def collect(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file (edited in place)."),
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Returned sheets (.xlsx or .csv)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; write nothing."),
    replace: bool = typer.Option(False, "--replace", help="Replace scores that differ (needs --why)."),
    why: str | None = typer.Option(None, "--why", metavar="TEXT",
                                   help="Why the replaced scores changed (kept beside the old value)."),
    skip_bad: bool = typer.Option(False, "--skip-bad",
                                  help="Merge every sheet that is wholly valid; list the refused ones (exit 1)."),
) -> None:
    """Read returned sheets, check every cell, and add the scores to the round file."""
    from udc.core.diagnostics import RuleViolation, UnreadableInput, UsageError
    from udc.workflow.collect import run

    if replace != bool(why and why.strip()):
        raise UsageError("udc: error: --replace and --why TEXT go together; expected both (the reason is recorded "
                         "with the old score) or neither")
    checked = checked_round(round_file)
    outcome = run(round_file, checked, files, why.strip() if replace and why else None, skip_bad=skip_bad,
                  dry_run=dry_run, tell=say)  # raises CommitFailed (exit 1 or 2) when the round cannot take it
    for problem in outcome.problems + outcome.notes:
        say(problem.text())
    refused = outcome.refused
    if refused and not skip_bad:
        count = len(outcome.problems)
        message = f"udc: {count} problem{'s' if count != 1 else ''} in the sheets; nothing was written to {round_file}"
        raise (UnreadableInput if outcome.unreadable else RuleViolation)(message)
    if outcome.changes:  # one write: 64,000 echoes of a line each cost a sixth of a second
        typer.echo("\n".join(change.text() for change in outcome.changes))
    for evaluator, count in outcome.owed.items():
        say(f"udc: {evaluator} left {count} score{'s' if count != 1 else ''} blank (still owed)")
    summary = outcome.summary()
    if dry_run:
        say(f"udc: {summary}; nothing written (--dry-run)")
    elif outcome.written:
        say(f"udc: {summary}; wrote {round_file}"
            + (f" (previous version in {outcome.backup})" if outcome.backup else ""))
    else:
        say(f"udc: {summary}; {round_file} is unchanged")
    if refused:
        names = ", ".join(s.label for s in refused)
        raise RuleViolation(f"udc: {len(refused)} sheet{'s' if len(refused) != 1 else ''} refused (--skip-bad): "
                            f"{names}; fix and collect them again")


def register(app: typer.Typer) -> None:
    app.command("collect")(collect)
