"""Small rounds written as YAML text, shared by several test files: engine and property tests,
`udc moderate` (DECIDER), `udc influence` (round A and its builders) and round edits (ROUND)."""

from __future__ import annotations

from fractions import Fraction

from udc.core.engine import Result, score
from udc.core.pipeline import check_text

SCALE_0_4 = """scale:
  - {value: 0, label: None, meaning: none}
  - {value: 1, label: Poor, meaning: poor}
  - {value: 2, label: Fair, meaning: fair}
  - {value: 3, label: Good, meaning: good}
  - {value: 4, label: Top, meaning: top}
"""


def scored(text: str) -> Result:
    """Check and score a round given as YAML text; fail loudly on any error."""
    checked = check_text(text, "test.yaml")
    errors = [d.text() for d in checked.diagnostics if d.severity == "error"]
    assert not errors, errors
    return score(checked.method)


def two_group_round(bids: list[tuple[str, int, int, int, int]], tie_break: str = "[quality]",
                    method: str = "lowest", decimals: int = 2) -> str:
    """Groups com (member c1) and le (member l1); Q1 weight 40 shared equally, Q2 weight 20 com only,
    price weight 40. ``bids`` are (id, price, com score on Q1, le score on Q1, com score on Q2)."""
    lines = [f"""udc: 1
round: {{id: t, title: Test, tie_break: {tie_break}, decimals: {decimals}}}
{SCALE_0_4}groups:
  com: {{name: Commissioners, members: {{c1: {{name: C1, declared: 2027-01-01}}}}}}
  le: {{name: Lived experience, members: {{l1: {{name: L1, declared: 2027-01-01}}}}}}
criteria:
  - {{id: Q1, title: One, weight: 40}}
  - {{id: Q2, title: Two, weight: 20, assessed_by: [com]}}
  - {{id: P, title: Price, kind: price, weight: 40, method: {method}}}
bids:"""]
    lines += [f"  - {{id: {b}, bidder: Bidder {b}, price: {p}}}" for b, p, *_ in bids]
    lines.append("scores:\n  c1:")
    lines += [f"    {b}: {{Q1: {c1}, Q2: {c2}}}" for b, _, c1, _, c2 in bids]
    lines.append("  l1:")
    lines += [f"    {b}: {{Q1: {l1}}}" for b, _, _, l1, _ in bids]
    return "\n".join(lines) + "\n"


def as_fraction(value) -> Fraction:
    return Fraction(str(value))


def before_award(text: str) -> str:
    """Round text without its top-level ``award`` block: a round still being scored is not yet awarded."""
    import re

    return re.sub(r"(?ms)^award:\n.*?(?=^\S|\Z)", "", text)


# A round built so that one cell decides the winner. Weights: Q1 50 (shared equally by com and le,
# so each group's figure carries 25 points), Q2 50 (com only); the scale's top is 4.
# Totals by hand: a 18.75 + 18.75 + 37.5 = 75; b 18.75 + 15.625 + 37.5 = 71.875; c 0 + 12.5 + 12.5 = 25;
# d 6.25 + 12.5 + 12.5 = 31.25; e 0 + 6.25 + 0 = 6.25.
DECIDER = """\
# Test round: one cell decides the winner.
udc: 1
round: {id: decider, title: Decider, divergence: 2}

scale:
  - {value: 0, label: None, meaning: "No answer.", plain: "They did not answer."}
  - {value: 1, label: Poor, meaning: "Major gaps.", plain: "A weak answer."}
  - {value: 2, label: Fair, meaning: "Some gaps.", plain: "Just good enough."}
  - {value: 3, label: Good, meaning: "Minor gaps.", plain: "A good answer."}
  - {value: 4, label: Top, meaning: "No gaps.", plain: "A strong answer."}

groups:
  com:
    name: Commissioners
    members:
      c1: {name: Cat One, declared: 2027-01-01}
      c2: {name: Cal Two, declared: 2027-01-01}
  le:
    name: Lived Experience Team
    lived_experience: true
    members:
      l1: {name: Lee One, declared: 2027-01-01}
      l2: {name: Lou Two, declared: 2027-01-01}

criteria:
  - {id: Q1, title: Co-production, text: "How will people shape the service?", weight: 50}
  - {id: Q2, title: Delivery, text: "How will you deliver it?", weight: 50, assessed_by: [com]}

bids:
  - {id: a, bidder: Alder Care}
  - {id: b, bidder: Birch Support}
  - {id: c, bidder: Cedar Trust}
  - {id: d, bidder: Damson Ltd}
  - {id: e, bidder: Elm Services}

scores:
  # independent scores, before the meeting
  c1:
    a: {Q1: 3, Q2: 3}
    b: {Q1: 3, Q2: 3}
    c: {Q1: 0, Q2: 1}
    d: {Q1: 1, Q2: 0}
    e: {Q1: 0, Q2: 0}
  c2:
    a: {Q1: 3, Q2: 3}
    b: {Q1: 3, Q2: 3}
    c: {Q1: 0, Q2: 1}
    d: {Q1: 1, Q2: 2}
    e: {Q1: 0, Q2: 0}
  l1:
    a: {Q1: 3}
    b: {Q1: 1}  # the decisive cell
    c: {Q1: 2}
    d: {Q1: 2}
    e: {Q1: 0}
  l2:
    a: {Q1: 3}
    b: {Q1: 4}
    c: {Q1: 2}
    d: {Q1: 2}
    e: {Q1: 2}
"""


