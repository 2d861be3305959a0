"""The assessment method of a round, resolved into exact figures.

A :class:`Method` answers the questions both the rules and the engine ask:
which groups assess a criterion, with what share of its weight, what the
scale's values are, what stake each group holds in effect. Defaults of the
format (``assessed_by`` = every group, shares in proportion to stakes) are
applied here, once. Everything is a :class:`~fractions.Fraction`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from udc.core.model import AgreedScore, Level, PassFail, Points, Price, Round, Scored


@dataclass(frozen=True)
class Scale:
    """The values a score may take, and their descriptors."""

    levels: dict[Fraction, Level]
    points: Points | None = None

    @classmethod
    def of(cls, spec: list[Level] | Points) -> Scale:
        if isinstance(spec, Points):
            return cls({}, spec)
        return cls({Fraction(level.value): level for level in spec})

    @cached_property
    def bottom(self) -> Fraction:
        return Fraction(self.points.min) if self.points else min(self.levels, default=Fraction(0))

    @cached_property
    def top(self) -> Fraction:
        return Fraction(self.points.max) if self.points else max(self.levels, default=Fraction(0))

    def contains(self, value: Decimal | Fraction) -> bool:
        value = Fraction(value)
        if self.points is None:
            return value in self.levels
        steps = (value - self.bottom) / Fraction(self.points.step)
        return self.bottom <= value <= self.top and steps.denominator == 1

    def level(self, value: Decimal | Fraction) -> Level | None:
        return self.levels.get(Fraction(value))

    def describe(self) -> str:
        """The valid values, for messages: ``0, 1, 2, 3, 4 or 5``."""
        if self.points is not None:
            p = self.points
            return f"a value from {p.min} to {p.max} in steps of {p.step}"
        values = [str(level.value) for level in sorted(self.levels.values(), key=lambda lv: lv.value)]
        return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else "".join(values)


@dataclass(frozen=True)
class ScoredCriterion:
    """A scored criterion with its groups and their shares resolved."""

    spec: Scored
    weight: Fraction
    shares: dict[str, Fraction]  # group id -> share as given (or defaulted); keys sorted

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.shares)

    @cached_property
    def share_total(self) -> Fraction:
        return sum(self.shares.values(), Fraction(0))

    def portion(self, group: str) -> Fraction:
        """The part of this criterion's weight that ``group`` holds."""
        return self.portions[group]

    @cached_property
    def portions(self) -> dict[str, Fraction]:
        total = self.share_total
        return {g: self.weight * share / total for g, share in self.shares.items()}

    @cached_property
    def parts(self) -> dict[str, Fraction]:
        """Each group's part of the blend S(q,b): its share over the shares' total."""
        total = self.share_total
        return {g: share / total for g, share in self.shares.items()}

    def per_point(self, top: Fraction) -> tuple[Fraction, dict[str, Fraction]]:
        """The weight and each group's portion divided by the scale's ``top``: formed once, used for every bid."""
        known = self._per_point.get(top)
        if known is None:
            known = self._per_point[top] = (self.weight / top, {g: p / top for g, p in self.portions.items()})
        return known

    @cached_property
    def _per_point(self) -> dict[Fraction, tuple[Fraction, dict[str, Fraction]]]:
        return {}


