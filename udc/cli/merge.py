"""``udc merge BASE OURS THEIRS``: combine two copies of a round without losing a score.

Also git's merge driver for round files (docs/merge.md):
``git config merge.udc.driver "udc merge %O %A %B -o %A"``. Exit 0 merged,
1 conflicts (listed with both values; nothing written), 2 unreadable input.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import emit, say
from udc.core.diagnostics import EditRefused


class Prefer(str, Enum):
    ours = "ours"
    theirs = "theirs"


def merge(
    base: Path = typer.Argument(..., metavar="BASE", help="The common earlier version of the round."),
    ours: Path = typer.Argument(..., metavar="OURS", help="Our copy: its comments and layout are kept."),
    theirs: Path = typer.Argument(..., metavar="THEIRS", help="Their copy: its changes are made in ours."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the merged round here (atomically); "
                                       "default: standard output."),
    prefer: Prefer | None = typer.Option(None, "--prefer", help="Settle conflicting scores, agreed scores, "
                                         "record items and names with this side's value (never the method, "
                                         "bids or panel)."),
) -> None:
    """Three-way merge of round files that never loses a score (also a git merge driver).

    Changes made on one side only are taken; a score changed differently on both
    sides is a conflict, listed with both values and reasons, and nothing is
    written unless --prefer settles it. OURS' comments and layout are kept.
    """
    from udc.core.diagnostics import UnreadableInput
    from udc.core.text import visible
    from udc.workflow.merge import MergeError, MergeRefused
    from udc.workflow.merge import merge as run

    try:
        merged = run(base, ours, theirs, prefer.value if prefer else None)
    except UnreadableInput as exc:
        raise UnreadableInput(exc.problems, "udc: nothing was written") from None
    except MergeRefused as exc:
        raise EditRefused(f"udc: {visible(str(exc), keep_lines=False)}; nothing was written") from None
    except MergeError as exc:
        raise UnreadableInput(f"udc: {visible(str(exc), keep_lines=False)}; nothing was written") from None
    for c in merged.settled:
        side = prefer.value.upper() if prefer else ""
        say(f"udc: settled with {side}: {visible(c.text(), keep_lines=False)}")
    if merged.conflicts:
        lines = [f"udc: conflict: {visible(c.text(), keep_lines=False)}" for c in merged.conflicts]
        count = len(merged.conflicts)
        hint = ("settle them by hand, or give --prefer ours or --prefer theirs for scores, agreed scores, "
                "the record and names" if any(c.preferable for c in merged.conflicts)
                else "settle them by hand: the method, bids and panel are never settled by --prefer")
        raise EditRefused(lines, f"udc: {count} conflict{'s' if count != 1 else ''}; nothing was written ({hint})")
    assert merged.text is not None  # None only when conflicts remain, refused above
    emit(merged.text, output)
    say(f"udc: merged {merged.taken} change{'s' if merged.taken != 1 else ''} from {theirs} into {ours}")


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
