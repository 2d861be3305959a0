"""The result as plain data: the JSON result of the spec, shared by every view.

Numbers here are published figures (:class:`~decimal.Decimal`, rounded
half-up to the round's ``decimals``); :func:`to_json` turns them into JSON
numbers. Bids are listed in the file's order.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from udc import __version__
from udc.core.engine import MODERATED, BidResult, CriterionResult, GroupCell, Result
from udc.core.pipeline import Checked
from udc.core.seal import method_digest


def build(checked: Checked, result: Result) -> dict:
    """The JSON result: the spec's fields, then extras a report needs."""
    method, round_ = result.method, result.method.round
    pub = result.publish
    stakes = {g: {"declared": round_.groups[g].stake, "effective": pub(method.effective_stake(g)),
                  "name": round_.groups[g].name} for g in method.groups}
    return {
        "round": round_.round.id,
        "title": round_.round.title,
        "authority": round_.round.authority,
        "fingerprint": checked.loaded.fingerprint,
        "method": method_digest(round_),
        "sealed": round_.seal.sealed.isoformat() if round_.seal else None,
        "tool": f"udc {__version__}",
        "decimals": round_.round.decimals,
        "currency": round_.round.currency,
        "complete": result.complete,
        "stakes": stakes,
        "bids": [bid_data(result, b) for b in result.bids],
        "separations": [{"above": s.above, "below": s.below, "key": s.key} for s in result.separations],
        "warnings": [d.as_dict() for d in checked.diagnostics if d.severity == "warning"],
    }


def bid_data(result: Result, b: BidResult) -> dict:
    pub = result.publish
    price = b.price
    return {
        "id": b.id,
        "bidder": b.bid.bidder,
        "status": b.status,
        "rank": b.rank,
        "tie": b.tie,
        "total": pub(b.total),
        "quality": pub(b.quality),
        "price_score": pub(price.score) if price else Decimal(0),
        "price": b.bid.price,
        "groups": {g: pub(v) for g, v in b.contributions.items()},
        "criteria": {cid: criterion_data(result, c) for cid, c in b.criteria.items()},
        "pass_fail": {cid: {"outcome": pf.outcome, "groups": {g: cell.value for g, cell in pf.groups.items()}}
                      for cid, pf in b.pass_fail.items()},
        "reasons": list(b.reasons),
        "missing": list(b.missing),
    }


def criterion_data(result: Result, c: CriterionResult) -> dict:
    pub = result.publish
    return {
        "score": pub(c.score) if c.score is not None else None,
        "weighted": pub(c.weighted) if c.weighted is not None else None,
        "groups": {g: group_figure(result, cell) for g, cell in c.groups.items()},
        "moderated": sorted(g for g, cell in c.groups.items() if cell.how == MODERATED),
    }


def group_figure(result: Result, cell: GroupCell):
    if isinstance(cell.value, Fraction):
        return result.publish(cell.value)
    return cell.value


def _default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 \
            else float(value)
    if isinstance(value, Fraction):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(data: object) -> str:
    """JSON text; published decimals become JSON numbers (display only: ranks are already decided)."""
    return json.dumps(data, default=_default, indent=2, ensure_ascii=False) + "\n"
