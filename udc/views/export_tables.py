"""The results as tidy tables (pandas data frames): what ``udc export`` writes, one sheet or CSV file each.

One row per observation, one column per variable, ids as the file writes them,
so that an analyst can load a table and join it to the others (on ``bid``,
``criterion``, ``group``, ``evaluator``). Figures are the published ones (the
same as ``udc score --format json``); where the exact value differs from the
published figure, the ``..._exact`` column beside it gives it as text
(``11/3 ≈ 3.666667``), and is empty where they agree.

pandas is imported here only, inside :func:`tables`: ``udc check`` and ``udc
score`` never pay for it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from udc.analysis.moderation_log import moderation_log
from udc.core.engine import Result
from udc.core.model import Scored
from udc.core.numbers import fraction_text
from udc.core.pipeline import Checked
from udc.views.report import build

# Sheet (and CSV file) names, in the order a reader meets them.
SHEETS = ("about", "ranking", "stakes", "criteria", "bid_scores", "pass_fail", "scores", "agreed", "moderation_log")


def tables(checked: Checked, result: Result) -> dict:
    """Every table, by sheet name, as a pandas DataFrame (object columns: figures stay exact decimals)."""
    import pandas as pd

    report = build(checked, result)
    rows = {
        "about": about_rows(report, result),
        "ranking": ranking_rows(report, result),
        "stakes": stake_rows(report, result),
        "criteria": criteria_rows(result),
        "bid_scores": bid_score_rows(result),
        "pass_fail": pass_fail_rows(result),
        "scores": individual_rows(result),
        "agreed": agreed_rows(result),
        "moderation_log": log_rows(result),
    }
    return {name: pd.DataFrame(rows[name][1], columns=rows[name][0], dtype=object) for name in SHEETS}


def exact(result: Result, value: Fraction | None) -> str | None:
    """The exact value as text where publishing changed it, else None."""
    if value is None or Fraction(result.publish(value)) == value:
        return None
    return fraction_text(value, 6)


def figure(result: Result, value: Fraction | None) -> tuple[Decimal | None, str | None]:
    return (result.publish(value) if value is not None else None), exact(result, value)


def about_rows(report: dict, result: Result):
    round_ = result.method.round.round
    items = [("round", report["round"]), ("title", report["title"]), ("authority", report["authority"]),
             ("complete", "yes" if report["complete"] else "no: figures are provisional"),
             ("currency", report["currency"]), ("decimals", report["decimals"]),
             ("aggregate", round_.aggregate), ("file fingerprint", report["fingerprint"]),
             ("method digest", report["method"]), ("sealed", report["sealed"]), ("made by", report["tool"]),
             ("figures", f"published figures, rounded half-up to {report['decimals']} decimal places; a column "
                         "ending _exact gives the exact value where it differs")]
    return ["item", "value"], items


def ranking_rows(report: dict, result: Result):
    groups = list(result.method.contributing_groups())
    columns = ["position", "rank", "tie", "bid", "bidder", "status", "partial", "total", "total_exact", "quality",
               "quality_exact", "price", "price_score", "price_score_exact"]
    columns += [f"contribution_{g}" for g in groups] + ["reasons", "missing"]
    order = {b.id: i for i, b in enumerate(result.ranking)}
    bids = sorted(result.bids, key=lambda b: (order.get(b.id, len(order)), result.bids.index(b)))
    data = {d["id"]: d for d in report["bids"]}
    rows = []
    for position, b in enumerate(bids, 1):
        d = data[b.id]
        price_score = b.price.score if b.price else None
        row = [position, d["rank"], "yes" if d["tie"] else "no", b.id, b.bid.bidder, d["status"],
               "yes" if d.get("partial", b.has_missing_scores) else "no",
               d["total"], exact(result, b.total) if d["total"] is not None else None,
               d["quality"], exact(result, b.quality) if d["quality"] is not None else None,
               b.bid.price, d["price_score"], exact(result, price_score)]
        row += [d["groups"].get(g) for g in groups]
        row += ["; ".join(d["reasons"]), "; ".join(d["missing"])]
        rows.append(row)
    return columns, rows


def stake_rows(report: dict, result: Result):
    method = result.method
    rows = [[g, method.round.groups[g].name, s["declared"], s["effective"],
             exact(result, method.effective_stake(g))] for g, s in report["stakes"].items()]
    return ["group", "name", "declared", "effective", "effective_exact"], rows


def criteria_rows(result: Result):
    method = result.method
    top = method.scale.top
    columns = ["criterion", "kind", "title", "section", "stage", "weight", "scale_max", "minimum", "assessed_by",
               "shares", "text"]
    rows = []
    for spec in method.round.criteria:
        scored = method.scored_by_id(spec.id)
        kind = "scored" if isinstance(spec, Scored) else spec.kind
        weight = getattr(spec, "weight", None)
        groups = scored.groups if scored else method.pass_fail_groups.get(spec.id, ())
        shares = "; ".join(f"{g} {fraction_text(scored.shares[g])} (weight {fraction_text(scored.portion(g))})"
                           for g in scored.groups) if scored else None
        rows.append([spec.id, kind, spec.title, getattr(spec, "section", None), getattr(spec, "stage", None),
                     weight, _num(top) if scored else None, getattr(spec, "minimum", None),
                     ", ".join(groups) or None, shares, getattr(spec, "text", None)])
    return columns, rows


def _num(value: Fraction) -> Decimal | str:
    """A figure of the method as a number where it is a decimal (a weight, a scale value), else as text."""
    if Fraction(Decimal(value.numerator) / Decimal(value.denominator)) == value:
        return Decimal(value.numerator) / Decimal(value.denominator)
    return fraction_text(value)


def bid_score_rows(result: Result):
    columns = ["bid", "criterion", "group", "group_score", "group_score_exact", "how", "missing",
               "criterion_score", "criterion_score_exact", "weighted", "weighted_exact"]
    rows = []
    for b in result.bids:
        for cid, c in b.criteria.items():
            s, s_exact = figure(result, c.score)
            w, w_exact = figure(result, c.weighted)
            for g, cell in c.groups.items():
                value = cell.value if isinstance(cell.value, Fraction) else None
                v, v_exact = figure(result, value)
                rows.append([b.id, cid, g, v, v_exact, cell.how, cell.missing_why, s, s_exact, w, w_exact])
    return columns, rows


def pass_fail_rows(result: Result):
    rows = [[b.id, cid, g, cell.value, cell.how, pf.outcome]
            for b in result.bids for cid, pf in b.pass_fail.items() for g, cell in pf.groups.items()]
    return ["bid", "criterion", "group", "mark", "how", "outcome"], rows


def individual_rows(result: Result):
    """One row per evaluator, bid and criterion scored, with reason; in the file's order."""
    round_ = result.method.round
    group_of = result.method.group_of
    columns = ["evaluator", "name", "group", "bid", "criterion", "score", "reason", "was", "why", "meeting"]
    rows = []
    for evaluator, bids in round_.scores.items():
        group = group_of.get(evaluator)
        name = round_.groups[group].members[evaluator].name if group else None
        for bid, cells in bids.items():
            for cid, entry in cells.items():
                rows.append([evaluator, name, group, bid, cid, entry.score, entry.reason, entry.was, entry.why,
                             entry.meeting])
    return columns, rows


