"""Text from a round is shown, never obeyed: control characters and markup come out as text."""

from __future__ import annotations

from udc.core.text import markdown, visible
from udc.views.templating import environment


def test_escape_sequences_become_visible() -> None:
    link = "Northfield \x1b]8;;https://evil.example\x1b\\BC"
    assert visible(link) == "Northfield \\x1b]8;;https://evil.example\\x1b\\BC"
    assert visible("a\x1b[2Jb\x9bc\x7f") == "a\\x1b[2Jb\\x9bc\\x7f"


def test_bidi_overrides_become_visible() -> None:
    assert visible("abc\u202edcba\u2066x") == "abc\\u202edcba\\u2066x"


def test_lines_are_kept_or_folded() -> None:
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\ntwo\tthree", keep_lines=False) == "one two three"


def test_markdown_markup_is_escaped() -> None:
    assert markdown("Art Space [/x] *Ltd* | `x`") == "Art Space \\[/x\\] \\*Ltd\\* \\| \\`x\\`"
    assert markdown("<script>") == "\\<script\\>"


def test_templates_escape_html_and_markdown() -> None:
    env = environment()
    assert env.autoescape("summary.html.j2") is True
    assert env.autoescape("summary.md.j2") is False
    assert env.filters["md"]("a_b <i>") == "a\\_b \\<i\\>"
