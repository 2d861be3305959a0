"""The result as plain data: the JSON result of the spec, shared by every view.

Numbers here are published figures (:class:`~decimal.Decimal`, rounded
half-up to the round's ``decimals``); :func:`to_json` turns them into JSON
numbers. Bids are listed in the file's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from udc import __version__
from udc.core.diagnostics import WARNING
from udc.core.engine import MODERATED, BidResult, CriterionResult, GroupCell, Result
from udc.core.numbers import plain
from udc.core.pipeline import Checked
from udc.core.seal import method_digest


@dataclass(frozen=True)
class BidFigures:
    """One bid's published figures, as every view shows them.

    ``partial``: the bid has a scored cell without a figure, so quality, total and
    the group contributions are sums over what could be formed. ``empty``: no
    criterion score could be formed at all, so quality, total and the group
    contributions are None (shown as a dash, null in JSON), never 0.
    """

    result: BidResult
    total: Decimal | None
    quality: Decimal | None
    price_score: Decimal | None  # None when the round has no price criterion
    groups: dict[str, Decimal | None]
    partial: bool
    empty: bool

    @property
    def id(self) -> str:
        return self.result.id

    @property
    def bidder(self) -> str:
        return self.result.bid.bidder

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def rank(self) -> int | None:
        return self.result.rank

    @property
    def tie(self) -> bool:
        return self.result.tie


@dataclass(frozen=True)
class OutOf:
    """What each figure is out of: the total of 100, quality out of the scored weights, stakes."""

    total: Decimal
    quality: Decimal
    price: Decimal | None
    groups: dict[str, Decimal]


def figures(result: Result, b: BidResult) -> BidFigures:
    pub = result.publish
    empty = bool(b.criteria) and all(c.score is None for c in b.criteria.values())
    price = pub(b.price.score) if b.price is not None else None
    return BidFigures(
        result=b,
        total=None if empty else pub(b.total),
        quality=None if empty else pub(b.quality),
        price_score=price,
        groups={g: None if empty else pub(v) for g, v in b.contributions.items()},
        partial=b.has_missing_scores and not empty,
        empty=empty,
    )


def ordered(result: Result) -> list[BidFigures]:
    """Every bid's figures, ranked bids first by rank, then the others by total (highest first)."""
    order = sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0, -b.total, b.id))
    return [figures(result, b) for b in order]


def out_of(result: Result) -> OutOf:
    method = result.method

    def limit(value: Fraction) -> Decimal:  # as people write it: 70, 33.33
        return Decimal(plain(result.publish(value)))

    return OutOf(total=Decimal(100), quality=limit(method.quality_weight),
                 price=limit(Fraction(method.price.weight)) if method.price is not None else None,
                 groups={g: limit(method.effective_stake(g)) for g in method.contributing_groups()})


def has_tie(result: Result) -> bool:
    return any(b.tie for b in result.bids)


def build(checked: Checked, result: Result) -> dict:
    """The JSON result: the spec's fields, then extras a report needs."""
    method, round_ = result.method, result.method.round
    pub = result.publish
    stakes = {g: {"declared": round_.groups[g].stake, "effective": pub(method.effective_stake(g)),
                  "name": round_.groups[g].name} for g in method.groups}
    limits = out_of(result)
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
        "out_of": {"total": limits.total, "quality": limits.quality, "price": limits.price,
                   "groups": limits.groups},
        "bids": [bid_data(result, b) for b in result.bids],
        "separations": [{"above": s.above, "below": s.below, "key": s.key} for s in result.separations],
        "warnings": [d.as_dict() for d in checked.diagnostics if d.severity == WARNING],
    }


def bid_data(result: Result, b: BidResult) -> dict:
    f = figures(result, b)
    return {
        "id": b.id,
        "bidder": b.bid.bidder,
        "status": b.status,
        "rank": b.rank,
        "tie": b.tie,
        "partial": f.partial,
        "total": f.total,
        "quality": f.quality,
        "price_score": f.price_score if f.price_score is not None else Decimal(0),
        "price": b.bid.price,
        "groups": f.groups,
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
        exponent = value.as_tuple().exponent  # a letter for NaN and infinity
        whole = isinstance(exponent, int) and exponent >= 0 and value == value.to_integral_value()
        return int(value) if whole else float(value)
    if isinstance(value, Fraction):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(data: object) -> str:
    """JSON text; published decimals become JSON numbers (display only: ranks are already decided)."""
    from udc.views.jsontext import dumps

    return dumps(data, _default) + "\n"  # json.dumps(indent=2, ensure_ascii=False)'s text, faster
