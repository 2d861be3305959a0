"""Influence: did a group's stake change the outcome, and how robust is the winner?

Pure and exact: every figure here is a :class:`~fractions.Fraction`; no I/O.
The what-if methods and the scoring under them are in :mod:`udc.analysis.what_if`
(contention and price are fixed there, as docs/influence.md explains), the stake and
weight sweeps in :mod:`udc.analysis.sweeps`, the score moves in :mod:`udc.analysis.moves`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from udc.analysis.first_place import changes_winner, in_contention, winner
from udc.analysis.moves import Moves, Reach, score_moves
from udc.analysis.sweeps import Sweep, WeightChange, smallest_weight_change, stake_sweep, weight_sweeps
from udc.analysis.what_if import hypothetical, own_method, reweighted, without_criterion_method, without_method
from udc.core.engine import BidResult, Result


@dataclass(frozen=True)
class GroupInfluence:
    group: str
    declared: Fraction | None
    effective: Fraction
    own: Result | None  # the group alone
    without: Result  # the group left out
    dropped: tuple[str, ...]  # criteria only this group assesses
    stake: Sweep | None
    nothing_left: bool  # without the group, no criterion is left to rank on
    decisive: bool  # without the group, first place would differ


@dataclass(frozen=True)
class Influence:
    result: Result
    groups: tuple[GroupInfluence, ...]
    weights: dict[str, Sweep]
    weight_change: WeightChange | None
    moves: Moves | None  # the fewest score moves that change the winner, and which
    challengers: dict[str, Reach | None] = field(default_factory=dict)  # how many each challenger needs

    @property
    def winner(self) -> BidResult | None:
        return winner(self.result)


def group_influence(result: Result, group: str) -> GroupInfluence:
    method = result.method
    own = own_method(method, group)
    declared = method.round.groups[group].stake
    without = hypothetical(without_method(method, group), result)
    nothing_left = not without.method.scored and without.method.price is None
    return GroupInfluence(
        group,
        Fraction(declared) if declared is not None else None,
        method.effective_stake(group),
        hypothetical(own, result) if own is not None else None,
        without,
        tuple(c.id for c in method.scored if set(c.shares) == {group}),
        stake_sweep(result, group),
        nothing_left,
        not nothing_left and changes_winner(result, without),
    )


def analyse(result: Result) -> Influence:
    """Everything exact about influence and robustness (the bootstrap is in :mod:`udc.analysis.bootstrap`)."""
    weights = weight_sweeps(result)
    win = winner(result)
    return Influence(
        result,
        tuple(group_influence(result, g) for g in result.method.contributing_groups()),
        weights,
        smallest_weight_change(weights),
        *score_moves(result, win, in_contention(result)),
    )




@dataclass(frozen=True)
class CriterionEffect:
    """What taking one group's scores on one criterion out would do to the result."""

    group: str
    criterion: str
    alone: bool  # the group is the criterion's only assessor: its weight was spread over the others
    without: Result
    decisive: bool  # first place would differ
    moves: dict[str, Fraction]  # bid in contention -> its total without these scores minus its real total


def criterion_effects(result: Result, group: str) -> tuple[CriterionEffect, ...]:
    """For every scored criterion the group assesses (file order): whether taking the group's scores on
    that criterion alone out changes the winner, and how far each bid's total moves. Scored by the
    engine, with contention and the lowest price held as in the real round
    (:func:`udc.analysis.what_if.hypothetical`)."""
    found = []
    for c in result.method.scored:
        if group not in c.shares:
            continue
        changed = without_criterion_method(result.method, group, c.id)
        without = reweighted(changed, result)
        nothing_left = not changed.scored and changed.price is None
        moves = {b.id: without.bid(b.id).total - b.total for b in in_contention(result)}
        found.append(CriterionEffect(group, c.id, set(c.shares) == {group}, without,
                                     not nothing_left and changes_winner(result, without), moves))
    return tuple(found)
