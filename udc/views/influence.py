"""`udc influence` for people: plain data (JSON), sentences, a rich view with a bar chart, Markdown.

:func:`build` turns the exact analysis into published figures once; every view
reads that one dict, so the JSON, the tables and the sentences never disagree.
Percentages are published to the round's ``decimals``; the exact value of each
boundary is kept beside it as a fraction (``"70640/7497"``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from udc import __version__
from udc.analysis.influence import Influence, Sweep
from udc.core.numbers import plain, publish
from udc.core.text import visible

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
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
    data = {
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
        "groups": [group_data(analysis, gi, pub) for gi in analysis.groups],
        "robustness": robustness_data(analysis, pub),
        "bootstrap": bootstrap_data(boot) if boot is not None else None,
    }
    for g in data["groups"]:
        g["sentences"] = group_sentences(data, g)
    data["robustness"]["sentences"] = robustness_sentences(data)
    data["summary"] = summary(data)
    return data


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
    return {
        "id": gi.group,
        "name": group.name,
        "declared": group.stake,
        "effective": pub(gi.effective),
        "own_view": own,
        "without": without,
        "decisive": without["changes_winner"],
        "stake": sweep_data(gi.stake, pub) if gi.stake is not None else None,
    }


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


# ---------------------------------------------------------------- sentences


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


def group_sentences(data: dict, g: dict) -> list[str]:
    who = _the(g["name"])
    actual = [data["winner"]] if data["winner"] else data["tied_first"]
    out = []
    w = g["without"]
    if w["nothing_left"]:
        out.append(f"{who[0].upper() + who[1:]} is the only group that scores: without its scores there would be "
                   "nothing to rank the bids on.")
    elif w["changes_winner"]:
        out.append(f"Without {_poss(who)} scores, {_first(data, w['first'])} would have ranked first "
                   f"instead of {_first(data, actual)}.")
    else:
        out.append(f"Without {_poss(who)} scores, {_first(data, actual)} would still have ranked first.")
    own = g["own_view"]
    if own is not None:
        out.append(f"On its own scores, {who} would rank {_order(data, own['ranking'])}.")
        out.append(agreement_sentence(data, own["ranking"], actual))
    return out + stake_sentences(data, g)


def agreement_sentence(data: dict, alone: list[dict], actual: list[str]) -> str:
    """One sentence: where a group's own ranking agrees with the blended one, and where it differs."""
    blended = {r["id"]: r["rank"] for r in data["ranking"]}
    mine = {r["id"]: r["rank"] for r in alone}
    agree = [b for b in blended if mine.get(b) == blended[b]]
    differ = [b for b in blended if mine.get(b) != blended[b]]
    first_alone = sorted(b for b, rank in mine.items() if rank == 1)
    if not differ:
        return "That is the same order as the blended ranking."
    if first_alone == actual:
        others = [b for b in agree if b not in actual]
        also = f" and on the place of {_names(data, others)}" if others else ""
        return f"It agrees with the blended ranking on who comes first{also}, and differs on {_names(data, differ)}."
    agreed = f"it agrees on the place of {_names(data, agree)}" if agree else "no bid has the same place in both"
    return f"It would put {_first(data, first_alone)} first where the blended ranking has {_first(data, actual)}; {agreed}."


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
        return [f"No stake for {who} from {_pct(low)} to {_pct(high)} changes the winner "
                f"(none in {plain(low)}–{_pct(high)}). It is {_pct(s['current'])} now."]
    out = []
    if s["below"]:
        rival = _names(data, s["below"])
        out += [f"{win} stays first while the stake of {who} is above {_pct(s['holds_from'])}.",
                f"The stake is {_pct(s['current'])} now.",
                f"At {_pct(s['holds_from'])}, {rival} would draw level."
                + (f" Below it, {rival} would win." if s["holds_from"] > low else "")]
    else:
        out += [f"The stake of {who} is {_pct(s['current'])} now.",
                f"No lower stake, down to {_pct(low)}, changes the winner."]
    if s["above"]:
        rival = _names(data, s["above"])
        out.append(f"At {_pct(s['holds_to'])}, {rival} would draw level."
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
                f"Then {_names(data, c['draws_level'])} would draw level with {win}."]
    m = r["score_moves"]
    if m is None:
        out.append("No set of one-point score changes would let another bid catch the winner.")
    elif m["count"] == 0:
        out.append(f"{win} is first only through rounding or the tie-break.")
    else:
        out += [f"{m['count']} score{'s' if m['count'] != 1 else ''} would have to move by one point for "
                f"{data['bidders'][m['challenger']]} to draw level with {win}.", "No fewer would do."]
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


