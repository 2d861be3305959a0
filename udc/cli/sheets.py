"""``udc sheets ROUND -o DIR``: one blind score sheet per evaluator (xlsx or CSV)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, say


class SheetFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


def sheets(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR", help="Folder to write the sheets into."),
    format: SheetFormat = typer.Option(SheetFormat.xlsx, "--format", "-f", help="xlsx (default) or csv."),
    evaluator: list[str] = typer.Option([], "--evaluator", "-e", metavar="ID",
                                        help="Only this evaluator's sheet (repeat for several)."),
    force: bool = typer.Option(False, "--force", help="Overwrite sheets already in DIR."),
) -> None:
    """Write one score sheet per evaluator: only what they assess, with their own scores so far."""
    from udc.core.diagnostics import CannotWrite, UsageError
    from udc.workflow.files import write_atomic
    from udc.workflow.sheets import evaluators, file_name, sheet_bytes

    checked = checked_round(round_file)
    method = checked.method
    known = evaluators(method)
    unknown = [e for e in evaluator if e not in known]
    if unknown:
        raise UsageError(f"udc: error: --evaluator {e}: no such evaluator in {round_file}; expected one of: "
                         f"{', '.join(known)}" for e in unknown)
    chosen = list(dict.fromkeys(evaluator)) or known
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: error: is a file; expected a folder for the sheets")
    targets = {e: output / file_name(method, e, format.value) for e in chosen}
    present = [p for p in targets.values() if p.exists()]
    if present and not force:
        raise UsageError(f"{p}: error: already exists (it may be a returned sheet); expected a new file: collect "
                         "it first, choose another folder, or use --force to overwrite" for p in present)
    made = {e: sheet_bytes(method, e, format.value) for e in chosen}  # every sheet made before any is written
    try:
        output.mkdir(parents=True, exist_ok=True)
        for e, data in made.items():
            write_atomic(targets[e], data)
    except OSError as exc:
        raise CannotWrite(f"{output}: error: cannot write ({exc.strerror}); expected a writable folder") from None
    for e in chosen:
        typer.echo(str(targets[e]))
    say(f"udc: wrote {len(chosen)} sheet{'s' if len(chosen) != 1 else ''} to {output}")


def register(app: typer.Typer) -> None:
    app.command("sheets")(sheets)
