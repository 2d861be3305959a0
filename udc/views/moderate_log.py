"""The moderation log of ``udc moderate --log``: every changed and agreed score, with its reason."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from udc.analysis.moderation_log import Figure, FigureHow, Record, value_text
from udc.core.engine import Result
from udc.views.moderation_text import (
    Section,
    bidder,
    criterion_spec,
    figure_text,
    group_name,
    md,
    print_lines,
    text_out,
)
from udc.views.report import to_json


def _figure(result: Result, figure: Figure) -> str:
    return FIGURE_WORDS[figure.how](result, figure.value)


FIGURE_WORDS: dict[FigureHow, Callable[[Result, Any], str]] = {
    FigureHow.MEAN: lambda result, value: f"{figure_text(result, value)} (mean)",
    FigureHow.MEDIAN: lambda result, value: f"{figure_text(result, value)} (median)",
    FigureHow.MARKS: lambda result, value: value,
    FigureHow.AGREED: lambda result, value: f"{figure_text(result, value)} (agreed)",
    FigureHow.MISSING: lambda result, value: "none (no figure could be formed)",
}


def _scores(pairs) -> str:
    return ", ".join(f"{e} {v}" for e, v in pairs) or "none"


def log_sections(result: Result, records: list[Record], plain: bool = False) -> list[Section]:
    arrow = " to " if plain else " → "
    sections = []
    for r in records:
        crit = criterion_spec(result, r.criterion)
        sep = ", " if plain else " | "
        heading = (f"{r.number}. {crit.id} {crit.title}{sep}{bidder(result, r.bid)} ({r.bid}){sep}"
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


def log_plain(result: Result, records: list[Record], fingerprint: str) -> str:
    """Short sentences without symbols, for screen readers."""
    out = log_intro(result, records, fingerprint)
    if not records:
        out += ["", "No score was changed and no group score was agreed at moderation."]
    for s in log_sections(result, records, plain=True):
        out += ["", s.heading + "."] + [line.strip() for line in s.lines]
    return text_out(out)


def log_rich(console, result: Result, records: list[Record], fingerprint: str) -> None:
    """The log for a terminal, a pipe or a file (see :mod:`udc.views.console`)."""
    from udc.views.console import note

    intro = log_intro(result, records, fingerprint)
    note(console, intro[0], "bold")
    for line in intro[1:]:
        note(console, line)
    if not records:
        console.print()
        note(console, "No score was changed and no group score was agreed at moderation.")
    for s in log_sections(result, records):
        console.print()
        note(console, s.heading, "bold")
        print_lines(console, [" " + line for line in s.lines])  # three spaces under the heading


def log_markdown(result: Result, records: list[Record], fingerprint: str) -> str:
    intro = log_intro(result, records, fingerprint)
    out = [f"# {md(intro[0])}", ""] + [f"{md(line)}  " for line in intro[1:]] + [""]
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
    out += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
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
