"""Neutralising formula injection in cells of spreadsheets and CSV files udc writes.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be run as a formula by Excel or LibreOffice (a bidder's name such as
``=HYPERLINK("http://evil", "Click")``). Such text is written with a leading
apostrophe, which spreadsheet programs show as plain text (OWASP's advice).
Numbers are left alone: they are written as numbers, not text.
"""

from __future__ import annotations

from typing import overload

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: object) -> object: ...
def neutralise(value: object) -> object:
    """``value`` made safe for a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text a neutralised cell stood for: one leading apostrophe before a trigger is dropped.

    Used when udc reads back a sheet it wrote: ``'=HYPERLINK(...)`` is read as
    the text ``=HYPERLINK(...)`` (which udc only ever stores as text and
    neutralises again whenever it writes it to a spreadsheet).
    """
    if value.startswith("'") and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value


def write_text(ws, row: int, column: int, text: str, look=None) -> None:
    """``text`` into cell (``row``, ``column``) of an XlsxWriter worksheet ``ws``, as text and nothing else.

    ``write_string`` never makes a formula, but XlsxWriter stores a string that
    starts with ``<r>`` and ends with ``</r>`` as rich-text XML, unescaped: such
    a text (from a round file) goes in as a rich string of three plain pieces
    instead, which XlsxWriter escapes, and which reads back as the same text.
    """
    if text.startswith("<r>") and text.endswith("</r>"):
        ws.write_rich_string(row, column, text[:1], text[1:2], text[2:], *([look] if look else []))
    else:
        ws.write_string(row, column, text, look)
