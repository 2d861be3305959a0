"""Editing a round file in place, keeping everything a person wrote.

Every command that changes a round file (collecting score sheets, recording
moderation outcomes, revising scores, sealing the method) goes through
:class:`RoundEdit`, so that they all share the same guarantees:

* **The file stays the author's.** ruamel.yaml's round-trip mode keeps
  comments, key order, quoting, flow or block layout and blank lines; loading
  and dumping a file without changes gives back the same text. Lines are never
  re-wrapped; the indentation is read from the file itself.
* **No score is overwritten by accident.** Writing a different score over an
  existing one raises :class:`EditConflict` unless the caller says why it is
  being replaced; the replaced score is kept as ``was`` (see
  :meth:`RoundEdit.set_score`).
* **No score is ever lost.** Before writing, :func:`never_drops_scores` checks
  that every score and moderation cell of the old text is still in the new one.
* **No half-written file.** :meth:`RoundEdit.save` writes atomically with a
  backup (:func:`udc.files.write_atomic`), and refuses to write over a file
  that changed on disk since it was read.
* **What we write, udc reads back as meant.** udc reads round files as
  YAML 1.1 (``no`` is a boolean there) while ruamel writes YAML 1.2, so new
  text that either would read as something other than text is quoted, and
  reasons are always double-quoted, as in the format's example.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml as _pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from udc.core.fields import WORDS
from udc.core.round_text import decode, read_bytes
from udc.core.yaml_data import DECIMAL as _LOADER_DECIMAL  # plain text udc reads as a number
from udc.workflow.files import write_atomic

__all__ = [
    "EditConflict", "EditError", "NotAScore", "RoundEdit", "as_node", "never_drops_scores",
    "score_cells",
]

"""Score values that are words; every other score is a number."""

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_STR_TAG = "tag:yaml.org,2002:str"
_WIDTH = 4096  # never re-wrap a long reason onto several lines
_GOES_BEFORE = {"scores": ("moderation", "seal"), "moderation": ("seal",)}


# ---------------------------------------------------------------- errors


class EditError(Exception):
    """An edit that cannot be made; ``str(error)`` is a message for a person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAScore(EditError):
    """The value given is not a score at all (a usage error of the command that gave it)."""


class EditConflict(EditError):
    """A cell already holds a different score and the caller did not ask to replace it.

    ``evaluator`` is the evaluator id for ``section == "scores"`` and the group
    id for ``section == "moderation"``; ``old`` and ``new`` are score values as
    text (``"3"``, ``"pass"``).
    """

    def __init__(self, evaluator: str, bid: str, criterion: str, old: str, new: str,
                 *, section: str = "scores"):
        self.evaluator, self.bid, self.criterion = evaluator, bid, criterion
        self.old, self.new, self.section = old, new, section
        where = f"{section}.{evaluator}.{bid}.{criterion}"
        if section == "moderation":
            message = (f"{where} already holds {old}; the new outcome says {new}. "
                       "Use --replace to change it")
        else:
            message = (f"{where} already holds {old}; the sheet says {new}. "
                       "Use --replace with a reason to change it")
        super().__init__(message)


# ---------------------------------------------------------------- values


def _canonical(value: Any) -> str:
    """A score as text, whatever YAML type it was read as: ``4``, ``3.5``, ``pass``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    number = Decimal(str(value))  # str(float) is the shortest text that reads back the same
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _score_node(value: str) -> int | Decimal | str:
    """What to put in the document for a score given as text.

    Whole numbers become ints and other numbers Decimals, written as plain YAML
    numbers (``3.5``, never ``3.50000001`` or ``"3.5"``); marks stay words.
    """
    text = value.strip()
    if text in WORDS:
        return text
    if _NUMBER.fullmatch(text):
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else number.normalize()
    raise NotAScore(f"'{value}' is not a score; expected a number such as 4 or 3.5, "
                    f"or one of: {', '.join(WORDS)}")


def _same(old: str, new: str) -> bool:
    """Equal scores: ``4`` and ``4.0`` are the same score."""
    try:
        return Decimal(old) == Decimal(new)
    except InvalidOperation:
        return old == new


def _reads_as_text(text: str) -> bool:
    """Whether udc's YAML 1.1 loader reads ``text``, written plain, as text."""
    resolved = _pyyaml.resolver.Resolver().resolve(_pyyaml.ScalarNode, text, (True, False))
    return resolved == _STR_TAG and not _LOADER_DECIMAL.fullmatch(text)


