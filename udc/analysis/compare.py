"""What changed between two versions of a round, and what it did to the ranking.

:func:`compare` returns plain data (dicts, lists, text, published decimals),
the same for every view of ``udc diff``:

* ``method``: every method field that changed (:mod:`udc.core.method_changes`,
  the same comparison the seal uses), and whether the newer seal is broken;
* ``bids``: added, removed, withdrawn, reinstated, re-priced, renamed;
* ``panel``: evaluators added, removed, moved between groups, conflicts changed;
* ``scores`` and ``agreed``: per cell, added, changed, removed or reason only;
* ``record``: the optional Record keys (feedback, meetings, award, voice);
* ``other``: changes that decide nothing (the title, a group's name);
* ``ranking``: every bid before and after, from the engine run on both.

``decides`` is true when anything that decides the ranking changed (the
method, a bid's price or standing, the panel, a score or an agreed score);
reasons, the record and names decide nothing.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from udc.core.engine import Result
from udc.core.method_changes import FieldChange, method_changes, value_text
from udc.core.model import Round
from udc.core.numbers import plain
from udc.core.pipeline import Checked
from udc.core.seal import method_digest, method_form, seal_changes

RECORD_KEYS = ("feedback", "meetings", "award", "voice")


class BidChange(StrEnum):
    """What happened to a bid (``bids[].change``)."""

    ADDED = "added"
    REMOVED = "removed"
    WITHDRAWN = "withdrawn"
    REINSTATED = "reinstated"
    REPRICED = "repriced"
    RENAMED = "renamed"  # the bidder's name: decides nothing


class PanelChange(StrEnum):
    """What happened to an evaluator (``panel[].change``)."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # to another group
    CONFLICTS = "conflicts"  # their declared conflicts


class CellChange(StrEnum):
    """What happened to a score or an agreed score (``scores[].change``, ``agreed[].change``)."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # the score
    REASON = "reason"  # only the reason: the score is the same


class RecordChange(StrEnum):
    """What happened to an item of a Record key (``record[].change``)."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


def compare(old: Checked, new: Checked, old_result: Result, new_result: Result) -> dict:
    """The comparison of two checked rounds (``old`` before, ``new`` after) and their results."""
    a, b = old_result.method.round, new_result.method.round  # the rounds old and new were scored from
    method = method_changes(method_form(a), method_form(b))
    data: dict[str, Any] = {
        "old": old.loaded.path,
        "new": new.loaded.path,
        "method": [change.as_dict() for change in method],
        "seal": seal_note(a, b),
        "bids": bid_changes(a, b),
        "panel": panel_changes(a, b),
        "scores": cell_changes(_score_cells(a), _score_cells(b), "evaluator"),
        "agreed": cell_changes(_agreed_cells(a), _agreed_cells(b), "group"),
        "record": record_changes(old.loaded.data, new.loaded.data),
        "other": [change.as_dict() for change in other_changes(a, b)],
        "ranking": ranking_rows(old_result, new_result),
    }
    data["ranking_changed"] = any(row["moved"] for row in data["ranking"])
    data["decides"] = bool(
        data["method"] or data["panel"]
        or any(change["decides"] for change in data["bids"])
        or any(change["decides"] for change in data["scores"] + data["agreed"]))
    return data


# ---------------------------------------------------------------- seal


def seal_note(a: Round, b: Round) -> dict:
    """Each side's seal, and whether the newer one still matches its method."""
    def side(round_: Round) -> dict | None:
        if round_.seal is None:
            return None
        changes = seal_changes(round_)
        return {"sealed": round_.seal.sealed.isoformat(), "method": round_.seal.method,
                "broken": changes != [],
                "changes": None if changes is None else [c.as_dict() for c in changes]}

    return {"old": side(a), "new": side(b), "method_old": method_digest(a), "method_new": method_digest(b)}


# ---------------------------------------------------------------- bids and panel


