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
