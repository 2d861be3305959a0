"""Load a round file as untrusted data.

The file is decoded as strict UTF-8 and composed into a YAML node graph with
libyaml's C parser where available. We never run a YAML constructor: the
nodes are turned into plain Python values here, so that

* no tag can construct an object (any tag but the core ones is an error);
* numbers are exact decimals read from their source text;
* YAML 1.1 surprises (``no`` read as a boolean, ``0123`` as octal) are kept
  as :class:`Ambiguous` text for the model to reject with advice to quote;
* duplicate keys are errors (PyYAML silently keeps the last: a lost score);
* alias expansion is bounded (no "billion laughs"): in nodes, and in the
  characters of text that aliases repeat (:data:`MAX_ALIAS_TEXT`); so is nesting.

The node graph is kept in a :class:`SourceMap` so that any later error that
names a path in the data (``("scores", "cp-1", "bright", "Q1")``) can be
given a line and column.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from udc.core.diagnostics import ERROR, Diagnostic, Severity, UnreadableInput

try:  # libyaml's C parser: ~10x faster than the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader

_PLAIN_TAGS: dict[str, str] = {}  # short plain scalars' resolved tags, by their text


class _Loader(_SafeLoader):
    """The safe loader, remembering the tag of each short plain scalar (ids, keys, scores).

    A round repeats a few hundred such texts tens of thousands of times, and
    PyYAML resolves each (Python, regular expressions) even under libyaml. With
    no path resolvers (the safe loader has none) a plain scalar's tag depends on
    its text alone.
    """

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > 32 or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_PLAIN_TAGS) < 4096:
                _PLAIN_TAGS[value] = tag
        return tag

MAX_BYTES = 64 * 1024 * 1024
MAX_ALIAS_EXPANSION = 100_000
# Text that aliases repeat (each use of an aliased scalar, or of a scalar inside an aliased
# collection, counts its characters again). A round needs aliases rarely and repeated text
# never at this scale; one 100 KB reason repeated 6,000 times would make a 600 MB audit.
MAX_ALIAS_TEXT = 1_000_000
MAX_DEPTH = 64  # collections within collections; a round needs about 6
# libyaml composes recursively in C: far beyond MAX_DEPTH (tens of thousands of
# levels) it overflows the stack and the process dies. Texts that could nest
# that deep are measured from the event stream before they are composed.
_COMPOSE_SAFE_DEPTH = 2_000

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp")
SEQ, MAP, MERGE, VALUE = _T + "seq", _T + "map", _T + "merge", _T + "value"
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, VALUE}

_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
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
    value = _Builder("").scalar(knode)
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


def read_bytes(path: Path, label: str) -> bytes:
    """The bytes of a round file: a regular file of at most :data:`MAX_BYTES`, not some other kind of file."""
    from udc.core import filekind

    def refuse(message: str, code: str = "unreadable") -> UnreadableInput:
        return UnreadableInput(Diagnostic(label, 1, 1, ERROR, message, code))

    try:
        raw = filekind.read_regular(path, MAX_BYTES)
    except filekind.TooLarge:
        raise refuse(f"the file is larger than {MAX_BYTES:,} bytes; round files are at most {MAX_BYTES:,} bytes",
                     "too-large") from None
    except filekind.NotARegularFile as exc:
        raise refuse(f"is {exc.kind}; expected a round file") from None
    except FileNotFoundError:
        raise refuse("no such file; expected a round file") from None
    except OSError as exc:
        raise refuse(f"cannot read the file ({exc.strerror}); expected a readable round file") from None
    kind = filekind.describe(raw)
    if kind is not None:
        raise refuse(f"this is {kind.what}, not a round file; {_advice(kind)}", "wrong-kind")
    return raw


def _advice(kind) -> str:
    """Which command takes a file of this kind."""
    if kind.sheet:
        return "to add its scores to a round, use 'udc collect ROUND SHEET...' (the round file comes first)"
    if kind.name in ("xls", "ods"):
        return ("expected a round file (YAML text); a score sheet must be saved as .xlsx or .csv for "
                "'udc collect ROUND SHEET...'")
    return "expected a round file (YAML text, usually ending .yaml)"


def decode(raw: bytes, label: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1  # characters, as YAML counts
        raise UnreadableInput(Diagnostic(
            label, line, col, ERROR,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 text",
            "encoding")) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise UnreadableInput(Diagnostic(label, line, col, ERROR,
                                         "the file holds a NUL byte; expected YAML text", "encoding"))
    return text


def load_text(text: str, label: str, fingerprint: str = "") -> Loaded:
    """Compose ``text`` and turn its nodes into plain data."""
    try:
        if _could_nest_deeper(text, _COMPOSE_SAFE_DEPTH) and not _parser_limits_nesting():
            _refuse_deep_nesting(text, label)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _refuse_deep_nesting_before(exc, text, label)
        raise UnreadableInput(_syntax_error(exc, text, label)) from None
    except yaml.YAMLError as exc:
        raise UnreadableInput(Diagnostic(label, 1, 1, ERROR,
                                         f"not valid YAML ({exc}); expected a YAML round file", "yaml")) from None
    source = SourceMap(label, root)
    if root is None:
        raise UnreadableInput(Diagnostic(label, 1, 1, ERROR,
                                         "the file is empty; expected a round (udc: 1, round, scale, ...)",
                                         "empty"))
    builder = _Builder(label)
    data = builder.build(root)
    if builder.problems:
        raise UnreadableInput(builder.problems)
    return Loaded(label, data, source, fingerprint, text)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, label: str) -> Diagnostic:
    """libyaml's complaint, located, with where the unfinished part began."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "not valid YAML"
    expected = "expected a YAML round file"
    context, start = exc.context or "", exc.context_mark
    if "document" in context:
        problem = "the file holds more than one YAML document"
    elif mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem, expected = "a tab character", "expected spaces (YAML does not indent with tabs)"
    elif context.startswith("while ") and start is not None and (start.line, start.column) != (line - 1, col - 1):
        problem += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return Diagnostic(label, line, col, ERROR, f"{problem}; {expected}", "yaml")