def agreed_rows(result: Result):
    rows = [[g, bid, cid, a.score, a.reason, a.meeting]
            for g, bids in result.method.round.moderation.items() for bid, cells in bids.items()
            for cid, a in cells.items()]
    return ["group", "bid", "criterion", "score", "reason", "meeting"], rows


def log_rows(result: Result):
    """The moderation log (udc.analysis.moderation_log): one row per moderated cell."""
    columns = ["number", "group", "bid", "criterion", "scores_before", "scores_after", "figure_before",
               "figure_before_exact", "how_before", "figure_after", "figure_after_exact", "how_after",
               "changes", "agreed_score", "agreed_reason"]
    rows = []
    for r in moderation_log(result):
        before, before_exact = _log_figure(result, r.figure_before.value)
        after, after_exact = _log_figure(result, r.figure_after.value)
        changes = "; ".join(f"{c.evaluator} from {c.was} to {c.score}: {c.why}" for c in r.changes) or None
        rows.append([r.number, r.group, r.bid, r.criterion, _pairs(r.before), _pairs(r.after), before, before_exact,
                     r.figure_before.how, after, after_exact, r.figure_after.how, changes,
                     (r.agreed.score) if r.agreed else None, r.agreed.reason if r.agreed else None])
    return columns, rows


def _log_figure(result: Result, value):
    if isinstance(value, Fraction):
        return figure(result, value)
    if isinstance(value, Decimal):
        return figure(result, Fraction(value))
    return value, None


def _pairs(pairs) -> str:
    return ", ".join(f"{e} {s}" for e, s in pairs)

