"""``udc influence`` drawn: the bar chart, the rich view, plain sentences and Markdown.

Every renderer reads the one dict :func:`udc.views.influence.build` makes, so
the JSON, the tables and the sentences never disagree. Text from the round is
shown, never interpreted (see :mod:`udc.views.console`).
"""

from __future__ import annotations

from fractions import Fraction

from udc.core.numbers import plain
from udc.core.text import visible
from udc.views.influence import (
    CHART_WIDTH,
    DEFINITION,
    GROUP_MARKS,
    GROUP_STYLES,
    PRICE_MARK,
    PRICE_STYLE,
    _names,
    _pct,
    _share,
    _the,
    head,
    what_it_takes,
)

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
    return [(mark, style, n) for (mark, style, _), n in zip(parts, whole, strict=True)]


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

    from udc.views.console import note, table_or_blocks
    from udc.views.console import text as cell

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
    table_or_blocks(console, table, lambda: [
        [row["bidder"]] + [f"{h}: {c}" for h, c in zip(headers[1:], cells, strict=True)]
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
    rows = list(zip(*[[str(getattr(x, "plain", x)) for x in c._cells] for c in table.columns], strict=True))
    table_or_blocks(console, table, lambda: [
        [row[0]] + [f"{h}: {v}" for h, v in zip(headers[1:], row[1:], strict=True) if v] for row in rows])


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
    """Short sentences, each said once, no symbols: lived-experience groups first; figures say what they are out of."""
    lines = [f"{data['title']}, round {data['round']}."] + head(data)
    if data["winner"]:
        lines.append(DEFINITION)
    for g in data["groups"]:
        lines += g["sentences"]
    for row in data["ranking"]:
        parts = [f"{_the(g['name'])} {row['groups'].get(g['id'], 0)} out of {plain(g['effective'])}"
                 for g in data["groups"]]
        if data["price_weight"] is not None:
            parts.append(f"price {row['price_score']} out of {plain(data['price_weight'])}")
        lines.append(f"{row['bidder']} has {row['total']} points out of 100: {', '.join(parts)}.")
    lines += what_it_takes(data) + data["robustness"]["sentences"]
    lines.append("Figures are rounded from exact values. "
                 "The winner changes where another bid's total reaches the winner's.")
    return visible("\n".join(dict.fromkeys(lines)) + "\n")  # each sentence once, where it first comes


def render_markdown(data: dict) -> str:
    from udc.core.text import markdown as md
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
    out += ["Each cell: rank (total)" + ("; `=` shares its rank." if _any_tie(data) else "."), ""]
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
