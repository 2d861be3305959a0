"""`udc influence`: whether a group's stake changed the winner (the group's say), on round A.

Each group's result without it, its own view alone, and the stake at which the winner changes,
found exactly and checked against rounds rewritten by hand and against the engine (hypothesis).
Round A (tests/rounds.py) is small enough to check by hand:

    Q1 weight 30, panel only      Q3 weight 20, shared equally     Q2 weight 30, lived only
    price weight 20 (equal prices: both bids get 20)
    stakes: panel 30 + 10 = 40, lived 10 + 30 = 40; quality marks 80

    alpha: panel Q1 4, Q3 4; lived Q2 5, Q3 5 -> 20 + 24 + 18 + 30 = 92
    beta:  panel Q1 5, Q3 5; lived Q2 1, Q3 1 -> 20 + 30 + 12 + 6  = 68

Without the lived group, Q2 is dropped and Q1, Q3 (50) fill the 80 quality marks: Q1 48, Q3 32:
alpha 20 + 38.4 + 25.6 = 84, beta 20 + 48 + 32 = 100, so beta would win.
At lived stake s (panel portions x (80-s)/40, lived portions x s/40):
alpha = 84 + s/5, beta = 100 - 4s/5: level at s = 16.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import first, group, influence_json, score_json, write
from rounds import ROUND_A, ROUND_B, criteria_a, members, round_text, scores_a, two_groups

from udc.analysis.influence import analyse
from udc.analysis.what_if import hypothetical, stake_method
from udc.core.engine import score
from udc.core.loader import load_text
from udc.core.pipeline import check_loaded


# ---------------------------------------------------------------- hand-built rounds


def test_round_a_blended_ranking_is_as_computed_by_hand(udc, tmp_path):
    data = score_json(udc, write(tmp_path, ROUND_A))
    assert {b["id"]: b["total"] for b in data["bids"]} == {"alpha": 92, "beta": 68}


def test_decisive_stake_found_exactly_and_named(udc, tmp_path):
    data = influence_json(udc, write(tmp_path, ROUND_A))
    lived = group(data, "lived")
    assert data["winner"] == "alpha"
    assert lived["decisive"] is True
    assert lived["without"]["first"] == ["beta"]
    stake = lived["stake"]
    assert stake["holds_from_exact"] == "16" and stake["holds_to_exact"] == "80"
    assert stake["below"] == ["beta"] and stake["above"] == []
    assert stake["range"] == [0, 80] and stake["current"] == 40
    assert any("Without the Lived Experience Team's scores, Beta Health would have ranked first instead of "
               "Alpha Care." in s for s in data["summary"])
    # The panel's stake: alpha = 100 - s/5, beta = 36 + 4s/5, level at 64.
    panel = group(data, "panel")
    assert panel["decisive"] is False
    assert panel["stake"]["holds_from_exact"] == "0" and panel["stake"]["holds_to_exact"] == "64"
    assert panel["stake"]["above"] == ["beta"]


@pytest.mark.parametrize("stake, winner", [("15", "beta"), ("17", "alpha")])
def test_decisive_stake_checked_with_rounds_rewritten_at_stakes_either_side(udc, tmp_path, stake, winner):
    """Round A with the lived stake set by hand to s: Q1 30(80-s)/40, Q3 split 10(80-s)/40 : 10s/40, Q2 30s/40."""
    s = Fraction(stake)
    mu, lam = (80 - s) / 40, s / 40
    dec = lambda f: format(float(f), "g")  # noqa: E731 -- all terminate: 15 and 17 over 40
    criteria = criteria_a(q1=dec(30 * mu), q3=dec(10 * mu + 10 * lam),
                          q3_shares=f"{{panel: {dec(10 * mu)}, lived: {dec(10 * lam)}}}", q2=dec(30 * lam))
    text = round_text(criteria, scores_a(), two_groups(panel_stake=dec(80 - s), lived_stake=stake))
    data = score_json(udc, write(tmp_path, text))
    assert data["stakes"]["lived"]["effective"] == float(s)
    assert first(data) == [winner]


def test_counterfactual_equals_a_round_rewritten_by_hand_without_the_group(udc, tmp_path):
    influence = influence_json(udc, write(tmp_path, ROUND_A))
    without = group(influence, "lived")["without"]
    # By hand: no lived group, no Q2, Q1 and Q3 scaled from 50 to the 80 quality marks.
    groups = ("groups:\n  panel:\n    name: Commissioning panel\n    members:\n" + members("p", 1) + "\n")
    criteria = ("  - {id: Q1, title: Clinical model, weight: 48, assessed_by: [panel]}\n"
                "  - {id: Q3, title: Co-production, weight: 32, assessed_by: [panel]}\n"
                "  - {id: price, kind: price, title: Price, weight: 20, method: lowest}\n")
    scores = {"p1": scores_a()["p1"]}
    by_hand = score_json(udc, write(tmp_path, round_text(criteria, scores, groups), "by-hand.yaml"))
    assert {r["id"]: (r["rank"], r["total"]) for r in without["ranking"]} == \
        {b["id"]: (b["rank"], b["total"]) for b in by_hand["bids"]} == {"beta": (1, 100), "alpha": (2, 84)}
    assert without["dropped"] == ["Q2"] and without["weights"] == {"Q1": 48, "Q3": 32}


def test_own_view_is_the_group_alone(udc, tmp_path):
    data = influence_json(udc, write(tmp_path, ROUND_A))
    # The panel alone is round A without the lived group; the lived group alone: Q3 and Q2 (50) fill 80.
    assert group(data, "panel")["own_view"]["first"] == ["beta"]
    lived = {r["id"]: r["total"] for r in group(data, "lived")["own_view"]["ranking"]}
    assert lived == {"alpha": 100, "beta": 20 + 16}  # beta: 80 x 1/5 + price 20
    sentences = " ".join(group(data, "panel")["sentences"])
    assert "It would put Beta Health first where the round's ranking has Alpha Care; no bid has the same place " \
        "in both." in sentences
    assert "That is the same order as the round's ranking." in group(data, "lived")["sentences"]


def test_stake_not_decisive_reports_none_in_the_range(udc, tmp_path):
    data = influence_json(udc, write(tmp_path, ROUND_B))
    lived = group(data, "lived")
    assert data["winner"] == "alpha"
    assert lived["decisive"] is False and lived["without"]["first"] == ["alpha"]
    assert lived["stake"]["below"] == [] and lived["stake"]["above"] == []
    assert lived["stake"]["segments"] == [{"from": 0, "to": 80, "from_exact": "0", "to_exact": "80",
                                           "leaders": ["alpha"]}]
    assert any("No stake for the Lived Experience Team from 0% to 80% changes the winner." in s
               for s in lived["sentences"])
    assert any("did not change the winner" in s for s in data["summary"])


# ---------------------------------------------------------------- the exact solver against the engine


SCORE = st.integers(min_value=0, max_value=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SCORE, min_size=8, max_size=8))
def test_stake_segments_agree_with_the_engine(values):
    """For any scores of round A, on every stretch the solver reports, the engine's exact totals under
    the stake at its middle (and at each boundary, a draw) say the same."""
    a_q1, a_q3p, a_q2, a_q3l, b_q1, b_q3p, b_q2, b_q3l = values
    scores = {"p1": {"alpha": {"Q1": a_q1, "Q3": a_q3p}, "beta": {"Q1": b_q1, "Q3": b_q3p}},
              "l1": {"alpha": {"Q2": a_q2, "Q3": a_q3l}, "beta": {"Q2": b_q2, "Q3": b_q3l}}}
    checked = check_loaded(load_text(round_text(criteria_a(), scores, two_groups()), "a.yaml"))
    actual = score(checked.method)
    for gi in analyse(actual).groups:
        assert gi.stake is not None
        for seg in gi.stake.segments:
            middle = hypothetical(stake_method(checked.method, gi.group, (seg.start + seg.end) / 2), actual)
            totals = {b.id: b.total for b in middle.bids}
            top = max(totals.values())
            assert tuple(sorted(b for b, t in totals.items() if t == top)) == seg.leaders
        for left, right in zip(gi.stake.segments, gi.stake.segments[1:]):
            at = hypothetical(stake_method(checked.method, gi.group, left.end), actual)
            assert at.bid("alpha").total == at.bid("beta").total
