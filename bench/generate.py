"""Write a large, valid round in format 1 for the benchmark.

    python bench/generate.py [--bids 100] [--criteria 40] [--evaluators 16] [--seed 1] -o FILE

The default is the size issue 2 asks for: 100 bids x 40 scored criteria x 16
evaluators = 64,000 scores. Every evaluator scores every criterion of every bid
(no conflicts, no absences), so the count is exact.

The round is realistic and valid (``udc check`` reports no error):

* two groups, half the evaluators each: commissioners (stake 49) and a Lived
  Experience Team (stake 21); every scored criterion is assessed by both, so
  each group's effective stake equals its declared stake exactly (shares are in
  proportion to the stakes: written out on odd criteria, the default on even);
* 40 scored criteria whose weights (1.5 and 2.0 and so on, in hundredths) add
  up to 70, and a price criterion of weight 30 (method ``lowest``);
* a 0-5 scale with labels and plain-language descriptors;
* each cell's scores lie within one scale point of each other (a real panel
  mostly agrees), so divergence warnings stay rare;
* about one score in ten carries a reason, and one in a hundred records a
  change at moderation (``was``/``why``).

The same seed always gives the same bytes. Only the standard library is used:
the YAML text is written directly, one flow mapping per bid row, like the
spec example.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

STAKES = {"commissioners": 49, "lived-experience": 21}  # quality is 70; price is 30
SHARES = "{commissioners: 7, lived-experience: 3}"  # in proportion to the stakes: 49:21 = 7:3
PRICE_WEIGHT = 30

SCALE = [
    (0, "Unacceptable", "No response, or the response fails the requirement.",
     "They did not answer, or the answer would not work."),
    (1, "Poor", "Major omissions; little confidence the requirement will be met.",
     "A weak answer. We do not trust it would happen."),
    (2, "Satisfactory", "Meets the minimum requirement with some gaps.", "Just good enough, but things are missing."),
    (3, "Good", "Meets the requirement with minor omissions.", "A good answer with small gaps."),
    (4, "Very good", "Fully meets the requirement with clear evidence.", "A strong answer with proof it works."),
    (5, "Excellent", "Exceeds the requirement; evidence of added value.",
     "Better than we asked for, and we can see it working."),
]

TOPICS = [
    "Co-production with service users", "Clinical model and outcomes", "Access and waiting times",
    "Social value", "Safeguarding", "Workforce and training", "Mobilisation plan", "Digital access",
    "Equality and inclusion", "Partnership working", "Transition to adult services", "Crisis response",
    "Family support", "Data protection", "Environmental sustainability", "Quality assurance",
]

REASONS = [
    "Clear evidence from a comparable contract.",
    "The answer restates the specification without saying how.",
    "Strong plan, but the timescales are optimistic.",
    "Service users were involved in writing this answer.",
    "No measures named for the outcomes promised.",
    "Good local knowledge; partners named and committed.",
    "The staffing numbers do not match the budget.",
    "A thoughtful answer with a worked example.",
]

FIRST = ["North", "South", "East", "West", "Bright", "Kin", "Open", "Green", "River", "Hill", "Oak", "Harbour"]
SECOND = ["path", "star", "ship", "bridge", "way", "field", "gate", "side", "light", "stone"]
KIND = ["CIC", "Ltd", "Charity", "Partnership", "Trust", "Cooperative"]


def weights(count: int, total_hundredths: int = 100 * (100 - PRICE_WEIGHT)) -> list[str]:
    """``count`` decimal weights (as text) adding up exactly to ``total_hundredths``/100.

    Neighbouring criteria differ (e.g. 1.50 and 2.00), as in a real tender.
    """
    base, extra = divmod(total_hundredths, count)
    parts = [base + (1 if i < extra else 0) for i in range(count)]
    swing = min(25, base - 1)
    for i in range(0, count - 1, 2):  # move weight between pairs: the sum is unchanged
        parts[i] -= swing
        parts[i + 1] += swing
    assert sum(parts) == total_hundredths and min(parts) > 0
    return [f"{p // 100}.{p % 100:02d}".rstrip("0").rstrip(".") for p in parts]


def members(group: str, prefix: str, count: int, rng: random.Random) -> list[str]:
    lines = [f"  {group}:", f"    name: {'Commissioning panel' if prefix == 'cp' else 'Lived Experience Team'}",
             f"    stake: {STAKES[group]}", "    members:"]
    for i in range(1, count + 1):
        role = ", role: Commissioner" if prefix == "cp" else ""
        who = "Officer" if prefix == "cp" else "Member"
        lines.append(f"      {prefix}-{i:02d}: {{name: {who} {prefix.upper()}{i:02d}"
                     f"{role}, declared: 2026-09-{rng.randint(1, 9):02d}}}")
    return lines


def criteria_lines(count: int) -> list[str]:
    lines = ["criteria:"]
    for i, weight in enumerate(weights(count), start=1):
        cid = f"Q{i:02d}"
        topic = TOPICS[(i - 1) % len(TOPICS)]
        lines += [f"  - id: {cid}",
                  f"    title: \"{topic} ({cid})\"",
                  f"    text: How will you deliver {topic.lower()} in the first year of the contract?",
                  f"    section: {'Social value' if topic == 'Social value' else 'Quality'}",
                  f"    stage: {'interview' if i % 10 == 0 else 'written'}",
                  f"    weight: {weight}",
                  "    assessed_by: [commissioners, lived-experience]"]
        if i % 2:  # explicit on odd criteria; even ones take the default (in proportion to the stakes)
            lines.append(f"    shares: {SHARES}")
    lines += ["  - id: price", "    kind: price", "    title: Price over five years",
              f"    weight: {PRICE_WEIGHT}", "    method: lowest"]
    return lines


def bid_lines(count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """The ``bids:`` lines and the bid ids."""
    lines, ids = ["bids:"], []
    for i in range(1, count + 1):
        bid = f"bid-{i:03d}"
        name = f"{rng.choice(FIRST)}{rng.choice(SECOND)} {rng.choice(KIND)} {i}"
        price = f"{rng.randint(1_800_000, 2_600_000)}.{rng.randint(0, 99):02d}"
        lines.append(f"  - {{id: {bid}, bidder: {name}, price: {price}}}")
        ids.append(bid)
    return lines, ids


def entry(score: int, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.01 and score < 5:
        return (f"{{score: {score}, reason: \"{rng.choice(REASONS)}\", was: {score + 1}, "
                f"why: \"Moderation: the evidence was weaker than first read.\"}}")
    if roll < 0.10:
        return f"{{score: {score}, reason: \"{rng.choice(REASONS)}\"}}"
    return str(score)


def score_lines(evaluators: list[str], bids: list[str], criteria: list[str], rng: random.Random) -> list[str]:
    # Each cell has a base level; every evaluator gives the base or one above it.
    quality = {b: rng.uniform(1.0, 3.6) for b in bids}
    base = {(b, c): max(0, min(4, round(rng.gauss(quality[b], 0.7)))) for b in bids for c in criteria}
    lines = ["scores:"]
    for eid in evaluators:
        lines.append(f"  {eid}:")
        for b in bids:
            cells = ", ".join(f"{c}: {entry(base[b, c] + (rng.random() < 0.4), rng)}" for c in criteria)
            lines.append(f"    {b}: {{{cells}}}")
    return lines


def generate(bids: int = 100, criteria: int = 40, evaluators: int = 16, seed: int = 1) -> str:
    """The round's YAML text; the same arguments always give the same text."""
    if bids < 1 or not 1 <= criteria <= 1000 or evaluators < 2:
        raise ValueError("need at least 1 bid, 1 to 1000 criteria and 2 evaluators")
    rng = random.Random(seed)
    n_cp = evaluators // 2
    n_le = evaluators - n_cp
    lines = [f"# Benchmark round: {bids} bids x {criteria} criteria x {evaluators} evaluators = "
             f"{bids * criteria * evaluators:,} scores (seed {seed}).",
             "# Generated by bench/generate.py; do not edit by hand.",
             "udc: 1", "",
             "round:", "  id: bench-large", f"  title: Benchmark round of {bids} bids",
             "  authority: Anytown City Council", "  currency: GBP", "  decimals: 2", "  aggregate: mean",
             "  tie_break: [quality, \"group:lived-experience\", price]", "  minimum_quality: 30",
             "  budget: 2650000", "  require_reasons: false", "  divergence: 2", "", "scale:"]
    lines += [f"  - {{value: {v}, label: {label}, meaning: \"{meaning}\", plain: \"{plain}\"}}"
              for v, label, meaning, plain in SCALE]
    lines += ["", "groups:"]
    lines += members("commissioners", "cp", n_cp, rng)
    lines += members("lived-experience", "le", n_le, rng)
    lines.append("")
    lines += criteria_lines(criteria)
    lines.append("")
    blines, bid_ids = bid_lines(bids, rng)
    lines += blines
    lines.append("")
    eids = [f"cp-{i:02d}" for i in range(1, n_cp + 1)] + [f"le-{i:02d}" for i in range(1, n_le + 1)]
    lines += score_lines(eids, bid_ids, [f"Q{i:02d}" for i in range(1, criteria + 1)], rng)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a large, valid round (format 1) for the benchmark.")
    parser.add_argument("--bids", type=int, default=100)
    parser.add_argument("--criteria", type=int, default=40, help="scored criteria (a price criterion is added)")
    parser.add_argument("--evaluators", type=int, default=16, help="split evenly between the two groups")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    args = parser.parse_args(argv)
    try:
        text = generate(args.bids, args.criteria, args.evaluators, args.seed)
    except ValueError as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()):,} bytes, "
          f"{args.bids * args.criteria * args.evaluators:,} scores)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
