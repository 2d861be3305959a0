"""The ``udc`` application: one typer app, each command in its own module.

Tracebacks never show local variables (they would print scores).
"""

from __future__ import annotations

import typer

from udc import __version__
from udc.cli import check, collect, export, influence, moderate, schema, score, seal, sheets, status

app = typer.Typer(
    name="udc",
    help="Score tender bids with commissioners and a Lived Experience Team, exactly and with an audit trail.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"udc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Score tender bids with commissioners and a Lived Experience Team."""


for module in (check, score, seal, sheets, collect, status, moderate, influence, schema, export):
    module.register(app)


def main() -> None:
    # A command is a short-lived process that builds one large acyclic tree
    # (the YAML nodes, the models, the result). The cyclic garbage collector
    # would walk that tree again and again for nothing: on the 64,000-score
    # benchmark it costs about a third of the run (docs/performance.md).
    # Reference counting still frees everything as usual.
    import gc

    gc.disable()
    app()
