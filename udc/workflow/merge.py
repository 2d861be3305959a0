"""Three-way merge of round files that never loses a score.

Two facilitators each collect sheets into their own copy of a round (OURS and
THEIRS), both from a common BASE. :func:`merge` combines them:

* A change made on one side only (a score added or changed, a bid re-priced,
  a criterion re-weighted, an item of the record) is taken.
* The same change on both sides is taken once.
* The same cell changed differently on both sides is a conflict, listed with
  both values and their reasons; so is any other value changed differently
  on both sides. ``prefer="ours"`` or ``"theirs"`` settles conflicts in
  scores, agreed scores, the record and names; never in the method, the bids
  or the panel, which a person must settle by hand.
* Both sides changing the method differently is a conflict even when the
  fields differ: two method changes that each keep the weights at 100 need
  not when combined, and neither side agreed to the mixture.
* The result is OURS as its author wrote it (comments, layout, key order),
  with THEIRS' changes made in it through :class:`udc.workflow.edit.RoundEdit`.

Decisions are taken on the exact data udc reads (decimals, dates), not on
the text: ``4`` and ``4.0`` are the same score. Scores and agreed scores are
compared whole (score with reason, ``was`` and ``why``): a reason belongs to
its score, so they are never mixed from two sides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from udc.core.diagnostics import ERROR
from udc.core.loader import Loaded, load_text
from udc.core.method_changes import method_changes
from udc.core.round_text import decode, read_bytes
from udc.core.schema import parse_round
from udc.core.seal import method_form
from udc.workflow.edit import RoundEdit
from udc.workflow.edit_errors import EditError
from udc.workflow.hidden import SECTIONS
from udc.workflow.merge_report import MISSING, Conflict, Merged
from udc.workflow.yaml_nodes import as_node

KEYED_LISTS = {("criteria",), ("bids",), ("meetings",), ("voice",)}
ATOMIC = {"award"}  # one decision: never mixed from two sides
_NOT_METHOD = {("round", "title"), ("round", "nation")}


class MergeError(Exception):
    """An input that cannot be merged; ``str(error)`` is a message for a person."""


class MergeRefused(MergeError):
    """The two sides combine into something that must not be written (a lost score, a broken rule)."""


def _kind(path: tuple[str, ...]) -> str:
    top = path[0] if path else ""
    if top == "scores":
        return "score"
    if top == "moderation":
        return "agreed"
    if top in ("feedback", "meetings", "award", "voice"):
        return "record"
    if top == "bids":
        return "bids"
    if top == "groups" and len(path) > 2 and path[2] == "members":
        return "panel"
    if top == "groups" and len(path) > 2 and path[2] == "name" or path[:2] in _NOT_METHOD:
        return "other"
    return "method"


def _atomic(path: tuple[str, ...]) -> bool:
    if path and path[0] in ("scores", "moderation"):
        return len(path) >= 4
    if path and path[0] == "feedback":
        return len(path) >= 3
    return bool(path) and path[0] in ATOMIC


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return _normal(a) == _normal(b)


def _normal(value: Any) -> Any:
    """A score written bare (``4``) is the entry ``{score: 4}``."""
    if isinstance(value, dict):
        if set(map(str, value)) == {"score"}:
            return _normal(next(iter(value.values())))
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _get(container: Any, key: str) -> Any:
    return container.get(key, MISSING) if isinstance(container, dict) else MISSING


# ---------------------------------------------------------------- the merge


class _Merger:
    """Walks BASE, OURS and THEIRS (data as udc reads it) beside OURS' document, changing the document."""

    def __init__(self, ours: RoundEdit):
        self.ours = ours
        self.conflicts: list[Conflict] = []
        self.taken = 0

    def merge_map(self, path: tuple, b: Any, o: dict, t: dict, onode: CommentedMap, tnode: dict) -> None:
        b = b if isinstance(b, dict) else {}
        o, t = _entries(o), _entries(t)
        b = _entries(b)
        for key in list(o) + [k for k in t if k not in o]:
            self.merge_value(path + (key,), b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING),
                             onode, tnode, key)

    def merge_value(self, path: tuple, bv: Any, ov: Any, tv: Any, onode: Any, tnode: Any, key: Any) -> None:
        if _same(ov, tv) or _same(bv, tv):
            return
        if not _atomic(path) and isinstance(ov, dict) and isinstance(tv, dict):
            # go down to the values that differ, so OURS keeps its layout around them
            self.merge_map(path, bv if isinstance(bv, dict) else {}, ov, tv, _node(onode, key), _node(tnode, key))
            return
        if path in KEYED_LISTS:
            bi, oi, ti = _ids([] if bv is MISSING else bv), _ids(ov), _ids(tv)
            if bi is not None and oi is not None and ti is not None:
                self.merge_list(path, bi, oi, ti, _node(onode, key), _node(tnode, key))
                return
        if _same(bv, ov):
            self.take(path, onode, tnode, key, tv)
            return
        self.conflicts.append(Conflict(path, _kind(path), bv, ov, tv))

    def merge_list(self, path: tuple, bi: dict, oi: dict, ti: dict, oseq: CommentedSeq, tseq: list) -> None:
        """Lists of items with ids (bids, criteria, members), merged item by item: ``bi``, ``oi``, ``ti`` by id."""
        order = list(oi) + [i for i in ti if i not in oi]
        for item in order:
            self.merge_value(path + (item,), bi.get(item, MISSING), oi.get(item, MISSING),
                             ti.get(item, MISSING), oseq, tseq, _ListKey(item, list(ti)))

    def take(self, path: tuple, onode: Any, tnode: Any, key: Any, tv: Any) -> None:
        """Make OURS hold THEIRS' value at ``key`` (or not hold it, where THEIRS removed it)."""
        self.taken += 1
        if isinstance(key, _ListKey):
            _take_item(onode, key, None if tv is MISSING else as_node(tv))
            return
        okey = _real_key(onode, key)
        if tv is MISSING:
            del onode[okey]
            return
        value = as_node(tv, key)
        if okey is not None:
            onode[okey] = value
        elif onode is self.ours.data:
            self.ours.insert_section(_position(onode, tnode, key), as_node(key), value)
        else:
            onode.insert(_position(onode, tnode, key), as_node(key), value)


