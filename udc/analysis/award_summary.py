"""Assessment summaries (Procurement Act 2023 s.50, Procurement Regulations 2024 reg 31) as plain data.

One summary per assessed bid (every bid not withdrawn): the method, this
bid's scores with their explanations, sub-totals, total and rank; for a bid
not awarded, the same for the awarded bid(s) (their price score, never their
price) and why this bid was not awarded. A summary names no bid but its own
and the awarded one(s).

:func:`gaps` lists what stops a final summary (an incomplete round, no award,
a criterion without an explanation), each located in the round file.
"""

from __future__ import annotations

from fractions import Fraction

from udc import __version__
from udc.analysis.award_method import (
    criteria_rows,
    day,
    evaluator_labels,
    figure,
    group_name,
    joined,
    method_rules,
    money,
    scale_rows,
    scale_sentence,
    whole,
)
from udc.core.diagnostics import ERROR, Diagnostic
from udc.core.engine import FAIL, PASS, RANKED, WITHDRAWN, BidResult, Result
from udc.core.pipeline import Checked

FEEDBACK, AGREED, DRAFT = "feedback", "agreed", "draft"


# ---------------------------------------------------------------- explanations


def explanation(result: Result, b: BidResult, cid: str, draft: bool) -> tuple[str | None, str | None]:
    """(text, source) explaining bid ``b``'s score on ``cid``; source is feedback, agreed or draft."""
    round_ = result.method.round
    given = round_.feedback.get(b.id, {}).get(cid)
    if given:
        return given, FEEDBACK
    cells = b.criteria[cid].groups if cid in b.criteria else b.pass_fail[cid].groups if cid in b.pass_fail else {}
    agreed = {g: c.agreed.reason for g, c in cells.items() if c.agreed is not None and c.agreed.reason}
    if cells and len(agreed) == len(cells):
        if len(agreed) == 1:
            return next(iter(agreed.values())), AGREED
        return " ".join(f"{group_name(round_, g)}: {r}" for g, r in agreed.items()), AGREED
    if not draft:
        return None, None
    labels = evaluator_labels(round_)
    parts = [f"{group_name(round_, g)} (agreed): {r}" for g, r in agreed.items()]
    parts += [f"{labels[e]}: {s.reason}" for c in cells.values() for e, s in c.entries if s.reason]
    return (" ".join(parts), DRAFT) if parts else (None, None)


# ---------------------------------------------------------------- what stops a final summary


def assessed(result: Result) -> list[BidResult]:
    return [b for b in result.bids if b.status != WITHDRAWN]


def gaps(checked: Checked, result: Result) -> list[Diagnostic]:
    """Every reason a final (not draft) summary cannot be written, located in the file."""
    source, round_ = checked.loaded.source, result.method.round
    found = []
    for b in assessed(result):
        for cid, crit in sorted(b.criteria.items()):
            for g, cell in crit.groups.items():
                if cell.missing_why:
                    loc = ("scores", cell.silent[0], b.id) if cell.silent else ("moderation", g, b.id)
                    found.append(source.diagnostic(loc, f"bid '{b.id}' has no {group_name(round_, g)} score on "
                                                   f"{cid}: {cell.missing_why}; expected a complete round",
                                                   ERROR, code="incomplete"))
        for cid, pf in sorted(b.pass_fail.items()):
            if pf.outcome not in (PASS, FAIL):
                found.append(source.diagnostic(("scores",), f"bid '{b.id}' has no settled mark on {cid}; expected "
                                               "every pass-fail criterion settled", ERROR, code="incomplete"))
    if round_.award is None:
        found.append(source.diagnostic(("award",), "no award is recorded; expected an 'award' block (decided, by, "
                                       "bids) before assessment summaries are sent", ERROR, code="no-award"))
    for b in assessed(result):
        for cid in b.criteria:
            if explanation(result, b, cid, draft=False)[0] is None:
                found.append(source.diagnostic(("feedback", b.id), f"no explanation of bid '{b.id}' on {cid}; "
                                               f"expected 'feedback: {b.id}: {cid}: <text>' or an agreed reason "
                                               f"from every group that assesses {cid}", ERROR, key=True,
                                               code="no-explanation"))
    return found


# ---------------------------------------------------------------- one bid's figures


def bid_part(result: Result, b: BidResult, own: bool, draft: bool) -> dict:
    """A bid's scores, explanations, sub-totals, total and rank; its price only when ``own``."""
    method, round_ = result.method, result.method.round
    top = method.scale.top
    rows = []
    for c in method.scored:
        cr = b.criteria[c.id]
        text, source = explanation(result, b, c.id, draft)
        rows.append({"id": c.id, "title": c.spec.title, "section": c.spec.section, "stage": c.spec.stage,
                     "score": figure(result, cr.score), "max": whole(top), "weighted": figure(result, cr.weighted),
                     "weight": whole(c.weight), "explanation": text, "source": source})
    pass_fail = []
    for spec in method.pass_fail:
        text, source = explanation(result, b, spec.id, draft) if round_.feedback.get(b.id, {}).get(spec.id) \
            else (None, None)
        pass_fail.append({"id": spec.id, "title": spec.title, "outcome": b.pass_fail[spec.id].outcome,
                          "explanation": text, "source": source})
    price = None
    if method.price is not None and b.price is not None:
        price = {"title": method.price.title, "weight": whole(Fraction(method.price.weight)),
                 "score": figure(result, b.price.score),
                 "price": money(round_, b.bid.price) if own and b.bid.price is not None else None}
    return {"id": b.id, "bidder": b.bid.bidder, "rows": rows, "pass_fail": pass_fail, "price": price,
            "sections": subtotals(result, b, "section"), "stages": subtotals(result, b, "stage"),
            "quality": figure(result, b.quality), "quality_of": whole(method.quality_weight),
            "total": figure(result, b.total), "rank": b.rank, "tie": b.tie, "status": b.status,
            "partial": bool(b.missing)}


