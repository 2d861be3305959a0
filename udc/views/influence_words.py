"""The sentences of `udc influence`: one definition of "decided the winner", each finding said once.

Every sentence is made from the published data that :func:`udc.views.influence.build` returns, so the
JSON, the tables and the sentences never disagree. Plain words: no symbols, no fractions.
"""

from __future__ import annotations

from udc.core.numbers import plain

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def _poss(name: str) -> str:
    """The possessive: "the Lived Experience Team's", "the Council officers'"."""
    return name + ("'" if name.endswith("s") else "'s")


def _names(data: dict, ids) -> str:
    names = [data["bidders"][i] for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _first(data: dict, ids: list[str]) -> str:
    """Who ranks first, as words: a bidder, or a tie."""
    if not ids:
        return "no bid"
    if len(ids) == 1:
        return data["bidders"][ids[0]]
    return f"a tie between {_names(data, ids)}"


def _pct(value) -> str:
    return f"{plain(value)}%"


def _order(data: dict, ranking: list[dict]) -> str:
    parts = []
    for r in ranking:
        place = ORDINALS[r["rank"] - 1] if r["rank"] <= len(ORDINALS) else f"number {r['rank']}"
        parts.append(f"{r['bidder']} {place}{' (shared)' if r['tie'] else ''}")
    return ", ".join(parts)


DEFINITION = ("A group's scores decided the winner when, without them, another bid, or a tie, "
              "would rank first.")
DIFFER = ("Leaving a group out and setting its stake to 0% can give different answers: leaving it out passes "
          "its share of each criterion only to the groups that score that criterion with it, while a stake of 0% "
          "scales every other group's marks up evenly.")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def lead_sentences(data: dict, g: dict) -> list[str]:
    """What a group's scores did: the verdict, the counterfactual, and which criteria made the difference."""
    who = _the(g["name"])
    actual = [data["winner"]] if data["winner"] else data["tied_first"]
    w = g["without"]
    if w["nothing_left"]:
        return [f"{_cap(who)} is the only group that scores: without its scores there would be "
                "nothing to rank the bids on."]
    verdict = "decided the winner" if g["decisive"] else "did not change the winner"
    out = [f"{_cap(_poss(who))} scores {verdict}."]
    if w["changes_winner"]:
        out.append(f"Without {_poss(who)} scores, {_first(data, w['first'])} would have ranked first "
                   f"instead of {_first(data, actual)}.")
    else:
        out.append(f"Without {_poss(who)} scores, {_first(data, actual)} would still have ranked first.")
    return out + [criteria_sentence(data, g)]


def _criteria_names(items: list[dict]) -> str:
    names = [f"{c['criterion']} ({c['title']})" for c in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def criteria_sentence(data: dict, g: dict) -> str:
    """Which of the group's criteria made the difference on their own (taking out its scores on each alone)."""
    decisive = [c for c in g["criteria"] if c["decisive"]]
    if not decisive:
        if g["decisive"]:
            return "No single criterion's scores made the difference on their own; together they did."
        return "Taking out its scores on any one criterion would not change the winner either."
    firsts = {tuple(c["first"]) for c in decisive}
    then = f", {_first(data, list(firsts.pop()))} would have ranked first" if len(firsts) == 1 else \
        ", another bid would have ranked first"
    each = " each" if len(decisive) > 1 else ""
    if g["decisive"]:
        return (f"Its scores on {_criteria_names(decisive)}{each} made the difference: without those scores "
                f"alone{then}.")
    return f"Yet without its scores on {_criteria_names(decisive)} alone{then}."


def move_sentences(data: dict, g: dict) -> list[str]:
    """How far each bid's total moves without the group's scores on each criterion."""
    out = []
    for c in g["criteria"]:
        parts = []
        for bid, move in c["moves"].items():
            if move > 0:
                parts.append(f"{data['bidders'][bid]} would gain {_points(move)}")
            elif move < 0:
                parts.append(f"{data['bidders'][bid]} would lose {_points(-move)}")
            else:
                parts.append(f"{data['bidders'][bid]} would stay the same")
        if parts:
            joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            out.append(f"Without its scores on {c['criterion']}, {joined}.")
    return out


def _points(value) -> str:
    return f"{plain(value)} point{'' if value == 1 else 's'}"


def differ_sentence(data: dict, g: dict) -> list[str]:
    """One sentence where leaving the group out and its stake at 0 disagree about who comes first."""
    zero = g["first_at_stake_zero"]
    if zero is None or g["without"]["nothing_left"] or not data["winner"]:
        return []
    return [DIFFER] if (zero != [data["winner"]]) != g["decisive"] else []


def group_sentences(data: dict, g: dict) -> list[str]:
    out = lead_sentences(data, g)
    if g["without"]["nothing_left"]:
        return out
    out += stake_sentences(data, g) + differ_sentence(data, g)
    own = g["own_view"]
    if own is not None:
        out.append(f"On its own scores, {_the(g['name'])} would rank {_order(data, own['ranking'])}.")
        out.append(agreement_sentence(data, own["ranking"], [data["winner"]] if data["winner"] else data["tied_first"]))
    return out + move_sentences(data, g)


def agreement_sentence(data: dict, alone: list[dict], actual: list[str]) -> str:
    """One sentence: where a group's own ranking agrees with the blended one, and where it differs."""
    blended = {r["id"]: r["rank"] for r in data["ranking"]}
    mine = {r["id"]: r["rank"] for r in alone}
    agree = [b for b in blended if mine.get(b) == blended[b]]
    differ = [b for b in blended if mine.get(b) != blended[b]]
    first_alone = sorted(b for b, rank in mine.items() if rank == 1)
    if not differ:
        return "That is the same order as the round's ranking."
    if first_alone == actual:
        others = [b for b in agree if b not in actual]
        also = f" and on the place of {_names(data, others)}" if others else ""
        return f"It agrees with the round's ranking on who comes first{also}, and differs on {_names(data, differ)}."
    agreed = f"it agrees on the place of {_names(data, agree)}" if agree else "no bid has the same place in both"
    return (f"It would put {_first(data, first_alone)} first where the round's ranking has "
            f"{_first(data, actual)}; {agreed}.")


def stake_sentences(data: dict, g: dict) -> list[str]:
    s, who = g["stake"], _the(g["name"])
    if s is None:
        return [f"The stake of {who} cannot be moved: no other group shares the quality marks."]
    if not data["winner"]:
        return []
    win = data["bidders"][data["winner"]]
    low, high = s["range"]
    if not s["winner_leads"]:
        return [f"{win} is first only through rounding or the tie-break. "
                f"Any change to the stake of {who} could change the winner."]
    if not s["below"] and not s["above"]:
        return [f"No stake for {who} from {_pct(low)} to {_pct(high)} changes the winner. "
                f"It is {_pct(s['current'])} now."]
    out = []
    if s["below"]:
        rival = _names(data, s["below"])
        out += [f"{win} stays first while the stake of {who} is above {_pct(s['holds_from'])}.",
                f"The stake is {_pct(s['current'])} now.",
                f"At {_pct(s['holds_from'])}, {rival} would have the same total as {win}."
                + (f" Below it, {rival} would win." if s["holds_from"] > low else "")]
    else:
        out += [f"The stake of {who} is {_pct(s['current'])} now.",
                f"No lower stake, down to {_pct(low)}, changes the winner."]
    if s["above"]:
        rival = _names(data, s["above"])
        out.append(f"At {_pct(s['holds_to'])}, {rival} would have the same total as {win}."
                   + (f" Above it, {rival} would win." if s["holds_to"] < high else ""))
    else:
        out.append(f"No higher stake, up to {_pct(high)}, changes the winner.")
    return out


def robustness_sentences(data: dict) -> list[str]:
    r = data["robustness"]
    if not data["winner"]:
        return ["No single bid ranks first, so there is no winner to test."]
    win = data["bidders"][data["winner"]]
    out = []
    c = r["smallest_weight_change"]
    if c is None:
        out.append("No change to a single weight, from 0% to 100%, changes the winner.")
    elif not c["draws_level"]:
        out.append(f"{win} is first only through rounding or the tie-break. Any weight change could upset it.")
    else:
        out += [f"The smallest change to one weight that changes the winner: {c['title']} ({c['criterion']}) "
                f"from {_pct(c['from'])} to {_pct(c['to'])} of the decision, the other weights in proportion.",
                f"Then {_names(data, c['draws_level'])} would have the same total as {win}."]
    m = r["score_moves"]
    if m is None:
        out.append("No set of one-point score changes would let another bid catch the winner.")
    elif m["count"] == 0:
        out.append(f"{win} is first only through rounding or the tie-break.")
    else:
        out += [f"{m['count']} score{'s' if m['count'] != 1 else ''} would have to move by one point for "
                f"{data['bidders'][m['challenger']]} to reach the same total as {win}.", "No fewer would do."]
    boot = data["bootstrap"]
    if boot is not None and boot["samples"] and not boot["varied"]:
        out.append("Every group figure is an agreed score, so redrawing the panels changes nothing.")
    elif boot is not None and boot["samples"]:
        out += [f"We redrew each panel at random from its own members {boot['samples']:,} times "
                f"(seed {boot['seed']}).",
                f"{win} came first in {_share(boot['wins'][data['winner']])} of them."]
    return out


def _share(value: float) -> str:
    return f"{value * 100:.2f}%"


def head(data: dict) -> list[str]:
    """Who ranks first, or why no bid does."""
    out = []
    if not data["complete"]:
        out.append("The round is incomplete: these figures are provisional and bids with missing scores "
                   "are left out.")
    if data["winner"]:
        win = data["bidders"][data["winner"]]
        out.append(f"{win} ranks first.")
        level = data["first_by_tie_break"]
        if level is not None:
            out.append(f"{win} and {data['bidders'][level['other']]} have the same total; {win} is first on "
                       f"the tie-break ({level['key']}).")
    elif data["tied_first"]:
        out.append(f"First place is {_first(data, data['tied_first'])}; the panel must settle it.")
    else:
        out.append("No bid is in contention.")
    return out


def what_it_takes(data: dict) -> list[str]:
    r = data["robustness"]
    parts = []
    if r["smallest_weight_change"] and r["smallest_weight_change"]["draws_level"]:
        c = r["smallest_weight_change"]
        parts.append(f"moving one weight by {plain(c['change'])} points ({c['criterion']})")
    if r["score_moves"] and r["score_moves"]["count"]:
        count = r["score_moves"]["count"]
        parts.append(f"{count} one-point score move{'s' if count != 1 else ''}")
    return [f"To change the winner would take {' or '.join(parts)}."] if parts else []


def summary(data: dict) -> list[str]:
    """The few sentences a report needs first: lived-experience groups lead."""
    out = head(data)
    if not data["winner"]:
        return out
    win = data["bidders"][data["winner"]]
    out.append(DEFINITION)
    for g in data["groups"]:
        out += lead_sentences(data, g)
        s = g["stake"]
        if s is not None and s["winner_leads"] and s["below"]:
            out.append(f"{win} stays first while the stake of {_the(g['name'])} is above {_pct(s['holds_from'])}; "
                       f"it is {_pct(s['current'])}.")
        out += differ_sentence(data, g)
    out += what_it_takes(data)
    boot = data["bootstrap"]
    if boot is not None and boot["samples"] and boot["varied"]:
        out.append(f"{win} came first in {_share(boot['wins'][data['winner']])} of {boot['samples']:,} "
                   "panels redrawn at random from their own members.")
    return out
