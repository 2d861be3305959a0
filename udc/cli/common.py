"""What every command shares: reading a round, reporting problems, writing output.

Data goes to stdout (or ``-o FILE``); messages go to stderr. A command that
fails writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from udc.core.diagnostics import CannotWrite, RuleViolation, errors
from udc.core.pipeline import Checked, Ready, check_path


def say(message: str) -> None:
    """A message for the person at the keyboard (stderr)."""
    typer.echo(message, err=True)


def checked_round(path: Path, tolerate: tuple[str, ...] = (), outcome: str = "nothing was scored") -> Ready:
    """The round at ``path``, checked; raises UnreadableInput (exit 2) or RuleViolation (exit 1).

    Errors whose code is in ``tolerate`` do not stop the command (``udc moderate``
    puts missing reasons on its agenda instead of refusing to run).
    """
    checked = check_path(path)
    found = [d for d in errors(checked.diagnostics) if d.code not in tolerate]
    if found or checked.round is None or checked.method is None:
        raise RuleViolation(found, f"udc: {path}: {len(found)} error{'s' if len(found) != 1 else ''}; {outcome} "
                                   f"(run 'udc check {path}' for details)")
    return Ready(checked.loaded, checked.round, checked.method, checked.diagnostics)


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
    except IsADirectoryError:
        raise CannotWrite(f"{output}: error: is a folder; expected a file to write") from None
    except OSError as exc:
        raise CannotWrite(f"{output}: error: cannot write ({exc.strerror}); expected a writable path") from None
    say(f"udc: wrote {output}")


def commit_edit(path: Path, checked: Checked, apply, hint=None, touching=None):
    """Edit the round through the one save path (:func:`udc.workflow.commit.commit`); exit on failure.

    Exits 1 when the edit is refused (it would break a rule, or the file cannot
    take it) and 2 when the round cannot be read or written; nothing is written
    then. ``hint(diagnostics)`` may add a line of advice about rule errors.
    Returns the :class:`~udc.workflow.commit.Committed`.
    """
    from udc.workflow.commit import CommitFailed, commit

    try:
        return commit(path, checked, apply, tell=say, touching=touching)
    except CommitFailed as exc:
        extra = hint(exc.added) if hint is not None and exc.added else None
        if extra:
            exc.problems.append(extra)
        raise


def chosen_format(formats, given, plain: bool):
    """The output format: ``--format``, or ``plain`` for ``--plain``; both given and different is a usage error."""
    if plain and given is not None and given is not formats.plain:
        from udc.core.diagnostics import UsageError

        raise UsageError(f"udc: error: --plain asks for --format plain, but --format {given.value} was given; "
                         "give one of them")
    if plain:
        return formats.plain
    return given if given is not None else formats.table


def collect_new_cycles() -> None:
    """From here on, free objects that refer to each other in a cycle (udc runs with the collector off).

    Commands switch Python's cyclic garbage collector off: the round they build is one large tree
    with no cycles, which the collector would walk again and again for nothing. Some libraries
    make cycles (python-docx: a document's parts and package refer to each other), and with the
    collector off every Word document of a 300-bid round stays in memory to the end (2.4 GB). The
    round is frozen first (``gc.freeze``: left out of every collection), so collections cost only
    what is made after this call.
    """
    import gc

    gc.freeze()
    gc.enable()
