"""Flow mappings a round edit adds, written as text without ruamel's (pure-Python) emitter.

A collect of a full set of sheets adds tens of thousands of scores, mostly as
new bid rows in flow style (``bid-001: {Q01: 3, Q02: {score: 4, reason: "..."}}``).
ruamel emits every one of those nodes in Python, which made the write most of
the command's time. :func:`render` writes such a mapping the way ruamel would,
but only for the plain values an edit makes (ids, whole and decimal numbers,
marks, double-quoted text without control characters); for anything else it
returns ``None`` and ruamel writes the mapping as before. The text is read
back and checked before it is saved (:mod:`udc.workflow.commit`), like any edit.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from udc.workflow.yaml_nodes import reads_as_text

__all__ = ["dump", "render", "TOKEN"]

TOKEN = "UDCFRESHMAP"  # placeholder prefix; an edit of a text that holds it never takes the fast path
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_LONGEST = 1000  # ruamel folds long quoted text at its width; keep well below it


def dump(yaml: YAML, data: Any, fresh: list[tuple[CommentedMap, str, CommentedMap]], original: str) -> str:
    """``data`` as text: the ``fresh`` flow mappings an edit added by :func:`render`, the rest by ruamel.

    ``fresh`` holds ``(parent, key, mapping)`` for each mapping the edit added;
    ruamel writes a placeholder where each goes, replaced by its text after the
    dump. A text that already holds the placeholder (``original``) is dumped by
    ruamel alone.
    """
    fast = TOKEN not in original
    swapped: list[Any] = []
    texts: list[str] = []
    inside: set[int] = set()
    for parent, key, node in (fresh if fast else ()):
        if id(parent) in inside:
            continue
        rendered = render(node, reads_as_text)
        if rendered is None or parent.get(key) is not node:
            continue
        inside.add(id(node))
        swapped.append((parent, key, node))
        parent[key] = f"{TOKEN}{len(texts):08d}X"
        texts.append(rendered)
    out = io.StringIO()
    try:
        yaml.dump(data, out)
    finally:
        for parent, key, node in swapped:
            parent[key] = node
    if not texts:
        return out.getvalue()
    return re.sub(TOKEN + r"([0-9]{8})X", lambda m: texts[int(m.group(1))], out.getvalue())


def render(node: Any, reads_as_text) -> str | None:
    """``node`` as flow YAML text, or ``None`` where ruamel should write it."""
    if isinstance(node, CommentedMap):
        if not node.fa.flow_style() or node.ca.items or node.ca.comment:
            return None
        parts = []
        for key, value in node.items():
            k, v = _scalar(key, reads_as_text), render(value, reads_as_text)
            if k is None or v is None:
                return None
            parts.append(f"{k}: {v}")
        return "{" + ", ".join(parts) + "}"
    return _scalar(node, reads_as_text)


def _scalar(value: Any, reads_as_text) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, DoubleQuotedScalarString):
        return _quoted(str(value))
    if type(value) is str and _PLAIN.fullmatch(value) and reads_as_text(value):
        return value
    return None


def _quoted(text: str) -> str | None:
    if len(text) > _LONGEST or not all(" " <= ch <= "~" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"
                                       for ch in text) or "\ufeff" in text:
        return None
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
