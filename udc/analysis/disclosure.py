"""The pack owed to a provider during standstill (Provider Selection Regime): plain data.

For the provider's bid and the awarded bid(s): each evaluator's score and
comments on every criterion, the changes they made at moderation, and the
agreed (consensus) scores and reasons. Evaluators appear by role (``role``,
else their group's name and a number), never by name unless asked. No other
bid is named and no price but the provider's own is shown.
"""

from __future__ import annotations

from udc import __version__
from udc.analysis.award_method import day, evaluator_labels, figure, group_name, money, whole
from udc.analysis.award_summary import awarded_ids
from udc.analysis.decision_record import person
from udc.analysis.moderation_log import value_text
from udc.core.engine import BidResult, Result
from udc.core.pipeline import Checked


def _cells(result: Result, b: BidResult, label) -> list[dict]:
    round_ = result.method.round
    rows = []
    for spec in round_.criteria:
        holder = b.criteria.get(spec.id) or b.pass_fail.get(spec.id)
        if holder is None:
            continue
        groups = []
        for gid, cell in holder.groups.items():
            entries = [{"who": label(e), "score": value_text(s.score), "reason": s.reason,
                        "was": None if s.was is None else value_text(s.was), "why": s.why} for e, s in cell.entries]
            entries += [{"who": label(e), "score": "none (conflict of interest declared)", "reason": None,
                         "was": None, "why": None} for e in cell.conflicted]
            agreed = None if cell.agreed is None else {"score": value_text(cell.agreed.score),
                                                       "reason": cell.agreed.reason or "no reason recorded"}
            groups.append({"group": group_name(round_, gid), "entries": entries, "agreed": agreed,
                           "figure": figure(result, cell.value) if not isinstance(cell.value, str) else cell.value})
        score = getattr(holder, "score", None)
        rows.append({"id": spec.id, "title": spec.title, "groups": groups,
                     "score": figure(result, score) if score is not None else getattr(holder, "outcome", None),
                     "max": whole(result.method.scale.top) if hasattr(holder, "score") else None,
                     "feedback": round_.feedback.get(b.id, {}).get(spec.id)})
    return rows


def disclosure(checked: Checked, result: Result, bid_id: str, names: bool) -> dict:
    round_ = result.method.round
    labels = evaluator_labels(round_)
    label = (lambda e: person(round_, e)) if names else (lambda e: labels[e])
    shown = [bid_id] + [w for w in awarded_ids(result) if w != bid_id]
    bids = []
    for bid in shown:
        b = result.bid(bid)
        bids.append({"id": b.id, "bidder": b.bid.bidder, "own": bid == bid_id,
                     "awarded": bid in awarded_ids(result), "criteria": _cells(result, b, label),
                     "total": figure(result, b.total), "rank": b.rank,
                     "price": money(round_, b.bid.price) if bid == bid_id and b.bid.price is not None else None,
                     "price_score": figure(result, b.price.score) if b.price else None})
    award = round_.award
    return {"round": {"id": round_.round.id, "title": round_.round.title, "authority": round_.round.authority},
            "bid": {"id": bid_id, "bidder": result.bid(bid_id).bid.bidder}, "names": names,
            "award": None if award is None else {"decided": day(award.decided), "notice": day(award.notice)},
            "bids": bids, "fingerprint": checked.loaded.fingerprint, "tool": f"udc {__version__}"}
