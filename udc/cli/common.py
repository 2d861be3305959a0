"""What every command shares: reading a round, reporting problems, writing output.

Data goes to stdout (or ``-o FILE``); messages go to stderr. A command that
fails writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from udc.core.diagnostics import ExitCode, UnreadableInput, errors
from udc.core.pipeline import Checked, check_path


def say(message: str) -> None:
    """A message for the person at the keyboard (stderr)."""
    typer.echo(message, err=True)


def checked_round(path: Path, tolerate: tuple[str, ...] = (), outcome: str = "nothing was scored") -> Checked:
    """The round at ``path``, checked; exits 2 if unreadable, 1 if it breaks a rule.

    Errors whose code is in ``tolerate`` do not stop the command (``udc moderate``
    puts missing reasons on its agenda instead of refusing to run).
    """
    try:
        checked = check_path(path)
    except UnreadableInput as exc:
        for d in exc.diagnostics:
            say(d.text())
        raise typer.Exit(ExitCode.UNREADABLE) from None
    found = [d for d in errors(checked.diagnostics) if d.code not in tolerate]
    if found or checked.method is None:
        for d in found:
            say(d.text())
        say(f"udc: {path}: {len(found)} error{'s' if len(found) != 1 else ''}; {outcome} "
            f"(run 'udc check {path}' for details)")
        raise typer.Exit(ExitCode.RULES)
    return checked


def warn_summary(checked: Checked) -> None:
    count = len(checked.diagnostics)
    if count:
        say(f"udc: {count} warning{'s' if count != 1 else ''} about {checked.loaded.path} "
            f"(run 'udc check {checked.loaded.path}' to list them)")


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from udc.workflow.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        say(f"{output}: error: cannot write ({exc.strerror}); expected a writable path")
        raise typer.Exit(ExitCode.UNREADABLE) from None
    say(f"udc: wrote {output}")


def save_edit(edit, path: Path) -> Path | None:
    """Save an edited round atomically (with a backup); exit 1 on a refused edit, 2 if unwritable.

    Returns the backup's path. On failure the round file is as it was.
    """
    from udc.workflow.edit import EditError

    try:
        return edit.save(backup=True)
    except EditError as exc:
        say(f"{path}: error: {exc.message}; nothing was written")
        raise typer.Exit(ExitCode.RULES) from None
    except OSError as exc:
        say(f"{path}: error: cannot write ({exc.strerror}); the file is as it was")
        raise typer.Exit(ExitCode.UNREADABLE) from None


def chosen_format(formats, given, plain: bool):
    """The output format: ``--format``, or ``plain`` for ``--plain``; both given and different is a usage error."""
    if plain and given is not None and given is not formats.plain:
        say(f"udc: error: --plain asks for --format plain, but --format {given.value} was given; "
            "give one of them")
        raise typer.Exit(ExitCode.UNREADABLE)
    if plain:
        return formats.plain
    return given if given is not None else formats.table
