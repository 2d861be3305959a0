"""Agreement figures of ``udc moderate --stats``: alpha within and between groups, each evaluator's deviation."""

from __future__ import annotations

from fractions import Fraction

from udc.analysis.moderation_stats import Stats
from udc.core.engine import Result
from udc.core.numbers import publish
from udc.views.moderation_text import Section, md, md_list, member_name, points, print_lines, text_out
from udc.views.report import to_json


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
        mean, absolute = b.mean_difference, b.mean_absolute
        if not b.cells or mean is None or absolute is None or b.largest is None:  # None exactly when no cells
            pairs.append(f"{a_name} and {b_name}: no cell with a figure from both yet.")
            continue
        higher = a_name if mean > 0 else b_name
        direction = "on average the same" if mean == 0 else f"{higher} higher by {points(result, abs(mean))} " \
                                                               "on average"
        bid, cid, largest = b.largest
        pairs.append(f"{a_name} and {b_name}, over {b.cells} shared cell{'s' if b.cells != 1 else ''}: "
                     f"{direction}; they differ by {points(result, absolute)} on average (largest "
                     f"{pub(largest)}, {bid} {cid}); alpha (interval) {alpha_text(b.alpha)}.")
        pairs.append("  " + describe_alpha(b.alpha))
    pairs.append("About agreement between groups: the mean absolute difference is how far apart the groups' "
                 f"figures are on the cells both score, in scale points; the round flags "
                 f"{points(result, Fraction(result.method.round.round.divergence))} or more for moderation. "
                 "Alpha treats each group's figure as one rater; with few shared cells it is a rough guide.")
    return [Section("Agreement within each group (Krippendorff's alpha, ordinal)", within),
            Section("Each evaluator's mean deviation from their group", devs),
            Section("Agreement between groups", pairs)]


def stats_markdown(result: Result, stats: Stats) -> str:
    out = [f"# {md(_title(result))}", ""]
    for s in stats_sections(result, stats):
        out += [f"## {md(s.heading)}", ""] + md_list(s.lines) + [""]
    return "\n".join(out)


def stats_plain(result: Result, stats: Stats) -> str:
    out = [_title(result)]
    for s in stats_sections(result, stats):
        out += ["", s.heading + "."] + [line.strip() for line in s.lines]
    return text_out(out)


def _title(result: Result) -> str:
    info = result.method.round.round
    return f"Agreement figures: {info.title} (round {info.id})"


def stats_rich(console, result: Result, stats: Stats) -> None:
    """The figures for a terminal, a pipe or a file (see :mod:`udc.views.console`)."""
    from rich import box
    from rich.table import Table

    from udc.analysis.agreement import ALPHA_BANDS, describe_alpha
    from udc.views.console import note, table_or_blocks, text

    groups = result.method.round.groups
    note(console, _title(result), "bold")
    table = Table(title="Agreement within each group (Krippendorff's alpha, ordinal)", box=box.SIMPLE_HEAD)
    for name, right in (("Group", False), ("Criterion", False), ("Alpha", True), ("Before changes", True),
                        ("Cells", True), ("Scores", True), ("Meaning", False)):
        table.add_column(name, justify="right" if right else "left")
    rows = [(groups[a.group].name, a.criterion or "all", alpha_text(a.alpha),
             alpha_text(a.first) if a.changed else "", str(a.units), str(a.scores),
             describe_alpha(a.alpha).split(": ", 1)[1]) for a in stats.alphas]
    for row in rows:
        table.add_row(*map(text, row))
    table_or_blocks(console, table, lambda: [
        [f"{g}, {c}: alpha {alpha}", *([f"Before changes: {first}"] if first else []),
         f"Cells: {cells}; scores: {scores}", f"Meaning: {meaning}"]
        for g, c, alpha, first, cells, scores, meaning in rows])
    for line in ALPHA_BANDS.rstrip().splitlines():
        stripped = line.lstrip(" ")
        note(console, stripped, indent=len(line) - len(stripped))
    for s in stats_sections(result, stats)[1:]:
        console.print()
        note(console, s.heading, "bold")
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
