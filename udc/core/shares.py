"""Shares that keep the stakes promise: solved exactly, or the reason none can.

A group's effective stake is ``sum over q of weight(q) * share(g,q) / sum of shares(q)``
(the format's Stakes section). Given the scored criteria (weight, assessing
groups) and the stakes declared, :func:`solve` finds shares, one positive number
per assessing group of each criterion, that give every declared stake exactly;
shares are relative, so :func:`whole` writes them as the smallest whole numbers
in the same proportions.

It tries, in order: the format's default shares (nothing to write); one split
of the shared criteria in proportion to what each group still needs after the
criteria it assesses alone (the common case, and the fairest-looking); and
otherwise an exact transportation (max-flow) solution in which every assessing
group keeps a real part of every criterion it assesses. All arithmetic is in
:class:`~fractions.Fraction`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction

from udc.core.numbers import fraction_text


@dataclass(frozen=True)
class Item:
    """A scored criterion as the solver sees it."""

    id: str
    weight: Fraction
    groups: tuple[str, ...]  # the assessing groups


@dataclass(frozen=True)
class Solution:
    shares: dict[str, dict[str, Fraction]]  # criterion -> group -> share; empty where the default holds
    how: str  # "default", "proportional" or "balanced"


class NoShares(Exception):
    """No shares can give every declared stake; the message says why."""


def effective(items: list[Item], shares: dict[str, dict[str, Fraction]], stakes: dict) -> dict[str, Fraction]:
    """Each group's effective stake under ``shares`` (the default where a criterion has none)."""
    found: dict[str, Fraction] = {}
    for item in items:
        split = shares.get(item.id) or default_split(item, stakes)
        total = sum(split.values(), Fraction(0))
        for g, share in split.items():
            found[g] = found.get(g, Fraction(0)) + item.weight * share / total
    return found


def default_split(item: Item, stakes: dict) -> dict[str, Fraction]:
    """The format's default: in proportion to the stakes where every assessing group declares one, else equal."""
    if all(stakes.get(g) is not None for g in item.groups):
        return {g: Fraction(stakes[g]) for g in item.groups}
    return {g: Fraction(1) for g in item.groups}


def holds(items: list[Item], shares: dict, stakes: dict) -> bool:
    got = effective(items, shares, stakes)
    return all(got.get(g, Fraction(0)) == Fraction(s) for g, s in stakes.items() if s is not None)


def solve(items: list[Item], stakes: dict) -> Solution:
    """Shares that give every group with a declared stake (``stakes[g]`` not None) exactly that stake."""
    impossible(items, stakes)
    if holds(items, {}, stakes):
        return Solution({}, "default")
    proportional = residual_split(items, stakes)
    if proportional is not None and holds(items, proportional, stakes):
        return Solution(proportional, "proportional")
    balanced = flow_split(items, stakes)
    if balanced is not None and holds(items, balanced, stakes):
        return Solution(balanced, "balanced")
    raise NoShares("no split of the shared criteria gives every group its stake: the groups that share "
                   "criteria need more (or less) between them than those criteria carry")


