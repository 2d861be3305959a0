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
from udc.analysis.influence import Influence, Sweep, criterion_effects
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


# ---------------------------------------------------------------- chart


def bar_segments(data: dict, row: dict, width: int = CHART_WIDTH) -> list[tuple[str, str, int]]:
    """(mark, style, characters) per part of a bid's total, by largest remainder so parts add up."""
    parts = [(GROUP_MARKS[i % len(GROUP_MARKS)], GROUP_STYLES[i % len(GROUP_STYLES)],
              Fraction(row["groups"].get(g["id"], 0))) for i, g in enumerate(data["groups"])]
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

    console.print(Text(data["title"], style="bold"))
    console.print(f"Round {data['round']} · influence of each group, and how robust the winner is")
    for line in data["summary"]:
        console.print(line, highlight=False)
    console.print()
    console.print(Text("Each bid's total, split into group contributions and price", style="bold"))
    width = min(max((len(r["bidder"]) for r in data["ranking"]), default=0), 30)
    chars = CHART_WIDTH if console.width >= width + CHART_WIDTH + 12 else CHART_WIDTH // 2
    for row in data["ranking"]:
        text = Text(f"{_clip(row['bidder'], width):<{width}} |")
        used = 0
        for mark, style, n in bar_segments(data, row, chars):
            text.append(mark * n, style=style)
            used += n
        text.append(" " * (chars - used) + f"| {row['total']}")
        console.print(text, overflow="ellipsis", no_wrap=True)
    key = Text("Key: ")
    for mark, style, name in legend(data, data["groups"]):
        key.append(mark * 3, style=style)
        key.append(f" {name}   ")
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
        table.add_row(row["bidder"], *cells)
    console.print(table)
    console.print("Each cell: rank (total). = shares its rank.", style="dim")

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
    console.print(stakes)
    for g in data["groups"]:
        console.print(Text(g["name"], style="bold"))
        for line in g["sentences"]:
            console.print("  " + line, highlight=False)
    console.print()

    weights = Table(title="Robustness: one weight at a time (others in proportion)", box=box.SIMPLE_HEAD)
    for name in ("Criterion", "Weight now", "Winner stays first from", "to", "Then level"):
        weights.add_column(name, justify="left" if name in ("Criterion", "Then level") else "right")
    for w in data["robustness"]["weights"]:
        weights.add_row(f"{w['criterion']} {w['title']}", _pct(w["current"]),
                        _pct(w["holds_from"]) if w["winner_leads"] else "—",
                        _pct(w["holds_to"]) if w["winner_leads"] else "—", _level(data, w))
    console.print(weights)
    moves = data["robustness"]["score_moves"]
    if moves and moves["moves"]:
        t = Table(title=f"The fewest score moves: {moves['count']}", box=box.SIMPLE_HEAD)
        for name in ("Bid", "Criterion", "Scored by", "From", "To"):
            t.add_column(name, justify="right" if name in ("From", "To") else "left")
        for m in moves["moves"]:
            t.add_row(data["bidders"][m["bid"]], m["criterion"], m["evaluator"] or f"{m['group']} (agreed)",
                      str(m["from"]), str(m["to"]))
        console.print(t)
    boot = data["bootstrap"]
    if boot is not None and boot["samples"]:
        t = Table(title=f"Resampled panels: {boot['samples']:,} samples, seed {boot['seed']}", box=box.SIMPLE_HEAD)
        for name in ("Bid", "First in", "Total, 5th to 95th percentile"):
            t.add_column(name, justify="left" if name == "Bid" else "right")
        for bid, share in sorted(boot["wins"].items(), key=lambda kv: (-kv[1], kv[0])):
            lo, hi = boot["totals_5_95"][bid]
            t.add_row(data["bidders"][bid], _share(share), f"{lo:.2f} to {hi:.2f}")
        console.print(t)
    for line in data["robustness"]["sentences"]:
        console.print(line, highlight=False)
    console.print(NOTE, style="dim")
    if data["fingerprint"]:
        console.print(f"File {data['fingerprint']} · {data['tool']}", style="dim")


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
    """Short sentences, each said once, no symbols: lived-experience groups first."""
    lines = [f"{data['title']}, round {data['round']}."] + head(data)
    if data["winner"]:
        lines.append(DEFINITION)
    for g in data["groups"]:
        lines += g["sentences"]
    for row in data["ranking"]:
        parts = [f"{_the(g['name'])} {row['groups'].get(g['id'], 0)}" for g in data["groups"]]
        if data["price_weight"] is not None:
            parts.append(f"price {row['price_score']}")
        lines.append(f"{row['bidder']} has {row['total']} points: {', '.join(parts)}.")
    lines += what_it_takes(data) + data["robustness"]["sentences"]
    lines.append("Figures are rounded from exact values. The winner changes where another bid's total reaches the winner's.")
    seen, out = set(), []
    for line in lines:
        if line not in seen:
            seen.add(line)
            out.append(line)
    return "\n".join(out) + "\n"


def render_markdown(data: dict) -> str:
    from udc.views.markdown import table

    out = [f"# Influence: {data['title']}", "", f"Round `{data['round']}`", ""]
    out += [f"- {line}" for line in data["summary"]] + [""]
    out += ["## Each bid's total, split", "", "```text"] + chart_lines(data) + ["```", ""]
    header = ["Bid", "Blended"]
    columns = []
    for g in data["groups"]:
        if g["own_view"] is not None:
            header.append(f"{g['name']} alone")
            columns.append(g["own_view"]["ranking"])
    for g in data["groups"]:
        header.append(f"Without {g['name']}")
        columns.append(g["without"]["ranking"])
    rows = []
    for row in data["ranking"]:
        cells = [row["bidder"], _place(row)]
        for ranking in columns:
            cells.append(_place(next((r for r in ranking if r["id"] == row["id"]), None)))
        rows.append(cells)
    out += ["## Rankings", ""] + table(header, rows, right=set(range(1, len(header)))) + [""]
    out += ["Each cell: rank (total); `=` shares its rank.", ""]
    out += ["## Each group", ""]
    for g in data["groups"]:
        out += [f"### {g['name']}", ""] + [f"- {line}" for line in g["sentences"]] + [""]
    out += ["## Robustness", ""]
    wrows = [[f"{w['criterion']} {w['title']}", _pct(w["current"]),
              _pct(w["holds_from"]) if w["winner_leads"] else "—", _pct(w["holds_to"]) if w["winner_leads"] else "—",
              _level(data, w)] for w in data["robustness"]["weights"]]
    out += table(["Criterion", "Weight now", "Winner stays first from", "to", "Then level"], wrows,
                 right={1, 2, 3}) + [""]
    out += [f"- {line}" for line in data["robustness"]["sentences"]] + [""]
    out += [f"_{NOTE}_", ""]
    if data["fingerprint"]:
        out += [f"File `{data['fingerprint']}` · {data['tool']}", ""]
    return "\n".join(out)