def subtotals(result: Result, b: BidResult, key: str) -> list[dict]:
    """Weighted sub-totals by section or stage, in the order they first appear; price is its own section."""
    totals: dict[str, list[Fraction]] = {}
    for c in result.method.scored:
        label = getattr(c.spec, key)
        if label is None:
            continue
        got, of = totals.setdefault(label, [Fraction(0), Fraction(0)])
        weighted = b.criteria[c.id].weighted
        totals[label] = [got + (weighted or 0), of + c.weight]
    if key == "section" and result.method.price is not None and b.price is not None:
        label = result.method.price.section or "Price"
        got, of = totals.get(label, [Fraction(0), Fraction(0)])
        totals[label] = [got + b.price.score, of + Fraction(result.method.price.weight)]
    return [{"label": k, "value": figure(result, v), "of": whole(o)} for k, (v, o) in totals.items()]


# ---------------------------------------------------------------- the outcome


def awarded_ids(result: Result) -> list[str]:
    award = result.method.round.award
    return list(dict.fromkeys(award.bids)) if award is not None else []


def outcome(result: Result, b: BidResult) -> list[str]:
    """Why this bid was, or was not, awarded: sentences that name no other bidder."""
    award, winners = result.method.round.award, awarded_ids(result)
    ranked = sum(1 for x in result.bids if x.status == RANKED)
    if award is None:
        return ["No award has been recorded yet."]
    if b.id in winners:
        lines = ["This tender is the most advantageous tender and is awarded the contract." if len(winners) == 1
                 else f"This tender is one of the {len(winners)} most advantageous tenders, and is awarded a place "
                      "as the award records."]
        if award.reason:
            lines.append(f"The award's reason: {award.reason}")
        return lines
    if b.status != RANKED:
        if not b.reasons:
            return [f"This tender has no rank yet: its assessment is incomplete ({len(b.missing)} score"
                    f"{'s' if len(b.missing) != 1 else ''} missing)."]
        return ["This tender was not awarded because it was out of contention, for these reasons:",
                *[f"{r[0].upper()}{r[1:]}." for r in b.reasons]]
    lowest = min((result.bid(w) for w in winners), key=lambda w: result.publish(w.total))
    gap = result.publish(lowest.total) - result.publish(b.total)
    tie = " (a tie: another tender has the same rank)" if b.tie else ""
    lines = [f"This tender ranked {b.rank} of {ranked} tenders in contention{tie}, with a total of "
             f"{figure(result, b.total)}."]
    what = "the awarded tender" if len(winners) == 1 else "the lowest-scoring awarded tender"
    if gap > 0:
        lines.append(f"It was not awarded: {what} scored {figure(result, lowest.total)}, {format(gap, 'f')} points "
                     "more.")
    else:
        lines.append(f"It was not awarded, although its total is not below that of {what} "
                     f"({figure(result, lowest.total)}).")
    if award.reason:
        lines.append(f"The award's reason: {award.reason}")
    return lines


# ---------------------------------------------------------------- the summary


def summary(checked: Checked, result: Result, bid_id: str, draft: bool) -> dict:
    """The assessment summary of one assessed bid, as plain data."""
    method, round_ = result.method, result.method.round
    b = result.bid(bid_id)
    winners = [] if bid_id in awarded_ids(result) else awarded_ids(result)
    award = round_.award
    return {
        "draft": draft,
        "round": {"id": round_.round.id, "title": round_.round.title, "authority": round_.round.authority},
        "bid": {"id": b.id, "bidder": b.bid.bidder},
        "awarded": award is not None and bid_id in award.bids,
        "award": None if award is None else {"decided": day(award.decided), "by": award.by,
                                             "notice": day(award.notice), "count": len(awarded_ids(result))},
        "criteria": criteria_rows(method),
        "scale": scale_rows(method),
        "scale_sentence": scale_sentence(method),
        "rules": method_rules(method),
        "own": bid_part(result, b, own=True, draft=draft),
        "winners": [bid_part(result, result.bid(w), own=False, draft=draft) for w in winners],
        "outcome": outcome(result, b),
        "complete": result.complete,
        "fingerprint": checked.loaded.fingerprint,
        "tool": f"udc {__version__}",
        "names": sorted({b.id, *winners}),
    }


def summaries(checked: Checked, result: Result, draft: bool, only: str | None = None) -> list[dict]:
    """Every assessed bid's summary (or only ``only``'s), in the file's order."""
    return [summary(checked, result, b.id, draft) for b in assessed(result) if only in (None, b.id)]


__all__ = ["gaps", "summaries", "summary", "explanation", "joined"]
