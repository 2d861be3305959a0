"""Editing a round file in place, keeping everything a person wrote.

Every command that changes a round file (collecting score sheets, recording
moderation outcomes, revising scores, sealing the method) goes through
:class:`RoundEdit`, so that they all share the same guarantees:

* **The file stays the author's.** ruamel.yaml's round-trip mode keeps
  comments, key order, quoting, flow or block layout and blank lines; loading
  and dumping a file without changes gives back the same text. Lines are never
  re-wrapped; the indentation is read from the file itself
  (:mod:`udc.workflow.roundtrip`; new flow rows are written by
  :mod:`udc.workflow.flowtext`).
* **No score is overwritten by accident.** Writing a different score over an
  existing one raises :class:`~udc.workflow.edit_errors.EditConflict` unless the
  caller says why it is being replaced; the replaced score is kept as ``was``
  (see :meth:`RoundEdit.set_score`).
* **No score is ever lost.** Before writing,
  :func:`~udc.workflow.score_guard.never_drops_scores` checks that every score
  and moderation cell of the old text is still in the new one.
* **No half-written file.** :meth:`RoundEdit.save` writes atomically with a
  backup (:func:`udc.workflow.files.write_atomic`), and refuses to write over a file
  that changed on disk since it was read (:mod:`udc.workflow.round_document`).
* **What we write, udc reads back as meant.** udc reads round files as
  YAML 1.1 (``no`` is a boolean there) while ruamel writes YAML 1.2, so new
  text that either would read as something other than text is quoted, and
  reasons are always double-quoted, as in the format's example
  (:mod:`udc.workflow.yaml_nodes`).
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from udc.workflow.edit_errors import EditConflict
from udc.workflow.round_document import RoundDocument
from udc.workflow.score_text import canonical, same_score, score_node
from udc.workflow.yaml_nodes import new_map, prose

__all__ = ["EditOutcome", "RoundEdit"]


class EditOutcome(StrEnum):
    """What an edit did to a cell or to the seal."""

    ADDED = "added"
    UPDATED = "updated"  # a reason added to the same score
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


class RoundEdit(RoundDocument):
    """A round file opened for editing: scores, agreed scores and the seal; nothing is written until :meth:`save`."""

    # ------------------------------------------------------------ score cells

    def set_score(self, evaluator: str, bid: str, criterion: str, value: str, *,
                  reason: str | None = None, replace_why: str | None = None) -> EditOutcome:
        """Record an evaluator's score; returns ``added``, ``updated``, ``unchanged`` or ``replaced``.

        * No score yet: it is added (``added``), bare (``Q1: 4``) or, with a
          reason, as ``{score: 4, reason: "..."}``.
        * The same score: ``unchanged``; but a reason given for an entry that has
          none is added to it (``updated``). An existing reason is never changed.
        * A different score: :class:`EditConflict`, unless ``replace_why`` says why
          it changes; then the entry becomes ``{score: new, reason, was: old, why}``
          (``replaced``), see :meth:`_replaced`.
        """
        new = score_node(value)
        reason = reason or None
        old_entry = self._entry("scores", evaluator, bid, criterion)
        old = self._entry_value(old_entry)
        if old is None:
            self._set_entry("scores", evaluator, bid, criterion,
                            new if reason is None else self._entry_map("scores", new, reason))
            return EditOutcome.ADDED
        if same_score(old, canonical(new)):
            return self._add_reason("scores", evaluator, bid, criterion, old_entry, reason)
        if not replace_why:
            raise EditConflict(evaluator, bid, criterion, old, canonical(new))
        self._set_entry("scores", evaluator, bid, criterion, self._replaced(old_entry, old, new, reason, replace_why))
        return EditOutcome.REPLACED

    def _replaced(self, old_entry: Any, old: str, new: Any, reason: str | None, replace_why: str) -> CommentedMap:
        """The entry of a replaced score: ``{score: new, reason, was, why}``.

        ``reason`` is the new score's reason (the old reason belonged to the old
        score and is not carried over). If the entry was already replaced before,
        its ``was`` is kept: ``was`` is always the *first* score the evaluator
        gave, so that the record shows how far a score moved in total; ``why``
        keeps every explanation in order (``first why; then 3 → 2: second why``),
        so no reason is ever lost.
        """
        first = old_entry["was"] if isinstance(old_entry, dict) and "was" in old_entry else old_entry
        if isinstance(first, dict):
            first = first.get("score")
        entry = self._entry_map("scores", new, reason)
        entry["was"] = first
        earlier = old_entry.get("why") if isinstance(old_entry, dict) else None
        history = f"{earlier}; then {old} → {canonical(new)}: {replace_why}" if earlier else replace_why
        entry["why"] = prose(history)
        return entry

    def set_moderation(self, group: str, bid: str, criterion: str, value: str, reason: str, *,
                       replace: bool = False) -> EditOutcome:
        """Record a group's agreed score ``{score, reason}``.

        Returns ``added``, ``updated``, ``unchanged`` or ``replaced``.

        A different agreed score already there raises :class:`EditConflict`
        unless ``replace=True``; the old one is then overwritten (the format
        keeps no history of moderation; the backup and version control do).
        The same score with a reason where there was none is ``updated``.
        """
        new = score_node(value)
        old_entry = self._entry("moderation", group, bid, criterion)
        old = self._entry_value(old_entry)
        if old is not None and same_score(old, canonical(new)):
            return self._add_reason("moderation", group, bid, criterion, old_entry, reason)
        if old is not None and not replace:
            raise EditConflict(group, bid, criterion, old, canonical(new), section="moderation")
        self._set_entry("moderation", group, bid, criterion, self._entry_map("moderation", new, reason or None))
        return EditOutcome.ADDED if old is None else EditOutcome.REPLACED

    def _entry_map(self, section: str, score: Any, reason: str | None) -> CommentedMap:
        """``{score, reason}``, in the style of the section's other entries (default flow)."""
        entry = new_map(flow=self._flow_style(section, 3, default=True))
        entry["score"] = score
        if reason is not None:
            entry["reason"] = prose(reason)
        return entry

    def _add_reason(self, section: str, who: str, bid: str, criterion: str, entry: Any,
                    reason: str | None) -> EditOutcome:
        """Give a same-score entry the reason it lacks (``updated``); never change one it has."""
        if not reason or (isinstance(entry, dict) and entry.get("reason")):
            return EditOutcome.UNCHANGED
        if isinstance(entry, CommentedMap):
            keys = list(entry)
            entry.insert(keys.index("score") + 1 if "score" in keys else len(keys), "reason", prose(reason))
        else:
            self._set_entry(section, who, bid, criterion, self._entry_map(section, entry, reason))
        return EditOutcome.UPDATED

    # ------------------------------------------------------------ the seal

    def set_seal(self, method: str, sealed: _dt.date, copy: str | None = None) -> EditOutcome:
        """Write ``seal: {method, sealed, method_text}``; returns ``added``, ``unchanged`` or ``replaced``.

        ``copy`` is the sealed method's canonical text (:func:`udc.core.seal.method_copy`),
        written as a literal block so that it is never re-wrapped. A new seal goes
        at the end of the file; an existing one is updated where it stands.
        """
        seal = self.data.get("seal")
        if isinstance(seal, dict):
            return self._reseal(seal, method, sealed, copy)
        node = new_map(flow=False)
        node["method"] = prose(method)
        node["sealed"] = sealed
        if copy is not None:
            node["method_text"] = LiteralScalarString(copy)
        if "seal" in self.data:
            self.data["seal"] = node
        else:
            self._insert_section(len(self.data), "seal", node)
        return EditOutcome.ADDED

    @staticmethod
    def _reseal(seal: dict, method: str, sealed: _dt.date, copy: str | None) -> EditOutcome:
        """Update an existing seal where it stands: ``unchanged`` or ``replaced``."""
        if (str(seal.get("method")) == method and seal.get("sealed") == sealed
                and (copy is None or str(seal.get("method_text")) == copy)):
            return EditOutcome.UNCHANGED
        seal["method"] = prose(method)
        seal["sealed"] = sealed
        if copy is not None:
            if isinstance(seal, CommentedMap) and seal.fa.flow_style():
                seal.fa.set_block_style()  # a literal block cannot sit in a flow mapping
            seal["method_text"] = LiteralScalarString(copy)
        return EditOutcome.REPLACED
