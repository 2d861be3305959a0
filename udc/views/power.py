"""`udc moderate --power`: whose view moderation followed, as data, a table, sentences or Markdown.

:func:`build` publishes the exact analysis (:mod:`udc.analysis.power`) once;
JSON keeps each exact figure beside it as a fraction (``"7/3"``).
"""

from __future__ import annotations

from udc.analysis.power import Power
from udc.core.engine import Result
from udc.core.numbers import plain as plain_number
from udc.core.text import visible


def build(result: Result, found: Power, fingerprint: str | None = None) -> dict:
    pub = result.publish
    groups = result.method.round.groups
    exact = lambda v: None if v is None else str(v)  # noqa: E731
    return {
        "round": result.method.round.round.id,
        "fingerprint": fingerprint,
        "names": {g: groups[g].name for g in groups},
        "bidders": {b.id: b.bid.bidder for b in result.bids},
        "cells": [{"group": s.group, "bid": s.bid, "criterion": s.criterion, "how": "agreed" if s.agreed else "members",
                   "before": pub(s.before), "after": pub(s.after), "before_exact": exact(s.before),
                   "after_exact": exact(s.after), "size": pub(s.size),
                   "others": [{"group": d.other, "figure": pub(d.figure), "figure_exact": exact(d.figure),
                               "direction": d.direction} for d in s.directions]}
                  for s in found.shifts],
        "groups": [{"group": g.group, "name": groups[g.group].name, "cells": g.cells, "moved": g.moved,
                    "towards": g.towards, "away": g.away, "level": g.level,
                    "mean_size": None if g.mean_size is None else pub(g.mean_size),
                    "mean_size_exact": exact(g.mean_size)} for g in found.groups],
    }


def to_json(data: dict) -> str:
    from udc.views.report import to_json as dump

    return dump(data)


def _name(data: dict, group: str) -> str:
    return visible(data["names"][group], keep_lines=False)


def _bidder(data: dict, bid: str) -> str:
    return visible(data["bidders"][bid], keep_lines=False)


def _n(value) -> str:
    return plain_number(value)


def direction_words(data: dict, cell: dict) -> str:
    """``towards the Commissioning panel (2.33)``; ``only this group scores it`` where no other group does."""
    if not cell["others"]:
        return "only this group scores it"
    words = {"towards": "towards", "away": "away from", "level": "as far as before from"}
    return "; ".join(f"{words[o['direction']]} {_the(_name(data, o['group']))} ({_n(o['figure'])})"
                     for o in cell["others"])


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def group_sentences(data: dict, g: dict) -> list[str]:
    """Plain sentences for one group: how many figures moved, towards whom, by how much on average."""
    who = visible(g["name"], keep_lines=False)
    if not g["cells"]:
        return [f"{who}: moderation changed none of its figures."]
    out = [f"{who}: moderation changed {g['moved']} of its figures"
           + (f" ({g['cells'] - g['moved']} more moderated without a change)" if g["cells"] > g["moved"] else "")
           + (f", by {_n(g['mean_size'])} points on average." if g["mean_size"] is not None else ".")]
    others = sorted(set(g["towards"]) | set(g["away"]) | set(g["level"]))
    for other in others:
        out.append(f"Compared with {_the(_name(data, other))}: {g['towards'].get(other, 0)} moved towards its view, "
                   f"{g['away'].get(other, 0)} moved away from it, {g['level'].get(other, 0)} stayed as far apart.")
    if g["moved"] and not others:
        out.append("No other group scores the cells it changed, so there is no other view to move towards.")
    return out


def render_plain(data: dict) -> str:
    lines = [f"Whose view moderation followed, round {data['round']}."]
    for g in data["groups"]:
        lines += group_sentences(data, g)
    for c in data["cells"]:
        lines.append(f"{_name(data, c['group'])}, {_bidder(data, c['bid'])}, {c['criterion']}: "
                     f"from {_n(c['before'])} to {_n(c['after'])}, {direction_words(data, c)}.")
    lines.append("Another group's figure is taken as that group first gave it, before its own moderation.")
    return "\n".join(lines) + "\n"


