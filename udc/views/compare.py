"""``udc diff`` as text (sentences, for a screen reader too), Markdown or JSON.

The text form uses words, never arrows: "changed from 3 to 4". The same
sentences make the Markdown lists, so the two never say different things.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from udc.analysis.compare import BidChange, CellChange, PanelChange
from udc.core.text import visible

SECTIONS = (("method", "Method"), ("bids", "Bids"), ("panel", "Panel"), ("scores", "Scores"),
            ("agreed", "Agreed scores"), ("record", "Record"), ("other", "Other"))


def _t(value: Any) -> str:
    return visible(str(value), keep_lines=False)


def _quoted(text: str | None) -> str:
    return "none" if not text else f'"{_t(text)}"'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# ---------------------------------------------------------------- sentences


def method_lines(data: dict) -> list[str]:
    lines = [f"{_t(c['text'])}." for c in data["method"]]
    seal = data["seal"]["new"]
    if seal is not None and seal["broken"]:
        lines.append(f"The seal of the newer file, made on {seal['sealed']}, no longer matches the method: "
                     "the method changed after it was sealed.")
    elif seal is not None and data["method"]:
        again = "sealed again" if data["seal"]["old"] is not None else "sealed"
        lines.append(f"The newer file was {again} on {seal['sealed']} with this method.")
    return lines


def bid_line(c: dict) -> str:
    return BID_LINES[c["change"]](_t(c["bid"]), c)


def _bid_added(bid: str, c: dict) -> str:
    price = f", price {c['new']['price']}" if c["new"]["price"] is not None else ""
    return f"{bid} was added ({_t(c['new']['bidder'])}{price})."


def _bid_repriced(bid: str, c: dict) -> str:
    return f"{bid} was re-priced from {c['old'] or 'no price'} to {c['new'] or 'no price'}."


BID_LINES: dict[BidChange, Callable[[str, dict], str]] = {
    BidChange.ADDED: _bid_added,
    BidChange.REMOVED: lambda bid, c: f"{bid} was removed from the file ({_t(c['old']['bidder'])}).",
    BidChange.WITHDRAWN: lambda bid, c: f"{bid} was withdrawn.",
    BidChange.REINSTATED: lambda bid, c: f"{bid} is no longer withdrawn.",
    BidChange.REPRICED: _bid_repriced,
    BidChange.RENAMED: lambda bid, c: f"{bid} bidder's name changed from {_quoted(c['old'])} to {_quoted(c['new'])}.",
}


def panel_line(c: dict) -> str:
    return PANEL_LINES[c["change"]](_t(c["evaluator"]), _t(c["group"]), c)


def _conflicts_changed(who: str, group: str, c: dict) -> str:
    return (f"{who} ({group}) conflicts changed from {', '.join(map(_t, c['old'])) or 'none'} "
            f"to {', '.join(map(_t, c['new'])) or 'none'}.")


PANEL_LINES: dict[PanelChange, Callable[[str, str, dict], str]] = {
    PanelChange.ADDED: lambda who, group, c: f"{who} joined {group}.",
    PanelChange.REMOVED: lambda who, group, c: f"{who} left {group}.",
    PanelChange.MOVED: lambda who, group, c: f"{who} moved from {_t(c['old'])} to {_t(c['new'])}.",
    PanelChange.CONFLICTS: _conflicts_changed,
}


def cell_line(c: dict, who_key: str) -> str:
    where = f"{_t(c[who_key])} on {_t(c['bid'])}, {_t(c['criterion'])}"
    return CELL_LINES[c["change"]](where, c["old"], c["new"])


def _cell_added(where: str, old: dict, new: dict) -> str:
    return f"{where}: added, {_t(new['score'])}, reason {_quoted(new['reason'])}."


def _cell_removed(where: str, old: dict, new: dict) -> str:
    return f"{where}: removed (it was {_t(old['score'])}, reason {_quoted(old['reason'])})."


def _cell_changed(where: str, old: dict, new: dict) -> str:
    why = f"; why: {_quoted(new['why'])}" if new.get("why") and new.get("why") != old.get("why") else ""
    if old["reason"] == new["reason"]:
        reason = f"reason {_quoted(new['reason'])}, the same as before" if new["reason"] else "no reason given"
    else:
        reason = f"reason now {_quoted(new['reason'])} (before: {_quoted(old['reason'])})"
    return f"{where}: changed from {_t(old['score'])} to {_t(new['score'])}; {reason}{why}."


def _cell_reason(where: str, old: dict, new: dict) -> str:
    return (f"{where}: reason changed from {_quoted(old['reason'])} to {_quoted(new['reason'])} "
            f"(the score, {_t(new['score'])}, is the same).")


CELL_LINES: dict[CellChange, Callable[[str, dict, dict], str]] = {
    CellChange.ADDED: _cell_added,
    CellChange.REMOVED: _cell_removed,
    CellChange.CHANGED: _cell_changed,
    CellChange.REASON: _cell_reason,
}


def record_line(c: dict) -> str:
    where = f"{_t(c['key'])} {_t(c['item'])}".strip()
    return f"{where}: {_t(c['text'])}."


def section_lines(data: dict, key: str) -> list[str]:
    if key == "method":
        return method_lines(data)
    if key == "bids":
        return [bid_line(c) for c in data["bids"]]
    if key == "panel":
        return [panel_line(c) for c in data["panel"]]
    if key == "scores":
        return [cell_line(c, "evaluator") for c in data["scores"]]
    if key == "agreed":
        return [cell_line(c, "group") for c in data["agreed"]]
    if key == "record":
        return [record_line(c) for c in data["record"]]
    return [f"{_t(c['text'])}." for c in data["other"]]


def standing_text(s: dict | None) -> str:
    if s is None:
        return "not in this version"
    place = (f"rank {s['rank']}" + (" (tied)" if s["tie"] else "")) if s["rank"] is not None else s["status"]
    total = "no total" if s["total"] is None else f"total {s['total']}" + (" (partial)" if s["partial"] else "")
    return f"{place}, {total}"


def ranking_line(row: dict) -> str:
    before, after = standing_text(row["before"]), standing_text(row["after"])
    name = f"{_t(row['bid'])} ({_t(row['bidder'])})"
    if before == after:
        return f"{name}: {before}, unchanged."
    return f"{name}: before, {before}; after, {after}."


def headline(data: dict) -> str:
    if not data["decides"]:
        return "Nothing that decides the ranking changed."
    ranking = "The ranking changed." if data["ranking_changed"] else "The ranking is the same."
    method = (f" The assessment method changed ({_plural(len(data['method']), 'field')})."
              if data["method"] else "")
    return f"Something that decides the ranking changed.{method} {ranking}"


# ---------------------------------------------------------------- documents


def render_text(data: dict) -> str:
    out = [f"Comparing {_t(data['old'])} (before) with {_t(data['new'])} (after).", headline(data), ""]
    quiet = []
    for key, title in SECTIONS:
        lines = section_lines(data, key)
        changes = len(data[key])
        if not lines:
            quiet.append(title.lower())
            continue
        note = " These change how scores become a ranking." if key == "method" else ""
        out.append(f"{title}: {_plural(changes, 'change')}.{note}")
        out.extend(f"  {line}" for line in lines)
        out.append("")
    if quiet:
        out.append(f"No changes to: {', '.join(quiet)}.")
        out.append("")
    out.append("Ranking, before and after:")
    out.extend(f"  {ranking_line(row)}" for row in data["ranking"])
    return "\n".join(out) + "\n"


def render_markdown(data: dict) -> str:
    from udc.views.templating import render

    sections = [(title, section_lines(data, key)) for key, title in SECTIONS]
    rows = [(row["bid"], row["bidder"], standing_text(row["before"]), standing_text(row["after"]),
             "yes" if row["moved"] else "no") for row in data["ranking"]]
    return render("diff.md.j2", data=data, headline=headline(data), sections=sections, rows=rows)


def render_json(data: dict) -> str:
    from udc.views.report import to_json

    return to_json(data)