def summary(data: dict) -> list[str]:
    """The few sentences a report needs first."""
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
        return out
    else:
        out.append("No bid is in contention.")
        return out
    for g in data["groups"]:
        who = _the(g["name"])
        verdict = "decided the winner" if g["decisive"] else "did not change the winner"
        if g["without"]["nothing_left"]:
            out.append(g["sentences"][0])
            continue
        out += [f"{_poss(who[0].upper() + who[1:])} scores {verdict}.", g["sentences"][0]]
        s = g["stake"]
        if s is not None and s["winner_leads"] and s["below"]:
            out.append(f"{win} stays first while the stake of {who} is above {_pct(s['holds_from'])}; "
                       f"it is {_pct(s['current'])}.")
    r = data["robustness"]
    parts = []
    if r["smallest_weight_change"] and r["smallest_weight_change"]["draws_level"]:
        c = r["smallest_weight_change"]
        parts.append(f"moving one weight by {plain(c['change'])} points ({c['criterion']})")
    if r["score_moves"] and r["score_moves"]["count"]:
        count = r["score_moves"]["count"]
        parts.append(f"{count} one-point score move{'s' if count != 1 else ''}")
    boot = data["bootstrap"]
    if parts:
        out.append(f"To change the winner would take {' or '.join(parts)}.")
    if boot is not None and boot["samples"]:
        out.append(f"{win} came first in {_share(boot['wins'][data['winner']])} of {boot['samples']:,} "
                   "resampled panels.")
    return out


# ---------------------------------------------------------------- chart


def bar_segments(data: dict, row: dict, width: int = CHART_WIDTH) -> list[tuple[str, str, int]]:
    """(mark, style, characters) per part of a bid's total, by largest remainder so parts add up."""
    parts = [(GROUP_MARKS[i % len(GROUP_MARKS)], GROUP_STYLES[i % len(GROUP_STYLES)], Fraction(v))
             for i, v in enumerate(row["groups"].values())]
    if data["price_weight"] is not None:
        parts.append((PRICE_MARK, PRICE_STYLE, Fraction(row["price_score"])))
    exact = [max(v, Fraction(0)) * width / 100 for _, _, v in parts]
    whole = [int(x) for x in exact]
    target = int(sum(exact, Fraction(0)) + Fraction(1, 2))
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - whole[i]), i))
    for i in by_remainder[:max(0, target - sum(whole))]:
        whole[i] += 1
    return [(mark, style, n) for (mark, style, _), n in zip(parts, whole)]


def legend(data: dict, groups: list[dict]) -> list[tuple[str, str, str]]:
    items = [(GROUP_MARKS[i % len(GROUP_MARKS)], GROUP_STYLES[i % len(GROUP_STYLES)], g["name"])
             for i, g in enumerate(groups)]
    if data["price_weight"] is not None:
        items.append((PRICE_MARK, PRICE_STYLE, "Price"))
    return items


def chart_lines(data: dict) -> list[str]:
    """The chart as plain text (Markdown, files)."""
    width = max((len(r["bidder"]) for r in data["ranking"]), default=0)
    lines = []
    for row in data["ranking"]:
        bar = "".join(mark * n for mark, _, n in bar_segments(data, row))
        lines.append(f"{row['bidder']:<{width}} |{bar:<{CHART_WIDTH}}| {row['total']}")
    lines.append("Key: " + "   ".join(f"{m} {name}" for m, _, name in legend(data, data["groups"]))
                 + f"   (one character = {Fraction(100, CHART_WIDTH)} points)")
    return lines


# ---------------------------------------------------------------- rich view


