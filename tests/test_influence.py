"""`udc influence`: whether a group's stake changed the winner, where it would, and how robust the win is.

Hand-built rounds are written as YAML text. Round "A" is small enough to check by hand:

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

import itertools
import json
import time
from fractions import Fraction
from pathlib import Path

import pytest
from support import ROOT
from rounds import before_award

from udc.core.engine import score
from udc.analysis.what_if import hypothetical, stake_method, weight_method
from udc.core.pipeline import check_path

EXAMPLE = "examples/cyp-mental-health.yaml"


# ---------------------------------------------------------------- round text


def round_text(criteria: str, scores: dict, groups: str, aggregate: str = "mean", tie_break: str = "[quality]") -> str:
    lines = [
        "udc: 1",
        "round:",
        "  id: test-round",
        "  title: A test round",
        f"  aggregate: {aggregate}",
        f"  tie_break: {tie_break}",
        "scale:",
        "  - {value: 0, label: None, meaning: none}",
        "  - {value: 1, label: Poor, meaning: poor}",
        "  - {value: 2, label: Fair, meaning: fair}",
        "  - {value: 3, label: Good, meaning: good}",
        "  - {value: 4, label: Very good, meaning: very good}",
        "  - {value: 5, label: Excellent, meaning: excellent}",
        groups.rstrip(),
        "criteria:",
        criteria.rstrip(),
        "bids:",
        "  - {id: alpha, bidder: Alpha Care, price: 100}",
        "  - {id: beta, bidder: Beta Health, price: 100}",
        "scores:",
    ]
    for evaluator, bids in scores.items():
        lines.append(f"  {evaluator}:")
        for bid, cells in bids.items():
            lines.append(f"    {bid}: {{{', '.join(f'{c}: {v}' for c, v in cells.items())}}}")
    return "\n".join(lines) + "\n"


def members(prefix: str, count: int) -> str:
    return "\n".join(f"      {prefix}{i}: {{name: {prefix.upper()} {i}, declared: 2026-01-05}}"
                     for i in range(1, count + 1))


def two_groups(panel_stake=40, lived_stake=40, panel=1, lived=1) -> str:
    return (f"groups:\n  panel:\n    name: Commissioning panel\n    stake: {panel_stake}\n    members:\n"
            f"{members('p', panel)}\n  lived:\n    name: Lived Experience Team\n    stake: {lived_stake}\n"
            f"    members:\n{members('l', lived)}\n")


def criteria_a(q1="30", q3="20", q3_shares="{panel: 1, lived: 1}", q2="30", price="20") -> str:
    return (f"  - {{id: Q1, title: Clinical model, weight: {q1}, assessed_by: [panel]}}\n"
            f"  - {{id: Q3, title: Co-production, weight: {q3}, assessed_by: [panel, lived], shares: {q3_shares}}}\n"
            f"  - {{id: Q2, title: Interview, weight: {q2}, assessed_by: [lived]}}\n"
            f"  - {{id: price, kind: price, title: Price, weight: {price}, method: lowest}}\n")


def scores_a(beta_panel=5) -> dict:
    return {"p1": {"alpha": {"Q1": 4, "Q3": 4}, "beta": {"Q1": beta_panel, "Q3": beta_panel}},
            "l1": {"alpha": {"Q2": 5, "Q3": 5}, "beta": {"Q2": 1, "Q3": 1}}}


ROUND_A = round_text(criteria_a(), scores_a(), two_groups())
# Round B: the panel also prefers alpha (beta 3 on its criteria), so the lived group's stake changes nothing.
ROUND_B = round_text(criteria_a(), scores_a(beta_panel=3), two_groups())


def write(tmp_path: Path, text: str, name: str = "round.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def influence_json(udc, path, *extra) -> dict:
    run = udc("influence", str(path), "--format", "json", "--samples", "0", *extra, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def score_json(udc, path) -> dict:
    run = udc("score", str(path), "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def first(data: dict) -> list[str]:
    return sorted(b["id"] for b in data["bids"] if b["rank"] == 1)


def group(data: dict, gid: str) -> dict:
    return next(g for g in data["groups"] if g["id"] == gid)


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


# ---------------------------------------------------------------- the spec example


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    from support import run_udc

    run = run_udc("influence", EXAMPLE, "--format", "json", "--samples", "2000", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_example_lived_experience_stake_decides_the_winner(example):
    assert example["winner"] == "brightpath"
    lived = group(example, "lived-experience")
    assert lived["decisive"] is True
    assert lived["without"]["first"] == ["northstar"]
    assert "Without the Lived Experience Team's scores, Northstar Health Partners Ltd would have ranked first " \
           "instead of BrightPath Youth CIC." in lived["sentences"]
    assert group(example, "commissioners")["decisive"] is False


def test_example_counterfactual_totals_by_hand(example):
    """Without the team: Q1 commissioners only, I1 dropped, Q1-Q4 (55) scaled to the 70 quality marks.
    Commissioners' quality is 113/3 for both BrightPath and Northstar: 11 + 40/3 + 6 + 22/3 and 7 + 52/3 + 26/3 +
    14/3. Northstar 30 + 113/3 x 70/55 = 77.94; BrightPath 27.06 (1326/49) + 1582/33 = 75.00."""
    totals = {r["id"]: r["total"] for r in group(example, "lived-experience")["without"]["ranking"]}
    assert totals["northstar"] == 77.94
    assert totals["brightpath"] == float(round(Fraction(1326, 49) + Fraction(1582, 33), 2))


def test_example_decisive_stake_is_exact(example):
    stake = group(example, "lived-experience")["stake"]
    assert stake["holds_from_exact"] == "70640/7497" and stake["holds_from"] == 9.42
    assert stake["below"] == ["northstar"] and stake["above"] == [] and stake["holds_to"] == 70
    assert any("above 9.42%" in s for s in example["summary"])
    # At the exact stake the engine gives BrightPath and Northstar equal totals; either side, the leader swaps.
    checked = check_path(ROOT / EXAMPLE)
    actual = score(checked.method)
    s = Fraction(stake["holds_from_exact"])
    for x, ahead in ((s - Fraction(1, 1000), "northstar"), (s, None), (s + Fraction(1, 1000), "brightpath")):
        result = hypothetical(stake_method(checked.method, "lived-experience", x), actual)
        assert result.method.effective_stake("lived-experience") == x
        bp, ns = result.bid("brightpath").total, result.bid("northstar").total
        assert {None: bp == ns, "northstar": ns > bp, "brightpath": bp > ns}[ahead]


EXAMPLE_AT_STAKE = [
    # (old text, new text with the team's stake at 9%: team portions x 9/20, commissioners' x 61/50)
    ("    stake: 50\n", "    stake: 61\n"),
    ("    stake: 20\n", "    stake: 9\n"),
    ("    weight: 15\n    assessed_by: [commissioners, lived-experience]\n    shares: {commissioners: 2, "
     "lived-experience: 1}", "    weight: 14.45\n    assessed_by: [commissioners, lived-experience]\n"
     "    shares: {commissioners: 12.2, lived-experience: 2.25}"),
    ("    weight: 20\n    assessed_by: [commissioners]", "    weight: 24.4\n    assessed_by: [commissioners]"),
    ("    weight: 10\n    assessed_by: [commissioners]", "    weight: 12.2\n    assessed_by: [commissioners]"),
    ("    weight: 15\n    assessed_by: [lived-experience]", "    weight: 6.75\n    assessed_by: [lived-experience]"),
]
EXAMPLE_AT_10 = {"stake: 61": "stake: 60", "stake: 9": "stake: 10", "14.45": "14.5", "12.2": "12",
                 "2.25": "2.5", "24.4": "24", "6.75": "7.5"}


def test_example_rewritten_at_stakes_either_side_of_the_decisive_stake(udc, tmp_path):
    text = before_award((ROOT / EXAMPLE).read_text(encoding="utf-8"))  # what-if rounds: no award recorded
    for old, new in EXAMPLE_AT_STAKE:
        assert old in text
        text = text.replace(old, new)
    at_9 = score_json(udc, write(tmp_path, text, "at-9.yaml"))
    for old, new in EXAMPLE_AT_10.items():
        text = text.replace(old, new)
    at_10 = score_json(udc, write(tmp_path, text, "at-10.yaml"))
    assert at_9["stakes"]["lived-experience"]["effective"] == 9 and first(at_9) == ["northstar"]
    assert at_10["stakes"]["lived-experience"]["effective"] == 10 and first(at_10) == ["brightpath"]


def test_example_robustness(example):
    r = example["robustness"]
    change = r["smallest_weight_change"]
    assert (change["criterion"], change["from"], change["to_exact"], change["draws_level"]) == \
        ("I1", 15, "30950/6557", ["northstar"])
    moves = r["score_moves"]
    assert (moves["count"], moves["challenger"]) == (4, "kinship")
    assert r["score_moves_by_challenger"] == {"northstar": 5, "kinship": 4}
    wins = example["bootstrap"]["wins"]
    assert wins["brightpath"] > 0.99 and abs(sum(wins.values()) - 1) < 1e-9


def test_example_weight_change_either_side_with_the_engine():
    checked = check_path(ROOT / EXAMPLE)
    actual = score(checked.method)
    x = Fraction(30950, 6557)
    for weight, ahead in ((x - Fraction(1, 100), "northstar"), (x + Fraction(1, 100), "brightpath")):
        result = hypothetical(weight_method(checked.method, "I1", weight), actual)
        totals = {b: result.bid(b).total for b in ("brightpath", "northstar")}
        assert max(totals, key=totals.get) == ahead


# ---------------------------------------------------------------- bootstrap


def lopsided() -> str:
    scores = {}
    for i, (a, b) in enumerate([(5, 0), (4, 1), (5, 1)], start=1):
        scores[f"p{i}"] = {"alpha": {"Q1": a, "Q3": a}, "beta": {"Q1": b, "Q3": b}}
        scores[f"l{i}"] = {"alpha": {"Q2": a, "Q3": 5}, "beta": {"Q2": b, "Q3": 0}}
    return round_text(criteria_a(), scores, two_groups(panel=3, lived=3))


def close() -> str:
    scores = {}
    for i, (a, b) in enumerate([(5, 3), (1, 3), (4, 3)], start=1):
        scores[f"p{i}"] = {"alpha": {"Q1": a, "Q3": 3}, "beta": {"Q1": b, "Q3": 3}}
        scores[f"l{i}"] = {"alpha": {"Q2": 3, "Q3": 3}, "beta": {"Q2": 3, "Q3": 3}}
    return round_text(criteria_a(), scores, two_groups(panel=3, lived=3))


def test_bootstrap_on_a_lopsided_round_is_near_certain(udc, tmp_path):
    data = influence_json(udc, write(tmp_path, lopsided()), "--samples", "3000", "--seed", "7")
    wins = data["bootstrap"]["wins"]
    assert wins["alpha"] >= 0.99 and wins["beta"] <= 0.01
    assert data["bootstrap"]["samples"] == 3000 and data["bootstrap"]["seed"] == 7


def test_bootstrap_is_deterministic_for_a_seed(udc, tmp_path):
    path = write(tmp_path, close())
    one = influence_json(udc, path, "--samples", "2000", "--seed", "3")["bootstrap"]
    again = influence_json(udc, path, "--samples", "2000", "--seed", "3")["bootstrap"]
    other = influence_json(udc, path, "--samples", "2000", "--seed", "4")["bootstrap"]
    assert one == again
    assert other["wins"] != one["wins"]
    assert 0.2 < one["wins"]["alpha"] < 0.95  # a close round: neither certain nor hopeless


def test_bootstrap_of_the_example_is_fast():
    from udc.analysis.bootstrap import resample

    actual = score(check_path(ROOT / EXAMPLE).method)
    start = time.perf_counter()
    boot = resample(actual, 10_000, 0)
    assert time.perf_counter() - start < 5
    assert boot.wins["brightpath"] > 0.99


# ---------------------------------------------------------------- output


def test_table_view_reads_without_colour(udc):
    run = udc("influence", EXAMPLE, "--samples", "500", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "\x1b[" not in out
    assert "Key: ### Lived Experience Team   === Commissioning panel   ... Price" in out  # lived experience first
    bar = next(line for line in out.splitlines() if line.startswith("BrightPath Youth CIC ") and "|" in line)
    # 17.67 + 34 + 27.06 points at 2 points a character: 9 #, 17 =, 13 .
    assert bar.count("#") == 9 and bar.count("=") == 17 and bar.count(".") == 13 + 1  # + "78.73"
    assert "Resampling" not in run.stderr  # no progress bar when not a terminal


def test_plain_mode_is_short_sentences(udc):
    run = udc("influence", EXAMPLE, "--plain", "--samples", "500", cwd=ROOT)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert "The Lived Experience Team's scores decided the winner." in lines
    assert "At 9.42%, Northstar Health Partners Ltd would have the same total as BrightPath Youth CIC. Below it, " \
           "Northstar Health Partners Ltd would win." in lines
    assert not any(ch in run.stdout for ch in "|#═─")


def test_markdown_and_output_file(udc, tmp_path):
    out = tmp_path / "influence.md"
    run = udc("influence", EXAMPLE, "--format", "markdown", "--samples", "0", "-o", str(out), cwd=ROOT)
    assert run.returncode == 0 and run.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Influence: ") and "| Bid | Blended |" in text and "```text" in text


def test_unreadable_and_invalid_rounds_exit_with_located_errors(udc, tmp_path):
    run = udc("influence", str(tmp_path / "missing.yaml"), cwd=ROOT)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "missing.yaml" in run.stderr
    bad = write(tmp_path, ROUND_A.replace("stake: 40\n    members:\n      l1", "stake: 45\n    members:\n      l1"))
    out = tmp_path / "never.json"
    run = udc("influence", str(bad), "--format", "json", "-o", str(out), cwd=ROOT)
    assert run.returncode == 1 and f"{bad}:" in run.stderr and "error:" in run.stderr
    assert not out.exists()


# ---------------------------------------------------------------- the exact solver against the engine


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from udc.analysis.influence import analyse  # noqa: E402
from udc.core.loader import load_text  # noqa: E402
from udc.core.pipeline import check_loaded  # noqa: E402

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