def whole(split: dict[str, Fraction]) -> dict[str, int]:
    """The same proportions as the smallest whole numbers (shares are relative: 75/4 and 5/4 are 15 and 1)."""
    from math import gcd, lcm

    scale = lcm(*(v.denominator for v in split.values()))
    ints = {g: int(v * scale) for g, v in split.items()}
    common = gcd(*ints.values())
    return {g: v // common for g, v in ints.items()}


def _pct(value: Fraction) -> str:
    return fraction_text(Fraction(value)) + "%"


def impossible(items: list[Item], stakes: dict) -> None:
    """Raise :class:`NoShares` with the plain reason when no shares at all can keep the promise."""
    quality = sum((i.weight for i in items), Fraction(0))
    declared = {g: Fraction(s) for g, s in stakes.items() if s is not None}
    total = sum(declared.values(), Fraction(0))
    if total > quality:
        raise NoShares(f"the stakes promised add up to {_pct(total)} but the scored criteria carry only "
                       f"{_pct(quality)} of the decision; lower a stake or give the scored criteria more weight")
    assessing = {g for i in items for g in i.groups}
    undeclared = assessing - set(declared)
    if not undeclared and total != quality:
        raise NoShares(f"the stakes promised add up to {_pct(total)} but the scored criteria carry {_pct(quality)}, "
                       "and every group that assesses them has a stake; the two must be equal")
    if undeclared and total == quality:
        raise NoShares(f"the stakes promised take all {_pct(quality)} of the scored criteria, leaving nothing for "
                       f"{', '.join(sorted(undeclared))}, which assess{'es' if len(undeclared) == 1 else ''} some")
    for g, stake in sorted(declared.items()):
        reach = sum((i.weight for i in items if g in i.groups), Fraction(0))
        alone = sum((i.weight for i in items if i.groups == (g,)), Fraction(0))
        if reach == 0:
            raise NoShares(f"group '{g}' is promised {_pct(stake)} but assesses no scored criterion")
        if stake > reach or (stake == reach and reach != alone):
            raise NoShares(f"group '{g}' is promised {_pct(stake)} but the criteria it assesses carry "
                           f"{_pct(reach)}{' and it shares some of them' if stake == reach else ''}; "
                           "give it more criteria to assess, or a lower stake")
        if alone > stake or (alone == stake and reach != alone):
            raise NoShares(f"group '{g}' is promised {_pct(stake)} but the criteria it assesses alone already give "
                           f"it {_pct(alone)}{' and it shares others' if alone == stake else ''}; lower their "
                           "weights, share them, or raise its stake")


def residual_split(items: list[Item], stakes: dict) -> dict[str, dict[str, Fraction]] | None:
    """Shared criteria split in proportion to what each group still needs; None where that cannot apply."""
    shared = [i for i in items if len(i.groups) > 1]
    if not shared or any(stakes.get(g) is None for i in shared for g in i.groups):
        return None
    need = {g: Fraction(stakes[g]) - sum((i.weight for i in items if i.groups == (g,)), Fraction(0))
            for i in shared for g in i.groups}
    if any(n <= 0 for n in need.values()):
        return None
    return {i.id: {g: i.weight * need[g] / sum(need[h] for h in i.groups) for g in i.groups} for i in shared}


def flow_split(items: list[Item], stakes: dict) -> dict[str, dict[str, Fraction]] | None:
    """Portions found by max-flow, each at least a floor so that no assessing group is left with nothing.

    The floor is tried at an eighth of an even split, then smaller, down to 1/1024 of it.
    """
    for k in range(3, 11):
        floor = Fraction(1, 2 ** k)
        portions = _flow(items, stakes, floor)
        if portions is not None:
            return {i.id: portions[i.id] for i in items if len(i.groups) > 1}
    return None


def _flow(items: list[Item], stakes: dict, floor: Fraction) -> dict[str, dict[str, Fraction]] | None:
    base = {i.id: {g: i.weight * floor / len(i.groups) for g in i.groups} for i in items}
    supply = {i.id: i.weight - sum(base[i.id].values(), Fraction(0)) for i in items}
    given = {g: sum((base[i.id][g] for i in items if g in i.groups), Fraction(0)) for i in items for g in i.groups}
    declared = {g: Fraction(s) - given.get(g, Fraction(0)) for g, s in stakes.items() if s is not None}
    if any(d < 0 for d in declared.values()):
        return None
    graph = _Graph()
    total = sum(supply.values(), Fraction(0))
    for i in items:
        graph.add("source", ("q", i.id), supply[i.id])
        for g in i.groups:
            graph.add(("q", i.id), ("g", g), i.weight)
    free = total - sum(declared.values(), Fraction(0))
    for g in {g for i in items for g in i.groups}:
        if g in declared:
            graph.add(("g", g), "sink", declared[g])
        else:
            graph.add(("g", g), "free", total)
    graph.add("free", "sink", free)
    if free < 0 or graph.max_flow("source", "sink") != total:
        return None
    return {i.id: {g: base[i.id][g] + graph.flow[(("q", i.id), ("g", g))] for g in i.groups} for i in items}


class _Graph:
    """Edmonds-Karp max-flow on exact capacities."""

    def __init__(self) -> None:
        self.capacity: dict[tuple, Fraction] = {}
        self.flow: dict[tuple, Fraction] = {}
        self.edges: dict[object, list] = {}

    def add(self, a, b, capacity: Fraction) -> None:
        for x, y in ((a, b), (b, a)):
            self.capacity.setdefault((x, y), Fraction(0))
            self.flow.setdefault((x, y), Fraction(0))
            self.edges.setdefault(x, [])
            if y not in self.edges[x]:
                self.edges[x].append(y)
        self.capacity[(a, b)] += capacity

    def residual(self, a, b) -> Fraction:
        return self.capacity[(a, b)] - self.flow[(a, b)]

    def max_flow(self, source, sink) -> Fraction:
        total = Fraction(0)
        while True:
            parent = {source: None}
            queue = deque([source])
            while queue and sink not in parent:
                node = queue.popleft()
                for nxt in self.edges.get(node, []):
                    if nxt not in parent and self.residual(node, nxt) > 0:
                        parent[nxt] = node
                        queue.append(nxt)
            if sink not in parent:
                return total
            path, node = [], sink
            while parent[node] is not None:
                path.append((parent[node], node))
                node = parent[node]
            push = min(self.residual(a, b) for a, b in path)
            for a, b in path:
                self.flow[(a, b)] += push
                self.flow[(b, a)] -= push
            total += push