def render_rich(console, data: dict) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from udc.views.console import note, table_or_blocks, text as cell

    note(console, data["title"], "bold")
    note(console, f"Round {data['round']} · influence of each group, and how robust the winner is")
    for line in data["summary"]:
        note(console, line)
    console.print()
    console.print(Text("Each bid's total, split into group contributions and price", style="bold"))
    width = min(max((len(r["bidder"]) for r in data["ranking"]), default=0), 30)
    totals = max((len(str(r["total"])) for r in data["ranking"]), default=0)
    chars = next((n for n in (CHART_WIDTH, 25, 20, 10) if console.width >= width + n + totals + 4), 10)
    width = max(1, min(width, console.width - chars - totals - 4))
    for row in data["ranking"]:
        text = Text(f"{_clip(visible(row['bidder'], keep_lines=False), width):<{width}} |")
        used = 0
        for mark, style, n in bar_segments(data, row, chars):
            text.append(mark * n, style=style)
            used += n
        text.append(" " * (chars - used) + f"| {row['total']}")
        console.print(text, soft_wrap=True)
    key = Text("Key: ")
    for mark, style, name in legend(data, data["groups"]):
        key.append(mark * 3, style=style)
        key.append(f" {visible(name, keep_lines=False)}   ")
    key.append(f"(one character = {Fraction(100, chars)} points)")
    console.print(key)

    table = Table(title="Rankings: blended, each group alone, and without each group", box=box.SIMPLE_HEAD)
    table.add_column("Bid", min_width=16)
    table.add_column("Blended", justify="right")
    columns = []
    for g in data["groups"]:
        if g["own_view"] is not None:
            table.add_column(f"{g['name']} alone", justify="right")
            columns.append(g["own_view"]["ranking"])
    for g in data["groups"]:
        table.add_column(f"Without {g['name']}", justify="right")
        columns.append(g["without"]["ranking"])
    for row in data["ranking"]:
        cells = [_place(row)]
        for ranking in columns:
            found = next((r for r in ranking if r["id"] == row["id"]), None)
            cells.append(_place(found) if found else "—")
        table.add_row(*map(cell, [row["bidder"], *cells]))
    headers = [str(c.header) for c in table.columns]
    table_or_blocks(console, table, lambda: [[row["bidder"]] + [f"{h}: {c}" for h, c in zip(headers[1:], cells)]
                                             for row, cells in _rows(data, columns)])
    note(console, "Each cell: rank (total)." + (" = shares its rank." if _any_tie(data) else ""), "dim")

    stakes = Table(title="Stakes: where the winner would change", box=box.SIMPLE_HEAD)
    for name in ("Group", "Stake now", "Winner stays first from", "to", "Below, first would be",
                 "Above, first would be"):
        stakes.add_column(name, justify="left" if name.startswith(("Group", "Below", "Above")) else "right")
    for g in data["groups"]:
        s = g["stake"]
        if s is None:
            stakes.add_row(g["name"], _pct(g["effective"]), "cannot move", "", "", "")
            continue
        stakes.add_row(g["name"], _pct(s["current"]),
                       _pct(s["holds_from"]) if s["winner_leads"] else "—",
                       _pct(s["holds_to"]) if s["winner_leads"] else "—",
                       _names(data, s["below"]) or "no change", _names(data, s["above"]) or "no change")
    _print(console, stakes)
    for g in data["groups"]:
        note(console, g["name"], "bold")
        for line in g["sentences"]:
            note(console, line, indent=2)
    console.print()

    weights = Table(title="Robustness: one weight at a time (others in proportion)", box=box.SIMPLE_HEAD)
    for name in ("Criterion", "Weight now", "Winner stays first from", "to", "Then level"):
        weights.add_column(name, justify="left" if name in ("Criterion", "Then level") else "right")
    for w in data["robustness"]["weights"]:
        weights.add_row(f"{w['criterion']} {w['title']}", _pct(w["current"]),
                        _pct(w["holds_from"]) if w["winner_leads"] else "—",
                        _pct(w["holds_to"]) if w["winner_leads"] else "—", _level(data, w))
    _print(console, weights)
    moves = data["robustness"]["score_moves"]
    if moves and moves["moves"]:
        t = Table(title=f"The fewest score moves: {moves['count']}", box=box.SIMPLE_HEAD)
        for name in ("Bid", "Criterion", "Scored by", "From", "To"):
            t.add_column(name, justify="right" if name in ("From", "To") else "left")
        for m in moves["moves"]:
            t.add_row(data["bidders"][m["bid"]], m["criterion"], m["evaluator"] or f"{m['group']} (agreed)",
                      str(m["from"]), str(m["to"]))
        _print(console, t)
    boot = data["bootstrap"]
    if boot is not None and boot["samples"]:
        t = Table(title=f"Resampled panels: {boot['samples']:,} samples, seed {boot['seed']}", box=box.SIMPLE_HEAD)
        for name in ("Bid", "First in", "Total, 5th to 95th percentile"):
            t.add_column(name, justify="left" if name == "Bid" else "right")
        for bid, share in sorted(boot["wins"].items(), key=lambda kv: (-kv[1], kv[0])):
            lo, hi = boot["totals_5_95"][bid]
            t.add_row(data["bidders"][bid], _share(share), f"{lo:.2f} to {hi:.2f}")
        _print(console, t)
    for line in data["robustness"]["sentences"]:
        note(console, line)
    note(console, NOTE, "dim")
    if data["fingerprint"]:
        note(console, f"File {data['fingerprint']} · {data['tool']}", "dim")


