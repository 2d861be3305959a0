"""The audit trail: how every figure of every bid was made, as sections of text.

One source for every view: the rich table, Markdown and plain text all show
the same sentences. Exact values are shown as fractions where they do not
terminate (``11/3 ≈ 3.666667``) and then as published.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from udc.core.engine import FAIL, MODERATED, PASS, BidResult, CriterionResult, GroupCell, PriceResult, Result
from udc.core.fields import ABSENT
from udc.core.model import ScoreEntry
from udc.core.numbers import cell_figure, fraction_text


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]


def money(value: Decimal | None, currency: str) -> str:
    if value is None:
        return "no price"
    return f"{currency} {value:,}"


def trail(result: Result) -> list[Section]:
    return [bid_section(result, b) for b in result.bids]


def bid_section(result: Result, b: BidResult) -> Section:
    method = result.method
    info = method.round.round
    pub = result.publish
    lines: list[str] = []
    if b.bid.withdrawn:
        lines.append("Withdrawn: scored where scores exist, never ranked.")
    for spec in method.round.criteria:
        if spec.id in b.criteria:
            lines.extend(criterion_lines(result, b.criteria[spec.id]))
        elif spec.id in b.pass_fail:
            pf = b.pass_fail[spec.id]
            lines.append(f"{spec.id} {spec.title} (pass/fail):")
            for g, cell in pf.groups.items():
                lines.append(f"  {g}: {cell_members(cell)} → {cell_outcome(cell)}")
            lines.append(f"  outcome: {pf.outcome}")
    quality_parts = " + ".join(f"{cid} {fraction_text(c.weighted)}"
                               for cid, c in b.criteria.items() if c.weighted is not None)
    lines.append(f"Quality = {quality_parts or '0'} = {fraction_text(b.quality)} → {pub(b.quality)}")
    contributions = "; ".join(f"{g} {fraction_text(v)} → {pub(v)}" for g, v in b.contributions.items())
    lines.append(f"Group contributions (they add up to quality): {contributions}")
    if b.price is not None:
        p = b.price
        if p.fraction is None:
            lines.append(f"Price: {money(p.price, info.currency)}; no price score")
        else:
            lines.append(price_line(result, p))
    lines.append(f"Total = quality + price = {fraction_text(b.total)} → {pub(b.total)}")
    lines.extend(threshold_lines(result, b))
    if b.missing:
        lines.append("Missing: " + "; ".join(b.missing))
    if b.reasons:
        lines.append("Out of contention: " + "; ".join(b.reasons))
    status = f"rank {b.rank}{' (tie)' if b.tie else ''}" if b.rank else b.status
    return Section(f"{b.bid.bidder} ({b.id}): {status}", lines)


def price_line(result: Result, p: PriceResult) -> str:
    """How the price score is formed, from the prices to the published figure."""
    spec, pub, currency = result.method.price, result.publish, result.method.round.round.currency
    assert spec is not None and p.fraction is not None  # a price score: a price criterion and a fraction
    weighted = (f"× weight {fraction_text(Fraction(spec.weight))} = {fraction_text(p.score)} "
                f"→ {pub(p.score)}")
    if p.method == "lowest":
        below = p.price is not None and p.lowest is not None and p.price < p.lowest
        capped = " (capped at 1)" if p.fraction == 1 and below else ""
        return (f"Price ({p.method}): lowest {money(p.lowest, currency)} / this bid "
                f"{money(p.price, currency)} = {fraction_text(p.fraction)}{capped}; {weighted}")
    return (f"Price ({p.method}): 1 − ({money(p.price, currency)} − {money(p.lowest, currency)}) / "
            f"{money(p.lowest, currency)} = {fraction_text(p.fraction)} (between 0 and 1); {weighted}")


def criterion_lines(result: Result, c: CriterionResult) -> list[str]:
    method, pub = result.method, result.publish
    crit = c.criterion
    lines = [f"{crit.id} {crit.spec.title} (weight {fraction_text(crit.weight)}):"]
    for g, cell in c.groups.items():
        lines.append(f"  {g}: {cell_members(cell)}")
        lines.append(f"    → {cell_formation(result, cell)}")
    if c.score is None or c.weighted is None:  # None together
        lines.append("  criterion score: not formed (a group figure is missing)")
        return lines
    if len(c.groups) == 1:
        only = next(iter(c.groups))
        lines.append(f"  criterion score S = the {only} figure = {fraction_text(c.score)} → {pub(c.score)}")
    else:
        terms = " + ".join(f"{fraction_text(crit.shares[g])} × {fraction_text(cell_figure(cell.value))}"
                           for g, cell in c.groups.items())
        shares = " + ".join(fraction_text(crit.shares[g]) for g in c.groups)
        lines.append(f"  criterion score S = ({terms}) / ({shares}) = {fraction_text(c.score)} → {pub(c.score)}")
    lines.append(f"  weighted W = {fraction_text(crit.weight)} × S / {fraction_text(method.scale.top)} "
                 f"= {fraction_text(c.weighted)} → {pub(c.weighted)}")
    return lines


def entry_text(eid: str, entry: ScoreEntry) -> str:
    score = entry.score if entry.score == ABSENT else format(entry.score, "f") if isinstance(entry.score, Decimal) \
        else entry.score
    text = f"{eid} {score}"
    if entry.was is not None:
        text = f"{eid} {entry.was} → {score} (changed at moderation: {entry.why})"
    if entry.reason:
        text += f' "{entry.reason}"'
    return text


def cell_members(cell: GroupCell) -> str:
    parts = [entry_text(e, s) for e, s in cell.entries]
    parts += [f"{e} conflicted, not counted" for e in cell.conflicted]
    parts += [f"{e} owes a score" for e in cell.silent]
    return "; ".join(parts) if parts else "no scores"


def cell_formation(result: Result, cell: GroupCell) -> str:
    if cell.how == MODERATED:
        reason = f' "{cell.agreed.reason}"' if cell.agreed is not None and cell.agreed.reason else ""
        value = fraction_text(cell.value) if isinstance(cell.value, Fraction) else cell.value
        return f"agreed at moderation: {value}{reason} (replaces {before_text(result, cell)})"
    if cell.value is None:
        return f"missing: {cell.missing_why}"
    values = ", ".join(format(s.score, "f") for _, s in cell.counted)
    absent = f", leaving out {len(cell.absent)} absent" if cell.absent else ""
    formed = cell_figure(cell.value)
    text = f"{cell.how} of {values}{absent} = {fraction_text(formed)} → {result.publish(formed)}"
    if any(s.was is not None for _, s in cell.entries):
        text += f" (before moderation: {before_text(result, cell)})"
    return text


def before_text(result: Result, cell: GroupCell) -> str:
    """The group figure the scores as first given formed: ``the mean of 2, 1, 3 = 2 → 2.00``."""
    from udc.analysis.moderation_log import before_moderation

    aggregate = result.method.round.round.aggregate
    figure = before_moderation(result, cell)
    firsts = [s.was if s.was is not None else s.score for _, s in cell.entries]
    if not isinstance(figure.value, Fraction):
        return f"the {aggregate}" + ("" if figure.value is None else f" ({figure.value})")
    values = ", ".join(format(v, "f") for v in firsts if v != ABSENT)
    return f"the {figure.how} of {values} = {fraction_text(figure.value)} → {result.publish(figure.value)}"


def cell_outcome(cell: GroupCell) -> str:
    if cell.how == MODERATED:
        said = cell.agreed.reason if cell.agreed is not None else None
        return f"agreed {cell.value} at moderation" + (f' "{said}"' if said else "")
    if cell.value is None:
        return f"unsettled: {cell.missing_why}"
    return "unsettled: the marks disagree" if cell.value not in (PASS, FAIL) else str(cell.value)


@dataclass(frozen=True)
class Threshold:
    """One threshold a bid is judged against: ``value`` is None where it could not be judged."""

    kind: str  # "criterion", "quality" (percent of the available marks) or "budget"
    limit: Decimal
    value: Decimal | None
    met: bool | None
    criterion: str = ""


def thresholds(result: Result, b: BidResult) -> list[Threshold]:
    """Every threshold that applies to ``b``, judged on published figures, as the engine judges them."""
    method, pub = result.method, result.publish
    info = method.round.round
    found = []
    for cid, c in b.criteria.items():
        minimum = c.criterion.spec.minimum
        if minimum is None:
            continue
        score = None if c.score is None else pub(c.score)
        found.append(Threshold("criterion", minimum, score, None if score is None else score >= minimum, cid))
    if info.minimum_quality is not None and method.quality_weight:
        percent = None if b.has_missing_scores else pub(b.quality * 100 / method.quality_weight)
        found.append(Threshold("quality", info.minimum_quality, percent,
                               None if percent is None else percent >= info.minimum_quality))
    if info.budget is not None and b.bid.price is not None:
        found.append(Threshold("budget", info.budget, b.bid.price, b.bid.price <= info.budget))
    return found


def threshold_lines(result: Result, b: BidResult) -> list[str]:
    currency = result.method.round.round.currency
    lines = []
    for t in thresholds(result, b):
        if t.kind == "criterion" and t.value is None:
            lines.append(f"Minimum for {t.criterion} ({t.limit}): not judged, the score could not be formed")
        elif t.kind == "criterion":
            lines.append(f"Minimum for {t.criterion}: S {t.value} against {t.limit}: {'met' if t.met else 'NOT met'}")
        elif t.kind == "quality" and t.value is None:
            lines.append(f"Minimum quality {t.limit}%: not judged, scores are missing")
        elif t.kind == "quality":
            lines.append(f"Minimum quality {t.limit}%: {t.value}% of the available marks: "
                         f"{'met' if t.met else 'NOT met'}")
        else:
            lines.append(f"Budget {money(t.limit, currency)}: price {money(t.value, currency)} "
                         f"{'within' if t.met else 'ABOVE'}")
    return lines
