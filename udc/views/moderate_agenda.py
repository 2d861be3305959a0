"""The moderation agenda: items ordered by what they can move, as sentences, rich text, Markdown and JSON.

Rubric descriptors: a group marked ``lived_experience: true`` in the round
sees the plain-language descriptor (``plain``, or the formal one where the
scale has none); every other group sees the formal descriptor (``meaning``).
Nothing is guessed from a group's id or name: a round without the flag shows
formal descriptors only, and the agenda says so. With ``--plain`` every group
sees the plain descriptor. A difference between groups shows both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from udc.analysis.agenda import (
    CELL,
    NONE,
    RANKING,
    UNKNOWN,
    WINNER,
    AgendaItem,
    Effect,
    Swing,
    Why,
)
from udc.analysis.moderation_log import value_text
from udc.core.cells import owed_count
from udc.core.engine import MODERATED, GroupCell, Result
from udc.core.fields import ABSENT
from udc.views.moderation_text import (
    Section,
    _and,
    bidder,
    criterion_spec,
    figure_text,
    group_name,
    lived_experience,
    md,
    md_list,
    member_name,
    points,
    print_lines,
    text_out,
)
from udc.views.report import to_json

EFFECT_WORDS: dict[Effect, str] = {
    WINNER: "Could change the winner",
    RANKING: "Could change the ranking",
    UNKNOWN: "Effect not known yet",
    NONE: "Cannot change the ranking",
}


# ---------------------------------------------------------------- the agenda as sentences


def item_heading(result: Result, number: int, item: AgendaItem) -> str:
    crit = criterion_spec(result, item.criterion)
    where = f"{bidder(result, item.bid)} ({item.bid}), {item.criterion} {crit.title}"
    who = group_name(result, item.groups[0]) if item.kind == CELL else "between groups"
    return f"{number}. {EFFECT_WORDS[item.effect]}: {where}, {who}"


def why_lines(result: Result, item: AgendaItem) -> list[str]:
    """Why the item is on the agenda: one or more sentences per reason, in the order of :data:`WHY_LINES`."""
    divergence = Fraction(result.method.round.round.divergence)
    return [line for why, lines in WHY_LINES.items() if why in item.why for line in lines(result, item, divergence)]


def _spread_lines(result: Result, item: AgendaItem, divergence: Fraction) -> list[str]:
    cell = item.cells[item.groups[0]]
    given = [Fraction(s.score) for _, s in cell.counted]
    low, high = min(given), max(given)
    return [f"Why: scores from the {group_name(result, cell.group)} spread from {figure_text(result, low)} "
            f"to {figure_text(result, high)}, {points(result, high - low)} apart (the round flags "
            f"{points(result, divergence)} or more)."]


def _marks_lines(result: Result, item: AgendaItem, divergence: Fraction) -> list[str]:
    cell = item.cells[item.groups[0]]
    marks = [s.score for _, s in cell.counted]
    return [f"Why: marks from the {group_name(result, cell.group)} disagree: {marks.count('pass')} pass, "
            f"{marks.count('fail')} fail."]


def _differ_lines(result: Result, item: AgendaItem, divergence: Fraction) -> list[str]:
    figures = {g: c.value for g, c in item.cells.items() if isinstance(c.value, Fraction)}  # groups differ: figures
    low_g = sorted(figures, key=lambda g: (figures[g], g))[0]
    high_g = sorted(figures, key=lambda g: (-figures[g], g))[0]
    gap = figures[high_g] - figures[low_g]
    lines = [f"Why: the groups see this answer differently. The {group_name(result, high_g)} give it "
             f"{figure_text(result, figures[high_g])}; the {group_name(result, low_g)} give it "
             f"{figure_text(result, figures[low_g])}: {points(result, gap)} apart (the round flags "
             f"{points(result, divergence)} or more)."]
    others = [g for g in figures if g not in (low_g, high_g)]
    if others:
        lines.append("  Other groups: " + "; ".join(f"{group_name(result, g)} {figure_text(result, figures[g])}"
                                                    for g in others) + ".")
    return lines


def _reasons_lines(result: Result, item: AgendaItem, divergence: Fraction) -> list[str]:
    who = [f"{e} ({member_name(result, e)})" if e in result.method.group_of else "the group's agreed score"
           for e in item.unreasoned]
    return [f"Why: reasons are required (round.require_reasons) and missing for: {_and(who)}."]


WHY_LINES: dict[Why, Callable[[Result, AgendaItem, Fraction], list[str]]] = {
    Why.SPREAD: _spread_lines,
    Why.MARKS: _marks_lines,
    Why.GROUPS: _differ_lines,
    Why.REASONS: _reasons_lines,
}


def standing_line(result: Result, item: AgendaItem) -> str:
    s = item.standing
    total = format(result.publish(s.total), "f")
    if s.rank is None:
        return f"Standing: not ranked ({s.status}); total so far {total}."
    text = f"Standing: rank {s.rank} with {total}."
    if s.above is not None:
        text += f" {bidder(result, s.above.bid)} (rank {s.above.rank}) is {s.above.gap} ahead."
    if s.below is not None:
        who = "The next bid, " if s.rank == 1 else ""
        text += f" {who}{bidder(result, s.below.bid)} (rank {s.below.rank}) is {s.below.gap} behind."
    if s.above is None and s.below is None:
        text += " No other bid is ranked."
    return text


def swing_lines(result: Result, item: AgendaItem) -> list[str]:
    swing: Swing | None = item.swing
    if swing is None:
        cell = next(iter(item.cells.values()))
        if cell.how == MODERATED:
            return [f"Effect: the figure is agreed ({figure_text(result, cell.value)}); only the reasons are owed."]
        return ["Effect: every score given is the same, so the figure cannot move; only the reasons are owed."]
    low, high = swing.low, swing.high
    name = bidder(result, item.bid)
    what = "every group's figure" if item.kind != CELL else "the group figure"
    lines = [f"Swing: with {what} at {figure_text(result, low.figure)}, {name} would total "
             f"{result.publish(low.total)}; at {figure_text(result, high.figure)}, {result.publish(high.total)} "
             f"(a swing of {result.publish(swing.size)})."]
    if swing.effect == WINNER:
        winners = [_and([bidder(result, b) for b in end.winners]) for end in (low, high)]
        lines.append(f"Effect: this could change the winner: {winners[0]} at {figure_text(result, low.figure)}, "
                     f"{winners[1]} at {figure_text(result, high.figure)}.")
    elif swing.effect == RANKING:
        text = "Effect: this could change the ranking below the winner."
        if low.status != high.status:
            text += f" {name} would be {low.status} at {figure_text(result, low.figure)} and {high.status} at " \
                    f"{figure_text(result, high.figure)}."
        lines.append(text)
    elif swing.effect == UNKNOWN and swing.owed:
        lines.append(f"Effect: not known yet: {swing.owed} score{'s' if swing.owed != 1 else ''} still owed.")
    elif swing.effect == UNKNOWN:
        lines.append(f"Effect: not known yet: {name} has other missing cells, so it has no rank at either end.")
    else:
        lines.append("Effect: the ranking stays the same across this range.")
    return lines


def entry_line(result: Result, eid: str, entry) -> str:
    text = f"  {eid} ({member_name(result, eid)}): "
    if entry.score == ABSENT:
        text += "absent"
    elif entry.was is not None:
        text += f"{value_text(entry.was)} changed to {value_text(entry.score)} at moderation ({entry.why})"
    else:
        text += value_text(entry.score)
    if entry.reason:
        text += f': "{entry.reason}"'
    elif entry.score != ABSENT:
        text += " (no reason given)"
    return text


def cell_lines(result: Result, cell: GroupCell) -> list[str]:
    if cell.how == MODERATED:
        how = f"agreed at moderation: {figure_text(result, cell.value)}"
        if cell.agreed is not None and cell.agreed.reason:
            how += f' "{cell.agreed.reason}"'
    elif cell.value is None:
        how = f"missing ({cell.missing_why})"
    else:
        how = f"{cell.how} {figure_text(result, cell.value)}"
    lines = [f"{group_name(result, cell.group)} scores (group figure: {how}):"]
    lines += [entry_line(result, e, s) for e, s in cell.entries]
    lines += [f"  {e} ({member_name(result, e)}): conflicted with this bid, not counted" for e in cell.conflicted]
    lines += [f"  {e} ({member_name(result, e)}): owes a score" for e in cell.silent]
    return lines


def rubric_lines(result: Result, item: AgendaItem, plain_for_all: bool) -> list[str]:
    """The scale's levels across the item's range, with descriptors for the groups concerned."""
    levels = result.method.scale.levels
    if not levels or item.criterion not in {c.id for c in result.method.scored}:
        return []
    values = [Fraction(s.score) for c in item.cells.values() for _, s in c.counted if s.score != ABSENT]
    values += [c.value for c in item.cells.values() if isinstance(c.value, Fraction)]
    if not values:
        return []
    low, high = math.floor(min(values)), math.ceil(max(values))
    shown = [v for v in sorted(levels) if low <= v <= high]
    plain_groups = [g for g in item.cells if plain_for_all or lived_experience(result, g)]
    formal = len(plain_groups) < len(item.cells)
    lines = ["Rubric:"]
    for v in shown:
        level = levels[v]
        head = f"  {value_text(level.value)} {level.label}: "
        if formal:
            lines.append(head + level.meaning)
            if plain_groups and level.plain:
                lines.append(f"    In plain words: {level.plain}")
        else:
            lines.append(head + (level.plain or level.meaning))
    return lines


def item_section(result: Result, number: int, item: AgendaItem, plain_for_all: bool) -> Section:
    crit = criterion_spec(result, item.criterion)
    lines = why_lines(result, item)
    if getattr(crit, "text", None):
        lines.append(f"Question: {crit.text}")
    lines.append(standing_line(result, item))
    lines += swing_lines(result, item)
    for cell in item.cells.values():
        lines += cell_lines(result, cell)
    lines += rubric_lines(result, item, plain_for_all)
    return Section(item_heading(result, number, item), lines)


NO_FLAG = ("No group is marked lived_experience: true, so every group is shown the formal descriptors "
           "(--plain shows the plain-language ones).")


def agenda_intro(result: Result, items: list[AgendaItem], plain_for_all: bool = False) -> list[str]:
    info = result.method.round.round
    counts = {e: sum(1 for i in items if i.effect == e) for e in (WINNER, RANKING, UNKNOWN)}
    lines = [f"Moderation agenda: {info.title} (round {info.id})"]
    owed = owed_count(result.method)
    unknown, waiting = counts[UNKNOWN], sum(1 for i in items if i.swing is not None and i.swing.owed)
    if owed:
        lines.append(f"Not known yet: {owed} score{'s are' if owed != 1 else ' is'} still owed. Until "
                     f"{'they arrive' if owed != 1 else 'it arrives'}, only a change of winner on the scores given "
                     "so far is shown; every other effect reads 'not known yet'.")
    if not items:
        lines.append("Nothing to moderate: no spread of scores, no difference between groups"
                     + (" and no missing reason." if info.require_reasons else "."))
        return lines
    lines.append(f"{len(items)} item{'s' if len(items) != 1 else ''}: {counts[WINNER]} could change the winner, "
                 f"{counts[RANKING]} could change the ranking below it"
                 + (f", {unknown - waiting} not known yet (bids with other missing cells)" if unknown > waiting else "")
                 + (f", {waiting} not known yet (scores still owed)" if waiting else "")
                 + ". Most decisive first.")
    if not result.complete:
        lines.append("Provisional: the round is incomplete, so standings and swings may change as scores arrive.")
    if not plain_for_all and result.method.scale.levels and not any(
            g.lived_experience for g in result.method.round.groups.values()):
        lines.append(NO_FLAG)
    return lines


def agenda_sections(result: Result, items: list[AgendaItem], plain_for_all: bool = False) -> list[Section]:
    return [item_section(result, n, item, plain_for_all) for n, item in enumerate(items, 1)]


# ---------------------------------------------------------------- the agenda: renderers


def agenda_markdown(result: Result, items: list[AgendaItem]) -> str:
    intro = agenda_intro(result, items)
    out = [f"# {md(intro[0])}", ""] + [md(line) for line in intro[1:]] + [""]
    for section in agenda_sections(result, items):
        number, heading = section.heading.split(". ", 1)
        out += [f"## {number}. {md(heading)}", ""] + md_list(section.lines) + [""]
    return "\n".join(out)


def agenda_plain(result: Result, items: list[AgendaItem]) -> str:
    lines = agenda_intro(result, items, plain_for_all=True)
    for n, section in enumerate(agenda_sections(result, items, plain_for_all=True), 1):
        lines += ["", f"Item {n} of {len(items)}. " + section.heading.split(". ", 1)[1] + "."]
        lines += [line.strip() for line in section.lines]
    return text_out(lines)


def agenda_rich(console, result: Result, items: list[AgendaItem]) -> None:
    """The agenda for a terminal, a pipe or a file (see :mod:`udc.views.console`)."""
    from udc.views.console import note

    intro = agenda_intro(result, items)
    note(console, intro[0], "bold")
    for line in intro[1:]:
        note(console, line)
    styles = {WINNER: "bold red", RANKING: "bold yellow"}  # the heading says it in words too
    for item, section in zip(items, agenda_sections(result, items), strict=True):
        console.print()
        note(console, section.heading, styles.get(item.effect, "bold"))
        print_lines(console, section.lines)


def agenda_json(result: Result, items: list[AgendaItem], fingerprint: str) -> str:
    info = result.method.round.round
    return to_json({"round": info.id, "fingerprint": fingerprint, "divergence": info.divergence,
                    "complete": result.complete, "owed": owed_count(result.method),
                    "items": [item_data(result, n, i) for n, i in enumerate(items, 1)]})


def item_data(result: Result, number: int, item: AgendaItem) -> dict:
    pub = result.publish
    s = item.standing
    data = {
        "number": number, "kind": item.kind, "effect": item.effect, "bid": item.bid, "criterion": item.criterion,
        "groups": list(item.groups), "why": list(item.why),
        "standing": {"total": pub(s.total), "status": s.status, "rank": s.rank,
                     "above": _neighbour(s.above), "below": _neighbour(s.below)},
        "swing": None,
        "distance": pub(item.distance) if item.distance is not None else None,
        "missing_reasons": list(item.unreasoned),
        "cells": {g: cell_data(result, c) for g, c in item.cells.items()},
    }
    if item.swing is not None:
        data["swing"] = {"size": pub(item.swing.size), "size_exact": str(item.swing.size),
                         "low": _end(result, item.swing.low), "high": _end(result, item.swing.high),
                         "owed": item.swing.owed}
    return data


def _neighbour(n) -> dict | None:
    return None if n is None else {"bid": n.bid, "rank": n.rank, "total": n.total, "gap": n.gap}


def _end(result: Result, end) -> dict:
    figure = str(end.figure) if isinstance(end.figure, Fraction) else end.figure
    return {"figure": figure, "total": result.publish(end.total), "total_exact": str(end.total),
            "status": end.status, "winners": list(end.winners)}


def cell_data(result: Result, cell: GroupCell) -> dict:
    value = cell.value
    return {
        "figure": result.publish(value) if isinstance(value, Fraction) else value,
        "figure_exact": str(value) if isinstance(value, Fraction) else value,
        "how": cell.how,
        "agreed": None if cell.agreed is None else {"score": value_text(cell.agreed.score),
                                                    "reason": cell.agreed.reason},
        "scores": [{"evaluator": e, "score": value_text(s.score), "reason": s.reason,
                    "was": None if s.was is None else value_text(s.was), "why": s.why} for e, s in cell.entries],
        "conflicted": list(cell.conflicted),
        "owed": list(cell.silent),
    }
