"""The ``udc`` application: one typer app, each command in its own module, loaded when used.

``udc --version`` and ``udc --help`` import no command module: the list of
commands and their one-line summaries are here. A command module is imported
only when its command runs (or its help is asked for).

Failures are raised as :class:`udc.core.diagnostics.UdcError` subclasses and mapped
to exit statuses here, once: 2 unreadable input or bad usage, 1 rule violations.
Tracebacks never show local variables (they would print scores).
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from udc import __version__
from udc.cli.helptext import UdcCommand
from udc.core.diagnostics import UdcError

# name: the one-line summary `udc --help` shows (the first line of the command's own help)
COMMANDS = {
    "check": "Check round files against format 1 and the scoring rules.",
    "score": "Score a round: the ranking, stakes, reasons and (with --audit) every step.",
    "seal": "Seal the round's method (weights, shares, stakes, scale, thresholds) so later changes are caught.",
    "sheets": "Write one score sheet per evaluator: only what they assess, with their own scores so far.",
    "collect": "Read returned sheets, check every cell, and add the scores to the round file.",
    "status": "What is still owed: evaluators by bids, per group, and how complete the round is.",
    "moderate": "Prepare and record moderation: the agenda (default), --stats, --log, --record, --revise.",
    "influence": "Show whether each group's stake changed the winner, the stake at which it would, and how robust "
                 "the win is.",
    "diff": "What changed between two versions of a round, and what it did to the ranking.",
    "merge": "Three-way merge of round files that never loses a score (also a git merge driver).",
    "schema": "Print the JSON Schema of round files: completion, hover help and inline errors in editors.",
    "init": "Start a new round from a template; on a terminal, asks for the round, groups and criteria.",
    "export": "Export the results as tables: ranking, stakes, criteria, every score, agreed scores, moderation log.",
    "explain": "Tell a group, in Easy Read, what its say did: its stake, its scores, what became of what it said.",
    "report": "Write the whole round as one accessible HTML page, offline and printable on A4.",
    "summaries": "Write one assessment summary per assessed bid (Procurement Act 2023 s.50, Regulations 2024 reg 31).",
    "record": "Write the decision record (method, process, conflicts, award, moderation log, standstill) or a "
              "--disclose pack.",
}


def load_command(name: str) -> Any:
    """The click command of ``udc NAME``, built from its module's ``register(app)``."""
    module = importlib.import_module(f"udc.cli.{name}")
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    module.register(single)
    for info in single.registered_commands:
        info.cls = UdcCommand
    command = typer.main.get_command(single)
    command.short_help = COMMANDS[name]
    return command


class UdcGroup(TyperGroup):
    """Commands loaded on use; a :class:`UdcError` becomes its lines on stderr and its exit status."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UdcError as exc:
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(exc.exit_code)) from None


app = typer.Typer(
    name="udc",
    cls=UdcGroup,
    help="Score tender bids with commissioners and a Lived Experience Team, exactly and with an audit trail.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"udc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Score tender bids with commissioners and a Lived Experience Team."""