def _price(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def bid_changes(a: Round, b: Round) -> list[dict]:
    before = {bid.id: bid for bid in a.bids}
    after = {bid.id: bid for bid in b.bids}
    out: list[dict] = []

    def add(bid: str, change: BidChange, old: Any, new: Any, decides: bool = True) -> None:
        out.append({"bid": bid, "change": change, "old": old, "new": new, "decides": decides})

    for bid_id in list(before) + [i for i in after if i not in before]:
        old, new = before.get(bid_id), after.get(bid_id)
        if old is None and new is not None:
            add(bid_id, BidChange.ADDED, None, {"bidder": new.bidder, "price": _price(new.price),
                                        "withdrawn": new.withdrawn})
        elif old is not None and new is None:
            add(bid_id, BidChange.REMOVED, {"bidder": old.bidder, "price": _price(old.price)}, None)
        elif old is not None and new is not None:
            if old.withdrawn != new.withdrawn:
                add(bid_id, BidChange.WITHDRAWN if new.withdrawn else BidChange.REINSTATED, old.withdrawn,
                    new.withdrawn)
            if old.price != new.price:
                add(bid_id, BidChange.REPRICED, _price(old.price), _price(new.price))
            if old.bidder != new.bidder:
                add(bid_id, BidChange.RENAMED, old.bidder, new.bidder, decides=False)
    return out


def _panel(round_: Round) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {eid: (gid, tuple(sorted(member.conflicts)))
            for gid, group in round_.groups.items() for eid, member in group.members.items()}


def panel_changes(a: Round, b: Round) -> list[dict]:
    """Evaluators added, removed, moved, or with changed conflicts: each changes which scores count."""
    before, after = _panel(a), _panel(b)
    out: list[dict] = []
    for eid in list(before) + [e for e in after if e not in before]:
        old, new = before.get(eid), after.get(eid)
        if old == new:
            continue
        if old is None and new is not None:
            out.append({"evaluator": eid, "change": PanelChange.ADDED, "group": new[0], "old": None,
                        "new": list(new[1])})
        elif old is not None and new is None:
            out.append({"evaluator": eid, "change": PanelChange.REMOVED, "group": old[0], "old": list(old[1]),
                        "new": None})
        elif old is not None and new is not None:
            if old[0] != new[0]:
                out.append({"evaluator": eid, "change": PanelChange.MOVED, "group": new[0], "old": old[0],
                            "new": new[0]})
            else:
                out.append({"evaluator": eid, "change": PanelChange.CONFLICTS, "group": new[0],
                            "old": list(old[1]), "new": list(new[1])})
    return out


# ---------------------------------------------------------------- scores


def _value(value: Any) -> str:
    return plain(value) if isinstance(value, Decimal) else str(value)


def _score_cells(round_: Round) -> dict[tuple[str, str, str], dict]:
    return {(who, bid, cid): {"score": _value(e.score), "reason": e.reason,
                              "was": None if e.was is None else _value(e.was), "why": e.why}
            for who, bids in round_.scores.items() for bid, cells in bids.items()
            for cid, e in cells.items()}


def _agreed_cells(round_: Round) -> dict[tuple[str, str, str], dict]:
    return {(group, bid, cid): {"score": _value(e.score), "reason": e.reason}
            for group, bids in round_.moderation.items() for bid, cells in bids.items()
            for cid, e in cells.items()}


def _same_score(x: str, y: str) -> bool:
    try:
        return Decimal(x) == Decimal(y)
    except ArithmeticError:
        return x == y


def cell_changes(before: dict, after: dict, who: str) -> list[dict]:
    """Per cell: ``added``, ``changed`` (the score), ``removed`` or ``reason`` (the score is the same)."""
    out: list[dict] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None:
            change = CellChange.ADDED
        elif new is None:
            change = CellChange.REMOVED
        elif not _same_score(old["score"], new["score"]):
            change = CellChange.CHANGED
        else:
            change = CellChange.REASON
        out.append({who: key[0], "bid": key[1], "criterion": key[2], "change": change,
                    "old": old, "new": new, "decides": change != CellChange.REASON})
    return out


# ---------------------------------------------------------------- record and the rest


def _items(key: str, value: Any) -> dict[str, Any]:
    """A Record key's items by name: feedback by ``bid.criterion``, lists by id, the award by field."""
    if isinstance(value, list):
        return {str(item.get("id", i)) if isinstance(item, dict) else str(i): item
                for i, item in enumerate(value)}
    if isinstance(value, dict):
        if key == "feedback":
            return {f"{bid}.{cid}": text for bid, cells in value.items()
                    for cid, text in (cells.items() if isinstance(cells, dict) else [("", cells)])}
        return {str(k): v for k, v in value.items()}
    return {} if value is None else {"": value}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else value_text(value)


def _record_text(change: RecordChange, old: Any, new: Any) -> str:
    """``added: ...``, ``removed (it was ...)``, or for a changed item each field that changed."""
    if change == RecordChange.ADDED:
        return f"added: {_shown(new)}"
    if change == RecordChange.REMOVED:
        return f"removed (it was {_shown(old)})"
    if isinstance(old, dict) and isinstance(new, dict):
        return "; ".join(c.text() for c in method_changes(old, new))
    return f"changed from {_shown(old)} to {_shown(new)}"


def record_changes(old_data: Any, new_data: Any) -> list[dict]:
    """Items of the Record keys added, changed or removed (read from the loaded files)."""
    out: list[dict] = []
    old_data = old_data if isinstance(old_data, dict) else {}
    new_data = new_data if isinstance(new_data, dict) else {}
    for key in RECORD_KEYS:
        before, after = _items(key, old_data.get(key)), _items(key, new_data.get(key))
        for item in list(before) + [i for i in after if i not in before]:
            old, new = _plain(before.get(item)), _plain(after.get(item))
            if old == new:
                continue
            change = (RecordChange.ADDED if item not in before else RecordChange.REMOVED if item not in after
                      else RecordChange.CHANGED)
            out.append({"key": key, "item": item, "change": change, "old": old, "new": new,
                        "text": _record_text(change, old, new)})
    return out


def other_changes(a: Round, b: Round) -> list[FieldChange]:
    """Changes that decide nothing: the round's title, groups' names, bidders' names are in ``bids``."""
    out = []
    if a.round.title != b.round.title:
        out.append(FieldChange("round.title", a.round.title, b.round.title))
    for gid in a.groups.keys() & b.groups.keys():
        if a.groups[gid].name != b.groups[gid].name:
            out.append(FieldChange(f"groups.{gid}.name", a.groups[gid].name, b.groups[gid].name))
    return out


# ---------------------------------------------------------------- ranking


def _standing(result: Result, bid_id: str) -> dict | None:
    found = [b for b in result.bids if b.id == bid_id]
    if not found:
        return None
    b = found[0]
    formed = any(c.score is not None for c in b.criteria.values()) or b.price is not None
    return {"rank": b.rank, "tie": b.tie, "status": b.status,
            "total": result.publish(b.total) if formed else None,
            "partial": b.has_missing_scores}


def ranking_rows(old: Result, new: Result) -> list[dict]:
    """Every bid before and after, in the newer ranking's order (then the rest, then removed bids)."""
    ids = [b.id for b in new.ranking] + [b.id for b in new.bids if b.rank is None]
    ids += [b.id for b in old.bids if b.id not in ids]
    names = {b.id: b.bid.bidder for b in old.bids} | {b.id: b.bid.bidder for b in new.bids}
    rows = []
    for bid_id in ids:
        before, after = _standing(old, bid_id), _standing(new, bid_id)
        keys = ("rank", "status", "tie")
        moved = (before != after if before is None or after is None
                 else tuple(before[k] for k in keys) != tuple(after[k] for k in keys))
        rows.append({"bid": bid_id, "bidder": names[bid_id], "before": before, "after": after,
                     "moved": moved,
                     "total_changed": (before or {}).get("total") != (after or {}).get("total")})
    return rows
