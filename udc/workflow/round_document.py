"""A round file opened for editing: read, found and placed in, written back.

:class:`RoundDocument` holds the ruamel round-trip document of a round file
(:mod:`udc.workflow.roundtrip`) and gives what every edit needs: a cell's
value, the place for a new cell (owner and bid mappings made where missing, in
the file's own style), the text to write and the one way to write it. The edits
themselves (scores, agreed scores, the seal) are :class:`udc.workflow.edit.RoundEdit`'s.

* **No score is ever lost.** Before writing, :func:`~udc.workflow.score_guard.never_drops_scores`
  checks that every score and moderation cell of the old text is still in the new one.
* **No half-written file.** :meth:`RoundDocument.save` writes atomically with a
  backup (:func:`udc.workflow.files.write_atomic`), and refuses to write over a
  file that changed on disk since it was read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Self

from ruamel.yaml.comments import CommentedMap, merge_attrib
from ruamel.yaml.error import YAMLError

from udc.core.loader import Loaded
from udc.core.round_text import decode, read_bytes
from udc.workflow import flowtext
from udc.workflow.edit_errors import EditError
from udc.workflow.files import write_atomic
from udc.workflow.hidden import Hidden, HiddenBlock, hide
from udc.workflow.roundtrip import flow_at, round_trip, spaced_sections
from udc.workflow.score_guard import never_drops_scores
from udc.workflow.score_text import canonical
from udc.workflow.yaml_nodes import key_node, new_map

__all__ = ["RoundDocument"]

_GOES_BEFORE = {"scores": ("moderation", "seal"), "moderation": ("seal",)}


class RoundDocument:
    """A round file's round-trip document; nothing is written until :meth:`save`.

    The file should already have been checked with udc's loader: this class
    keeps the layout and refuses to lose data, it does not validate ids or
    scales.
    """

    def __init__(self, path: Path, raw: bytes, text: str, touching: Mapping[str, Collection[str]] | None = None,
                 read: Loaded | None = None):
        self.path = path
        self._raw = raw
        self._text = text
        self._yaml = round_trip(text)
        self._spaced = spaced_sections(text)
        self._flow_cache: dict[tuple[str, int, bool], bool] = {}
        self._fresh: list[tuple[CommentedMap, str, CommentedMap]] = []  # mappings this edit added
        # ``touching`` names the owners (evaluators, groups) the edit will reach; the other owners'
        # blocks stay out of the round trip (udc.workflow.hidden). None: the whole file goes through it.
        # ``read``: the file as udc's loader read it; its node tree serves if the bytes are the same.
        root = read.source.root if read is not None and read.fingerprint == self.fingerprint else None
        self._hidden = Hidden(text) if touching is None else hide(text, touching, root)
        try:
            self.data = self._yaml.load(self._hidden.text)
        except YAMLError as exc:
            raise EditError(f"{path}: cannot be read for editing: {exc}") from None
        if not isinstance(self.data, CommentedMap):
            raise EditError(f"{path}: expected a round (a mapping with udc, round, ...)")

    @classmethod
    def open(cls, path: Path | str, touching: Mapping[str, Collection[str]] | None = None,
             read: Loaded | None = None) -> Self:
        """Read ``path`` (UTF-8) for editing. Raises :class:`udc.diagnostics.UnreadableInput`.

        ``touching``: the only owners of ``scores`` and ``moderation`` the edit will reach,
        by section (``{"scores": {"le-8"}}``); the rest are kept out of the round trip.
        ``read``: the file as the command read it (its node tree is used if the file is unchanged).
        """
        path = Path(path)
        raw = read_bytes(path, str(path))
        return cls(path, raw, decode(raw, str(path)), touching, read)

    # ------------------------------------------------------------ reading

    def score(self, evaluator: str, bid: str, criterion: str) -> str | None:
        """The evaluator's score of a cell as text (``"4"``, ``"pass"``, ``"absent"``), or ``None``."""
        return self._value("scores", evaluator, bid, criterion)

    def moderated(self, group: str, bid: str, criterion: str) -> str | None:
        """The group's agreed score of a cell as text, or ``None``."""
        return self._value("moderation", group, bid, criterion)

    def _value(self, section: str, who: str, bid: str, criterion: str) -> str | None:
        return self._entry_value(self._entry(section, who, bid, criterion))

    @staticmethod
    def _entry_value(entry: Any) -> str | None:
        """A cell's entry (bare, or a mapping with ``score``) as the score's text, or ``None``."""
        if entry is None:
            return None
        if isinstance(entry, dict):
            return None if entry.get("score") is None else canonical(entry["score"])
        return canonical(entry)

    def _entry(self, section: str, who: str, bid: str, criterion: str) -> Any:
        self._reachable(section, who)
        node: Any = self.data.get(section)
        for key in (who, bid, criterion):
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    # ------------------------------------------------------------ output

    def text(self) -> str:
        """The document as it would be written (new flow rows by :func:`udc.workflow.flowtext.dump`)."""
        return self._hidden.put_back(flowtext.dump(self._yaml, self.data, self._fresh, self._text))

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

    # ------------------------------------------------------------ placing new cells

    def insert_section(self, position: int, name: Any, node: Any) -> None:
        """Add a top-level key at ``position``, set apart by a blank line where the file does so."""
        self._insert_section(position, name, node)

    def _flow_style(self, section: str, depth: int, default: bool) -> bool:
        """:func:`~udc.workflow.roundtrip.flow_at` for a section, decided once per edit from the file as read.

        It walks every entry of the section; deciding it per new cell made a
        collect of N scores cost N². New entries follow the file's majority style.
        """
        key = (section, depth, default)
        if key not in self._flow_cache:
            self._flow_cache[key] = flow_at(self.data.get(section), depth, default,
                                            self._hidden.styles.get((section, depth), (0, 0)))
        return self._flow_cache[key]

    def _set_entry(self, section: str, who: str, bid: str, criterion: str, entry: Any) -> None:
        self._reachable(section, who)
        top = self._section(section)
        owner = self._child(top, who, self._flow_style(section, 1, default=False))
        cells = self._child(owner, bid, self._flow_style(section, 2, default=section == "scores"))
        if criterion in cells:
            cells[criterion] = entry
        elif getattr(cells, merge_attrib, None):  # a mapping with a merge key (<<): ruamel places the new key
            cells.insert(len(cells), key_node(criterion), entry)
        else:  # appended, as insert() at the end would, without insert() listing every key first
            cells[key_node(criterion)] = entry

    def _reachable(self, section: str, who: str) -> None:
        if self._hidden.holds(section, who):
            raise HiddenBlock(f"{self.path}: internal error: {section} of {who!r} was opened as untouched; "
                              "nothing was written (please report this)")

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
        fresh = new_map(flow=False)
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
        fresh = new_map(flow)
        if key in parent:
            parent[key] = fresh
        else:
            parent.insert(len(parent), key_node(key), fresh)
        self._fresh.append((parent, key, fresh))
        return fresh
