"""Collecting returned score sheets into the round: read, check, merge, save.

1. :func:`read_sheet` reads a file into a grid (:mod:`udc.workflow.grid`),
   bounded by what a sheet of this round can hold, and splits it into the
   identity block and rows (:func:`udc.workflow.validate.parse_grid`);
2. :func:`udc.workflow.validate.validate` checks it against the round;
3. the entries of every sheet are merged into the round through
   :func:`udc.workflow.commit.commit` (locked, re-checked, saved atomically):
   a different score already there is a conflict unless the caller gives a
   reason to replace it.

By default one bad sheet stops the whole collect. With ``skip_bad`` every
sheet that is wholly valid is merged and each refused sheet is listed with its
problems (a sheet is taken whole or not at all, never in part).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from udc.core.method import Method
from udc.workflow.grid import Problem, SheetUnreadable, read_grid
from udc.workflow.sheets import IDENTITY, criteria_of, rubric_lines
from udc.workflow.validate import Checked, Entry, Sheet, parse_grid, validate

__all__ = ["Change", "Outcome", "Problem", "SheetUnreadable", "read_sheet", "row_limit", "run"]


def row_limit(method: Method) -> int:
    """The most rows a sheet of this round can have: identity, instructions, rubric, header and data rows."""
    widest = max((len(criteria_of(method, g)) for g in method.round.groups), default=0)
    return len(IDENTITY) + 2 + len(rubric_lines(method)) + 4 + len(method.round.bids) * widest


def read_sheet(path: Path | str, method: Method, label: str | None = None) -> Sheet:
    """Read a returned sheet (xlsx or CSV). Raises :class:`SheetUnreadable`."""
    label = label or str(path)
    return parse_grid(read_grid(path, row_limit(method), label))


def merge_entries(sheets: list[Checked]) -> None:
    """The same cell given two different values by two sheets: a problem of the later sheet."""
    first: dict[tuple[str, str, str], Entry] = {}
    evaluators = [sheet.evaluator for sheet in sheets if sheet.entries]
    shared = {e for e in evaluators if evaluators.count(e) > 1}  # only their sheets can give a cell twice
    for sheet in sheets:
        if sheet.evaluator not in shared:
            continue
        for entry in sheet.entries:
            key = (entry.evaluator, entry.bid, entry.criterion)
            other = first.setdefault(key, entry)
            if other is not entry and (other.value != entry.value or (entry.reason and other.reason != entry.reason)):
                sheet.problems.append(Problem(entry.where, f"{'/'.join(key)} is {_shown(entry.value)} here but "
                                                           f"{_shown(other.value)} in {other.where}; expected one "
                                                           "value per cell: collect one of the two sheets"))


def _shown(value: str | None) -> str:
    return "blank" if value is None else value


@dataclass(frozen=True)
class Change:
    kind: str  # added | replaced | updated
    entry: Entry
    old: str | None

    def text(self) -> str:
        e = self.entry
        cell = f"{e.evaluator} {e.bid} {e.criterion}"
        if self.kind == "added":
            return f"add {cell}: {e.value}" + (f" (reason: {e.reason})" if e.reason else "") + f"  [{e.where}]"
        if self.kind == "replaced":
            return f"replace {cell}: {self.old} -> {e.value}  [{e.where}]"
        return f"add reason {cell}: {e.reason}  [{e.where}]"


@dataclass
class Outcome:
    sheets: list[Checked] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    notes: list[Problem] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None
    owed: dict[str, int] = field(default_factory=dict)  # evaluator -> rows left blank that are still unscored

    @property
    def refused(self) -> list[Checked]:
        return [s for s in self.sheets if s.problems]

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sheets for p in s.problems]

    @property
    def unreadable(self) -> bool:
        return any(s.unreadable for s in self.sheets)

    def summary(self) -> str:
        kinds = {k: sum(1 for c in self.changes if c.kind == k) for k in ("added", "replaced", "updated")}
        taken = len(self.sheets) - len(self.refused)
        return (f"{taken} sheet{'s' if taken != 1 else ''}: {kinds['added']} scores added, "
                f"{kinds['replaced']} replaced, {kinds['updated']} reasons added, {self.unchanged} unchanged")


class _Refused(Exception):
    """A sheet's entries cannot be merged and the whole collect stops: nothing is written."""


def check_sheets(files: list[Path], method: Method) -> list[Checked]:
    """Read and check every sheet; cross-sheet disagreements are problems of the later sheet."""
    found = []
    for path in files:
        try:
            sheet = read_sheet(path, method)
        except SheetUnreadable as exc:
            found.append(Checked(str(path), None, [], [exc.problem], unreadable=True))
            continue
        found.append(validate(sheet, method))
    merge_entries(found)
    return found