def _print(console, table) -> None:
    """A table whole, or one block per row (each cell named by its column) where it cannot fit."""
    from udc.views.console import table_or_blocks

    headers = [str(c.header) for c in table.columns]
    rows = list(zip(*[[str(getattr(x, "plain", x)) for x in c._cells] for c in table.columns]))
    table_or_blocks(console, table, lambda: [[row[0]] + [f"{h}: {v}" for h, v in zip(headers[1:], row[1:]) if v]
                                             for row in rows])


def _rows(data: dict, columns: list) -> list:
    out = []
    for row in data["ranking"]:
        cells = [_place(row)] + [_place(next((r for r in ranking if r["id"] == row["id"]), None))
                                 for ranking in columns]
        out.append((row, cells))
    return out


def _any_tie(data: dict) -> bool:
    return any(r["tie"] for r in data["ranking"])


NOTE = ("A winner 'changes' where another bid's exact total draws level with it; figures are rounded from "
        "exact values. Bids out of contention stay out; price keeps its weight. See docs/influence.md.")


def _level(data: dict, sweep: dict) -> str:
    """Who would draw level at each end of the winner's range, in words."""
    parts = []
    if sweep["below"]:
        parts.append(f"{_names(data, sweep['below'])} at {_pct(sweep['holds_from'])}")
    if sweep["above"]:
        parts.append(f"{_names(data, sweep['above'])} at {_pct(sweep['holds_to'])}")
    return "; ".join(parts) or "no change"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _place(row: dict | None) -> str:
    if row is None:
        return "—"
    return f"{row['rank']}{'=' if row['tie'] else ''} ({row['total']})"


# ---------------------------------------------------------------- plain and Markdown


def render_plain(data: dict) -> str:
    lines = [f"{data['title']}, round {data['round']}."]
    lines += data["summary"]
    for row in data["ranking"]:
        parts = [f"{_the(g['name'])} {row['groups'].get(g['id'], 0)}" for g in data["groups"]]
        if data["price_weight"] is not None:
            parts.append(f"price {row['price_score']}")
        lines.append(f"{row['bidder']} has {row['total']} points: {', '.join(parts)}.")
    for g in data["groups"]:
        lines += g["sentences"]
    lines += data["robustness"]["sentences"]
    lines.append("Figures are rounded from exact values. A winner changes where another bid draws level with it.")
    return visible("\n".join(dict.fromkeys(lines)) + "\n")  # each sentence once, where it first comes


def render_markdown(data: dict) -> str:
    from udc.core.text import markdown_text as md
    from udc.views.markdown import fenced, table

    out = [f"# Influence: {md(data['title'])}", "", f"Round {md(data['round'])}", ""]
    out += [f"- {md(line)}" for line in data["summary"]] + [""]
    out += ["## Each bid's total, split", ""] + fenced(chart_lines(data)) + [""]
    header = ["Bid", "Blended"]
    columns = []
    for g in data["groups"]:
        if g["own_view"] is not None:
            header.append(f"{md(g['name'])} alone")
            columns.append(g["own_view"]["ranking"])
    for g in data["groups"]:
        header.append(f"Without {md(g['name'])}")
        columns.append(g["without"]["ranking"])
    rows = []
    for row in data["ranking"]:
        cells = [md(row["bidder"]), _place(row)]
        for ranking in columns:
            cells.append(_place(next((r for r in ranking if r["id"] == row["id"]), None)))
        rows.append(cells)
    out += ["## Rankings", ""] + table(header, rows, right=set(range(1, len(header)))) + [""]
    out += ["Each cell: rank (total); `=` shares its rank.", ""]
    out += ["## Each group", ""]
    for g in data["groups"]:
        out += [f"### {md(g['name'])}", ""] + [f"- {md(line)}" for line in g["sentences"]] + [""]
    out += ["## Robustness", ""]
    wrows = [[md(f"{w['criterion']} {w['title']}"), _pct(w["current"]),
              _pct(w["holds_from"]) if w["winner_leads"] else "—", _pct(w["holds_to"]) if w["winner_leads"] else "—",
              md(_level(data, w))] for w in data["robustness"]["weights"]]
    out += table(["Criterion", "Weight now", "Winner stays first from", "to", "Then level"], wrows,
                 right={1, 2, 3}) + [""]
    out += [f"- {md(line)}" for line in data["robustness"]["sentences"]] + [""]
    out += [f"_{NOTE}_", ""]
    if data["fingerprint"]:
        out += [f"File `{data['fingerprint']}` · {data['tool']}", ""]
    return "\n".join(out)
