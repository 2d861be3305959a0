"""Blind score sheets: what one evaluator assesses, as a workbook (xlsx) or a CSV file.

A sheet holds only what its evaluator scores: their group's criteria, for every
bid they are not conflicted with and that is not withdrawn, with their own
scores so far (never anyone else's). It opens with an identity block that
:mod:`udc.collect` checks before it reads a single score:

====== ==========================================================
sheet  ``udc score sheet 1`` (the layout's version)
round  the round id
evaluator  the evaluator id
method the digest of the round's method (:func:`udc.seal.method_digest`)
check  a short digest of the four lines above: an edited identity block is noticed
====== ==========================================================

then a row of instructions, the header row (:data:`HEADER`) and one row per
bid × criterion. Every text cell goes through :func:`udc.core.formulas.neutralise`:
a bidder called ``=HYPERLINK(...)`` is written as text, never as a formula.

This module holds what a sheet says (the identity block, the rows, the rubric,
the text of a cell); :mod:`udc.workflow.sheet_xlsx` and :mod:`udc.workflow.sheet_csv`
write it. They take a resolved :class:`~udc.method.Method` and return bytes;
writing files is the command's job.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from udc.core.fields import ABSENT
from udc.core.formulas import neutralise
from udc.core.method import Method
from udc.core.model import PassFail, Points
from udc.core.seal import method_digest

SHEET_VERSION = "udc score sheet 1"
SCORES = "Scores"
RUBRIC = "Rubric"
IDENTITY = ("sheet", "round", "evaluator", "method", "check")
HEADER = ("bid", "bidder", "criterion", "title", "question", "score", "absent", "reason")
EDITABLE = ("score", "absent", "reason")
FORMATS = ("xlsx", "csv")
INSTRUCTIONS = (
    "Give a score for every row ({rubric} says what each value means) and the reason for it. "
    "If you could not assess a row, write absent in the absent column and say why in the reason column. "
    "Leave a score blank if you have not decided yet. Do not change rows 1 to 5: they tell udc whose sheet "
    "this is."
)


@dataclass(frozen=True)
class Identity:
    """Who a sheet belongs to and which method it was made for."""

    round: str
    evaluator: str
    method: str

    @property
    def check(self) -> str:
        return check_code(self.round, self.evaluator, self.method)

    def rows(self, title: str, who: str) -> list[tuple[str, str, str]]:
        """``(key, value, note)`` for each line of the identity block."""
        return [
            ("sheet", SHEET_VERSION, "A blind score sheet made by udc."),
            ("round", self.round, title),
            ("evaluator", self.evaluator, who),
            ("method", self.method, "The assessment method this sheet was made for."),
            ("check", self.check, "Do not change rows 1 to 5."),
        ]


def check_code(round_id: str, evaluator: str, method: str) -> str:
    """A short digest of the identity block (not a signature: it catches edits, not forgers).

    It starts with letters so that no spreadsheet program reads it as a number
    (``123e456`` would become 1.23E+458 and lose its digits).
    """
    text = "\0".join((SHEET_VERSION, round_id, evaluator, method))
    return "udc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity(method: Method, evaluator: str) -> Identity:
    round_ = method.round
    return Identity(round_.round.id, evaluator, method_digest(round_))


class Row(NamedTuple):
    """One cell an evaluator assesses, with what they gave so far (a tuple: a sheet has thousands)."""

    bid: str
    bidder: str
    criterion: str
    title: str
    question: str
    kind: str  # "scored" or "pass-fail"
    score: str | None  # the score or mark given so far, as text; None when none (or absent)
    absent: bool
    reason: str | None


def criteria_of(method: Method, group: str) -> list:
    """The scored and pass-fail criteria ``group`` assesses, in the file's order."""
    assessed = []
    for c in method.round.criteria:
        kind_ok = isinstance(c, PassFail) or method.scored_by_id(c.id) is not None
        if kind_ok and method.assesses(group, c.id):
            assessed.append(c)
    return assessed


def sheet_rows(method: Method, evaluator: str) -> list[Row]:
    """Every bid × criterion the evaluator assesses, bid by bid, in the file's order."""
    group = method.group_of[evaluator]
    criteria = criteria_of(method, group)
    given = method.round.scores.get(evaluator, {})
    rows = []
    for bid in method.round.bids:
        if bid.withdrawn or bid.id in method.conflicts.get(evaluator, ()):
            continue
        for c in criteria:
            entry = given.get(bid.id, {}).get(c.id)
            absent = entry is not None and entry.score == ABSENT
            score = None if entry is None or absent else value_text(entry.score)
            rows.append(Row(bid.id, bid.bidder, c.id, c.title, c.text or "",
                            "pass-fail" if isinstance(c, PassFail) else "scored",
                            score, absent, entry.reason if entry is not None else None))
    return rows


@functools.lru_cache(maxsize=1024)  # a round's scores take few distinct values
def value_text(value: Decimal | str) -> str:
    """A score as text: ``4``, ``3.5``, ``pass``."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def file_name(method: Method, evaluator: str, fmt: str) -> str:
    return f"{method.round.round.id}-{evaluator}.{fmt}"


def evaluator_line(method: Method, evaluator: str) -> str:
    group = method.group_of[evaluator]
    member = method.round.groups[group].members[evaluator]
    return f"{member.name}, {method.round.groups[group].name}"


def rubric_lines(method: Method) -> list[tuple[str, str]]:
    """``(value, what it means)`` for each level of the scale, in words (formal, then plain)."""
    scale = method.round.scale
    if isinstance(scale, Points):
        return [(f"{value_text(scale.min)} to {value_text(scale.max)}",
                 f"any value in steps of {value_text(scale.step)}; higher is better")]
    lines = []
    for level in sorted(scale, key=lambda lv: lv.value):
        words = f"{level.label}: {level.meaning}" + (f" In plain words: {level.plain}" if level.plain else "")
        lines.append((value_text(level.value), words))
    return lines


# Characters XML 1.0 cannot hold: control characters (tab, line feed and carriage return it can, the set
# openpyxl refuses as ILLEGAL_CHARACTERS_RE) and the two non-characters U+FFFE and U+FFFF. Removed
# from CSV sheets too, so that a CSV sheet and an xlsx one hold the same text.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@functools.lru_cache(maxsize=8192)  # bidders, titles and questions repeat on every row and every sheet
def safe(text: str) -> str:
    """Text for a cell: formula triggers neutralised, characters a workbook cannot hold removed."""
    return neutralise(ILLEGAL.sub("", text))


def sheet_bytes(method: Method, evaluator: str, fmt: str) -> bytes:
    """The sheet of ``evaluator`` in ``fmt`` (``xlsx`` or ``csv``)."""
    if fmt == "xlsx":
        from udc.workflow.sheet_xlsx import xlsx_bytes

        return xlsx_bytes(method, evaluator)
    from udc.workflow.sheet_csv import csv_bytes

    return csv_bytes(method, evaluator)


def evaluators(method: Method) -> list[str]:
    """Every evaluator of the round, group by group, in the file's order."""
    return [e for g in method.round.groups.values() for e in g.members]


__all__ = [
    "EDITABLE", "FORMATS", "HEADER", "IDENTITY", "Identity", "Row", "SCORES", "SHEET_VERSION", "check_code",
    "evaluators", "file_name", "identity", "sheet_bytes", "sheet_rows",
]
