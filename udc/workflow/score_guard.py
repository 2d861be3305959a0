"""The last line of defence of every edit: no score or moderation cell is ever lost.

Whatever went wrong in the code that made the new text, :func:`never_drops_scores`
compares the cells of the old and the new round, read independently of the
round-trip document that produced the new text, before anything is written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml as _pyyaml

from udc.workflow.edit_errors import EditError
from udc.workflow.score_text import canonical

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader

__all__ = ["never_drops_scores", "score_cells"]


def score_cells(document: Any) -> set[tuple[str, str, str, str]]:
    """Every ``(section, who, bid, criterion)`` cell in ``scores`` and ``moderation``.

    ``document`` is round text, read here with PyYAML's safe loader (an
    independent reading, not the round-trip document that produced it), or
    the data udc's loader already read from it.
    """
    if isinstance(document, str):
        try:
            data = _pyyaml.load(document, Loader=_SafeLoader)
        except _pyyaml.YAMLError as exc:
            raise EditError(f"the edited round is not valid YAML ({exc}); nothing was written") from None
    else:
        data = document
    cells: set[tuple[str, str, str, str]] = set()
    if not isinstance(data, dict):
        return cells
    for section in ("scores", "moderation"):
        owners = data.get(section)
        for who, bids in (owners.items() if isinstance(owners, dict) else ()):
            for bid, entries in (bids.items() if isinstance(bids, dict) else ()):
                for criterion in (entries if isinstance(entries, dict) else ()):
                    cells.add((section, _id(who), _id(bid), _id(criterion)))
    return cells


def _id(key: Any) -> str:
    """A key as the text of its id, whichever loader read it (``1`` and ``Decimal('1')`` are both ``1``)."""
    if isinstance(key, bool) or not isinstance(key, (int, float, Decimal)):
        return str(key)
    return canonical(key)


def never_drops_scores(before: Any, after: Any) -> None:
    """Raise :class:`EditError` if a score or moderation cell of ``before`` is gone in ``after``.

    Each is round text or the data udc's loader read from it (see :func:`score_cells`).
    """
    missing = sorted(score_cells(before) - score_cells(after))
    if missing:
        shown = ", ".join(".".join(cell) for cell in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise EditError(f"the edit would remove {shown}{more}; nothing was written")
