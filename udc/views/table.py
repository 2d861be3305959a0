"""The ranking for a projector: rich tables that also read well without colour.

Meaning is never carried by colour alone: statuses are words, the provisional
banner is a sentence, and ``NO_COLOR`` or piped output gives the same text.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from udc.views.audit import trail
from udc.views.report import build
from udc.views.summary import close_calls, provisional_lines, unranked_lines


def render(console: Console, checked, result, audit: bool = False) -> None:
    data = build(checked, result)
    info = result.method.round.round
    groups = result.method.round.groups
    console.print(Text(f"{info.title}", style="bold"))
    console.print(f"Round {info.id}" + (f" · {info.authority}" if info.authority else ""))
    if not result.complete:
        console.print(Panel(Group(*[Text(line) for line in provisional_lines(result)]),
                            title="PROVISIONAL: the round is incomplete", box=box.ASCII2, style="yellow"))
    stakes = Table(title="Stakes: declared and effective (percent of the decision)", box=box.SIMPLE_HEAD)
    stakes.add_column("Group")
    stakes.add_column("Declared", justify="right")
    stakes.add_column("Effective", justify="right")
    for gid, s in data["stakes"].items():
        stakes.add_row(f"{groups[gid].name} ({gid})", "none" if s["declared"] is None else f"{s['declared']}%",
                       f"{s['effective']}%")
    console.print(stakes)
    ranking = Table(title="Ranking", box=box.SIMPLE_HEAD)
    ranking.add_column("Rank", justify="right", no_wrap=True)
    ranking.add_column("Bid", min_width=20)
    for name in ("Total", "Quality", "Price score"):
        ranking.add_column(name, justify="right", no_wrap=True)
    contributing = result.method.contributing_groups()
    for gid in contributing:
        ranking.add_column(groups[gid].name, justify="right")
    ranking.add_column("Status")
    order = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, -b.total, b.id))
    by_id = {b["id"]: b for b in data["bids"]}
    for b in order:
        d = by_id[b.id]
        rank = "—" if d["rank"] is None else f"{d['rank']}{'=' if d['tie'] else ''}"
        ranking.add_row(rank, f"{b.bid.bidder} ({b.id})", str(d["total"]), str(d["quality"]),
                        str(d["price_score"]) if result.method.price else "n/a",
                        *[str(d["groups"][g]) for g in contributing], d["status"])
    console.print(ranking)
    console.print("= shares its rank (a tie). Figures are rounded half-up from exact values, so parts may "
                  "not add up to the total.", style="dim")
    for line in unranked_lines(result) + close_calls(result):
        console.print(line, soft_wrap=True)
    sealed = f"sealed {data['sealed']}" if data["sealed"] else "not sealed"
    console.print(f"File {data['fingerprint']}", style="dim")
    console.print(f"Method {data['method']} ({sealed}) · {data['tool']}", style="dim")
    if audit:
        console.rule("Audit trail")
        for section in trail(result):
            console.print(Text(section.heading, style="bold"))
            for line in section.lines:
                console.print(Text(line), soft_wrap=True)
            console.print()
