"""The Scores sheet in the shape udc writes it, read by regular expressions.

udc writes its sheets with XlsxWriter (the rows by udc.workflow.sheet_rows_xml),
and earlier with openpyxl; both write XML of one fixed shape: no white space
between elements, the attributes of a row and a cell in one order, a value as
``<v>`` (text as an index into the shared strings) or an inline string as
``<is><t>``. :func:`read` reads a
sheet of exactly that shape several times faster than an XML parser can, and
gives up (returns None) on anything else: a formula, a comment, a date
format, a namespace prefix, a character or reference XML does not allow,
rows past the bound. The caller then reads the sheet with the general reader
(:mod:`udc.workflow.sheetxml`), which also names the damage of a damaged
sheet; so this reader only ever accepts what the general reader would read
the same way (tests/test_sheetxml.py compares both with openpyxl).

What it checks, since it is not an XML parser: the part is UTF-8; the root is
``<worksheet>`` in the main namespace and no other namespace is declared
before the sheet data; the sheet data is wholly a sequence of rows of cells
of that shape, holding no character and no reference XML forbids; no row lies
outside it; everything outside the sheet data is well-formed XML (expat, with
no handlers; a DTD was refused before).
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

from udc.workflow.sheetxml import CHUNK, LAST_COLUMN, MAIN, column_number

_DECLARATION = re.compile(r'<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="(?:yes|no)")?\?>\s*')
_ROOT = re.compile(r'<worksheet xmlns="' + re.escape(MAIN[1:-1]) + r'"(?: xmlns:[A-Za-z0-9]{1,20}="[^"<&]*")*>')
_TEXT = "[^<\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*"  # character data: no markup, no character XML forbids
_TOKEN = re.compile(  # a cell, a row's start, a row's end, or (the last group) anything else: the rest
    r'<c r="([A-Z]{1,3})[0-9]{1,7}"(?: s="[0-9]{1,9}")?(?: t="([a-zA-Z]{1,9})")?'
    r'(?:/>|>(?:(<v>)(' + _TEXT + r')</v>|(<is>)<t(?: xml:space="preserve")?>(' + _TEXT + r')</t></is>)?</c>)'
    r'|<row r="([0-9]{1,7})"(?: spans="[0-9:]{0,20}")?(/?)>|(</row>)|([\s\S]+)')
_ROW_ELSEWHERE = re.compile(r"[<:]row[\s/>]")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotCanonical(Exception):
    pass


def read(data: bytes, shared: list[str], limit: int, width: int) -> tuple[list[list[Any]], set[tuple[int, int]]] | None:
    """Rows of values (trailing blanks left off) of a sheet of openpyxl's shape with no row past ``limit``; else None.

    A sheet of this shape holds no formula, so the set of formula cells is empty.
    """
    try:
        text = data.decode("utf-8")
        body_start, body_end, rows = _scan(text, shared, limit, width)
        ParserCreate().Parse((text[:body_start] + text[body_end:]).encode("utf-8"), True)
    except (_NotCanonical, UnicodeDecodeError, ExpatError, ValueError, IndexError, OverflowError):
        return None
    return rows, set()


def _scan(text: str, shared: list[str], limit: int, width: int) -> tuple[int, int, list[list[Any]]]:
    declaration = _DECLARATION.match(text)
    root = _ROOT.match(text, declaration.end() if declaration else 0)
    start = text.find("<sheetData>")
    if root is None or start < 0:
        raise _NotCanonical
    body_start = start + len("<sheetData>")
    end = text.find("</sheetData>", body_start)
    if end < 0 or "xmlns" in text[root.end():start] or _ROW_ELSEWHERE.search(text, 0, start) \
            or _ROW_ELSEWHERE.search(text, end) or text.find("]]>", body_start, end) >= 0:
        raise _NotCanonical
    rows: list[list[Any]] = []
    values: list[Any] | None = None
    number = filled = count = 0
    position = body_start
    while position < end:  # slices of about CHUNK characters (memory stays bounded), each ending before a cell
        cut = text.find('<c r="', position + CHUNK, end)  # a cell's start: "<" is never in text of this shape
        cut = end if cut < 0 else cut
        for letters, kind, has_value, value, has_inline, inline, row, single, close, other in \
                _TOKEN.findall(text, position, cut):
            if letters:
                if values is None:
                    raise _NotCanonical
                count += 1
                column = column_number(letters)
                if column > width:
                    continue  # outside the sheet's layout: never read
                if has_inline and kind == "inlineStr" and "&" not in inline and "\r" not in inline:
                    found = inline  # most cells of udc's sheets: text as it is
                else:
                    found = _value(kind, has_value, value, has_inline, inline, shared)
                values[column - 1] = found
                if found is not None and column > filled:
                    filled = column
            elif row:
                if values is not None:
                    raise _NotCanonical
                number, values, filled, count = int(row), [None] * width, 0, 0
            if close or single:
                if values is None or number > limit or count > LAST_COLUMN:
                    raise _NotCanonical  # past the bound: the general reader tells whether the sheet goes on
                if number >= len(rows) + 1:  # openpyxl skips a row numbered at or before one read
                    while len(rows) + 1 < number:
                        rows.append([])
                    rows.append(values[:filled])
                values = None
            elif other:
                raise _NotCanonical
        position = cut
    if values is not None:
        raise _NotCanonical
    return body_start, end, rows


def _value(kind: str, has_value: str, value: str, has_inline: str, inline: str, shared: list[str]) -> Any:
    """A cell's value as openpyxl reads it (a sheet of this shape holds no formula)."""
    if kind == "inlineStr":
        return _text(inline) if has_inline else None
    if not (has_value and value):
        return None
    if kind == "n" or not kind:
        value = _text(value)
        return float(value) if ("." in value or "e" in value or "E" in value) else int(value)
    if kind == "s":
        index = int(_text(value))
        if index < 0:
            raise IndexError(index)
        return shared[index]
    if kind == "b":
        return bool(int(_text(value)))
    if kind == "d":
        raise _NotCanonical  # an ISO date: the general reader reads it
    return _text(value)  # str (a formula's cached text), e (an error such as #N/A)


def _text(raw: str) -> str:
    """Character data as an XML parser gives it: line ends made ``\\n``, then references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    if raw.count("&") != len(_REFERENCE.findall(raw)):
        raise _NotCanonical  # a bare & (or an entity XML does not define): not well-formed
    return _REFERENCE.sub(_character, raw)


def _character(reference: re.Match[str]) -> str:
    named, decimal, hexadecimal = reference.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _NotCanonical
    return chr(code)
