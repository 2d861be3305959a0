"""The method digest: a fingerprint of everything that decides the ranking.

Sealing a round records this digest; if anyone later changes a weight, a
share, a stake, the scale or a threshold, the digest no longer matches and
``udc check`` says so. The digest is taken over a canonical form (sorted
keys, normalised numbers, defaults filled in), so comments, key order and
layout never change it, and neither do the round's title or the members of
a group (people may join a panel; the method stays the same). The record
keys (``nation``, ``written_by``, ``lived_experience``, feedback, meetings,
award, voice) change no figure and are left out too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from udc.core.method_changes import FieldChange, method_changes
from udc.core.model import Points, Round, Seal
from udc.core.numbers import plain


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def method_form(round_: Round) -> dict:
    """The canonical method of a round, as plain data."""
    info = round_.round.model_dump(exclude={"title", "nation"})  # nation only counts working days
    if isinstance(round_.scale, Points):
        scale: Any = round_.scale.model_dump()
    else:
        scale = sorted((level.model_dump() for level in round_.scale), key=lambda lv: lv["value"])
    groups = {gid: {"stake": g.stake} for gid, g in round_.groups.items()}
    criteria = sorted((c.model_dump(exclude={"written_by"}) for c in round_.criteria), key=lambda c: c["id"])
    for criterion in criteria:
        for key in ("assessed_by",):
            if criterion.get(key) is not None:
                criterion[key] = sorted(criterion[key])
    return _canonical({"udc": round_.udc, "round": info, "scale": scale, "groups": groups, "criteria": criteria})


def _digest_of_form(form: dict) -> str:
    text = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def method_digest(round_: Round) -> str:
    """``sha256:<hex>`` of the canonical method."""
    return _digest_of_form(method_form(round_))


def method_copy(round_: Round) -> str:
    """The canonical method as one line of ASCII JSON, kept in the seal as ``method_text``.

    ASCII, so that no character in it can be read by YAML as a line break; the
    digest is taken over the same data (see :func:`sealed_form`), so the copy
    is checked against the digest whenever it is read.
    """
    return json.dumps(method_form(round_), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def sealed_form(seal: Seal) -> dict | None:
    """The method as sealed, from the seal's copy, if it has one and the copy matches its digest."""
    if not seal.method_text:
        return None
    try:
        form = json.loads(seal.method_text)
    except ValueError:
        return None
    if not isinstance(form, dict) or _digest_of_form(form) != seal.method:
        return None
    return form


def seal_changes(round_: Round) -> list[FieldChange] | None:
    """What changed in the method since it was sealed; None when the seal cannot say.

    An empty list: the method is as sealed. ``None``: the digest differs but the
    seal has no trustworthy copy of the sealed method (made before udc kept one,
    or the copy was edited), so the fields cannot be named.
    """
    if round_.seal is None:
        return []
    if round_.seal.method == method_digest(round_):
        return []
    form = sealed_form(round_.seal)
    if form is None:
        return None
    return method_changes(form, method_form(round_))


def unnamed_reason(seal: Seal) -> str:
    """Why the changed fields of a broken seal cannot be named."""
    if not seal.method_text:
        return (f"this seal was made before udc kept a copy of the sealed method, so the changed fields "
                f"cannot be named (the seal's digest is {seal.method}); compare with a copy of the file "
                "from before the change using 'udc diff OLD NEW'")
    return ("the seal's copy of the method (seal.method_text) does not match the seal's digest: it was "
            "edited by hand, so the changed fields cannot be named")


def changes_text(changes: list[FieldChange], limit: int = 12) -> str:
    """``round.minimum_quality changed from 50 to 40; ...`` (at most ``limit``, then how many more)."""
    shown = "; ".join(change.text() for change in changes[:limit])
    more = len(changes) - limit
    return shown + (f"; and {more} more change{'s' if more != 1 else ''}" if more > 0 else "")
