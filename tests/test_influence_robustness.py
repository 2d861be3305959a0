"""`udc influence`, how robust round A's win is: the fewest one-point score moves that would change
the winner (checked by brute force with the engine) and the weight sweeps (exact either side).

Round A (tests/rounds.py): alpha 92, beta 68; the derivation is in tests/test_influence_say.py.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

from support import influence_json, score_json, write
from rounds import ROUND_A, criteria_a, round_text, scores_a, two_groups

from udc.analysis.what_if import hypothetical, weight_method
from udc.core.engine import score
from udc.core.pipeline import check_path


def test_fewest_score_moves_are_applied_and_no_fewer_would_do(udc, tmp_path):
    """Round A: alpha leads by 24. A move is worth portion/5: alpha's Q1 (p1) and Q2 (l1) 6 each, alpha's Q3
    2 each (p1, l1); beta's Q2 6 and Q3 (l1) 2 going up; beta's panel scores are already 5. All six: 24."""
    data = influence_json(udc, write(tmp_path, ROUND_A))
    moves = data["robustness"]["score_moves"]
    assert moves["challenger"] == "beta" and moves["count"] == 6 and moves["margin"] == 24
    scores = scores_a()
    for m in moves["moves"]:
        cell = scores[m["evaluator"]][m["bid"]]
        assert cell[m["criterion"]] == m["from"] and abs(m["to"] - m["from"]) == 1
        cell[m["criterion"]] = m["to"]
    moved = score_json(udc, write(tmp_path, round_text(criteria_a(), scores, two_groups()), "moved.yaml"))
    totals = {b["id"]: b["total"] for b in moved["bids"]}
    assert totals["beta"] >= totals["alpha"]
    # Every set of five one-point moves (in either direction) leaves beta behind: brute force with the engine.
    options = [(e, b, c, v + d) for e, bids in scores_a().items() for b, cells in bids.items()
               for c, v in cells.items() for d in (-1, 1) if 0 <= v + d <= 5]
    for chosen in itertools.combinations(options, 5):
        if len({(e, b, c) for e, b, c, _ in chosen}) < 5:
            continue  # one score moved twice
        trial = scores_a()
        for e, b, c, to in chosen:
            trial[e][b][c] = to
        result = score(check_path(write(tmp_path, round_text(criteria_a(), trial, two_groups()), "t.yaml")).method)
        assert result.bid("alpha").total > result.bid("beta").total


def test_fewest_moves_with_a_median_is_exact(udc, tmp_path):
    """Median of three: moving one score may not move the median; brute force agrees with the count."""
    scores = {"p1": {"alpha": {"Q1": 4, "Q3": 3}, "beta": {"Q1": 3, "Q3": 3}},
              "p2": {"alpha": {"Q1": 4, "Q3": 3}, "beta": {"Q1": 2, "Q3": 3}},
              "p3": {"alpha": {"Q1": 5, "Q3": 3}, "beta": {"Q1": 1, "Q3": 3}},
              "l1": {"alpha": {"Q2": 3, "Q3": 3}, "beta": {"Q2": 3, "Q3": 3}}}
    text = round_text(criteria_a(), scores, two_groups(panel=3), aggregate="median")
    data = influence_json(udc, write(tmp_path, text))
    count = data["robustness"]["score_moves"]["count"]
    options = [(e, b, c, v + (1 if b == "beta" else -1)) for e, bids in scores.items()
               for b, cells in bids.items() for c, v in cells.items() if 0 <= v + (1 if b == "beta" else -1) <= 5]

    def level(chosen) -> bool:
        trial = json.loads(json.dumps(scores))
        for e, b, c, to in chosen:
            trial[e][b][c] = to
        path = write(tmp_path, round_text(criteria_a(), trial, two_groups(panel=3), aggregate="median"), "t.yaml")
        result = score(check_path(path).method)
        return result.bid("beta").total >= result.bid("alpha").total

    assert not any(level(c) for k in range(count) for c in itertools.combinations(options, k))
    assert any(level(c) for c in itertools.combinations(options, count))


def test_weight_sweeps_are_exact_either_side(udc, tmp_path):
    """Round A, one weight at a time (others in proportion, total 100):
    Q1 at X: alpha = 4X/5 + 68(100-X)/70, beta = X + 38(100-X)/70, level at X = 750/11 (68.18%).
    Q2 at X: alpha = X + 62(100-X)/70, beta = X/5 + 62(100-X)/70: level only at 0 (Q2 dropped).
    So the smallest change is Q2 from 30% to 0%."""
    path = write(tmp_path, ROUND_A)
    data = influence_json(udc, path)
    weights = {w["criterion"]: w for w in data["robustness"]["weights"]}
    assert (weights["Q1"]["holds_to_exact"], weights["Q1"]["above"]) == ("750/11", ["beta"])
    assert (weights["Q2"]["holds_from_exact"], weights["Q2"]["below"]) == ("0", ["beta"])
    assert weights["Q3"]["below"] == weights["Q3"]["above"] == []
    change = data["robustness"]["smallest_weight_change"]
    assert (change["criterion"], change["from"], change["to"], change["draws_level"]) == ("Q2", 30, 0, ["beta"])
    checked = check_path(path)
    actual = score(checked.method)
    x = Fraction(750, 11)
    for weight, ahead in ((x - Fraction(1, 10), "alpha"), (x, None), (x + Fraction(1, 10), "beta")):
        result = hypothetical(weight_method(checked.method, "Q1", weight), actual)
        a, b = result.bid("alpha").total, result.bid("beta").total
        assert {None: a == b, "alpha": a > b, "beta": b > a}[ahead]
        assert sum((c.weight for c in result.method.scored), Fraction(0)) + result.method.price.weight == 100
