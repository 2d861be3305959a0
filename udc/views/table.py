"""The ranking for a projector: rich tables that also read well without colour.

Meaning is never carried by colour alone: statuses are words, the provisional
banner is a sentence, and ``NO_COLOR`` or piped output gives the same text.
Every figure says what it is out of; a table too wide for the screen is shown
as one block per bid rather than cut (see :mod:`udc.views.console`).
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from udc import __version__
from udc.core.seal import method_digest
from udc.views.audit import trail
from udc.views.console import note, table_or_blocks, text
from udc.views.report import BidFigures, ordered, out_of
from udc.views.summary import DASH, close_calls, figure_cell, legend_lines, provisional_lines, unranked_lines


def render(console: Console, checked, result, audit: bool = False) -> None:
    round_ = result.method.round
    info = round_.round
    console.print(text(info.title, "bold"))
    console.print(text(f"Round {info.id}" + (f" · {info.authority}" if info.authority else "")))
    if not result.complete:
        console.print(Panel(Group(*[text(line) for line in provisional_lines(result)]),
                            title="PROVISIONAL: the round is incomplete", box=box.ASCII2, style="yellow"))
    stakes_view(console, result)
    rows = ordered(result)
    ranking_view(console, result, rows)
    for line in legend_lines(result, rows):
        note(console, line, "dim")
    for line in unranked_lines(result) + close_calls(result):
        note(console, line)
    sealed = f"sealed {round_.seal.sealed.isoformat()}" if round_.seal else "not sealed"
    note(console, f"File {checked.loaded.fingerprint}", "dim")
    note(console, f"Method {method_digest(round_)} ({sealed}) · udc {__version__}", "dim")
    if audit:
        console.rule("Audit trail")
        for section in trail(result):
            note(console, section.heading, "bold")
            for line in section.lines:
                stripped = line.lstrip(" ")
                note(console, stripped, indent=len(line) - len(stripped))
            console.print()


def stakes_view(console: Console, result) -> None:
    method, groups = result.method, result.method.round.groups
    rows = []
    for gid in method.groups:
        declared = groups[gid].stake
        rows.append((f"{groups[gid].name} ({gid})", "none" if declared is None else f"{declared}%",
                     f"{result.publish(method.effective_stake(gid))}%"))
    table = Table(title="Stakes: declared and effective (percent of the decision)", box=box.SIMPLE_HEAD)
    table.add_column("Group")
    table.add_column("Declared", justify="right")
    table.add_column("Effective", justify="right")
    for row in rows:
        table.add_row(*map(text, row))
    table_or_blocks(console, table, lambda: [[name, f"Declared: {declared}", f"Effective: {effective}"]
                                             for name, declared, effective in rows])


def rank_cell(row: BidFigures) -> str:
    return DASH if row.rank is None else f"{row.rank}{'=' if row.tie else ''}"


def ranking_view(console: Console, result, rows: list[BidFigures]) -> None:
    method, groups = result.method, result.method.round.groups
    limits = out_of(result)
    contributing = method.contributing_groups()
    table = Table(title="Ranking", box=box.SIMPLE_HEAD)
    table.add_column("Rank", justify="right")
    table.add_column("Bid", min_width=12)
    table.add_column(f"Total\nof {limits.total}", justify="right")
    table.add_column(f"Quality\nof {limits.quality}", justify="right")
    if limits.price is not None:
        table.add_column(f"Price score\nof {limits.price}", justify="right")
    for gid in contributing:
        table.add_column(f"{groups[gid].name}\nof {limits.groups[gid]}", justify="right")
    table.add_column("Status")
    for r in rows:
        cells = [rank_cell(r), f"{r.bidder} ({r.id})", figure_cell(r.total, r.partial),
                 figure_cell(r.quality, r.partial)]
        if limits.price is not None:
            cells.append(figure_cell(r.price_score))
        cells += [figure_cell(r.groups[g], r.partial) for g in contributing]
        table.add_row(*map(text, cells + [r.status]))
    table_or_blocks(console, table, lambda: [bid_block(result, r, limits) for r in rows])


def bid_block(result, r: BidFigures, limits) -> list[str]:
    """One bid as lines, for screens too narrow for the ranking table."""
    groups = result.method.round.groups
    rank = "Not ranked" if r.rank is None else f"Rank {r.rank}" + (" (shared)" if r.tie else "")
    lines = [f"{rank}: {r.bidder} ({r.id})", f"Status: {r.status}",
             f"Total: {figure_cell(r.total, r.partial)} of {limits.total}",
             f"Quality: {figure_cell(r.quality, r.partial)} of {limits.quality}"]
    if limits.price is not None:
        lines.append(f"Price score: {figure_cell(r.price_score)} of {limits.price}")
    lines += [f"{groups[g].name}: {figure_cell(v, r.partial)} of {limits.groups[g]}"
              for g, v in r.groups.items() if g in limits.groups]
    return lines
