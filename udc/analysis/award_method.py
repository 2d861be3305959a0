"""The assessment method in words and figures, for assessment summaries and the decision record.

Plain data only (strings, lists, dicts): every figure is published (rounded
half-up to the round's decimals) and every sentence is built here once, so
that HTML, Markdown and Word show the same words. Text from the round is left
as it is; the views escape it for their format.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from udc.core.engine import Result
from udc.core.method import Method
from udc.core.model import Price, Round, Scored
from udc.core.numbers import exact_text, plain, publish


def figure(result: Result, value: Fraction | None) -> str | None:
    """A published figure as text (``78.73``); None stays None."""
    return None if value is None else format(result.publish(value), "f")


def whole(value) -> str:
    """A number as people write it (``15``, ``2.5``, ``2450000``)."""
    if isinstance(value, Fraction):
        return exact_text(value).lstrip("≈")
    return plain(value)


def day(value: dt.date | None) -> str | None:
    """A date in words: ``10 February 2027`` (unambiguous in every English-speaking country)."""
    return None if value is None else f"{value.day} {value.strftime('%B %Y')}"


def money(round_: Round, amount) -> str:
    """``GBP 2,450,000`` (thousands grouped for reading; never read back)."""
    return f"{round_.round.currency} {format(amount, ',f')}"


def group_name(round_: Round, gid: str) -> str:
    return round_.groups[gid].name if gid in round_.groups else gid


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def evaluator_labels(round_: Round) -> dict[str, str]:
    """Evaluator id -> how records name them without their name: role, else group name and a number."""
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    for group in round_.groups.values():
        for number, (eid, member) in enumerate(group.members.items(), 1):
            labels[eid] = member.role or f"{group.name} member {number}"
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    seen: dict[str, int] = {}
    for eid, label in list(labels.items()):
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            labels[eid] = f"{label} {seen[label]}"
    return labels


AGGREGATES = {
    "mean": "the mean of its members' scores",
    "median": "the median of its members' scores",
    "consensus": "the score its members agreed together",
}


def assessed_how(method: Method, cid: str) -> list[str]:
    """How one scored criterion was assessed, in sentences."""
    round_ = method.round
    c = method.scored_by_id(cid)
    if c is None:
        raise KeyError(f"'{cid}' is not a scored criterion")
    names = [group_name(round_, g) for g in c.groups]
    lines = [f"Assessed by {joined(names)}."]
    if len(c.groups) > 1:
        parts = [f"{group_name(round_, g)} {publish_places(method, c.shares[g] * 100 / c.share_total)}%"
                 for g in c.groups]
        lines.append(f"The criterion score blends the groups' scores in these parts: {joined(parts)}.")
    if c.spec.minimum is not None:
        lines.append(f"A criterion score below {plain(c.spec.minimum)} puts a tender out of contention.")
    return lines


def method_rules(method: Method) -> list[str]:
    """The rules of the whole assessment, in sentences (no bid is named)."""
    info = method.round.round
    lines = [f"Each group's score on a criterion is {AGGREGATES[info.aggregate]}"
             + ("." if info.aggregate == "consensus" else ", or the score the group agreed at moderation "
                "where it agreed one.")]
    lines.append(f"A criterion's weighted score is its weight times the criterion score divided by the "
                 f"highest score on the scale ({whole(method.scale.top)}).")
    if method.price is not None:
        if method.price.method == "lowest":
            formula = "its weight times the lowest price in contention divided by the tender's price"
        else:
            formula = ("its weight times (1 minus the amount by which the tender's price exceeds the lowest "
                       "price in contention, as a share of that lowest price), and never below 0")
        lines.append(f"The price score is {formula} ({method.price.method} price method).")
    if info.minimum_quality is not None:
        lines.append(f"A tender must reach {plain(info.minimum_quality)}% of the available quality marks to stay "
                     "in contention.")
    if info.budget is not None:
        lines.append(f"A price above the budget of {money(method.round, info.budget)} puts a tender out of "
                     "contention.")
    lines.append(f"Every figure is worked out exactly and rounded half-up to {info.decimals} decimal places "
                 "when it is published; tenders are ranked on the published totals.")
    return lines


def scale_rows(method: Method) -> list[dict]:
    levels = method.scale.levels
    return [{"value": whole(v), "label": lv.label, "meaning": lv.meaning} for v, lv in sorted(levels.items())]


def scale_sentence(method: Method) -> str:
    if method.scale.points is not None:
        p = method.scale.points
        return f"Scores run from {plain(p.min)} to {plain(p.max)} in steps of {plain(p.step)}."
    return f"Scores run from {whole(method.scale.bottom)} to {whole(method.scale.top)}, as the scale below describes."


def criteria_rows(method: Method) -> list[dict]:
    """Every criterion: id, title, kind, weight, section, stage, the question and how it was assessed."""
    rows = []
    for spec in method.round.criteria:
        kind = getattr(spec, "kind", "scored")
        row: dict[str, Any] = {"id": spec.id, "title": spec.title, "kind": kind, "text": spec.text,
               "section": getattr(spec, "section", None) or ("Price" if kind == "price" else None),
               "stage": getattr(spec, "stage", None), "weight": None, "how": []}
        if isinstance(spec, Scored):
            row["weight"] = plain(spec.weight)
            row["how"] = assessed_how(method, spec.id)
        elif isinstance(spec, Price):
            row["weight"] = plain(spec.weight)
            row["how"] = ["Scored from the tendered price by the formula below."]
        else:
            groups = [group_name(method.round, g) for g in method.pass_fail_groups[spec.id]]
            row["how"] = [f"Pass or fail, assessed by {joined(groups)}. A fail puts a tender out of contention."]
        rows.append(row)
    return rows


def publish_places(method: Method, value: Fraction) -> str:
    return format(publish(value, method.round.round.decimals), "f")