def render_table(data: dict) -> str:
    """The tables on udc's one console: no markup, control characters shown, never a cut figure."""
    from udc.views.console import rich_text

    return rich_text(lambda console: draw_tables(console, data))


def draw_tables(console, data: dict) -> None:
    from rich import box
    from rich.table import Table

    from udc.views.console import note, table_or_blocks, text

    console.print(text(f"Whose view moderation followed, round {data['round']}", "bold"))
    summary = Table(title="Each group", box=box.SIMPLE_HEAD)
    for name in ("Group", "Moderated", "Moved", "Mean move", "Towards", "Away from"):
        summary.add_column(name, justify="right" if name in ("Moderated", "Moved", "Mean move") else "left")
    rows = [(g["name"], str(g["cells"]), str(g["moved"]), "none" if g["mean_size"] is None else _n(g["mean_size"]),
             _counts(data, g["towards"]), _counts(data, g["away"])) for g in data["groups"]]
    for row in rows:
        summary.add_row(*(text(cell) for cell in row))
    table_or_blocks(console, summary, lambda: [
        [row[0], f"Moderated: {row[1]}", f"Moved: {row[2]}", f"Mean move: {row[3]}", f"Towards: {row[4]}",
         f"Away from: {row[5]}"] for row in rows])
    if not data["cells"]:
        console.print(text("No figure was moderated."))
    else:
        cells = Table(title="Each moderated figure", box=box.SIMPLE_HEAD)
        for name in ("Group", "Bid", "Criterion", "Before", "After", "How", "Direction"):
            cells.add_column(name, justify="right" if name in ("Before", "After") else "left")
        moved = [(_name(data, c["group"]), _bidder(data, c["bid"]), c["criterion"], _n(c["before"]), _n(c["after"]),
                  "agreed score" if c["how"] == "agreed" else "members' changes", direction_words(data, c))
                 for c in data["cells"]]
        for figure in moved:
            cells.add_row(*(text(cell) for cell in figure))
        table_or_blocks(console, cells, lambda: [
            [f"{row[0]}, {row[1]}, {row[2]}", f"Before: {row[3]}", f"After: {row[4]}", f"How: {row[5]}",
             f"Direction: {row[6]}"] for row in moved])
    note(console, "Another group's figure is taken as that group first gave it, before its own moderation. "
                  "Figures are rounded from exact values.")


def render_markdown(data: dict) -> str:
    from udc.core.text import markdown as md
    from udc.views.markdown import table

    out = [f"# Whose view moderation followed: {md(data['round'])}", ""]
    out += table(["Group", "Moderated", "Moved", "Mean move", "Towards", "Away from"],
                 [[md(g["name"]), g["cells"], g["moved"], "none" if g["mean_size"] is None else _n(g["mean_size"]),
                   md(_counts(data, g["towards"])), md(_counts(data, g["away"]))] for g in data["groups"]],
                 right={1, 2, 3})
    out += ["", "## Each moderated figure", ""]
    out += table(["Group", "Bid", "Criterion", "Before", "After", "Direction"],
                 [[md(_name(data, c["group"])), md(_bidder(data, c["bid"])), md(c["criterion"]), _n(c["before"]),
                   _n(c["after"]), md(direction_words(data, c))] for c in data["cells"]], right={3, 4})
    out += ["", "Another group's figure is taken as that group first gave it, before its own moderation.", ""]
    return "\n".join(out)


def _counts(data: dict, counts: dict[str, int]) -> str:
    return ", ".join(f"{_name(data, g)} {n}" for g, n in sorted(counts.items())) or "none"



def render(result: Result, found: Power, fingerprint: str | None, fmt: str, plain: bool) -> str:
    """The view ``udc moderate --power`` asked for: ``json``, ``markdown``, plain sentences or a table."""
    data = build(result, found, fingerprint)
    if fmt == "json":
        return to_json(data)
    if fmt == "markdown":
        return render_markdown(data)
    return render_plain(data) if plain else render_table(data)