@dataclass(frozen=True)
class Method:
    """Everything that decides how scores turn into a ranking."""

    round: Round
    scale: Scale
    scored: tuple[ScoredCriterion, ...]
    price: Price | None
    pass_fail: tuple[PassFail, ...]
    pass_fail_groups: dict[str, tuple[str, ...]]
    group_of: dict[str, str]  # evaluator id -> group id
    conflicts: dict[str, frozenset[str]]  # evaluator id -> bid ids
    _by_id: dict[str, object] = field(repr=False, default_factory=dict)
    _quality: Fraction | None = field(repr=False, compare=False, default=None)  # formed once, on creation
    # each cell's members (udc.core.cells.members), formed once: the rules and the engine both ask.
    # Kept by derive (cells do not depend on the criteria); with_agreed starts afresh (agreed scores differ)
    _cells: dict = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self._quality is None:
            object.__setattr__(self, "_quality", sum((c.weight for c in self.scored), Fraction(0)))

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(sorted(self.round.groups))

    @property
    def quality_weight(self) -> Fraction:
        """The scored criteria's weights together: the quality marks."""
        quality = self._quality
        assert quality is not None  # formed in __post_init__
        return quality

    def criterion(self, criterion_id: str):
        return self._by_id.get(criterion_id)

    def scored_by_id(self, criterion_id: str) -> ScoredCriterion | None:
        found = self._by_id.get(criterion_id)
        return found if isinstance(found, ScoredCriterion) else None

    def effective_stake(self, group: str) -> Fraction:
        return sum((c.portion(group) for c in self.scored if group in c.shares), Fraction(0))

    def contributing_groups(self) -> tuple[str, ...]:
        """Groups that assess at least one scored criterion, sorted by id."""
        return tuple(g for g in self.groups if any(g in c.shares for c in self.scored))

    def assesses(self, group: str, criterion_id: str) -> bool:
        found = self._by_id.get(criterion_id)
        if isinstance(found, ScoredCriterion):
            return group in found.shares
        if isinstance(found, PassFail):
            return group in self.pass_fail_groups[criterion_id]
        return False

    def members(self, group: str) -> tuple[str, ...]:
        return tuple(sorted(self.round.groups[group].members)) if group in self.round.groups else ()

    # ------------------------------------------------------------ what-if variants

    def derive(self, scored: Iterable[ScoredCriterion], price_weight: Fraction | None = None) -> Method:
        """This method with other scored criteria (weights, shares) and optionally another price weight.

        For what-if analyses: the rules of a round (weights add to 100, declared
        stakes) do not apply to the result. Pass-fail criteria, scores, groups and
        the scale are as they are.
        """
        scored = tuple(scored)
        price = self.price
        if price is not None and price_weight is not None:
            price = price.model_copy(update={"weight": price_weight})
        by_id = {k: v for k, v in self._by_id.items() if not isinstance(v, (ScoredCriterion, Price))}
        by_id.update({c.id: c for c in scored})
        if price is not None:
            by_id[price.id] = price
        return replace(self, scored=scored, price=price, _by_id=by_id, _quality=None)

    def with_agreed(self, bid: str, criterion: str, figures: dict[str, Fraction | str]) -> Method:
        """This method with ``figures`` (group -> score or mark) as the groups' agreed scores of one cell.

        Nothing else changes; only the path to that cell is copied, so a variant
        costs the same however large the round.
        """
        moderation = dict(self.round.moderation)
        agreed = {}
        for group, figure in figures.items():
            by_bid = moderation[group] = dict(moderation.get(group, {}))
            cells = by_bid[bid] = dict(by_bid.get(bid, {}))
            # an exact figure (a mean need not be a decimal): built without validation, never written out
            cells[criterion] = agreed[group] = AgreedScore.model_construct(score=figure, reason=None)
        from udc.core.cells import kept_when_agreed

        return replace(self, round=self.round.model_copy(update={"moderation": moderation}),
                       _cells=kept_when_agreed(self, bid, criterion, agreed))


def assessing_groups(round_: Round, assessed_by: list[str] | None) -> tuple[str, ...]:
    """The groups named by ``assessed_by`` (every group when it is absent), sorted."""
    if assessed_by is None:
        return tuple(sorted(round_.groups))
    return tuple(sorted(set(assessed_by)))


def default_shares(round_: Round, groups: tuple[str, ...]) -> dict[str, Fraction]:
    """In proportion to stakes where every group declares one, otherwise equal."""
    stakes = [round_.groups[g].stake if g in round_.groups else None for g in groups]
    declared = [s for s in stakes if s is not None]
    if groups and len(declared) == len(stakes):
        return {g: Fraction(s) for g, s in zip(groups, declared, strict=True)}
    return {g: Fraction(1) for g in groups}


def resolve(round_: Round) -> Method:
    """Resolve defaults and convert every figure of the method to a fraction."""
    scored: list[ScoredCriterion] = []
    pass_fail: list[PassFail] = []
    price: Price | None = None
    by_id: dict[str, object] = {}
    pf_groups: dict[str, tuple[str, ...]] = {}
    for spec in round_.criteria:
        if isinstance(spec, Scored):
            groups = assessing_groups(round_, spec.assessed_by)
            if spec.shares is not None:
                shares = {g: Fraction(spec.shares[g]) for g in sorted(spec.shares)}
            else:
                shares = default_shares(round_, groups)
            resolved = ScoredCriterion(spec, Fraction(spec.weight), shares)
            scored.append(resolved)
            item: ScoredCriterion | Price | PassFail = resolved
        elif isinstance(spec, Price):
            price = price or spec
            item = spec
        else:
            pass_fail.append(spec)
            pf_groups[spec.id] = assessing_groups(round_, spec.assessed_by)
            item = spec
        by_id.setdefault(spec.id, item)
    group_of = {e: g for g in sorted(round_.groups) for e in round_.groups[g].members}
    conflicts = {e: frozenset(m.conflicts) for g in round_.groups.values() for e, m in g.members.items()}
    return Method(round_, Scale.of(round_.scale), tuple(scored), price, tuple(pass_fail), pf_groups,
                  group_of, conflicts, by_id)
