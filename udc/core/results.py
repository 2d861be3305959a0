"""What the engine gives: a scored round's results, bid by bid, cell by cell.

Plain dataclasses holding exact figures (:class:`~fractions.Fraction`), and the
words of a cell's formation, a pass/fail outcome and a bid's status. They are
formed by :mod:`udc.core.engine` (bids), :mod:`udc.core.blend` (cells and
criteria) and :mod:`udc.core.ranking` (ranks and tie-breaks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from udc.core.fields import ABSENT
from udc.core.method import Method, ScoredCriterion
from udc.core.model import AgreedScore, Bid, PassFail, ScoreEntry
from udc.core.numbers import publish
from udc.core.statuses import BidStatus, How, Outcome

MODERATED = How.MODERATED
PASS, FAIL, UNSETTLED = Outcome.PASS, Outcome.FAIL, Outcome.UNSETTLED
RANKED, DISQUALIFIED, WITHDRAWN, INCOMPLETE = (BidStatus.RANKED, BidStatus.DISQUALIFIED, BidStatus.WITHDRAWN,
                                              BidStatus.INCOMPLETE)


@dataclass(frozen=True)
class GroupCell:
    """One group's figure for one bid on one criterion, and how it was formed."""

    group: str
    value: Fraction | str | None  # a score, a mark, or None when missing/unsettled
    how: How
    entries: tuple[tuple[str, ScoreEntry], ...]  # members who gave an entry (absent included)
    absent: tuple[str, ...]
    conflicted: tuple[str, ...]
    silent: tuple[str, ...]  # members who owe an entry
    agreed: AgreedScore | None = None

    @property
    def counted(self) -> tuple[tuple[str, ScoreEntry], ...]:
        return tuple((e, s) for e, s in self.entries if s.score != ABSENT)

    @property
    def missing_why(self) -> str | None:
        """Why the cell has no figure, in words; None when it has one."""
        if self.value is not None and self.value != UNSETTLED:
            return None
        if self.how == How.CONSENSUS:
            return "awaits the group's agreed score"
        if self.silent:
            return f"owed by {', '.join(self.silent)}"
        if not self.counted:
            return "no member scored it"
        return "the marks disagree"


@dataclass(frozen=True)
class CriterionResult:
    """A scored criterion for one bid: S, W and each group's figure."""

    criterion: ScoredCriterion
    groups: dict[str, GroupCell]
    score: Fraction | None  # S(q,b) in scale units
    weighted: Fraction | None  # W(q,b)


@dataclass(frozen=True)
class PassFailResult:
    criterion: PassFail
    groups: dict[str, GroupCell]
    outcome: Outcome


@dataclass(frozen=True)
class PriceResult:
    price: Decimal | None
    lowest: Decimal | None
    method: str
    fraction: Fraction | None  # f(price, lowest), capped at 1
    score: Fraction  # P(b)


@dataclass
class BidResult:
    bid: Bid
    criteria: dict[str, CriterionResult]
    pass_fail: dict[str, PassFailResult]
    quality: Fraction
    contributions: dict[str, Fraction]
    price: PriceResult | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    status: BidStatus = RANKED
    rank: int | None = None
    tie: bool = False

    @property
    def id(self) -> str:
        return self.bid.id

    @property
    def total(self) -> Fraction:
        return self.quality + (self.price.score if self.price else Fraction(0))

    @property
    def has_missing_scores(self) -> bool:
        return any(c.score is None for c in self.criteria.values())

    @property
    def unsettled(self) -> bool:
        return any(p.outcome == UNSETTLED for p in self.pass_fail.values())


@dataclass(frozen=True)
class Separation:
    """Two bids next to each other in the ranking with equal published totals."""

    above: str
    below: str
    key: str | None  # the tie-break key that separated them; None: a tie the panel settles


@dataclass(frozen=True)
class Result:
    method: Method
    bids: list[BidResult]  # in the file's order
    separations: list[Separation]

    @property
    def complete(self) -> bool:
        return not any(b.missing for b in self.bids if b.status != WITHDRAWN)

    @property
    def ranking(self) -> list[BidResult]:
        ranked = [b for b in self.bids if b.rank is not None]
        return sorted(ranked, key=lambda b: (b.rank, b.id))

    def bid(self, bid_id: str) -> BidResult:
        return next(b for b in self.bids if b.id == bid_id)

    def publish(self, value: Fraction) -> Decimal:
        return publish(value, self.method.round.round.decimals)
