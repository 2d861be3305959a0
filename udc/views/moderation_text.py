"""Shared pieces of the ``udc moderate`` views: names, figures in words, and how lines are printed.

Views of the agenda (:mod:`udc.views.moderate_agenda`), agreement figures
(:mod:`udc.views.moderate_agreement`) and the moderation log
(:mod:`udc.views.moderate_log`) are built as sentences (:class:`Section`) and
rendered as rich text (for a projector), Markdown (to print or share) or plain
text (short sentences, for screen readers); JSON is built from the same objects.
Meaning is never carried by colour: effects are words, figures are numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from udc.analysis.moderation_log import value_text
from udc.core.engine import Result
from udc.core.text import markdown, visible


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]  # a line that starts with two spaces belongs to the line above it




def lived_experience(result: Result, group_id: str) -> bool:
    """Whether a group is shown plain-language descriptors: the round's ``lived_experience`` flag decides."""
    group = result.method.round.groups.get(group_id)
    return bool(group and group.lived_experience)


def figure_text(result: Result, value) -> str:
    """A group figure as published (``4.17``), a whole score as itself (``4``), or a mark."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format(result.publish(value), "f")
    if value is None:
        return "none"
    return value_text(value)


def points(result: Result, value: Fraction) -> str:
    text = figure_text(result, value)
    return f"{text} point{'' if value == 1 else 's'}"


def group_name(result: Result, gid: str) -> str:
    return result.method.round.groups[gid].name


def bidder(result: Result, bid: str) -> str:
    return result.bid(bid).bid.bidder


def criterion_spec(result: Result, cid: str):
    return next(c for c in result.method.round.criteria if c.id == cid)


def member_name(result: Result, eid: str) -> str:
    gid = result.method.group_of[eid]
    return result.method.round.groups[gid].members[eid].name


def _and(words: list[str]) -> str:
    if not words:
        return "no bid"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def print_lines(console, lines: list[str]) -> None:
    """Lines indented as given (two more spaces each): wrapped under their indentation on a terminal."""
    from udc.views.console import note

    for line in lines:
        text = line.lstrip(" ")
        note(console, text, indent=2 + len(line) - len(text))


def md(text: str) -> str:
    """Text as literal Markdown (round text included): every markup character escaped."""
    return markdown(str(text))


def md_list(lines: list[str]) -> list[str]:
    return [("  - " + md(line.strip())) if line.startswith("  ") else f"- {md(line)}" for line in lines]


def text_out(lines: list[str]) -> str:
    """Lines as text for a pipe, a file or a screen reader: control characters shown as escapes."""
    return visible("\n".join(lines) + "\n")
