"""`udc influence` for people: the report as plain data (JSON).

:func:`build` turns the exact analysis into published figures once; the
sentences (:mod:`udc.views.influence_words`) and every view
(:mod:`udc.views.influence_render`: chart, rich, plain, Markdown) read that one
dict, so the JSON, the tables and the sentences never disagree.
Percentages are published to the round's ``decimals``; the exact value of each
boundary is kept beside it as a fraction (``"70640/7497"``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from udc import __version__
from udc.analysis.influence import Influence, criterion_effects
from udc.analysis.sweeps import Sweep
from udc.core.numbers import publish
from udc.views.influence_words import (  # noqa: F401
    DEFINITION,
    DIFFER,
    _names,
    _pct,
    _share,
    _the,
    differ_sentence,
    group_sentences,
    head,
    robustness_sentences,
    summary,
    what_it_takes,
)

GROUP_MARKS = ("#", "=", "%", "@", "&", "*")
PRICE_MARK = "."
GROUP_STYLES = ("cyan", "magenta", "green", "blue", "red", "white")
PRICE_STYLE = "yellow"
CHART_WIDTH = 50  # characters for 100 points


# ---------------------------------------------------------------- data


def build(checked, analysis: Influence, boot=None) -> dict:
    """The whole influence report as plain data (published figures), sentences included."""
    result = analysis.result
    method, round_ = result.method, result.method.round
    places = round_.round.decimals
    pub = lambda v: publish(v, places)  # noqa: E731
    bids = {b.id: b.bid.bidder for b in result.bids}
    win = analysis.winner
    data: dict[str, Any] = {
        "round": round_.round.id,
        "title": round_.round.title,
        "fingerprint": checked.loaded.fingerprint if checked is not None else None,
        "tool": f"udc {__version__}",
        "decimals": places,
        "complete": result.complete,
        "bidders": bids,
        "winner": win.id if win else None,
        "tied_first": sorted(b.id for b in result.bids if b.rank == 1) if win is None else [],
        "first_by_tie_break": next(({"other": x.below, "key": x.key} for x in result.separations
                                    if win is not None and x.above == win.id and x.key), None),
        "quality_weight": pub(method.quality_weight),
        "price_weight": pub(Fraction(method.price.weight)) if method.price is not None else None,
        "ranking": ranking_data(result, pub, detail=True),
        "groups": [group_data(analysis, gi, pub) for gi in lived_first(analysis)],
        "robustness": robustness_data(analysis, pub),
        "bootstrap": bootstrap_data(boot) if boot is not None else None,
    }
    for g in data["groups"]:
        g["sentences"] = group_sentences(data, g)
    data["robustness"]["sentences"] = robustness_sentences(data)
    data["summary"] = summary(data)
    return data


def lived_first(analysis: Influence) -> list:
    """The groups, lived-experience groups first (reports about influence lead with them)."""
    groups = analysis.result.method.round.groups
    return sorted(analysis.groups, key=lambda gi: not getattr(groups[gi.group], "lived_experience", False))


def ranking_data(result, pub, detail: bool = False) -> list[dict]:
    rows = []
    for b in result.ranking:
        row = {"id": b.id, "bidder": b.bid.bidder, "rank": b.rank, "tie": b.tie, "total": pub(b.total)}
        if detail:
            row["quality"] = pub(b.quality)
            row["price_score"] = pub(b.price.score) if b.price is not None else Decimal(0)
            row["groups"] = {g: pub(v) for g, v in b.contributions.items()}
        rows.append(row)
    return rows


def first_of(result) -> list[str]:
    return sorted(b.id for b in result.bids if b.rank == 1)


def group_data(analysis: Influence, gi, pub) -> dict:
    result = analysis.result
    group = result.method.round.groups[gi.group]
    own = None
    if gi.own is not None:
        own = {"ranking": ranking_data(gi.own, pub), "first": first_of(gi.own),
               "same_first": first_of(gi.own) == first_of(result),
               "same_order": [r["id"] for r in ranking_data(gi.own, pub)] == [b.id for b in result.ranking]}
    without = {"ranking": ranking_data(gi.without, pub), "first": first_of(gi.without),
               "nothing_left": gi.nothing_left, "changes_winner": gi.decisive,
               "dropped": list(gi.dropped),
               "weights": {c.id: pub(c.weight) for c in gi.without.method.scored}}
    stake = sweep_data(gi.stake, pub) if gi.stake is not None else None
    at_zero = stake["segments"][0]["leaders"] if stake is not None else None
    return {
        "id": gi.group,
        "name": group.name,
        "lived_experience": bool(getattr(group, "lived_experience", False)),
        "declared": group.stake,
        "effective": pub(gi.effective),
        "own_view": own,
        "without": without,
        "decisive": without["changes_winner"],
        "stake": stake,
        # who leads with the group's stake at 0 (the stake sweep's answer to "without the group")
        "first_at_stake_zero": at_zero,
        "criteria": criteria_data(result, gi.group, pub),
    }


def criteria_data(result, group: str, pub) -> list[dict]:
    """For each criterion the group scores: does taking its scores on that criterion alone out change
    the winner, and how far does each bid's total move (published, exact beside it)."""
    titles = {c.id: c.spec.title for c in result.method.scored}
    return [{"criterion": e.criterion, "title": titles[e.criterion], "alone": e.alone, "decisive": e.decisive,
             "first": first_of(e.without), "moves": {b: pub(v) for b, v in e.moves.items()},
             "moves_exact": {b: fraction(v) for b, v in e.moves.items()}}
            for e in criterion_effects(result, group)]


