"""``udc influence ROUND``: did each group's stake change the outcome, and how robust is the winner?"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, chosen_format, emit, warn_summary


class InfluenceFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    markdown = "markdown"


def influence(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: InfluenceFormat | None = typer.Option(None, "--format", "-f",
                                                  help="table (default), plain, json or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to this file (atomically) instead of stdout."),
    plain: bool = typer.Option(False, "--plain", help="Same as --format plain: short sentences, no symbols."),
    samples: int = typer.Option(10000, "--samples", min=0, max=1_000_000,
                                help="Resampled panels for the bootstrap (0: none)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap's random numbers."),
) -> None:
    """Show whether each group's stake changed the winner, the stake at which it would, and how robust the win is."""
    from udc.analysis.influence import analyse
    from udc.core.engine import score as compute
    from udc.views import influence as view

    fmt = chosen_format(InfluenceFormat, format, plain)
    checked = checked_round(round_file)
    result = compute(checked.method)
    analysis = analyse(result)
    boot = bootstrap(result, samples, seed) if samples and analysis.result.ranking else None
    data = view.build(checked, analysis, boot)
    emit(render(fmt, data, to_file=output is not None), output)
    warn_summary(checked)


def bootstrap(result, samples: int, seed: int):
    """The bootstrap, with a progress bar on stderr when stderr is a terminal."""
    from rich.console import Console
    from rich.progress import Progress

    from udc.analysis.bootstrap import resample

    console = Console(stderr=True)
    with Progress(console=console, disable=not console.is_terminal, transient=True) as progress:
        task = progress.add_task("Resampling panels", total=samples)
        return resample(result, samples, seed, lambda n: progress.advance(task, n))


def render(fmt: InfluenceFormat, data: dict, to_file: bool) -> str:
    """The report in ``fmt``; every member of :class:`InfluenceFormat` is handled here."""
    from udc.views import influence_render as view

    if fmt is InfluenceFormat.json:
        from udc.views.report import to_json

        return to_json(data)
    if fmt is InfluenceFormat.markdown:
        return view.render_markdown(data)
    if fmt is InfluenceFormat.plain:
        return view.render_plain(data)
    if fmt is InfluenceFormat.table:
        from udc.views.console import rich_text

        return rich_text(lambda console: view.render_rich(console, data), to_file)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum test covers every member


def register(app: typer.Typer) -> None:
    app.command("influence")(influence)