def _could_nest_deeper(text: str, depth: int) -> bool:
    """A cheap upper bound on the nesting of ``text`` exceeds ``depth``?

    Every flow collection opens with ``[`` or ``{``; a block collection nested
    in another starts at the same column or further right, and at least every
    second level further right, so block nesting is at most twice the widest
    line (plus one).
    """
    flow = text.count("[") + text.count("{")
    if flow + 2 > depth:
        return True
    widest = max(map(len, text.splitlines()), default=0)
    return flow + 2 * widest + 2 > depth


@functools.cache
def _parser_limits_nesting() -> bool:
    """Does this libyaml refuse deep nesting itself, below :data:`_COMPOSE_SAFE_DEPTH`?

    PyYAML 6.0.4's libyaml stops at 1,000 levels while scanning, so composing cannot
    overflow the C stack and the second parse that measures depth is not needed (its
    refusal is reworded as udc's, :func:`_refuse_deep_nesting_before`). Older builds
    compose any depth: for them the depth is measured from the event stream first.
    """
    deep = "[" * _COMPOSE_SAFE_DEPTH + "]" * _COMPOSE_SAFE_DEPTH
    try:
        yaml.compose(deep, Loader=_Loader)
    except yaml.YAMLError:
        return True
    except Exception:  # pragma: no cover - e.g. the pure-Python parser's RecursionError
        return False
    return False


def _refuse_deep_nesting(text: str, label: str) -> None:
    """Measure nesting from the event stream (not recursive); refuse past MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                raise UnreadableInput(Diagnostic(label, m.line + 1, m.column + 1, ERROR, _too_deep(), "depth"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _refuse_deep_nesting_before(exc: yaml.MarkedYAMLError, text: str, label: str) -> None:
    """udc's own depth refusal where the parser refused first.

    Newer libyaml builds (PyYAML 6.0.4) stop at their own nesting limit while
    scanning ahead, before the event stream reaches :data:`MAX_DEPTH`. The text
    before the parser's complaint is measured again; where it nests deeper than
    :data:`MAX_DEPTH`, udc's refusal (at the first level too deep) is what the
    user sees, whatever the parser's wording. Runs only on a failed parse.
    """
    end = exc.problem_mark.index if exc.problem_mark is not None else len(text)
    for _ in range(4):  # each try ends earlier; the parser's look-ahead is bounded
        try:
            _refuse_deep_nesting(text[:end], label)
            return
        except yaml.MarkedYAMLError as again:
            mark = again.problem_mark
            if mark is None or mark.index >= end:
                return
            end = mark.index
        except yaml.YAMLError:
            return


def _too_deep() -> str:
    return f"the data is nested more than {MAX_DEPTH} levels deep; expected a round file (about 6 levels)"


def load_path(path: Path | str, label: str | None = None) -> Loaded:
    """Read and load a round file. Raises :class:`UnreadableInput`."""
    path = Path(path)
    label = label or str(path)
    raw = read_bytes(path, label)
    fingerprint = "sha256:" + hashlib.sha256(raw).hexdigest()
    return load_text(decode(raw, label), label, fingerprint)


def _shown_tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!python/object``, not its full URI."""
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _tag_not_allowed(tag: str) -> str:
    return f"the tag '{_shown_tag(tag)}' is not allowed; round files hold plain data"


class _Builder:
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
            self.problem(node, _too_deep(), "depth")
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
        if _DECIMAL.fullmatch(value):
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
