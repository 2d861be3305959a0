"""``udc seal ROUND``: fix the assessment method before bids are opened.

Writes ``seal: {method: sha256:..., sealed: <date>}`` into the round. From
then on, ``udc check`` fails if anyone changes a weight, share, stake,
threshold or the scale: the method changed after it was fixed.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import typer

from udc.core.diagnostics import EditRefused, UsageError
from udc.cli.common import checked_round, save_edit, say


def seal(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file to seal."),
    on: str = typer.Option(None, "--date", help="The sealing date (YYYY-MM-DD); default today."),
    reseal: bool = typer.Option(False, "--reseal", help="Replace an existing seal (the method was changed on purpose)."),
) -> None:
    """Seal the round's method (weights, shares, stakes, scale, thresholds) so later changes are caught."""
    from udc.workflow.edit import EditError, RoundEdit
    from udc.core.seal import method_digest

    checked = checked_round(round_file)
    try:
        day = _dt.date.fromisoformat(on) if on else _dt.date.today()
    except ValueError:
        raise UsageError(f"udc: --date {on!r} is not a date; expected YYYY-MM-DD") from None
    digest = method_digest(checked.round)
    current = checked.round.seal
    if current is not None and not reseal:
        raise EditRefused(f"udc: {round_file} is already sealed ({current.method}, {current.sealed}); use --reseal "
                          "to replace it")
    try:
        edit = RoundEdit.open(round_file)
        edit.set_seal(digest, day)
    except EditError as exc:
        raise EditRefused(f"{round_file}: error: {exc}") from None
    save_edit(edit, round_file)
    say(f"udc: sealed {round_file}: method {digest} on {day.isoformat()}")


def register(app: typer.Typer) -> None:
    app.command("seal")(seal)