@dataclass(frozen=True)
class _ListKey:
    id: str
    their_order: list


def _entries(mapping: dict) -> dict:
    return {str(k): v for k, v in mapping.items()}


def _ids(items: Any) -> dict | None:
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items):
        return None
    keyed = {i["id"]: i for i in items}
    return keyed if len(keyed) == len(items) else None


def _real_key(node: Any, key: str) -> Any:
    for k in node:
        if str(k) == key:
            return k
    return None


def _node(parent: Any, key: Any) -> Any:
    if isinstance(key, _ListKey):
        return next(item for item in parent if isinstance(item, dict) and str(item.get("id")) == key.id)
    return parent[_real_key(parent, key)]


def _position(onode: CommentedMap, tnode: dict, key: str) -> int:
    """Just after the key that comes before ``key`` in THEIRS and is in OURS; else at the end."""
    keys = [str(k) for k in tnode]
    ours = [str(k) for k in onode]
    for earlier in reversed(keys[:keys.index(key)]):
        if earlier in ours:
            return ours.index(earlier) + 1
    return 0 if keys.index(key) == 0 else len(ours)


def _take_item(oseq: CommentedSeq, key: _ListKey, value: Any) -> None:
    """Replace, insert (after the item before it in THEIRS) or, for ``value`` None, remove an item."""
    ids = [str(item.get("id")) if isinstance(item, dict) else None for item in oseq]
    if value is None:
        del oseq[ids.index(key.id)]
        return
    if key.id in ids:
        oseq[ids.index(key.id)] = value
        return
    before = key.their_order[:key.their_order.index(key.id)]
    at = next((ids.index(i) + 1 for i in reversed(before) if i in ids), 0 if not before else len(oseq))
    oseq.insert(at, value)


# ---------------------------------------------------------------- entry point


_METHOD_KEYS = ("udc", "round", "scale", "groups", "criteria")


def _read(path: Path, label: str) -> tuple[Any, dict, str]:
    """The data udc reads from one input, and its canonical method.

    Only the method's part of the file is validated here (a round's scores are
    checked once, on the merged result): on a round of 64,000 scores that
    halves the time of a merge.
    """
    text = decode(read_bytes(path, str(path)), str(path))
    loaded = load_text(text, str(path))
    data = loaded.data
    if not isinstance(data, dict):
        raise MergeError(f"{path} ({label}) is not a round (a mapping with udc, round, ...), so it cannot be merged")
    part = {key: data[key] for key in _METHOD_KEYS if key in data}
    round_, problems = parse_round(replace(loaded, data=dict(part, bids=[])))
    if round_ is None:
        shown = "; ".join(d.text() for d in problems[:3])
        raise MergeError(f"{path} ({label}) is not a valid round, so it cannot be merged: {shown}")
    return data, method_form(round_), text


def _differing_owners(o: dict, t: dict) -> dict[str, set[str]]:
    """Per section of score rows, the owners whose rows differ between OURS and THEIRS.

    Only those can be changed by the merge; the others' rows stay out of the round trip
    (:mod:`udc.workflow.hidden`). Where a section is not a mapping on both sides, the
    whole section may be taken, so none of OURS' rows in it is hidden.
    """
    touching: dict[str, set[str]] = {}
    for section in SECTIONS:
        mine, theirs = o.get(section), t.get(section)
        if not (isinstance(mine, dict) and isinstance(theirs, dict)):
            touching[section] = set(_entries(mine)) if isinstance(mine, dict) else set()
            continue
        mine, theirs = _entries(mine), _entries(theirs)
        touching[section] = {owner for owner in mine.keys() | theirs.keys()
                             if not _same(mine.get(owner, MISSING), theirs.get(owner, MISSING))}
    return touching