# Round A, the influence tests' round (tests/test_influence_*.py), small enough to check by hand:
#
#     Q1 weight 30, panel only      Q3 weight 20, shared equally     Q2 weight 30, lived only
#     price weight 20 (equal prices: both bids get 20)
#     stakes: panel 30 + 10 = 40, lived 10 + 30 = 40; quality marks 80
#
#     alpha: panel Q1 4, Q3 4; lived Q2 5, Q3 5 -> 20 + 24 + 18 + 30 = 92
#     beta:  panel Q1 5, Q3 5; lived Q2 1, Q3 1 -> 20 + 30 + 12 + 6  = 68
#
# round_text and its parts build it and its variants (other weights, stakes, scores, group sizes).


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


# The edit tests' round (tests/test_edit_*.py, the round_file fixture in conftest.py, tests/test_hidden.py).
# A small but complete round in the layout of the format's example: header
# comments, flow-style levels and bids, sequences indented under their key,
# one line of scores per bid, a replaced score and a moderated one.
ROUND = """\
# A small co-produced procurement.
# The Lived Experience Team scores Q1 with the commissioners.
udc: 1

round:
  id: small-2027
  title: A small round
  currency: GBP
  tie_break: [quality, "group:lived-experience", price]

scale:
  - {value: 0, label: Poor, meaning: "Fails the requirement."}
  - {value: 5, label: Excellent, meaning: "Exceeds the requirement.", plain: "Better than we asked for."}

groups:
  commissioners:
    name: Commissioning panel
    members:
      cp-1: {name: Ruth Okafor, declared: 2026-09-02}
      cp-2: {name: Dev Patel, declared: 2026-09-02}
  lived-experience:
    name: Lived Experience Team
    members:
      le-1: {name: Member A, declared: 2026-09-02}

criteria:
  - id: M1
    kind: pass-fail
    title: Registered
    assessed_by: [commissioners]
  - id: Q1
    title: Co-production
    weight: 70
  - id: price
    kind: price
    title: Price
    weight: 30
    method: lowest

bids:
  - {id: brightpath, bidder: BrightPath Youth CIC, price: 2450000}
  - {id: northstar, bidder: Northstar Health Partners Ltd, price: 2210000}

scores:
  # Sheets collected on 2026-10-01.
  cp-1:
    brightpath: {M1: pass, Q1: {score: 5, reason: "Paid youth advisers sit on the board."}}
    northstar: {M1: pass, Q1: 0}  # scored before the clarification
  cp-2:
    brightpath: {M1: pass, Q1: {score: 5, reason: "Strong.", was: 0, why: "Moderation: misread the answer."}}
  le-1:
    brightpath: {Q1: 5}

moderation:
  lived-experience:
    northstar:
      Q1: {score: 0, reason: "No real say for young people."}
"""
