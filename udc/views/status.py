"""What is owed, three ways: a rich table per group, plain sentences, and JSON.

Meaning never rests on colour: every cell of the table says in words what it
holds (``done``, ``2 missing``, ``conflict``), and ``--plain`` gives the same as
short sentences for screen readers.
"""

from __future__ import annotations

from udc.core.numbers import publish
from udc.analysis.status import OpenCell, Status, Tally


def build(status: Status, fingerprint: str) -> dict:
    """The status as plain data (the JSON output)."""
    round_ = status.result.method.round
    places = round_.round.decimals
    return {
        "round": round_.round.id,
        "title": round_.round.title,
        "fingerprint": fingerprint,
        "complete": status.complete,
        "owed": status.owed,
        "completeness": {
            "cells": status.cells,
            "formed": status.formed,
            "percent": publish(status.cell_share * 100, places),
            "scores_expected": status.total("given") + status.total("absent") + status.total("missing"),
            "scores_given": status.total("given"),
            "absent": status.total("absent"),
            "missing": status.total("missing"),
            "scores_percent": publish(status.score_share * 100, places),
        },
        "bids": status.bids,
        "withdrawn": status.withdrawn,
        "groups": [{
            "id": g.id,
            "name": g.name,
            "cells": g.cells,
            "formed": g.formed,
            "percent": publish(g.share * 100, places),
            "open": [{"bid": c.bid, "criterion": c.criterion, "why": c.why} for c in g.open],
            "evaluators": [{
                "id": e.id,
                "name": e.name,
                "missing": e.total("missing"),
                "absent": e.total("absent"),
                "given": e.total("given"),
                "conflicts": e.conflicts,
                "bids": {b: _tally(t) for b, t in e.bids.items()},
            } for e in g.evaluators],
        } for g in status.groups],
    }


def _tally(t: Tally) -> dict:
    return {"given": t.given, "absent": t.absent, "missing": t.missing, "conflict": t.conflict > 0,
            "excused": t.excused, "missing_criteria": list(t.missing_cells)}


def cell_words(t: Tally) -> str:
    """One matrix cell in words."""
    if t.conflict and not t.expected:
        return "conflict"
    parts = []
    if t.missing:
        parts.append(f"{t.missing} missing")
    if t.absent:
        parts.append(f"{t.absent} absent")
    if not parts:
        return "done" if t.expected or t.excused else "-"
    return ", ".join(parts)


def headline(data: dict) -> list[str]:
    c = data["completeness"]
    lines = [f"{c['formed']} of {c['cells']} group cells have a figure ({c['percent']} percent); "
             f"{c['scores_given']} of {c['scores_expected']} scores given, {c['absent']} absent, "
             f"{c['missing']} missing ({c['scores_percent']} percent done)."]
    if data["withdrawn"]:
        lines.append(f"Withdrawn, needing no scores: {', '.join(data['withdrawn'])}.")
    lines.append("Nothing is owed: the round is complete." if not data["owed"]
                 else "Still owed: the round is not complete.")
    return lines


def _open_line(c: dict) -> str:
    return f"{c['bid']} {c['criterion']}: {c['why']}"


def plain(data: dict) -> str:
    """Short sentences, one fact each."""
    lines = [f"{data['title']}, round {data['round']}."] + headline(data)
    for g in data["groups"]:
        lines.append("")
        lines.append(f"{g['name']} ({g['id']}): {g['formed']} of {g['cells']} cells have a figure.")
        for e in g["evaluators"]:
            who = f"{e['name']} ({e['id']})"
            if e["missing"]:
                owed = [f"{b} {' '.join(t['missing_criteria'])}" for b, t in e["bids"].items() if t["missing"]]
                lines.append(f"{who} owes {e['missing']} score{'s' if e['missing'] != 1 else ''}: "
                             f"{'; '.join(owed)}.")
            else:
                lines.append(f"{who} owes nothing.")
            if e["absent"]:
                lines.append(f"{who} was absent for {e['absent']} cell{'s' if e['absent'] != 1 else ''}.")
            if e["conflicts"]:
                lines.append(f"{who} declared a conflict with {', '.join(e['conflicts'])}.")
        for c in g["open"]:
            lines.append(f"Open cell, {_open_line(c)}.")
    return "\n".join(lines) + "\n"


def render(console, data: dict) -> None:
    """Rich tables: per group, evaluators by bids; then the cells without a figure."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text(data["title"], style="bold"))
    console.print(f"Round {data['round']}")
    for line in headline(data):
        console.print(line)
    for g in data["groups"]:
        console.print()
        console.print(Text(f"{g['name']} ({g['id']}): {g['formed']} of {g['cells']} cells have a figure",
                           style="bold"))
        table = Table(box=box.SIMPLE_HEAD)
        table.add_column("Evaluator")
        for bid in data["bids"]:
            table.add_column(bid)
        table.add_column("Owed", justify="right")
        for e in g["evaluators"]:
            cells = [cell_words(_as_tally(t)) for t in e["bids"].values()]
            table.add_row(f"{e['name']} ({e['id']})", *cells, str(e["missing"]))
        console.print(table)
        if g["open"]:
            console.print(f"Cells of {g['name']} without a figure:")
            for c in g["open"]:
                console.print(f"  - {_open_line(c)}")


def _as_tally(t: dict) -> Tally:
    return Tally(t["given"], t["absent"], t["missing"], int(t["conflict"]), t["excused"])


__all__ = ["OpenCell", "build", "cell_words", "plain", "render"]
