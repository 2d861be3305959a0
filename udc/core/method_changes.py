"""What changed between two methods, field by field, in words.

Both sides are canonical method forms (:func:`udc.core.seal.method_form`):
plain data with numbers as text. Criteria are matched by id and scale levels
by value, so reordering them is no change; other lists (``tie_break``,
``assessed_by``) are compared whole. Used by ``udc check`` and ``udc seal``
to name what broke a seal, and by ``udc diff``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING = object()
"""A field one side does not have (a criterion added or removed)."""


@dataclass(frozen=True)
class FieldChange:
    field: str  # e.g. "round.minimum_quality", "criteria.Q1.weight", "scale.level 3.label"
    old: Any  # canonical value, None (not set) or MISSING
    new: Any

    def text(self) -> str:
        """``round.minimum_quality changed from 50 to 40``: words, no symbols."""
        if self.old is MISSING:
            return f"{self.field} was added ({value_text(self.new)})"
        if self.new is MISSING:
            return f"{self.field} was removed (it was {value_text(self.old)})"
        if self.old is None:
            return f"{self.field} was set to {value_text(self.new)} (it was not set)"
        if self.new is None:
            return f"{self.field} was unset (it was {value_text(self.old)})"
        return f"{self.field} changed from {value_text(self.old)} to {value_text(self.new)}"

    def as_dict(self) -> dict:
        return {"field": self.field, "old": _json(self.old), "new": _json(self.new),
                "text": self.text()}


def _json(value: Any) -> Any:
    return None if value is MISSING else value


def value_text(value: Any) -> str:
    """A canonical value in words: lists joined with commas, mappings as ``key value`` pairs."""
    if value is None or value is MISSING:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) if value else "none"
    if isinstance(value, dict):
        shown = [f"{k} {value_text(v)}" for k, v in value.items() if v is not None and k != "id"]
        return "; ".join(shown) if shown else "nothing set"
    return str(value)


def _keyed(items: list, key: str) -> dict | None:
    """A list of mappings as a mapping by ``key``, or None if it is not such a list."""
    if not all(isinstance(item, dict) and key in item for item in items):
        return None
    keyed = {str(item[key]): item for item in items}
    return keyed if len(keyed) == len(items) else None


def _walk(old: Any, new: Any, path: str, out: list[FieldChange], label: str = "") -> None:
    if old == new:
        return
    if isinstance(old, list) and isinstance(new, list):
        for key, prefix in (("id", ""), ("value", "level ")):
            a, b = _keyed(old, key), _keyed(new, key)
            if a is not None and b is not None and (old or new):
                _walk(a, b, path, out, prefix)
                return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            child = f"{path}.{label}{key}" if path else f"{label}{key}"
            if key not in new:
                out.append(FieldChange(child, old[key], MISSING))
            elif key not in old:
                out.append(FieldChange(child, MISSING, new[key]))
            else:
                _walk(old[key], new[key], child, out)
        return
    out.append(FieldChange(path, old, new))


def method_changes(old_form: dict, new_form: dict) -> list[FieldChange]:
    """Every field that differs between two canonical method forms, in a stable order."""
    out: list[FieldChange] = []
    _walk(old_form, new_form, "", out)
    return out