def merge(base: Path, ours: Path, theirs: Path, prefer: str | None = None) -> Merged:
    """Merge THEIRS into OURS against BASE; ``Merged.text`` is None while conflicts remain.

    Raises :class:`MergeError` for an input that is not a round (:class:`MergeRefused`
    when the result would lose a score or break a rule), and
    :class:`udc.core.diagnostics.UnreadableInput` for one that cannot be read.
    """
    b, mb, _ = _read(base, "BASE")
    o, mo, ours_text = _read(ours, "OURS")
    t, mt, _ = _read(theirs, "THEIRS")
    try:
        oedit = RoundEdit.open(ours, _differing_owners(o, t))
    except EditError as exc:
        raise MergeError(str(exc)) from None
    merger = _Merger(oedit)
    merger.merge_map((), b, o, t, oedit.data, t)
    conflicts = merger.conflicts
    if mo != mb and mt != mb and mo != mt:
        detail = ["; ".join(c.text() for c in method_changes(mb, mo)),
                  "; ".join(c.text() for c in method_changes(mb, mt))]
        conflicts = [Conflict((), "method", mb, mo, mt, detail)] + [c for c in conflicts if c.kind != "method"]
    settled: list[Conflict] = []
    if prefer is not None:
        settled = [c for c in conflicts if c.preferable]
        conflicts = [c for c in conflicts if not c.preferable]
        if prefer == "theirs" and not conflicts:
            for c in settled:
                _settle_theirs(merger, t, c)
    if conflicts:
        return Merged(None, conflicts, settled, merger.taken)
    if not merger.taken:
        return Merged(ours_text, [], settled, 0)  # nothing to take: OURS byte for byte
    text = oedit.text()
    merged = load_text(text, str(ours))  # an independent reading of what would be written
    _never_loses_scores(_cells(b), _cells(o), _cells(t), _cells(merged.data))
    _breaks_no_new_rule(merged, ours, theirs)
    return Merged(text, [], settled, merger.taken)


def _breaks_no_new_rule(merged: Loaded, ours: Path, theirs: Path) -> None:
    """Refuse a merged round that breaks a rule neither side broke (a score for a criterion the other removed)."""
    from udc.core.pipeline import check_loaded, check_path

    def problems(checked) -> set[str]:
        return {d.message for d in checked.diagnostics if d.severity == ERROR}

    new = problems(check_loaded(merged))
    if not new:
        return
    new -= problems(check_path(ours)) | problems(check_path(theirs))
    if new:
        shown = "; ".join(sorted(new)[:3])
        more = f" and {len(new) - 3} more" if len(new) > 3 else ""
        raise MergeRefused(f"the merged round would break the format's rules: {shown}{more}; "
                           "the two copies conflict in meaning, settle it by hand")


def _settle_theirs(merger: _Merger, theirs: dict, c: Conflict) -> None:
    """Take THEIRS' value at a conflicting path (``--prefer theirs``)."""
    onode, tnode = merger.ours.data, theirs
    for key in c.path[:-1]:
        key = _key_in(tnode, key)
        onode, tnode = _node(onode, key), _node(tnode, key)
    merger.take(c.path, onode, tnode, _key_in(tnode, c.path[-1]), c.theirs)


def _key_in(node: Any, key: str) -> Any:
    """``key`` as :meth:`_Merger.take` needs it: an item's id in a list, else the key itself."""
    if isinstance(node, list):
        return _ListKey(key, [str(item.get("id")) for item in node if isinstance(item, dict)])
    return key


def _cells(data: Any) -> set[tuple[str, str, str, str]]:
    """Every ``(section, who, bid, criterion)`` cell of ``scores`` and ``moderation`` in loaded data."""
    found: set[tuple[str, str, str, str]] = set()
    for section in ("scores", "moderation"):
        owners = data.get(section) if isinstance(data, dict) else None
        for who, bids in (owners.items() if isinstance(owners, dict) else ()):
            for bid, entries in (bids.items() if isinstance(bids, dict) else ()):
                cells = entries if isinstance(entries, dict) else ()
                found.update((section, str(who), str(bid), str(c)) for c in cells)
    return found


def _never_loses_scores(b: set, o: set, t: set, m: set) -> None:
    """Every score cell of OURS and THEIRS is in the result, unless one side removed it from BASE."""
    lost = sorted(cell for cell in (o | t) - m if not (cell in b and (cell not in o or cell not in t)))
    if lost:
        shown = ", ".join(".".join(cell) for cell in lost[:5])
        raise MergeRefused(f"the merge would lose {shown}")
