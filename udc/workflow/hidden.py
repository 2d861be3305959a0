"""The parts of a round an edit does not touch, kept out of ruamel's pure-Python round trip.

ruamel reads and writes a 64,000-score round in about 9 seconds of processor
time, nearly all of it on score rows the edit never looks at: recording one
agreed score, sealing the method, or collecting the last evaluator's sheet into
a round that holds the other fifteen. So before the round trip, each block of
the ``scores`` and ``moderation`` sections that the edit will not touch (one
evaluator's or one group's rows) is swapped for a one-word placeholder, and after
the edit its text goes back exactly as it was read, comments and all.

What keeps this safe:

* Only a block whose place in the text libyaml reports exactly is hidden: a
  plain key followed by its colon, ending at the start of a line or at the end
  of a flow mapping; a block holding ``&`` or ``*`` (an anchor or alias could tie
  it to the rest of the file) or the placeholder's word is left in the round trip.
* An edit that reaches for a hidden block is refused (:class:`HiddenBlock`), never
  applied to a placeholder; the callers name what they touch
  (:func:`udc.workflow.commit.commit`'s ``touching``).
* Every placeholder must come back exactly once from ruamel's output, or the
  edit is refused; and the edited text is then read and checked whole, and
  compared score by score with the text as read, before anything is written
  (:mod:`udc.workflow.commit`, :func:`udc.workflow.score_guard.never_drops_scores`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from udc.workflow.edit_errors import EditError

__all__ = ["HiddenBlock", "Hidden", "hide", "SECTIONS"]

SECTIONS = ("scores", "moderation")  # the sections whose owners' blocks may be hidden
WORD = "UDCHIDDENBLOCK"
_PLACEHOLDER = re.compile(" " + WORD + r"([0-9]{8})X(\n?)")


class HiddenBlock(EditError):
    """An edit reached for a block it did not say it would touch (a bug in the caller)."""


@dataclass
class Hidden:
    """A round's text with some owners' blocks swapped for placeholders, and how to put them back."""

    text: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # each block's text, and the line end it took
    owners: dict[str, set[str]] = field(default_factory=dict)  # section -> owners hidden
    styles: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)  # (section, depth) -> flow, block

    def holds(self, section: str, owner: str) -> bool:
        return owner in self.owners.get(section, ())

    def put_back(self, dumped: str) -> str:
        """ruamel's output with every hidden block's text back in its place.

        Raises :class:`EditError` unless each placeholder comes back exactly once, as ruamel
        writes a plain value after its key (and, for a block mapping, at the end of the line).
        """
        if not self.blocks:
            return dumped
        found = [(int(number), line_end) for number, line_end in _PLACEHOLDER.findall(dumped)]
        if sorted(number for number, _ in found) != list(range(len(self.blocks))) or any(
                self.blocks[number][1] not in ("", line_end) for number, line_end in found):
            raise EditError("the round could not be written back around the parts this edit does not touch; "
                            "nothing was written (please report this)")

        def block(match: re.Match[str]) -> str:
            original, line_end = self.blocks[int(match.group(1))]
            return original if line_end else original + match.group(2)

        return _PLACEHOLDER.sub(block, dumped)


def hide(text: str, touching: Mapping[str, Collection[str]], root=None) -> Hidden:
    """``text`` with every owner block of :data:`SECTIONS` not named in ``touching`` hidden.

    ``root``: ``text``'s node tree, where udc's loader has composed it already (else composed here).
    """
    import yaml

    from udc.core.diagnostics import UnreadableInput
    from udc.core.yaml_compose import compose

    if WORD in text:
        return Hidden(text)
    if root is None:
        try:  # the file may have changed since it was checked: composed with udc's bounds, as any round
            root = compose(text, "round")
        except UnreadableInput:
            return Hidden(text)  # ruamel will then say what is wrong with it
    if not isinstance(root, yaml.MappingNode):
        return Hidden(text)
    hidden = Hidden(text)
    spans: list[tuple[int, int, str]] = []  # start, end, replacement
    for key, section in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value in SECTIONS and isinstance(section, yaml.MappingNode)):
            continue
        kept = set(touching.get(key.value, ()))
        last = len(section.value) - 1
        for place, (owner, block) in enumerate(section.value):
            if not isinstance(owner, yaml.ScalarNode) or owner.value in kept:
                continue
            span = _span(text, owner, block)
            if span is None or (place == last and not _ends_cleanly(text, span)):
                continue
            start, end, newline = span
            spans.append((start, end, newline))
            hidden.owners.setdefault(key.value, set()).add(owner.value)
            _count_styles(hidden.styles, key.value, block)
    if not spans:
        return hidden
    pieces, at = [], 0
    for number, (start, end, newline) in enumerate(spans):
        pieces.append(text[at:start])
        pieces.append(f" {WORD}{number:08d}X{newline}")
        hidden.blocks.append((text[start:end], newline))
        at = end
    pieces.append(text[at:])
    hidden.text = "".join(pieces)
    return hidden


def _span(text: str, owner, block) -> tuple[int, int, str] | None:
    """Where an owner's block sits in ``text``: from just after its colon to its end, or None."""
    import yaml

    if owner.style not in (None, "") or not isinstance(block, yaml.MappingNode):
        return None  # a quoted key, or a block that is not a mapping: leave it to ruamel
    colon = owner.end_mark.index
    while colon < len(text) and text[colon] in " \t":
        colon += 1
    if colon >= len(text) or text[colon] != ":":
        return None
    start = colon + 1
    end = block.end_mark.index
    if block.flow_style:
        newline = ""
    else:
        end -= block.end_mark.column  # the start of the line the next key is on
        if text[end:block.end_mark.index].strip(" ") or not text[start:end].endswith("\n"):
            return None
        newline = "\n"
    body = text[start:end]
    if "&" in body or "*" in body or WORD in body:
        return None
    return start, end, newline


def _ends_cleanly(text: str, span: tuple[int, int, str]) -> bool:
    """Whether the block ends on a line of its own content, with the next key on the very next line.

    Blank lines and comments after a section's last block belong, in ruamel's eyes, to whatever
    ends the section, and it moves them below an owner an edit appends there. Hidden, they would
    stay above it; so a last block followed by any is left in the round trip.
    """
    start, end, newline = span
    if newline:  # a block mapping: its text runs to the start of the next key's line
        last_line = text[start:end - 1].rsplit("\n", 1)[-1]
        return bool(last_line.strip()) and "#" not in last_line
    line_end = text.find("\n", end)
    if line_end < 0:
        return not text[end:].strip()
    following = text[line_end + 1:].split("\n", 1)[0]
    return not text[end:line_end].strip() and (bool(following.strip()) and not following.lstrip().startswith("#")
                                                or line_end + 1 == len(text))


def _count_styles(styles: dict[tuple[str, int], tuple[int, int]], section: str, block) -> None:
    """Count the flow and block mappings of a hidden owner at each depth, as the round trip would see them."""
    import yaml

    level = [block]
    for depth in (1, 2, 3):
        flow = sum(1 for node in level if node.flow_style)
        styles[(section, depth)] = (styles.get((section, depth), (0, 0))[0] + flow,
                                    styles.get((section, depth), (0, 0))[1] + len(level) - flow)
        level = [value for node in level for _, value in node.value if isinstance(value, yaml.MappingNode)]
