"""A YAML node graph turned into plain data: dicts, lists and exact scalars.

No YAML constructor runs; every node is read here, so that

* no tag can construct an object (any tag but the core ones is an error);
* numbers are exact decimals read from their source text;
* YAML 1.1 surprises (``no`` read as a boolean, ``0123`` as octal) are kept
  as :class:`Ambiguous` text for the model to reject with advice to quote;
* duplicate keys are errors (PyYAML silently keeps the last: a lost score);
* alias expansion is bounded (no "billion laughs"): in nodes, and in the
  characters of text that aliases repeat (:data:`MAX_ALIAS_TEXT`); so is nesting.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

import yaml

from udc.core.diagnostics import ERROR, Diagnostic, UnreadableInput
from udc.core.yaml_compose import MAX_DEPTH, too_deep

MAX_ALIAS_EXPANSION = 100_000
# Text that aliases repeat (each use of an aliased scalar, or of a scalar inside an aliased
# collection, counts its characters again). A round needs aliases rarely and repeated text
# never at this scale; one 100 KB reason repeated 6,000 times would make a 600 MB audit.
MAX_ALIAS_TEXT = 1_000_000

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp")
SEQ, MAP, MERGE, VALUE = _T + "seq", _T + "map", _T + "merge", _T + "value"
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, VALUE}

DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")  # plain text read as a number
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE, _FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}


class Ambiguous(str):
    """Plain text that YAML 1.1 would read as something else.

    ``kind`` says what: ``"boolean"``, ``"number"``, ``"date"``; the model
    rejects it wherever it appears, with advice to quote it or write it
    plainly.
    """

    kind: str

    def __new__(cls, text: str, kind: str) -> Ambiguous:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj


def _shown_tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!python/object``, not its full URI."""
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _tag_not_allowed(tag: str) -> str:
    return f"the tag '{_shown_tag(tag)}' is not allowed; round files hold plain data"


class Builder:
    """Turns a node graph into dicts, lists and exact scalars; collects problems."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Diagnostic] = []
        self.expanded = 0
        self.repeated_text = 0  # characters of scalars built more than once (through aliases)
        self.seen: set[int] = set()
        self.seen_text: set[int] = set()  # scalars long enough to matter, by node id
        self.active: set[int] = set()
        self.numbers: dict[str, Decimal] = {}  # plain scalars already read as numbers, by their text

    def problem(self, node: yaml.Node, message: str, code: str) -> None:
        m = node.start_mark
        self.problems.append(Diagnostic(self.label, m.line + 1, m.column + 1, ERROR, message, code))

    def build(self, node: yaml.Node):
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > 8:  # an alias (2 bytes or more) of shorter text at most quadruples it
                self.count_text(node)
            return self.scalar(node)
        ident = id(node)
        if len(self.active) >= MAX_DEPTH:
            self.problem(node, too_deep(), "depth")
            raise UnreadableInput(self.problems)
        if ident in self.active:
            self.problem(node, "an alias refers to its own ancestor; expected plain, finite data", "alias")
            return None
        if ident in self.seen:
            self.expanded += 1 + len(node.value)
            if self.expanded > MAX_ALIAS_EXPANSION:
                self.problem(node, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes; "
                                   "expected a file without alias bombs", "alias")
                raise UnreadableInput(self.problems)
        self.seen.add(ident)
        self.active.add(ident)
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != SEQ:
                    self.problem(node, _tag_not_allowed(node.tag), "tag")
                return [self.build(item) for item in node.value]
            if node.tag != MAP:
                self.problem(node, _tag_not_allowed(node.tag), "tag")
            return self.mapping(node)
        finally:
            self.active.discard(ident)

    def count_text(self, node: yaml.ScalarNode) -> None:
        """Count the text of a scalar built again through an alias; refuse past MAX_ALIAS_TEXT."""
        ident = id(node)
        if ident not in self.seen_text:
            self.seen_text.add(ident)
            return
        self.repeated_text += len(node.value)
        if self.repeated_text > MAX_ALIAS_TEXT:
            self.problem(node, f"aliases repeat this text (and any other) to more than {MAX_ALIAS_TEXT:,} "
                               "characters; expected each text written out where it is used",
                         "alias")
            raise UnreadableInput(self.problems)

    def mapping(self, node: yaml.MappingNode) -> dict:
        out: dict = {}
        first: dict = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.problem(knode, "a key must be a plain value; expected a name such as 'Q1'", "key")
                continue
            if knode.tag == MERGE:
                self.problem(knode, "merge keys ('<<') are not supported; write the keys out", "merge")
                continue
            key = self.scalar(knode)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                self.problem(knode, "a key must be a plain value", "key")
                continue
            if key in out:
                line = first[key].line + 1
                self.problem(knode, f"duplicate key '{knode.value}' (first at line {line}); "
                                    "expected each key once: a YAML reader keeps only the last, "
                                    "which loses data", "duplicate-key")
                continue
            first[key] = knode.start_mark
            if type(vnode) is yaml.ScalarNode and len(vnode.value) <= 8:  # what build does with it, one call fewer
                out[key] = self.scalar(vnode)
            else:
                out[key] = self.build(vnode)
        return out

    def scalar(self, node: yaml.ScalarNode):
        tag, value = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            self.problem(node, f"the tag '{_shown_tag(tag)}' is not allowed; round files hold plain data", "tag")
            return value
        if node.style:  # quoted or block (plain is None or "", by parser): always text
            if tag != STR:
                self.problem(node, f"the tag '{_shown_tag(tag)}' is not allowed on quoted text; "
                                   "remove the tag", "tag")
            return value
        number = self.numbers.get(value)  # a round writes a few score values tens of thousands of times
        if number is not None:
            return number
        if DECIMAL.fullmatch(value):
            number = Decimal(value)
            if len(self.numbers) < 4096:
                self.numbers[value] = number  # Decimals are immutable: one object serves every copy
            return number
        if tag == STR or tag == VALUE:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
            return Ambiguous(value, "boolean")
        if tag == TIMESTAMP:
            if _DATE.fullmatch(value):
                try:
                    return _dt.date.fromisoformat(value)
                except ValueError:
                    return Ambiguous(value, "date")
            return Ambiguous(value, "date")
        return Ambiguous(value, "number")  # octal, hex, 1_000, 1:30, .inf, .nan
