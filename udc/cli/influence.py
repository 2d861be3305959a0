"""``udc influence ROUND``: did each group's stake change the outcome, and how robust is the winner?"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from udc.cli.common import checked_round, emit, warn_summary


class InfluenceFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def influence(
    round_file: Path = typer.Argument(..., metavar="ROUND", help="The round file."),
    format: InfluenceFormat = typer.Option(InfluenceFormat.table, "--format", "-f", help="table, json or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout."),
    plain: bool = typer.Option(False, "--plain", help="Short sentences, for the Lived Experience Team and screen readers."),
    samples: int = typer.Option(10000, "--samples", min=0, max=1_000_000,
                                help="Resampled panels for the bootstrap (0: none)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap's random numbers."),
) -> None:
    """Show whether each group's stake changed the winner, the stake at which it would, and how robust the win is."""
    from udc.core.engine import score as compute
    from udc.analysis.influence import analyse
    from udc.views import influence as view

    checked = checked_round(round_file)
    result = compute(checked.method)
    analysis = analyse(result)
    boot = bootstrap(result, samples, seed) if samples and analysis.result.ranking else None
    data = view.build(checked, analysis, boot)
    emit(render(format, plain, data, to_file=output is not None), output)
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


def render(fmt: InfluenceFormat, plain: bool, data: dict, to_file: bool) -> str:
    from udc.views import influence as view

    if fmt is InfluenceFormat.json:
        from udc.views.report import to_json

        return to_json(data)
    if fmt is InfluenceFormat.markdown:
        return view.render_markdown(data)
    if plain:
        return view.render_plain(data)
    import io

    from rich.console import Console

    if to_file:
        console = Console(file=io.StringIO(), no_color=True, width=120, force_terminal=False)
        view.render_rich(console, data)
        return console.file.getvalue()
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    with console.capture() as capture:
        view.render_rich(console, data)
    return capture.get()


def register(app: typer.Typer) -> None:
    app.command("influence")(influence)