def _key(text: str) -> str:
    """An id as a mapping key, quoted where it would otherwise read as a non-text."""
    return text if _reads_as_text(text) else DoubleQuotedScalarString(text)


def _prose(text: str) -> DoubleQuotedScalarString:
    """Free text (a reason): always double-quoted, like the format's example."""
    return DoubleQuotedScalarString(text)


class _Representer(RoundTripRepresenter):
    """Writes Decimals as plain YAML numbers, from their exact text."""

    def represent_decimal(self, data: Decimal) -> Any:
        tag = "tag:yaml.org,2002:int" if data == data.to_integral_value() else "tag:yaml.org,2002:float"
        return self.represent_scalar(tag, format(data, "f"))


_Representer.add_representer(Decimal, _Representer.represent_decimal)


# ---------------------------------------------------------------- layout


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


def _spaced_sections(text: str) -> bool:
    """Whether top-level keys are set apart by blank lines (new ones should be too)."""
    return re.search(r"\n[ \t]*\n(?:#[^\n]*\n)*[^\s#\-][^\n]*:", text) is not None


def _round_trip(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = _explicit_start(text)
    return yaml


def _mappings_at(section: Any, depth: int) -> Iterator[CommentedMap]:
    """Mappings ``depth`` levels inside ``section`` (1: evaluators', 2: bids', 3: entries)."""
    level = [section] if isinstance(section, CommentedMap) else []
    for _ in range(depth):
        level = [child for node in level for child in node.values() if isinstance(child, CommentedMap)]
    return iter(level)


def _flow_at(section: Any, depth: int, default: bool) -> bool:
    """Whether new mappings at ``depth`` should be flow style, like most of their cousins.

    New mappings look like the ones already there (the example writes each
    bid's scores on one line, ``brightpath: {Q1: 5, I1: 5}``); where there are
    none, evaluators are block style and bid rows and score entries flow style (one line per bid, as in the
    format's example).
    """
    styles = [bool(node.fa.flow_style()) for node in _mappings_at(section, depth)]
    flow, block = styles.count(True), styles.count(False)
    return default if flow == block else flow > block


def _new_map(flow: bool) -> CommentedMap:
    node = CommentedMap()
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    return node


# ---------------------------------------------------------------- the edit


class RoundEdit:
    """A round file opened for editing; nothing is written until :meth:`save`.

    The file should already have been checked with udc's loader: this class
    keeps the layout and refuses to lose data, it does not validate ids or
    scales.
    """

    def __init__(self, path: Path, raw: bytes, text: str):
        self.path = path
        self._raw = raw
        self._text = text
        self._yaml = _round_trip(text)
        self._spaced = _spaced_sections(text)
        self._flow_cache: dict[tuple[str, int, bool], bool] = {}
        self._fresh: list[tuple[CommentedMap, str, CommentedMap]] = []  # mappings this edit added
        try:
            self.data = self._yaml.load(text)
        except YAMLError as exc:
            raise EditError(f"{path}: cannot be read for editing: {exc}") from None
        if not isinstance(self.data, CommentedMap):
            raise EditError(f"{path}: expected a round (a mapping with udc, round, ...)")

    @classmethod
    def open(cls, path: Path | str) -> RoundEdit:
        """Read ``path`` (UTF-8) for editing. Raises :class:`udc.diagnostics.UnreadableInput`."""
        path = Path(path)
        raw = read_bytes(path, str(path))
        return cls(path, raw, decode(raw, str(path)))

    # ------------------------------------------------------------ reading

    def score(self, evaluator: str, bid: str, criterion: str) -> str | None:
        """The evaluator's score of a cell as text (``"4"``, ``"pass"``, ``"absent"``), or ``None``."""
        return self._value("scores", evaluator, bid, criterion)

    def moderated(self, group: str, bid: str, criterion: str) -> str | None:
        """The group's agreed score of a cell as text, or ``None``."""
        return self._value("moderation", group, bid, criterion)

    def _value(self, section: str, who: str, bid: str, criterion: str) -> str | None:
        entry = self._entry(section, who, bid, criterion)
        if entry is None:
            return None
        if isinstance(entry, dict):
            return None if entry.get("score") is None else _canonical(entry["score"])
        return _canonical(entry)

    def _entry(self, section: str, who: str, bid: str, criterion: str) -> Any:
        node: Any = self.data.get(section)
        for key in (who, bid, criterion):
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    # ------------------------------------------------------------ writing

    def set_score(self, evaluator: str, bid: str, criterion: str, value: str, *,
                  reason: str | None = None, replace_why: str | None = None) -> str:
        """Record an evaluator's score; returns ``added``, ``updated``, ``unchanged`` or ``replaced``.

        * No score yet: it is added (``added``), bare (``Q1: 4``) or, with a
          reason, as ``{score: 4, reason: "..."}``.
        * The same score: ``unchanged``; but a reason given for an entry that has
          none is added to it (``updated``). An existing reason is never changed.
        * A different score: :class:`EditConflict`, unless ``replace_why`` says why
          it changes; then the entry becomes ``{score: new, reason, was: old, why}``
          (``replaced``). ``reason`` is the new score's reason (the old reason
          belonged to the old score and is not carried over). If the entry was
          already replaced before, its ``was`` is kept: ``was`` is always the
          *first* score the evaluator gave, so that the record shows how far a
          score moved in total; ``why`` keeps every explanation in order
          (``first why; then 3 → 2: second why``), so no reason is ever lost.
        """
        new = _score_node(value)
        reason = reason or None
        old_entry = self._entry("scores", evaluator, bid, criterion)
        old = self.score(evaluator, bid, criterion)
        if old is None:
            self._set_entry("scores", evaluator, bid, criterion,
                            new if reason is None else self._entry_map("scores", new, reason))
            return "added"
        if _same(old, _canonical(new)):
            return self._add_reason("scores", evaluator, bid, criterion, old_entry, reason)
        if not replace_why:
            raise EditConflict(evaluator, bid, criterion, old, _canonical(new))
        first = old_entry["was"] if isinstance(old_entry, dict) and "was" in old_entry else old_entry
        if isinstance(first, dict):
            first = first.get("score")
        entry = self._entry_map("scores", new, reason)
        entry["was"] = first
        earlier = old_entry.get("why") if isinstance(old_entry, dict) else None
        history = f"{earlier}; then {old} → {_canonical(new)}: {replace_why}" if earlier else replace_why
        entry["why"] = _prose(history)
        self._set_entry("scores", evaluator, bid, criterion, entry)
        return "replaced"

    def set_moderation(self, group: str, bid: str, criterion: str, value: str, reason: str, *,
                       replace: bool = False) -> str:
        """Record a group's agreed score ``{score, reason}``.

        Returns ``added``, ``updated``, ``unchanged`` or ``replaced``.

        A different agreed score already there raises :class:`EditConflict`
        unless ``replace=True``; the old one is then overwritten (the format
        keeps no history of moderation; the backup and version control do).
        The same score with a reason where there was none is ``updated``.
        """
        new = _score_node(value)
        old_entry = self._entry("moderation", group, bid, criterion)
        old = self.moderated(group, bid, criterion)
        if old is not None and _same(old, _canonical(new)):
            return self._add_reason("moderation", group, bid, criterion, old_entry, reason)
        if old is not None and not replace:
            raise EditConflict(group, bid, criterion, old, _canonical(new), section="moderation")
        self._set_entry("moderation", group, bid, criterion, self._entry_map("moderation", new, reason or None))
        return "added" if old is None else "replaced"

    def set_seal(self, method: str, sealed: _dt.date, copy: str | None = None) -> str:
        """Write ``seal: {method, sealed, method_text}``; returns ``added``, ``unchanged`` or ``replaced``.

        ``copy`` is the sealed method's canonical text (:func:`udc.core.seal.method_copy`),
        written as a literal block so that it is never re-wrapped. A new seal goes
        at the end of the file; an existing one is updated where it stands.
        """
        seal = self.data.get("seal")
        if isinstance(seal, dict):
            if (str(seal.get("method")) == method and seal.get("sealed") == sealed
                    and (copy is None or str(seal.get("method_text")) == copy)):
                return "unchanged"
            seal["method"] = _prose(method)
            seal["sealed"] = sealed
            if copy is not None:
                if isinstance(seal, CommentedMap) and seal.fa.flow_style():
                    seal.fa.set_block_style()  # a literal block cannot sit in a flow mapping
                seal["method_text"] = LiteralScalarString(copy)
            return "replaced"
        node = _new_map(flow=False)
        node["method"] = _prose(method)
        node["sealed"] = sealed
        if copy is not None:
            node["method_text"] = LiteralScalarString(copy)
        if "seal" in self.data:
            self.data["seal"] = node
        else:
            self._insert_section(len(self.data), "seal", node)
        return "added"

    def insert_section(self, position: int, name: Any, node: Any) -> None:
        """Add a top-level key at ``position``, set apart by a blank line where the file does so."""
        self._insert_section(position, name, node)

    # ------------------------------------------------------------ output

    def text(self) -> str:
        """The document as it would be written.

        Flow mappings this edit added are written by :func:`udc.workflow.flowtext.render`
        (ruamel writes a placeholder where each goes); everything else by ruamel.
        """
        from udc.workflow.flowtext import TOKEN, render

        fast = TOKEN not in self._text
        swapped: list[Any] = []
        texts: list[str] = []
        inside: set[int] = set()
        for parent, key, node in (self._fresh if fast else ()):
            if id(parent) in inside:
                continue
            rendered = render(node, _reads_as_text)
            if rendered is None or parent.get(key) is not node:
                continue
            inside.add(id(node))
            swapped.append((parent, key, node))
            parent[key] = f"{TOKEN}{len(texts):08d}X"
            texts.append(rendered)
        out = io.StringIO()
        try:
            self._yaml.dump(self.data, out)
        finally:
            for parent, key, node in swapped:
                parent[key] = node
        if not texts:
            return out.getvalue()
        return re.sub(TOKEN + r"([0-9]{8})X", lambda m: texts[int(m.group(1))], out.getvalue())

    @property
    def changed(self) -> bool:
        """Whether :meth:`save` would write anything."""
        return self.text() != self._text

    @property
    def original_text(self) -> str:
        """The text as it was read (or last saved)."""
        return self._text

    @property
    def fingerprint(self) -> str:
        """``sha256:...`` of the bytes as read, as :func:`udc.core.loader.load_path` gives it."""
        import hashlib

        return "sha256:" + hashlib.sha256(self._raw).hexdigest()

    def save(self, backup: bool = True, *, text: str | None = None, before: Any = None,
             after: Any = None) -> Path | None:
        """Write the edits atomically if the text changed; returns the backup's path or ``None``.

        ``text`` is :meth:`text` when the caller has it already; ``before`` and
        ``after`` the data of the old and new text as udc's loader read them, when
        the caller has them (each is read here otherwise).

        Raises :class:`EditError` if a score or moderation cell would be lost, or
        if the file changed on disk since it was read (someone else's edit would
        be overwritten); the file is then left as it is.
        """
        new = self.text() if text is None else text
        if new == self._text:
            return None
        never_drops_scores(self._text if before is None else before, new if after is None else after)
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            current = None
        if current != self._raw:
            raise EditError(f"{self.path} changed since it was read; nothing was written. "
                            "Run the command again")
        written = write_atomic(self.path, new, backup=backup)
        self._raw, self._text = new.encode("utf-8"), new
        return written

    # ------------------------------------------------------------ helpers

    def _flow_style(self, section: str, depth: int, default: bool) -> bool:
        """:func:`_flow_at` for a section, decided once per edit from the file as it was read.

        It walks every entry of the section; deciding it per new cell made a
        collect of N scores cost N². New entries follow the file's majority style.
        """
        key = (section, depth, default)
        if key not in self._flow_cache:
            self._flow_cache[key] = _flow_at(self.data.get(section), depth, default)
        return self._flow_cache[key]

    def _entry_map(self, section: str, score: Any, reason: str | None) -> CommentedMap:
        """``{score, reason}``, in the style of the section's other entries (default flow)."""
        entry = _new_map(flow=self._flow_style(section, 3, default=True))
        entry["score"] = score
        if reason is not None:
            entry["reason"] = _prose(reason)
        return entry

    def _add_reason(self, section: str, who: str, bid: str, criterion: str, entry: Any,
                    reason: str | None) -> str:
        """Give a same-score entry the reason it lacks (``updated``); never change one it has."""
        if not reason or (isinstance(entry, dict) and entry.get("reason")):
            return "unchanged"
        if isinstance(entry, CommentedMap):
            keys = list(entry)
            entry.insert(keys.index("score") + 1 if "score" in keys else len(keys), "reason", _prose(reason))
        else:
            self._set_entry(section, who, bid, criterion, self._entry_map(section, entry, reason))
        return "updated"

    def _set_entry(self, section: str, who: str, bid: str, criterion: str, entry: Any) -> None:
        top = self._section(section)
        owner = self._child(top, who, self._flow_style(section, 1, default=False))
        cells = self._child(owner, bid, self._flow_style(section, 2, default=section == "scores"))
        if criterion in cells:
            cells[criterion] = entry
        else:
            cells.insert(len(cells), _key(criterion), entry)

    def _section(self, name: str) -> CommentedMap:
        """The top-level ``scores`` or ``moderation`` mapping, made where missing.

        A new ``scores`` goes before ``moderation`` and ``seal``; a new
        ``moderation`` before ``seal``; otherwise at the end.
        """
        node = self.data.get(name)
        if isinstance(node, CommentedMap) and (len(node) or not node.fa.flow_style()):
            return node
        if node is not None and not isinstance(node, CommentedMap):
            raise EditError(f"{self.path}: '{name}' is not a mapping; cannot add to it")
        fresh = _new_map(flow=False)
        if name in self.data:  # `scores:` with nothing, or `scores: {}`
            self.data[name] = fresh
            return fresh
        keys = list(self.data)
        position = min((keys.index(k) for k in _GOES_BEFORE.get(name, ()) if k in self.data), default=len(keys))
        self._insert_section(position, name, fresh)
        return fresh

    def _insert_section(self, position: int, name: str, node: CommentedMap) -> None:
        """Add a top-level key; if the file sets its sections apart by blank lines, so is this one.

        ruamel keeps a blank line as a comment on whatever node precedes it
        (the last item of a list, a key), so after an insertion it may sit
        before the new section or after it. Rather than move comments around,
        look at the dumped text and add a blank line where one is missing,
        before the new key and before the key that now follows it.
        """
        self.data.insert(position, name, node)
        if not self._spaced:
            return
        keys = list(self.data)
        lines = self.text().splitlines()
        for key in keys[position:position + 2]:
            at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), 0)
            if at > 0 and lines[at - 1].strip() and not lines[at - 1].lstrip().startswith("#"):
                self.data.yaml_set_comment_before_after_key(key, before="\n")

    def _child(self, parent: CommentedMap, key: str, flow: bool) -> CommentedMap:
        """``parent[key]`` as a mapping, appended (or filled in, if empty) where missing."""
        node = parent.get(key)
        if isinstance(node, CommentedMap):
            if not len(node) and node.fa.flow_style() and not flow:
                node.fa.set_block_style()
            return node
        if node is not None:
            raise EditError(f"{self.path}: '{key}' holds {node!r}, not a mapping; cannot add to it")
        fresh = _new_map(flow)
        if key in parent:
            parent[key] = fresh
        else:
            parent.insert(len(parent), _key(key), fresh)
        self._fresh.append((parent, key, fresh))
        return fresh


# ---------------------------------------------------------------- new nodes from plain data

_PROSE_KEYS = {"reason", "why", "meaning", "plain", "text", "notes", "said", "not_used"}


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
        node = _new_map(flow=_leafy(value))
        for k, v in value.items():
            node[_key(str(k))] = as_node(v, str(k))
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
        return _prose(value) if key in _PROSE_KEYS else _key(str(value))
    return value


# ---------------------------------------------------------------- the safety check


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
    return _canonical(key)


def never_drops_scores(before: Any, after: Any) -> None:
    """Raise :class:`EditError` if a score or moderation cell of ``before`` is gone in ``after``.

    Each is round text or the data udc's loader read from it (see :func:`score_cells`).
    The last line of defence of every edit: whatever went wrong in the code
    that made the new text, a score a person gave is never silently lost.
    """
    missing = sorted(score_cells(before) - score_cells(after))
    if missing:
        shown = ", ".join(".".join(cell) for cell in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise EditError(f"the edit would remove {shown}{more}; nothing was written")
