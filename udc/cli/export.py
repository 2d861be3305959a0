"""``udc export ROUND -o results.xlsx``: the results workbook officers circulate (or tidy CSV files)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, say, warn_summary
from udc.core.diagnostics import CannotWrite


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


def export(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="The workbook to write (xlsx), or the folder for the CSV files (csv)."),
    format: ExportFormat = typer.Option(ExportFormat.xlsx, "--format", "-f",
                                        help="xlsx: one workbook, a sheet per table; csv: a folder, a file "
                                             "per table."),
) -> None:
    """Export the results as tables: ranking, stakes, criteria, every score, agreed scores, moderation log."""
    from udc.core.engine import score as compute
    from udc.views.export_tables import tables

    checked = checked_round(round_file, outcome="nothing was exported")
    frames = tables(checked, compute(checked.method))
    try:
        written = write_csv(frames, output) if format is ExportFormat.csv else write_xlsx(frames, output)
    except OSError as exc:
        raise CannotWrite(f"{output}: error: cannot write ({exc.strerror}); nothing was exported") from None
    say(f"udc: wrote {written}")
    warn_summary(checked)


def write_xlsx(frames: dict, output: Path) -> str:
    from udc.views.workbook import xlsx_bytes
    from udc.workflow.files import write_atomic

    if output.is_dir():
        raise OSError(21, "it is a folder; expected a file name such as results.xlsx")
    write_atomic(output, xlsx_bytes(frames))
    return str(output)


def write_csv(frames: dict, folder: Path) -> str:
    """Each table to ``folder/<name>.csv``, each file atomically (the folder is made if needed)."""
    from udc.views.workbook import csv_text
    from udc.workflow.files import write_atomic

    if folder.exists() and not folder.is_dir():
        raise OSError(20, "it is a file; expected a folder for the CSV files")
    texts = {name: csv_text(frame) for name, frame in frames.items()}  # all built before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        write_atomic(folder / f"{name}.csv", text)
    return f"{len(texts)} CSV files to {folder}"


def register(app: typer.Typer) -> None:
    app.command("export")(export)
