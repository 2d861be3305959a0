"""The audit trail in words, for screen readers: the same steps as :mod:`udc.views.audit`, no symbols.

No arrows, approximately-equal signs, multiplication signs, bars or fractions:
each step is a sentence with published figures ("the mean of 4, 4 and 3 is
3.67"). Figures are rounded half-up from the exact values the engine used.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from udc.core.engine import MODERATED, BidResult, CriterionResult, GroupCell, Result
from udc.core.fields import ABSENT
from udc.core.numbers import cell_figure, exact_text, is_terminating, plain, publish
from udc.views.audit import Section, money, thresholds


def words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number(value) -> str:
    """A score as written (``4``, ``3.5``) or an exact figure, published."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Fraction):
        if is_terminating(value):
            return exact_text(value)
        return "about " + plain(publish(value, 6))
    return str(value)


def trail(result: Result) -> list[Section]:
    return [bid_section(result, b) for b in result.bids]


def bid_section(result: Result, b: BidResult) -> Section:
    method, pub = result.method, result.publish
    info = method.round.round
    lines: list[str] = []
    if b.bid.withdrawn:
        lines.append("Withdrawn: scored where scores exist, never ranked.")
    for spec in method.round.criteria:
        if spec.id in b.criteria:
            lines.extend(criterion_lines(result, b.criteria[spec.id]))
        elif spec.id in b.pass_fail:
            pf = b.pass_fail[spec.id]
            lines.append(f"{spec.id} {spec.title}, a pass or fail criterion.")
            for g, cell in pf.groups.items():
                lines.append(f"{g} marks: {members(cell)}. Outcome for {g}: {outcome(cell)}.")
            lines.append(f"The outcome of {spec.id} is {pf.outcome}.")
    formed = [f"{cid} {pub(c.weighted)}" for cid, c in b.criteria.items() if c.weighted is not None]
    if b.criteria and not formed:
        lines.append("No criterion score could be formed, so the bid has no quality figure.")
    else:
        lines.append(f"Quality is {pub(b.quality)} points out of {pub(method.quality_weight)}"
                     + (f", the sum of {words(formed)}." if formed else "."))
        parts = [f"{g} {pub(v)}" for g, v in b.contributions.items()]
        if parts:
            lines.append(f"Of that quality, the groups give {words(parts)}.")
    lines.extend(price_lines(result, b, info.currency))
    if not (b.criteria and not formed):
        lines.append(f"The total, quality plus price score, is {pub(b.total)} points out of 100.")
    lines.extend(threshold_lines(result, b))
    if b.missing:
        lines.append("Missing: " + "; ".join(b.missing) + ".")
    if b.reasons:
        lines.append("Out of contention: " + "; ".join(b.reasons) + ".")
    status = f"rank {b.rank}{', shared' if b.tie else ''}" if b.rank else b.status
    return Section(f"{b.bid.bidder} ({b.id}): {status}.", lines)


def criterion_lines(result: Result, c: CriterionResult) -> list[str]:
    method, pub = result.method, result.publish
    crit = c.criterion
    lines = [f"{crit.id} {crit.spec.title}, weight {number(crit.weight)}."]
    for g, cell in c.groups.items():
        lines.append(f"{g} scores: {members(cell)}.")
        lines.append(formation(result, g, cell))
    if c.score is None or c.weighted is None:  # None together
        lines.append(f"The score for {crit.id} could not be formed: a group figure is missing.")
        return lines
    if len(c.groups) == 1:
        lines.append(f"The score for {crit.id} is the {next(iter(c.groups))} figure, {pub(c.score)}.")
    else:
        shares = words([f"{g} {pub(cell_figure(cell.value))} with share {number(crit.shares[g])}"
                        for g, cell in c.groups.items()])
        lines.append(f"The score for {crit.id} is {pub(c.score)}: the groups' figures weighted by their shares, "
                     f"{shares}.")
    lines.append(f"Weighted by {number(crit.weight)} for a top score of {number(method.scale.top)}, "
                 f"it gives {pub(c.weighted)} points.")
    return lines


def entry(eid: str, s) -> str:
    if s.score == ABSENT:
        text = f"{eid} absent"
    elif s.was is not None:
        text = f"{eid} {number(s.score)}, changed at moderation from {number(s.was)} because {s.why}"
    else:
        text = f"{eid} {number(s.score)}"
    return text + (f", reason: {s.reason}" if s.reason else "")


def members(cell: GroupCell) -> str:
    parts = [entry(e, s) for e, s in cell.entries]
    parts += [f"{e} conflicted, not counted" for e in cell.conflicted]
    parts += [f"{e} owes a score" for e in cell.silent]
    return "; ".join(parts) if parts else "no scores"


def formation(result: Result, group: str, cell: GroupCell) -> str:
    if cell.how == MODERATED:
        value = result.publish(cell.value) if isinstance(cell.value, Fraction) else cell.value
        reason = f", reason: {cell.agreed.reason}" if cell.agreed is not None and cell.agreed.reason else ""
        return f"The {group} figure was agreed at moderation: {value}{reason}."
    if cell.value is None:
        return f"The {group} figure is missing: {cell.missing_why}."
    values = words([number(s.score) for _, s in cell.counted])
    absent = f", leaving out {len(cell.absent)} absent" if cell.absent else ""
    return f"The {cell.how} of {values}{absent} is {result.publish(cell_figure(cell.value))}."


def outcome(cell: GroupCell) -> str:
    if cell.how == MODERATED:
        return f"agreed {cell.value} at moderation"
    if cell.value is None:
        return f"unsettled, {cell.missing_why}"
    return "unsettled, the marks disagree" if cell.value not in ("pass", "fail") else str(cell.value)


def price_lines(result: Result, b: BidResult, currency: str) -> list[str]:
    p, method = b.price, result.method
    if p is None:
        return []
    if p.fraction is None or method.price is None:  # a price score needs a price criterion
        return [f"Price {money(p.price, currency)}: no price score."]
    weight = number(Fraction(method.price.weight))
    if p.method == "lowest":
        how = (f"the lowest price, {money(p.lowest, currency)}, divided by this bid's price, "
               f"{money(p.price, currency)}")
    else:
        how = (f"one minus how far this bid's price, {money(p.price, currency)}, is above the lowest, "
               f"{money(p.lowest, currency)}, as a share of the lowest")
    return [f"Price score is {result.publish(p.score)} out of {weight}: {how}, times the price weight."]


def threshold_lines(result: Result, b: BidResult) -> list[str]:
    currency = result.method.round.round.currency
    lines = []
    for t in thresholds(result, b):
        meets = "meets it" if t.met else "does not meet it"
        if t.kind == "criterion" and t.value is None:
            lines.append(f"The minimum for {t.criterion}, {t.limit}, is not judged: the score could not be formed.")
        elif t.kind == "criterion":
            lines.append(f"The minimum for {t.criterion} is {t.limit}; its score of {t.value} {meets}.")
        elif t.kind == "quality" and t.value is None:
            lines.append(f"The minimum quality, {t.limit} percent, is not judged: scores are missing.")
        elif t.kind == "quality":
            lines.append(f"The minimum quality is {t.limit} percent of the available marks; "
                         f"its {t.value} percent {meets}.")
        else:
            lines.append(f"The budget is {money(t.limit, currency)}; the price, "
                         f"{money(t.value, currency)}, is {'within' if t.met else 'above'} it.")
    return lines