def run(round_path: Path | str, checked, files: list[Path], replace_why: str | None = None, *,
        skip_bad: bool = False, dry_run: bool = False, tell: Callable[[str], None] | None = None) -> Outcome:
    """Read and check every sheet, merge what they give into the round, re-check it, and save it.

    Nothing is written when any sheet has a problem (unless ``skip_bad``: then
    the good sheets are), when the merged round would break a rule, or with
    ``dry_run``. Raises :class:`udc.workflow.commit.CommitFailed` when the round
    cannot be edited or saved.
    """
    from udc.workflow.commit import commit

    method = checked.method
    outcome = Outcome(check_sheets(files, method))
    if outcome.problems and not skip_bad:
        return outcome
    good = [s for s in outcome.sheets if not s.problems]

    def merge(edit) -> None:
        as_checked = edit.fingerprint == checked.loaded.fingerprint  # else another edit landed before the lock
        merged: set[str | None] = set()
        for sheet in good:
            if as_checked and sheet.evaluator not in merged and not method.round.scores.get(sheet.evaluator):
                olds: list[str | None] = [None] * len(sheet.entries)  # the round holds no score of theirs yet
            else:
                olds = [edit.score(e.evaluator, e.bid, e.criterion) for e in sheet.entries]  # each cell once
            merged.add(sheet.evaluator)
            problems = [p for e, old in zip(sheet.entries, olds, strict=True)
                        if (p := entry_problem(edit, e, method, replace_why, old))]
            if problems:
                sheet.problems += problems
                continue
            apply(edit, sheet.entries, method, replace_why, outcome, olds)
        if outcome.problems and not skip_bad:
            raise _Refused
        outcome.owed = owed_blanks(edit, outcome.sheets)

    if not good:
        return outcome
    touching = {"scores": {entry.evaluator for sheet in good for entry in sheet.entries}
                | {sheet.evaluator for sheet in good if sheet.evaluator is not None}}
    try:
        done = commit(round_path, checked, merge, tell=tell, dry_run=dry_run, touching=touching)
    except _Refused:
        outcome.changes, outcome.unchanged = [], 0
        return outcome
    outcome.written, outcome.backup = done.written, done.backup
    return outcome


_UNREAD = object()


def entry_problem(edit, entry: Entry, method: Method, replace_why: str | None,
                  old: Any = _UNREAD) -> Problem | None:
    """What stops ``entry`` from being merged into the round as it is now (read only), or None.

    ``old`` is the round's score of the cell, when the caller has read it.
    """
    if old is _UNREAD:
        old = edit.score(entry.evaluator, entry.bid, entry.criterion)
    value = entry.value if entry.value is not None else old
    if value is None:
        return Problem(entry.where, f"a reason for {entry.bid} {entry.criterion} without a score; expected a "
                                    "score (or absent) beside it")
    held = method.round.scores.get(entry.evaluator, {}).get(entry.bid, {}).get(entry.criterion)
    if method.round.round.require_reasons and not entry.reason \
            and not (held is not None and held.reason and _same(old, value)):
        return Problem(entry.where, f"{entry.bid} {entry.criterion} has no reason; expected a reason for every "
                                    "score (round.require_reasons is true)")
    if old is not None and not _same(old, value) and not replace_why:
        return Problem(entry.where, f"{entry.evaluator} {entry.bid} {entry.criterion}: the round holds {old}, the "
                                    f"sheet says {value}; expected the same score, or --replace --why TEXT to "
                                    "record the change")
    return None


def apply(edit, entries: list[Entry], method: Method, replace_why: str | None, outcome: Outcome,
          olds: list[Any] | None = None) -> None:
    """Merge ``entries`` (each already passed :func:`entry_problem`) into ``edit``.

    ``olds`` are the round's scores of the entries' cells, read just before (no two entries share a cell).
    """
    for i, entry in enumerate(entries):
        old = edit.score(entry.evaluator, entry.bid, entry.criterion) if olds is None else olds[i]
        value = entry.value if entry.value is not None else old
        kind = edit.set_score(entry.evaluator, entry.bid, entry.criterion, value, reason=entry.reason,
                              replace_why=replace_why)
        if kind != "unchanged":
            outcome.changes.append(Change(kind, entry, old))
            continue
        outcome.unchanged += 1
        held = method.round.scores.get(entry.evaluator, {}).get(entry.bid, {}).get(entry.criterion)
        if entry.reason and held is not None and held.reason and held.reason != entry.reason and _same(old, value):
            outcome.notes.append(Problem(entry.where, f"the reason differs from the one on record for "
                                                      f"{entry.evaluator} {entry.bid} {entry.criterion}; the "
                                                      "recorded reason is kept", "warning"))


def owed_blanks(edit, sheets: list[Checked]) -> dict[str, int]:
    """Per evaluator, the rows their sheets left blank for which the round still holds no score."""
    owed: dict[str, int] = {}
    for sheet in sheets:
        if sheet.evaluator is None or sheet.problems:
            continue
        count = sum(1 for bid, cid in sheet.blank if edit.score(sheet.evaluator, bid, cid) is None)
        if count:
            owed[sheet.evaluator] = owed.get(sheet.evaluator, 0) + count
    return owed


def _same(old: str | None, new: str) -> bool:
    if old is None:
        return False
    try:
        return Decimal(old) == Decimal(new)
    except InvalidOperation:
        return old == new
