"""Invariants, checked with hypothesis over generated rounds.

Shuffling anything in the file never changes a result; group contributions
add up to quality exactly; all-maximum scores and the lowest price total 100.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rounds import SCALE_0_4, scored

GROUPS = {"com": ["c1", "c2", "c3"], "le": ["l1", "l2"]}
CRITERIA = [("Q1", 30, None), ("Q2", 20, ["com"]), ("Q3", 20, ["le"]), ("P", 30, "price")]


@st.composite
def rounds(draw):
    n_bids = draw(st.integers(2, 4))
    bids = [f"b{i}" for i in range(n_bids)]
    prices = {b: draw(st.integers(100, 400)) for b in bids}
    scores = {}
    for group, members in GROUPS.items():
        for member in members:
            scores[member] = {b: {cid: draw(st.integers(0, 4)) for cid, _, by in CRITERIA
                                  if by != "price" and (by is None or group in by)} for b in bids}
    aggregate = draw(st.sampled_from(["mean", "median"]))
    method = draw(st.sampled_from(["lowest", "linear"]))
    return {"bids": bids, "prices": prices, "scores": scores, "aggregate": aggregate, "method": method,
            "seed": draw(st.integers(0, 10**6))}


def render(spec: dict, shuffle: bool) -> str:
    rng = random.Random(spec["seed"])

    def order(items):
        items = list(items)
        if shuffle:
            rng.shuffle(items)
        return items

    out = [f"udc: 1\nround: {{id: p, title: P, aggregate: {spec['aggregate']}, "
           "tie_break: [quality, group:le, price]}", SCALE_0_4.rstrip(), "groups:"]
    for group in order(GROUPS):
        members = ", ".join(f"{m}: {{name: {m}, declared: 2027-01-01}}" for m in order(GROUPS[group]))
        out.append(f"  {group}: {{name: {group}, members: {{{members}}}}}")
    out.append("criteria:")
    for cid, weight, by in order(CRITERIA):
        if by == "price":
            out.append(f"  - {{id: {cid}, title: {cid}, kind: price, weight: {weight}, method: {spec['method']}}}")
        else:
            assessed = f", assessed_by: [{', '.join(order(by))}]" if by else ""
            out.append(f"  - {{id: {cid}, title: {cid}, weight: {weight}{assessed}}}")
    out.append("bids:")
    out += [f"  - {{id: {b}, bidder: Bidder {b}, price: {spec['prices'][b]}}}" for b in order(spec["bids"])]
    out.append("scores:")
    for member in order(spec["scores"]):
        out.append(f"  {member}:")
        for b in order(spec["scores"][member]):
            cells = ", ".join(f"{c}: {v}" for c, v in order(spec["scores"][member][b].items()))
            out.append(f"    {b}: {{{cells}}}")
    return "\n".join(out) + "\n"


def summary(result) -> dict:
    return {b.id: (b.total, b.quality, tuple(sorted(b.contributions.items())), b.rank, b.tie, b.status,
                   tuple(sorted((c, r.score) for c, r in b.criteria.items())))
            for b in result.bids}


def separations(result) -> set:
    return {(s.above, s.below, s.key) if s.above < s.below else (s.below, s.above, s.key)
            for s in result.separations}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_order_of_the_file_changes_nothing(spec):
    plain, shuffled = scored(render(spec, False)), scored(render(spec, True))
    assert summary(plain) == summary(shuffled)
    assert separations(plain) == separations(shuffled)


@settings(max_examples=60, deadline=None)
@given(rounds())
def test_group_contributions_add_up_to_quality(spec):
    for b in scored(render(spec, False)).bids:
        assert sum(b.contributions.values()) == b.quality


@settings(max_examples=30, deadline=None)
@given(rounds(), st.data())
def test_all_maximum_scores_and_the_lowest_price_total_100(spec, data):
    star = data.draw(st.sampled_from(spec["bids"]))
    spec["prices"][star] = min(spec["prices"].values())
    for member in spec["scores"]:
        spec["scores"][member][star] = {c: 4 for c in spec["scores"][member][star]}
    result = scored(render(spec, False))
    assert result.bid(star).total == 100
    assert result.bid(star).rank == 1


@settings(max_examples=40, deadline=None)
@given(rounds())
def test_ranks_follow_published_totals(spec):
    result = scored(render(spec, False))
    ranked = result.ranking
    for above, below in zip(ranked, ranked[1:]):
        assert result.publish(above.total) >= result.publish(below.total)
        assert above.rank <= below.rank
