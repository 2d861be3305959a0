"""Small rounds written as YAML text, for engine and property tests."""

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
