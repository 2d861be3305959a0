"""ruamel.yaml's round trip, set up from the round file's own layout.

Loading and dumping a file without changes gives back the same text: comments,
key order, quoting, flow or block layout and blank lines are kept, and lines are
never re-wrapped. What ruamel cannot keep by itself (one indentation per
document, the ``---`` start, blank lines between sections, the style of new
mappings) is read here from the text, so that new entries look like their
neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter

__all__ = ["flow_at", "round_trip", "spaced_sections"]

_WIDTH = 4096  # never re-wrap a long reason onto several lines


class _Representer(RoundTripRepresenter):
    """Writes Decimals as plain YAML numbers, from their exact text."""

    def represent_decimal(self, data: Decimal) -> Any:
        tag = "tag:yaml.org,2002:int" if data == data.to_integral_value() else "tag:yaml.org,2002:float"
        return self.represent_scalar(tag, format(data, "f"))


_Representer.add_representer(Decimal, _Representer.represent_decimal)


def round_trip(text: str) -> YAML:
    """A round-trip YAML that reads ``text`` and writes it back in its own layout."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = _explicit_start(text)
    return yaml


def _guess_indent(text: str) -> tuple[int, int, int]:
    """``(mapping, sequence, offset)`` indentation as used in ``text``.

    ruamel has one indentation setting per document, so we read it from the
    first block mapping and the first block sequence nested under a key. The
    format's example uses ``mapping=2, sequence=4, offset=2`` (a dash two
    spaces in from its key), which is also the default.
    """
    mapping: int | None = None
    offset: int | None = None
    sequence: int | None = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for parent, child in pairwise(lines):
        opener = re.fullmatch(r"( *)[^\s#\-][^#]*:\s*(?:#.*)?", parent)
        if not opener:
            continue
        depth = len(opener.group(1))
        indent = len(child) - len(child.lstrip(" "))
        item = re.match(r"( *)-( +)\S", child)
        if item and indent >= depth and offset is None:  # a dash may sit right under its key
            offset = indent - depth
            sequence = offset + 1 + len(item.group(2))
        elif not item and indent > depth and mapping is None:
            mapping = indent - depth
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    if offset is None or sequence is None or sequence < offset + 2:
        offset, sequence = 2, 4
    return mapping, sequence, offset


def _explicit_start(text: str) -> bool:
    """Whether the document opens with ``---`` (ruamel drops it unless told)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped == "---" or stripped.startswith("--- ")
    return False


def spaced_sections(text: str) -> bool:
    """Whether top-level keys are set apart by blank lines (new ones should be too)."""
    return re.search(r"\n[ \t]*\n(?:#[^\n]*\n)*[^\s#\-][^\n]*:", text) is not None


def _mappings_at(section: Any, depth: int) -> Iterator[CommentedMap]:
    """Mappings ``depth`` levels inside ``section`` (1: evaluators', 2: bids', 3: entries)."""
    level = [section] if isinstance(section, CommentedMap) else []
    for _ in range(depth):
        level = [child for node in level for child in node.values() if isinstance(child, CommentedMap)]
    return iter(level)


def flow_at(section: Any, depth: int, default: bool, hidden: tuple[int, int] = (0, 0)) -> bool:
    """Whether new mappings at ``depth`` should be flow style, like most of their cousins.

    New mappings look like the ones already there (the example writes each
    bid's scores on one line, ``brightpath: {Q1: 5, I1: 5}``); where there are
    none, evaluators are block style and bid rows and score entries flow style (one line per bid, as in the
    format's example). ``hidden``: the flow and block mappings at that depth kept out of the
    round trip (:mod:`udc.workflow.hidden`), which count like the others.
    """
    styles = [bool(node.fa.flow_style()) for node in _mappings_at(section, depth)]
    flow, block = styles.count(True) + hidden[0], styles.count(False) + hidden[1]
    return default if flow == block else flow > block
