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

from udc.core.model import Points, Round
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


def method_digest(round_: Round) -> str:
    """``sha256:<hex>`` of the canonical method."""
    text = json.dumps(method_form(round_), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
