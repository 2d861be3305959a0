"""``udc seal ROUND``: fix the assessment method before bids are opened.

Writes ``seal: {method: sha256:..., sealed: <date>, method_text: ...}`` into
the round. From then on, ``udc check`` fails if anyone changes a weight,
share, stake, threshold or the scale, and names each changed field.
``--reseal`` is for a deliberate change: it says field by field what changed
since the seal, then seals the method as it now is.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import typer

from udc.cli.common import checked_round, commit_edit, say
from udc.core.diagnostics import EditRefused, UsageError


def seal(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file to seal."),
    on: str = typer.Option(None, "--date", help="The sealing date (YYYY-MM-DD); default today."),
    reseal: bool = typer.Option(False, "--reseal",
                                help="Replace an existing seal (the method was changed on purpose)."),
) -> None:
    """Seal the round's method (weights, shares, stakes, scale, thresholds) so later changes are caught."""
    from udc.core.seal import method_copy, method_digest

    checked = checked_round(round_file, tolerate=("seal",) if reseal else (),
                            outcome="nothing was written")
    try:
        day = _dt.date.fromisoformat(on) if on else _dt.date.today()
    except ValueError:
        raise UsageError(f"udc: --date {on!r} is not a date; expected YYYY-MM-DD; nothing was written") from None
    digest = method_digest(checked.round)
    current = checked.round.seal
    if current is not None and not reseal:
        raise EditRefused(f"udc: {round_file} is already sealed (on {current.sealed.isoformat()}) and the method is "
                          "as sealed; nothing was written (use --reseal to seal it again)")
    if current is not None:
        _say_changes(round_file, checked.round)
    done = commit_edit(round_file, checked, lambda edit: edit.set_seal(digest, day, copy=method_copy(checked.round)),
                       touching={})  # the seal reaches no evaluator's or group's rows
    if done.after is None:
        say(f"udc: {round_file} is already sealed with this method on {day.isoformat()}; nothing was written")
        return
    say(f"udc: sealed {round_file}: method {digest} on {day.isoformat()}")


def _say_changes(round_file: Path, round_) -> None:
    """Before a reseal: what changed since the old seal, one field a line."""
    from udc.core.seal import seal_changes, unnamed_reason
    from udc.core.text import visible

    sealed = round_.seal.sealed.isoformat()
    changes = seal_changes(round_)
    if changes is None:
        say(f"udc: the method changed since it was sealed on {sealed}; {unnamed_reason(round_.seal)}")
    elif not changes:
        say(f"udc: the method is as sealed on {sealed}")
    else:
        say(f"udc: the method changed since it was sealed on {sealed}, "
            f"{len(changes)} field{'s' if len(changes) != 1 else ''}:")
        for change in changes:
            say(f"  {visible(change.text(), keep_lines=False)}")


def register(app: typer.Typer) -> None:
    app.command("seal")(seal)
