"""The computation, checked against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from rounds import SCALE_0_4, scored, two_group_round

from udc.core.pipeline import check_path
from udc.core.engine import score

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def published(result, bid):
    b = result.bid(bid)
    return result.publish(b.total), result.publish(b.quality), result.publish(b.price.score if b.price else 0)


def test_spec_example_scores_as_the_spec_says():
    result = score(check_path(EXAMPLES / "cyp-mental-health.yaml").method)
    assert [(b.id, b.rank) for b in result.ranking] == [("brightpath", 1), ("kinship", 2), ("northstar", 3)]
    assert published(result, "brightpath") == (Decimal("78.73"), Decimal("51.67"), Decimal("27.06"))
    assert published(result, "kinship")[0] == Decimal("73.46")
    assert published(result, "northstar")[0] == Decimal("73.33")


def test_brightpath_q1_by_hand():
    # commissioners 4, 4, 3 -> 11/3; lived experience 5,4,4,5,4,3 -> 25/6; shares 50:20 (2:1)
    # S = (2 * 11/3 + 1 * 25/6) / 3 = 23/6; W = 15 * S / 5 = 23/2
    result = score(check_path(EXAMPLES / "cyp-mental-health.yaml").method)
    q1 = result.bid("brightpath").criteria["Q1"]
    assert q1.groups["commissioners"].value == Fraction(11, 3)
    assert q1.groups["lived-experience"].value == Fraction(25, 6)
    assert q1.score == Fraction(23, 6)
    assert q1.weighted == Fraction(23, 2)
    # price: 30 * 2,210,000 / 2,450,000 = 1326/49
    assert result.bid("brightpath").price.score == Fraction(1326, 49)


def test_moderated_score_replaces_the_mean():
    result = score(check_path(EXAMPLES / "cyp-mental-health.yaml").method)
    cell = result.bid("northstar").criteria["Q1"].groups["lived-experience"]
    assert cell.how == "moderated" and cell.value == 2


def test_half_up_where_binary_floats_round_down():
    # P = 50 * 107 / 2000 = 2.675 exactly; total 37.5 + 2.675 = 40.175.
    # As binary floats both are a hair below the half and round() gives 2.67 and 32.67.
    text = f"""udc: 1
round: {{id: f, title: Floats}}
{SCALE_0_4}groups:
  g: {{name: Panel, members: {{e1: {{name: E, declared: 2027-01-01}}}}}}
criteria:
  - {{id: Q, title: Q, weight: 50}}
  - {{id: P, title: Price, kind: price, weight: 50, method: lowest}}
bids:
  - {{id: cheap, bidder: Cheap, price: 107}}
  - {{id: dear, bidder: Dear, price: 2000}}
scores:
  e1: {{cheap: {{Q: 0}}, dear: {{Q: 3}}}}
