"""What is owed, three ways: a rich table per group, plain sentences, and JSON.

Meaning never rests on colour: every cell of the table says in words what it
holds (``done``, ``2 missing``, ``conflict``), and the plain form gives the same
as short sentences for screen readers. Every view reads the analysis's
:class:`~udc.analysis.status.Status` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from udc.analysis.status import CellKind, EvaluatorStatus, GroupStatus, OpenCell, Status, Tally
from udc.core.numbers import publish
from udc.core.text import visible


@dataclass(frozen=True)
class StatusView:
    status: Status
    fingerprint: str

    @property
    def info(self):
        return self.status.result.method.round.round

    def percent(self, share) -> object:
        return publish(share * 100, self.info.decimals)


def build(status: Status, fingerprint: str) -> StatusView:
    return StatusView(status, fingerprint)


def as_json(view: StatusView) -> dict:
    """The status as plain data (the JSON output)."""
    s, info = view.status, view.info
    return {
        "round": info.id,
        "title": info.title,
        "fingerprint": view.fingerprint,
        "complete": s.complete,
        "owed": s.owed,
        "completeness": {
            "cells": s.cells,
            "formed": s.formed,
            "percent": view.percent(s.cell_share),
            "scores_expected": s.total(CellKind.GIVEN) + s.total(CellKind.ABSENT) + s.total(CellKind.MISSING),
            "scores_given": s.total(CellKind.GIVEN),
            "absent": s.total(CellKind.ABSENT),
            "missing": s.total(CellKind.MISSING),
            "scores_percent": view.percent(s.score_share),
        },
        "bids": s.bids,
        "withdrawn": s.withdrawn,
        "groups": [{
            "id": g.id,
            "name": g.name,
            "cells": g.cells,
            "formed": g.formed,
            "percent": view.percent(g.share),
            "open": [{"bid": c.bid, "criterion": c.criterion, "why": c.why} for c in g.open],
            "evaluators": [{
                "id": e.id,
                "name": e.name,
                "missing": e.total(CellKind.MISSING),
                "absent": e.total(CellKind.ABSENT),
                "given": e.total(CellKind.GIVEN),
                "conflicts": e.conflicts,
                "bids": {b: _tally(t) for b, t in e.bids.items()},
            } for e in g.evaluators],
        } for g in s.groups],
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


def headline(view: StatusView) -> list[str]:
    s = view.status
    expected = s.total(CellKind.GIVEN) + s.total(CellKind.ABSENT) + s.total(CellKind.MISSING)
    lines = [f"{s.formed} of {s.cells} group cells have a figure ({view.percent(s.cell_share)} percent); "
             f"{s.total(CellKind.GIVEN)} of {expected} scores given, {s.total(CellKind.ABSENT)} absent, "
             f"{s.total(CellKind.MISSING)} missing ({view.percent(s.score_share)} percent done)."]
    if s.withdrawn:
        lines.append(f"Withdrawn, needing no scores: {', '.join(s.withdrawn)}.")
    lines.append("Nothing is owed: the round is complete." if not s.owed else "Still owed: the round is not complete.")
    return lines


def _open_line(c: OpenCell) -> str:
    return f"{c.bid} {c.criterion}: {c.why}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def evaluator_lines(e: EvaluatorStatus) -> list[str]:
    who = f"{e.name} ({e.id})"
    missing = e.total(CellKind.MISSING)
    if missing:
        owed = [f"{b} {' '.join(t.missing_cells)}" for b, t in e.bids.items() if t.missing]
        lines = [f"{who} owes {_plural(missing, 'score')}: {'; '.join(owed)}."]
    else:
        lines = [f"{who} owes nothing."]
    if e.total(CellKind.ABSENT):
        lines.append(f"{who} was absent for {_plural(e.total(CellKind.ABSENT), 'cell')}.")
    if e.conflicts:
        lines.append(f"{who} declared a conflict with {', '.join(e.conflicts)}.")
    return lines


def _owed_blocks(g: GroupStatus, bids: list[str]) -> list[list[str]]:
    """One block of lines per evaluator of ``g``: what they owe, bid by bid."""
    return [[f"{e.name} ({e.id}): owes {e.total(CellKind.MISSING)}"] + [f"{b}: {cell_words(e.bids[b])}" for b in bids]
            for e in g.evaluators]


def group_heading(g: GroupStatus) -> str:
    return f"{g.name} ({g.id}): {g.formed} of {g.cells} cells have a figure"


def plain(view: StatusView) -> str:
    """Short sentences, one fact each."""
    lines = [f"{view.info.title}, round {view.info.id}."] + headline(view)
    for g in view.status.groups:
        lines += ["", group_heading(g) + "."]
        for e in g.evaluators:
            lines += evaluator_lines(e)
        lines += [f"Open cell, {_open_line(c)}." for c in g.open]
    return visible("\n".join(lines) + "\n")


def render(console, view: StatusView) -> None:
    """Rich tables: per group, evaluators by bids (one block per evaluator when too wide); open cells."""
    from rich import box
    from rich.table import Table

    from udc.views.console import note, table_or_blocks, text

    note(console, view.info.title, "bold")
    note(console, f"Round {view.info.id}")
    for line in headline(view):
        note(console, line)
    bids = view.status.bids
    for g in view.status.groups:
        console.print()
        note(console, group_heading(g), "bold")
        table = Table(box=box.SIMPLE_HEAD)
        table.add_column("Evaluator")
        for bid in bids:
            table.add_column(text(bid))
        table.add_column("Owed", justify="right")
        for e in g.evaluators:
            table.add_row(text(f"{e.name} ({e.id})"), *[text(cell_words(e.bids[b])) for b in bids],
                          text(e.total(CellKind.MISSING)))
        table_or_blocks(console, table, partial(_owed_blocks, g, bids))
        if g.open:
            note(console, f"Cells of {g.name} without a figure:")
            for c in g.open:
                note(console, f"- {_open_line(c)}", indent=2)


__all__ = ["StatusView", "as_json", "build", "cell_words", "plain", "render"]
