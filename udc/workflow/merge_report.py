"""What a merge reports: the conflicts between OURS and THEIRS, each in words, and the merged text.

A value is worded as a person reads it in the file: a score with its reason
(``4, reason "..."``), a plain number, a date, a mapping of fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["MISSING", "PREFERABLE", "Conflict", "Merged", "entry_text"]

MISSING = object()  # a key one side does not hold
PREFERABLE = ("score", "agreed", "record", "other")  # kinds of conflict --prefer may settle


@dataclass
class Conflict:
    path: tuple[str, ...]
    kind: str  # score, agreed, method, bids, panel, record, other
    base: Any
    ours: Any
    theirs: Any
    detail: list[str] = field(default_factory=list)

    @property
    def preferable(self) -> bool:
        return self.kind in PREFERABLE

    def where(self) -> str:
        if self.kind in ("score", "agreed") and len(self.path) == 4:
            return f"{self.path[1]} on {self.path[2]}, {self.path[3]}"
        return ".".join(self.path) or "the method"

    def text(self) -> str:
        if self.kind == "method" and self.detail:
            return ("the method was changed differently on both sides; in OURS: " + "; ".join(self.detail[:1])
                    + "; in THEIRS: " + "; ".join(self.detail[1:]))
        what = {"score": "score", "agreed": "agreed score"}.get(self.kind, "value")
        how = "added differently" if self.base is MISSING else "changed differently"
        had = "" if self.base is MISSING else f" (BASE had {entry_text(self.base)})"
        return (f"{self.where()}: the {what} was {how} on both sides: "
                f"OURS has {entry_text(self.ours)}, THEIRS has {entry_text(self.theirs)}{had}")


@dataclass
class Merged:
    text: str | None  # None: conflicts remain, nothing to write
    conflicts: list[Conflict]
    settled: list[Conflict]  # conflicts settled by ``prefer``
    taken: int  # changes taken from THEIRS


def entry_text(value: Any) -> str:
    """A value in words: a score with its reason, a number, a mapping of fields."""
    if value is MISSING:
        return "nothing (it was removed)"
    if isinstance(value, dict) and "score" in value:
        parts = [plain(value["score"])]
        parts.append(f'reason "{value["reason"]}"' if value.get("reason") else "no reason")
        if value.get("was") is not None:
            parts.append(f"was {plain(value['was'])}")
        return ", ".join(parts)
    if isinstance(value, dict):
        return "{" + "; ".join(f"{k} {plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(entry_text(v) for v in value) + "]"
    return plain(value)


def plain(value: Any) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict | list):
        return entry_text(value)
    return f'"{value}"' if isinstance(value, str) and " " in value else str(value)
