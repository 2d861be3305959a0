"""Text from a round file or a sheet, made safe to show to a person.

Round files come by email: a bidder's name, an authority or a reason may carry
terminal escape sequences (a hidden hyperlink ``ESC ] 8 ;;``, a screen clear
``ESC [ 2 J``), bidirectional overrides that reorder what a reader sees, or
characters that Markdown or rich would read as markup. Every human-facing
output passes such text through :func:`visible` (and, for Markdown, through
:func:`markdown`); JSON output stays exact.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates (Trojan Source, CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_LINE_BREAKS = re.compile("[\t\n]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_lines: bool = True) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\u202e``).

    Tabs and newlines are kept where ``keep_lines`` (a reason may run over
    lines); otherwise they become single spaces, for one-line contexts such as
    table cells and error messages.
    """
    shown = _CONTROL.sub(_escape, text)
    return shown if keep_lines else _LINE_BREAKS.sub(" ", shown)


_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+)([.)]?)")


def markdown(text: str) -> str:
    """``text`` as literal Markdown, escaping only what could start markup (readable in the raw file).

    Inline markup characters (backslash, backticks, emphasis, brackets, angle brackets,
    pipes, tildes, entities) are escaped everywhere; list, heading and quote markers only at
    the start; control characters are shown as escapes.
    """
    shown = _INLINE.sub(r"\\\1", visible(text, keep_lines=False))

    def guard(m: re.Match) -> str:  # "\\#" but "1\\." (a digit cannot be escaped)
        if m.group(2).isdigit():
            return m.group(0) if not m.group(3) else m.group(1) + m.group(2) + "\\" + m.group(3)
        return m.group(1) + "\\" + m.group(2) + m.group(3)

    return _LINE_START.sub(guard, shown, count=1)
