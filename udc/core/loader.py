"""Load a round file as untrusted data.

Three steps, each in its own module: the file's bytes and text
(:mod:`udc.core.round_text`: size cap, strict UTF-8), the YAML node graph
(:mod:`udc.core.yaml_compose`: libyaml, nesting bounded, syntax errors located)
and plain data built from the nodes (:mod:`udc.core.yaml_data`: exact numbers,
no tags, no duplicate keys, aliases bounded).

The node graph is kept in a :class:`SourceMap` so that any later error that
names a path in the data (``("scores", "cp-1", "bright", "Q1")``) can be
given a line and column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from udc.core.diagnostics import ERROR, Diagnostic, Severity, UnreadableInput
from udc.core.round_text import decode, read_bytes
from udc.core.yaml_compose import compose
from udc.core.yaml_data import Builder


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    col: int


class SourceMap:
    """Finds the line and column of a path into the loaded data."""

    def __init__(self, path: str, root: yaml.Node | None):
        self.path = path
        self.root = root

    def position(self, loc: tuple, key: bool = False) -> Position:
        """Position of the node at ``loc``; of its key when ``key`` is true.

        Elements of ``loc`` that name no node (pydantic's union tags such as
        ``"scored"``) are passed over; the deepest node found wins.
        """
        if self.root is None:
            return Position(1, 1)
        node, knode = self.nodes(loc)
        mark = knode.start_mark if (key or "[key]" in loc) and knode is not None else node.start_mark
        return Position(mark.line + 1, mark.column + 1)

    def forget(self) -> None:
        """Let go of the node tree: positions are then the file's start. For a command that holds two
        large rounds at once (``udc diff``) once their diagnostics are made; the tree is a third of
        a loaded round's memory."""
        self.root = None

    def nodes(self, loc: tuple) -> tuple[yaml.Node, yaml.Node | None]:
        """The deepest node ``loc`` reaches, and its key's node (None for a list item or the root)."""
        node, knode = self.root, None
        for element in loc:
            if isinstance(node, yaml.MappingNode):
                found = _find_key(node, element)
                if found is not None:
                    knode, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(element, int):
                if 0 <= element < len(node.value):
                    node, knode = node.value[element], None
        return node, knode

    def quoted(self, loc: tuple) -> bool:
        """Is the value at ``loc`` written in quotes (or as a block scalar)?"""
        if self.root is None:
            return False
        node, _ = self.nodes(loc)
        return isinstance(node, yaml.ScalarNode) and node.style not in (None, "")

    def diagnostic(self, loc: tuple, message: str, severity: Severity = ERROR,
                   key: bool = False, code: str = "") -> Diagnostic:
        pos = self.position(loc, key=key)
        return Diagnostic(self.path, pos.line, pos.col, severity, message, code)


def _find_key(node: yaml.MappingNode, element) -> tuple | None:
    want = str(element)
    for knode, vnode in node.value:
        if isinstance(knode, yaml.ScalarNode) and knode.value == want:
            return knode, vnode
    # pydantic names a key that was not read as text (``~``, ``true``, ``12``) by its repr
    for knode, vnode in node.value:
        if isinstance(knode, yaml.ScalarNode) and not knode.style and want in _key_names(knode):
            return knode, vnode
    return None


def _key_names(knode: yaml.ScalarNode) -> tuple[str, ...]:
    value = Builder("").scalar(knode)
    if isinstance(value, bool):  # pydantic shows True as 1
        return repr(value), str(int(value))
    return (str(value) if isinstance(value, str) else repr(value),)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A round file's data, its source map and its fingerprint."""

    path: str
    data: object
    source: SourceMap
    fingerprint: str
    text: str


def load_text(text: str, label: str, fingerprint: str = "") -> Loaded:
    """Compose ``text`` and turn its nodes into plain data."""
    root = compose(text, label)
    source = SourceMap(label, root)
    if root is None:
        raise UnreadableInput(Diagnostic(label, 1, 1, ERROR,
                                         "the file is empty; expected a round (udc: 1, round, scale, ...)",
                                         "empty"))
    builder = Builder(label)
    data = builder.build(root)
    if builder.problems:
        raise UnreadableInput(builder.problems)
    return Loaded(label, data, source, fingerprint, text)


def load_path(path: Path | str, label: str | None = None) -> Loaded:
    """Read and load a round file. Raises :class:`UnreadableInput`."""
    path = Path(path)
    label = label or str(path)
    raw = read_bytes(path, label)
    fingerprint = "sha256:" + hashlib.sha256(raw).hexdigest()
    return load_text(decode(raw, label), label, fingerprint)
