"""New nodes for a round document, written so that udc reads them back as meant.

udc reads round files as YAML 1.1 (``no`` is a boolean there) while ruamel
writes YAML 1.2, so new text that either would read as something other than
text is quoted, and free text (reasons, ``why``) is always double-quoted, as in
the format's example.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml as _pyyaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from udc.core.yaml_data import DECIMAL as _LOADER_DECIMAL  # plain text udc reads as a number

__all__ = ["as_node", "key_node", "new_map", "prose", "reads_as_text"]

_STR_TAG = "tag:yaml.org,2002:str"
_PROSE_KEYS = {"reason", "why", "meaning", "plain", "text", "notes", "said", "not_used"}


def reads_as_text(text: str) -> bool:
    """Whether udc's YAML 1.1 loader reads ``text``, written plain, as text."""
    resolved = _pyyaml.resolver.Resolver().resolve(_pyyaml.ScalarNode, text, (True, False))
    return resolved == _STR_TAG and not _LOADER_DECIMAL.fullmatch(text)


def key_node(text: str) -> str:
    """An id as a mapping key, quoted where it would otherwise read as a non-text."""
    return text if reads_as_text(text) else DoubleQuotedScalarString(text)


def prose(text: str) -> DoubleQuotedScalarString:
    """Free text (a reason): always double-quoted, like the format's example."""
    return DoubleQuotedScalarString(text)


def new_map(flow: bool) -> CommentedMap:
    """An empty mapping, written on one line (``flow``) or as a block."""
    node = CommentedMap()
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    return node


def _leafy(value: Any, depth: int = 0) -> bool:
    """Small enough to write on one line: scalars, or mappings of them (a bid's scores, a bid)."""
    if isinstance(value, dict):
        return depth < 2 and all(_leafy(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


def as_node(value: Any, key: str = "") -> Any:
    """Plain data as udc reads it (Decimal, str, bool, date) as a node to put in a round document.

    Mappings of scalars (a bid's scores, a bid, a score entry) are written on one
    line, as in the format's example; larger ones as blocks. Text that udc's
    YAML 1.1 reading would take for something else is quoted, and free text
    (reasons, ``why``) is double-quoted, as :meth:`RoundEdit.set_score` writes it.
    """
    if isinstance(value, dict):
        node = new_map(flow=_leafy(value))
        for k, v in value.items():
            node[key_node(str(k))] = as_node(v, str(k))
        return node
    if isinstance(value, list):
        seq = CommentedSeq(as_node(v) for v in value)
        if _leafy(value):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # a letter for NaN and infinity, which stay Decimal
        whole = isinstance(exponent, int) and exponent >= 0 and value == value.to_integral_value()
        return int(value) if whole else value
    if type(value) is str or isinstance(value, str):
        return prose(value) if key in _PROSE_KEYS else key_node(str(value))
    return value