def sweep_data(s: Sweep, pub) -> dict:
    exact = lambda v: None if v is None else fraction(v)  # noqa: E731
    return {
        "range": [pub(s.low), pub(s.high)],
        "current": pub(s.current),
        "winner_leads": s.holds_from is not None,
        "holds_from": pub(s.holds_from) if s.holds_from is not None else None,
        "holds_to": pub(s.holds_to) if s.holds_to is not None else None,
        "holds_from_exact": exact(s.holds_from),
        "holds_to_exact": exact(s.holds_to),
        "below": list(s.below),
        "above": list(s.above),
        "segments": [{"from": pub(x.start), "to": pub(x.end), "from_exact": exact(x.start),
                      "to_exact": exact(x.end), "leaders": list(x.leaders)} for x in s.segments],
    }


def robustness_data(analysis: Influence, pub) -> dict:
    method = analysis.result.method
    titles = {c.id: c.spec.title for c in method.scored}
    if method.price is not None:
        titles[method.price.id] = method.price.title
    weights = [dict(criterion=cid, title=titles[cid], **sweep_data(s, pub)) for cid, s in analysis.weights.items()]
    change = analysis.weight_change
    smallest = None
    if change is not None:
        smallest = {"criterion": change.criterion, "title": titles[change.criterion], "from": pub(change.before),
                    "to": pub(change.after), "to_exact": fraction(change.after),
                    "change": pub(abs(change.after - change.before)), "draws_level": list(change.new_leaders)}
    moves = None
    if analysis.moves is not None:
        m = analysis.moves
        moves = {"count": m.count, "challenger": m.challenger, "margin": pub(m.margin), "gain": pub(m.gain),
                 "moves": [{"group": x.group, "evaluator": x.evaluator, "bid": x.bid, "criterion": x.criterion,
                            "from": _num(x.before), "to": _num(x.after)} for x in m.moves]}
    per_challenger = {b: (m.count if m is not None else None) for b, m in analysis.challengers.items()}
    return {"weights": weights, "smallest_weight_change": smallest, "score_moves": moves,
            "score_moves_by_challenger": per_challenger}


def bootstrap_data(boot) -> dict:
    return {"samples": boot.samples, "seed": boot.seed, "varied": boot.varied,
            "wins": {b: round(boot.wins[b], 4) for b in boot.bids},
            "totals_5_95": {b: [round(boot.low[b], 2), round(boot.high[b], 2)] for b in boot.bids}}


def fraction(value: Fraction) -> str:
    """An exact figure as text that ``Fraction()`` reads back: ``16`` or ``70640/7497``."""
    return str(value)


def _num(value: Fraction):
    return value.numerator if value.denominator == 1 else float(value)
