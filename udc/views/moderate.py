"""Views of ``udc moderate``: the agenda, the agreement figures and the moderation log.

Each is built once as sentences (:class:`Section`) and rendered as rich text
(for a projector), Markdown (to print or share) or plain text (short
sentences, for screen readers); JSON is built from the same objects.
Meaning is never carried by colour: effects are words, figures are numbers.

Rubric descriptors: a group marked ``lived_experience: true`` in the round
sees the plain-language descriptor (``plain``, or the formal one where the
scale has none); every other group sees the formal descriptor (``meaning``).
Nothing is guessed from a group's id or name: a round without the flag shows
formal descriptors only, and the agenda says so. With ``--plain`` every group
sees the plain descriptor. A difference between groups shows both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from udc.core.cells import owed_count
from udc.analysis.agenda import (
    CELL, DIFFER, MARKS, NONE, RANKING, REASONS, SPREAD, UNKNOWN, WINNER, AgendaItem, Swing,
)
from udc.core.engine import MODERATED, GroupCell, Result
from udc.core.fields import ABSENT
from udc.analysis.moderation_log import Record, value_text
from udc.analysis.moderation_stats import Stats
from udc.core.numbers import publish
from udc.views.report import to_json


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]  # a line that starts with two spaces belongs to the line above it


EFFECT_WORDS = {
    WINNER: "Could change the winner",
    RANKING: "Could change the ranking",
    UNKNOWN: "Effect not known yet",
    NONE: "Cannot change the ranking",
}


# ---------------------------------------------------------------- helpers


def lived_experience(result: Result, group_id: str) -> bool:
    """Whether a group is shown plain-language descriptors: the round's ``lived_experience`` flag decides."""
    group = result.method.round.groups.get(group_id)
    return bool(group and group.lived_experience)


NO_FLAG = ("No group is marked lived_experience: true, so every group is shown the formal descriptors "
           "(--plain shows the plain-language ones).")