"""
    assert round(50 * 107 / 2000, 2) == 2.67 and round(37.5 + 50 * 107 / 2000, 2) == 40.17  # the float trap
    result = scored(text)
    assert published(result, "dear") == (Decimal("40.18"), Decimal("37.50"), Decimal("2.68"))


def test_tie_on_total_separated_by_quality():
    # a: quality 5*(4+4+4)=60, price 160 -> 40*100/160 = 25 -> 85; b: 45 + 40 = 85
    result = scored(two_group_round([("a", 160, 4, 4, 4), ("b", 100, 3, 3, 3)]))
    assert [(b.id, b.rank, b.tie) for b in result.ranking] == [("a", 1, False), ("b", 2, False)]
    assert [(s.above, s.below, s.key) for s in result.separations] == [("a", "b", "quality")]


def test_tie_separated_by_price_as_given():
    # linear: c sets the lowest price 100; a (200) and b (300) both score 0 on price; a is cheaper
    bids = [("a", 200, 3, 3, 3), ("b", 300, 3, 3, 3), ("c", 100, 0, 0, 0)]
    result = scored(two_group_round(bids, tie_break="[quality, price]", method="linear"))
    assert [b.id for b in result.ranking][:2] == ["a", "b"]
    assert result.separations[0].key == "price"


def test_tie_separated_by_group_contribution():
    bids = [("a", 100, 4, 2, 3), ("b", 100, 2, 4, 3)]
    result = scored(two_group_round(bids, tie_break="[quality, group:le]"))
    assert [b.id for b in result.ranking] == ["b", "a"]
    assert result.separations[0].key == "group:le"


def test_tie_separated_by_criterion_score():
    # equal quality (45) and equal contributions (com 30, le 15); Q1 S: a 3.5, b 2.5
    bids = [("a", 100, 4, 3, 2), ("b", 100, 2, 3, 4)]
    result = scored(two_group_round(bids, tie_break="[quality, group:le, group:com, criterion:Q1]"))
    assert [b.id for b in result.ranking] == ["a", "b"]
    assert result.separations[0].key == "criterion:Q1"


def test_tie_left_for_the_panel_and_ranks_1_1_3():
    bids = [("a", 100, 3, 3, 3), ("b", 100, 3, 3, 3), ("c", 100, 1, 1, 1)]
    result = scored(two_group_round(bids, tie_break="[quality, group:le, price]"))
    assert [(b.id, b.rank, b.tie) for b in result.ranking] == [("a", 1, True), ("b", 1, True), ("c", 3, False)]
    assert [(s.above, s.below, s.key) for s in result.separations] == [("a", "b", None)]


def test_ranking_uses_published_totals():
    # exact totals differ by less than half a unit in the last place -> a tie at decimals 0
    bids = [("a", 100, 3, 3, 3), ("b", 101, 3, 3, 3)]
    result = scored(two_group_round(bids, tie_break="[quality]", decimals=0))
    a, b = result.bid("a"), result.bid("b")
    assert a.total > b.total and result.publish(a.total) == result.publish(b.total)
    assert a.rank == b.rank == 1 and a.tie


def test_example_with_tie_disqualification_and_withdrawal():
    result = score(check_path(EXAMPLES / "supported-living-lot2.yaml").method)
    status = {b.id: (b.status, b.rank, b.tie) for b in result.bids}
    assert status == {"beacon": ("ranked", 1, False), "aspen": ("ranked", 2, False), "cedar": ("ranked", 3, True),
                      "dale": ("ranked", 3, True), "elmwood": ("disqualified", None, False),
                      "fenwick": ("withdrawn", None, False)}
    elmwood = result.bid("elmwood")
    assert len(elmwood.reasons) == 2 and "failed M1" in elmwood.reasons[0] and "Q1 scored 1.44" in elmwood.reasons[1]
    # elmwood is cheaper than every bid in contention: its price score is capped at the weight
    assert elmwood.price.score == 20 and elmwood.price.lowest == Decimal(1000000)


def test_silent_gap_never_shifts_a_mean():
    text = two_group_round([("a", 100, 4, 4, 4), ("b", 100, 2, 2, 2)]).replace("    b: {Q1: 2, Q2: 2}\n", "")
    result = scored(text)
    b = result.bid("b")
    assert b.status == "incomplete" and b.rank is None and not result.complete
    assert b.criteria["Q1"].score is None and b.criteria["Q2"].score is None
    assert "Q1 (com): owed by c1" in b.missing
    assert sum(b.contributions.values()) == b.quality


def test_absent_member_is_left_out():
    text = two_group_round([("a", 100, 4, 2, 4)]).replace("    a: {Q1: 2}", "    a: {Q1: {score: absent, reason: ill}}")
    text = text.replace("l1: {name: L1, declared: 2027-01-01}", "l1: {name: L1, declared: 2027-01-01}, "
                        "l2: {name: L2, declared: 2027-01-01}")
    text += "  l2:\n    a: {Q1: 3}\n"
    cell = scored(text).bid("a").criteria["Q1"].groups["le"]
    assert cell.value == 3 and cell.absent == ("l1",)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    from udc.core.blend import aggregate

    assert aggregate([Fraction(1), Fraction(4), Fraction(2), Fraction(5)], "median") == Fraction(3)
    assert aggregate([Fraction(1), Fraction(4), Fraction(2)], "median") == Fraction(2)


def test_consensus_needs_an_agreed_score_for_every_cell():
    text = two_group_round([("a", 100, 4, 4, 4)]).replace("round: {id: t,", "round: {id: t, aggregate: consensus,")
    result = scored(text)
    assert result.bid("a").status == "incomplete"
    assert "Q1 (com): awaits the group's agreed score" in result.bid("a").missing
    text += """moderation:
  com: {a: {Q1: {score: 3, reason: agreed}, Q2: {score: 2, reason: agreed}}}
  le: {a: {Q1: {score: 1, reason: agreed}}}
"""
    a = scored(text).bid("a")
    # Q1: S = (3 + 1) / 2 = 2 -> W = 40 * 2 / 4 = 20; Q2: W = 20 * 2 / 4 = 10; price 40
    assert a.status == "ranked" and a.quality == 30 and a.total == 70