def figure_text(result: Result, value) -> str:
    """A group figure as published (``4.17``), a whole score as itself (``4``), or a mark."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format(result.publish(value), "f")
    if value is None:
        return "none"
    return value_text(value)


def points(result: Result, value: Fraction) -> str:
    text = figure_text(result, value)
    return f"{text} point{'' if value == 1 else 's'}"


def group_name(result: Result, gid: str) -> str:
    return result.method.round.groups[gid].name


def bidder(result: Result, bid: str) -> str:
    return result.bid(bid).bid.bidder


def criterion_spec(result: Result, cid: str):
    return next(c for c in result.method.round.criteria if c.id == cid)


def member_name(result: Result, eid: str) -> str:
    gid = result.method.group_of[eid]
    return result.method.round.groups[gid].members[eid].name


def _and(words: list[str]) -> str:
    if not words:
        return "no bid"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# ---------------------------------------------------------------- the agenda as sentences


def item_heading(result: Result, number: int, item: AgendaItem) -> str:
    crit = criterion_spec(result, item.criterion)
    where = f"{bidder(result, item.bid)} ({item.bid}), {item.criterion} {crit.title}"
    who = group_name(result, item.groups[0]) if item.kind == CELL else "between groups"
    return f"{number}. {EFFECT_WORDS[item.effect]}: {where}, {who}"


def why_lines(result: Result, item: AgendaItem) -> list[str]:
    divergence = Fraction(result.method.round.round.divergence)
    lines = []
    if SPREAD in item.why:
        cell = item.cells[item.groups[0]]
        given = [Fraction(s.score) for _, s in cell.counted]
        low, high = min(given), max(given)
        lines.append(f"Why: scores from the {group_name(result, cell.group)} spread from {figure_text(result, low)} "
                     f"to {figure_text(result, high)}, {points(result, high - low)} apart (the round flags "
                     f"{points(result, divergence)} or more).")
    if MARKS in item.why:
        cell = item.cells[item.groups[0]]
        marks = [s.score for _, s in cell.counted]
        lines.append(f"Why: marks from the {group_name(result, cell.group)} disagree: {marks.count('pass')} pass, "
                     f"{marks.count('fail')} fail.")
    if DIFFER in item.why:
        figures = {g: c.value for g, c in item.cells.items()}
        low_g = sorted(figures, key=lambda g: (figures[g], g))[0]
        high_g = sorted(figures, key=lambda g: (-figures[g], g))[0]
        gap = figures[high_g] - figures[low_g]
        lines.append(f"Why: the groups see this answer differently. The {group_name(result, high_g)} give it "
                     f"{figure_text(result, figures[high_g])}; the {group_name(result, low_g)} give it "
                     f"{figure_text(result, figures[low_g])}: {points(result, gap)} apart (the round flags "
                     f"{points(result, divergence)} or more).")
        others = [g for g in figures if g not in (low_g, high_g)]
        if others:
            lines.append("  Other groups: " + "; ".join(f"{group_name(result, g)} {figure_text(result, figures[g])}"
                                                         for g in others) + ".")
    if REASONS in item.why:
        who = [f"{e} ({member_name(result, e)})" if e in result.method.group_of else "the group's agreed score"
               for e in item.unreasoned]
        lines.append(f"Why: reasons are required (round.require_reasons) and missing for: {_and(who)}.")
    return lines


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
        if cell.agreed.reason:
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
    if not plain_for_all and result.method.scale.levels and not any(g.lived_experience for g in result.method.round.groups.values()):
        lines.append(NO_FLAG)
    return lines


def agenda_sections(result: Result, items: list[AgendaItem], plain_for_all: bool = False) -> list[Section]:
    return [item_section(result, n, item, plain_for_all) for n, item in enumerate(items, 1)]


# ---------------------------------------------------------------- the agenda: renderers


def agenda_markdown(result: Result, items: list[AgendaItem]) -> str:
    intro = agenda_intro(result, items)
    out = [f"# {intro[0]}", ""] + [line for line in intro[1:]] + [""]
    for section in agenda_sections(result, items):
        out += [f"## {_md(section.heading)}", ""] + _md_list(section.lines) + [""]
    return "\n".join(out)


def agenda_plain(result: Result, items: list[AgendaItem]) -> str:
    lines = agenda_intro(result, items, plain_for_all=True)
    for n, section in enumerate(agenda_sections(result, items, plain_for_all=True), 1):
        lines += ["", f"Item {n} of {len(items)}. " + section.heading.split(". ", 1)[1] + "."]
        lines += [line.strip() for line in section.lines]
    return "\n".join(lines) + "\n"


def agenda_text(result: Result, items: list[AgendaItem]) -> str:
    """The agenda as indented text, unwrapped (piped output, files)."""
    lines = agenda_intro(result, items)
    for section in agenda_sections(result, items):
        lines += ["", section.heading] + ["  " + line for line in section.lines]
    return "\n".join(lines) + "\n"


def agenda_rich(console, result: Result, items: list[AgendaItem]) -> None:
    from rich.text import Text

    intro = agenda_intro(result, items)
    console.print(Text(intro[0], style="bold"))
    for line in intro[1:]:
        console.print(line)
    styles = {WINNER: "bold red", RANKING: "bold yellow"}  # the heading says it in words too
    for item, section in zip(items, agenda_sections(result, items)):
        console.print()
        console.print(Text(section.heading, style=styles.get(item.effect, "bold")))
        print_lines(console, section.lines)


def print_lines(console, lines: list[str]) -> None:
    """Lines indented as given (two more spaces each), wrapped under their own indentation."""
    from rich.padding import Padding
    from rich.text import Text

    for line in lines:
        text = line.lstrip(" ")
        console.print(Padding(Text(text), (0, 0, 0, 2 + len(line) - len(text)), expand=False))


def agenda_json(result: Result, items: list[AgendaItem], fingerprint: str) -> str:
    info = result.method.round.round
    return to_json({"round": info.id, "fingerprint": fingerprint, "divergence": info.divergence,
                    "complete": result.complete, "owed": owed_count(result.method), "items": [item_data(result, n, i) for n, i in enumerate(items, 1)]})


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


# ---------------------------------------------------------------- agreement figures


def alpha_text(alpha: float | None) -> str:
    return "not defined" if alpha is None else f"{alpha:.3f}"


def bias_text(mean: float | None) -> str:
    """A deviation to two places, rounded half-up like every published figure (display only)."""
    if mean is None:
        return "none to compare"
    shown = publish(Fraction(mean), 2)
    return ("+" if shown >= 0 else "") + format(shown, "f")


def stats_sections(result: Result, stats: Stats) -> list[Section]:
    from udc.analysis.agreement import ALPHA_BANDS, describe_alpha

    pub = result.publish
    groups = result.method.round.groups
    within = []
    for a in stats.alphas:
        what = f"{groups[a.group].name}, {'all criteria' if a.criterion is None else a.criterion}"
        if not a.units:
            within.append(f"{what}: no cell has two or more scores yet, so there is no agreement to measure.")
            continue
        line = f"{what}: alpha {alpha_text(a.alpha)} over {a.units} cell{'s' if a.units != 1 else ''} " \
               f"({a.scores} scores)."
        if a.changed:
            line += f" Before {a.changed} score{'s were' if a.changed != 1 else ' was'} changed at moderation: " \
                    f"{alpha_text(a.first)}."
        within += [line, "  " + describe_alpha(a.alpha)]
    within += ["About alpha: " + ALPHA_BANDS.splitlines()[0]]
    within += ["  " + line.strip() for line in ALPHA_BANDS.splitlines()[1:]]
    flag = stats.bias_flag
    devs = []
    for d in stats.deviations:
        mark = " Flagged: consistently " + ("kinder" if (d.mean or 0) > 0 else "harsher") + " than the group." \
            if d.flagged else ""
        who = f"{d.evaluator} ({groups[d.group].name}: {member_name(result, d.evaluator)})"
        if d.mean is None:
            devs.append(f"{who}: no cell shared with another member yet.")
            continue
        devs.append(f"{who}: {bias_text(d.mean)} over {d.cells} cell{'s' if d.cells != 1 else ''}.{mark}")
    devs.append(f"About mean deviation: how far, on average, an evaluator's score sits above (+, kinder) or below "
                f"(-, harsher) the mean of the other members of their group on the same cells. There is no "
                f"published convention; udc flags {points(result, flag)} or more (half of round.divergence).")
    pairs = []
    for b in stats.between:
        a_name, b_name = groups[b.first].name, groups[b.second].name
        if not b.cells:
            pairs.append(f"{a_name} and {b_name}: no cell with a figure from both yet.")
            continue
        mean = b.mean_difference
        higher = a_name if mean > 0 else b_name
        direction = "on average the same" if mean == 0 else f"{higher} higher by {points(result, abs(mean))} " \
                                                               "on average"
        bid, cid, largest = b.largest
        pairs.append(f"{a_name} and {b_name}, over {b.cells} shared cell{'s' if b.cells != 1 else ''}: "
                     f"{direction}; they differ by {points(result, b.mean_absolute)} on average (largest "
                     f"{pub(largest)}, {bid} {cid}); alpha (interval) {alpha_text(b.alpha)}.")
        pairs.append("  " + describe_alpha(b.alpha))
    pairs.append("About agreement between groups: the mean absolute difference is how far apart the groups' "
                 f"figures are on the cells both score, in scale points; the round flags "
                 f"{points(result, Fraction(result.method.round.round.divergence))} or more for moderation. "
                 "Alpha treats each group's figure as one rater; with few shared cells it is a rough guide.")
    return [Section("Agreement within each group (Krippendorff's alpha, ordinal)", within),
            Section("Each evaluator's mean deviation from their group", devs),
            Section("Agreement between groups", pairs)]


def stats_text(result: Result, stats: Stats, markdown: bool = False, plain: bool = False) -> str:
    info = result.method.round.round
    title = f"Agreement figures: {info.title} (round {info.id})"
    sections = stats_sections(result, stats)
    if markdown:
        out = [f"# {_md(title)}", ""]
        for s in sections:
            out += [f"## {s.heading}", ""] + _md_list(s.lines) + [""]
        return "\n".join(out)
    out = [title]
    for s in sections:
        out += ["", s.heading + ("." if plain else "")]
        out += [line.strip() if plain else line for line in s.lines]
    return "\n".join(out) + "\n"


def stats_rich(console, result: Result, stats: Stats) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from udc.analysis.agreement import ALPHA_BANDS, describe_alpha

    groups = result.method.round.groups
    info = result.method.round.round
    console.print(Text(f"Agreement figures: {info.title} (round {info.id})", style="bold"))
    table = Table(title="Agreement within each group (Krippendorff's alpha, ordinal)", box=box.SIMPLE_HEAD)
    for name, right in (("Group", False), ("Criterion", False), ("Alpha", True), ("Before changes", True),
                        ("Cells", True), ("Scores", True), ("Meaning", False)):
        table.add_column(name, justify="right" if right else "left")
    for a in stats.alphas:
        table.add_row(groups[a.group].name, a.criterion or "all", alpha_text(a.alpha),
                      alpha_text(a.first) if a.changed else "", str(a.units), str(a.scores),
                      describe_alpha(a.alpha).split(": ", 1)[1])
    console.print(table)
    console.print(Text(ALPHA_BANDS.rstrip()))
    sections = stats_sections(result, stats)
    for s in sections[1:]:
        console.print()
        console.print(Text(s.heading, style="bold"))
        print_lines(console, s.lines)


def stats_json(result: Result, stats: Stats) -> str:
    from udc.analysis.agreement import describe_alpha

    pub = result.publish
    data = {
        "round": result.method.round.round.id,
        "within": [{"group": a.group, "criterion": a.criterion, "alpha": a.alpha,
                    "alpha_before_changes": a.first, "changed": a.changed, "cells": a.units, "scores": a.scores,
                    "meaning": describe_alpha(a.alpha)} for a in stats.alphas],
        "deviations": [{"evaluator": d.evaluator, "group": d.group, "mean": d.mean, "cells": d.cells,
                        "flagged": d.flagged} for d in stats.deviations],
        "deviation_flag": pub(stats.bias_flag),
        "between": [{"groups": [b.first, b.second], "cells": b.cells,
                     "mean_difference": None if b.mean_difference is None else pub(b.mean_difference),
                     "mean_difference_exact": None if b.mean_difference is None else str(b.mean_difference),
                     "mean_absolute_difference": None if b.mean_absolute is None else pub(b.mean_absolute),
                     "largest": None if b.largest is None else {"bid": b.largest[0], "criterion": b.largest[1],
                                                                 "difference": pub(b.largest[2])},
                     "alpha": b.alpha, "meaning": describe_alpha(b.alpha) if b.cells else None}
                    for b in stats.between],
    }
    return to_json(data)


# ---------------------------------------------------------------- the moderation log


def _figure(result: Result, figure) -> str:
    if figure.how == "missing":
        return "none (no figure could be formed)"
    if figure.how == "agreed":
        return f"{figure_text(result, figure.value)} (agreed)"
    if figure.how == "marks":
        return figure.value
    return f"{figure_text(result, figure.value)} ({figure.how})"


def _scores(pairs) -> str:
    return ", ".join(f"{e} {v}" for e, v in pairs) or "none"


def log_sections(result: Result, records: list[Record], plain: bool = False) -> list[Section]:
    arrow = " to " if plain else " → "
    sections = []
    for r in records:
        crit = criterion_spec(result, r.criterion)
        heading = (f"{r.number}. {crit.id} {crit.title} | {bidder(result, r.bid)} ({r.bid}) | "
                   f"{group_name(result, r.group)} ({r.group})")
        lines = [f"Initial scores: {_scores(r.before)}. Group figure: {_figure(result, r.figure_before)}."]
        for c in r.changes:
            line = f"Score changed: {c.evaluator} ({c.name}) {'from ' if plain else ''}{c.was}{arrow}{c.score}. " \
                   f"Reason for change: {c.why}"
            lines.append(line)
            if c.reason:
                lines.append(f"  Reason for the new score: {c.reason}")
        if r.changes:
            lines.append(f"Moderated scores: {_scores(r.after)}.")
        if r.agreed is not None:
            lines.append(f"Agreed group score: {value_text(r.agreed.score)}. Reason: "
                         f"{r.agreed.reason or 'none recorded'}")
        lines.append(f"Group figure after moderation: {_figure(result, r.figure_after)}.")
        sections.append(Section(heading, lines))
    return sections


def log_intro(result: Result, records: list[Record], fingerprint: str) -> list[str]:
    info = result.method.round.round
    changes = sum(len(r.changes) for r in records)
    agreed = sum(1 for r in records if r.agreed is not None)
    lines = [f"MODERATION LOG: {info.title}", f"Round: {info.id}"]
    if info.authority:
        lines.append(f"Authority: {info.authority}")
    lines.append(f"File: {fingerprint}")
    lines.append(f"Moderated cells: {len(records)}; individual scores changed: {changes}; "
                 f"agreed group scores: {agreed}.")
    return lines


def log_text(result: Result, records: list[Record], fingerprint: str, plain: bool = False) -> str:
    out = log_intro(result, records, fingerprint)
    if not records:
        out += ["", "No score was changed and no group score was agreed at moderation."]
    for s in log_sections(result, records, plain):
        out += ["", s.heading] + [("   " + line) for line in s.lines]
    return "\n".join(out) + "\n"


def log_markdown(result: Result, records: list[Record], fingerprint: str) -> str:
    intro = log_intro(result, records, fingerprint)
    out = [f"# {_md(intro[0])}", ""] + [f"{_md(line)}  " for line in intro[1:]] + [""]
    header = ["No.", "Question", "Bidder", "Group", "Evaluator", "Initial score", "Moderated score", "Reason"]
    rows = []
    for r in records:
        crit = criterion_spec(result, r.criterion)
        common = [str(r.number), f"{crit.id} {crit.title}", bidder(result, r.bid), group_name(result, r.group)]
        for c in r.changes:
            reason = c.why + (f" (new score: {c.reason})" if c.reason else "")
            rows.append(common + [f"{c.evaluator} ({c.name})", c.was, c.score, reason])
        if r.agreed is not None:
            rows.append(common + ["group (agreed)", _figure(result, r.figure_before), value_text(r.agreed.score),
                                  r.agreed.reason or "none recorded"])
    out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def log_json(result: Result, records: list[Record], fingerprint: str) -> str:
    def figure(f):
        value = f.value
        return {"value": result.publish(value) if isinstance(value, Fraction) else value,
                "exact": str(value) if isinstance(value, Fraction) else value, "how": f.how}

    return to_json({
        "round": result.method.round.round.id, "fingerprint": fingerprint,
        "records": [{"number": r.number, "group": r.group, "bid": r.bid, "criterion": r.criterion,
                     "before": dict(r.before), "after": dict(r.after),
                     "changes": [{"evaluator": c.evaluator, "was": c.was, "score": c.score, "why": c.why,
                                  "reason": c.reason} for c in r.changes],
                     "agreed": None if r.agreed is None else {"score": value_text(r.agreed.score),
                                                              "reason": r.agreed.reason},
                     "figure_before": figure(r.figure_before), "figure_after": figure(r.figure_after)}
                    for r in records]})


# ---------------------------------------------------------------- markdown helpers


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_list(lines: list[str]) -> list[str]:
    return [("  - " + line.strip()) if line.startswith("  ") else f"- {line}" for line in lines]

