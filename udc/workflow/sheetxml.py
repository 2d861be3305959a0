"""The Scores sheet of an xlsx workbook, read straight from its XML: bounded, and with openpyxl's meaning.

udc wrote the workbook (the sheet carries a version mark), but it comes back
through spreadsheet programs, so this reads whatever Excel or LibreOffice may
save, not only udc's own layout: shared strings as well as inline ones, rich
text runs, booleans, errors, ISO dates and numbers in a date format (turned
into dates as openpyxl turns them, so that a score a spreadsheet made a date
is named as one), cells and rows without a reference. A formula is marked,
never evaluated. Each value means what openpyxl's read-only reader makes of
it (tests/test_sheetxml.py compares the two on the sheets udc writes).

Bounds: at most ``max_rows`` + 1 rows and ``max_cols`` columns are kept; a
row holding more cells than Excel has columns is refused; the XML is fed to
the parser in chunks, each row's elements dropped once read. The caller has
already refused a zip bomb and columns past XFD; every part read here is
refused if it declares a DTD anywhere in it (no entity is ever expanded) or
is not UTF-8.

Errors: :class:`WorkbookError` for a workbook whose structure cannot be read,
:class:`SheetDamaged` (with the row where reading stopped) for a damaged
Scores sheet, :class:`NoSuchSheet` when there is no sheet of that name.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser, fromstring

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CHUNK = 1 << 16
LAST_COLUMN = 16384  # XFD
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_C, _V, _F, _IS, _T, _R, _ROW, _SI = (MAIN + t for t in ("c", "v", "f", "is", "t", "r", "row", "si"))
_SHEET_DATA = MAIN + "sheetData"


class WorkbookError(Exception):
    """The workbook's structure cannot be read; ``str(exc)`` says what failed, in a word or two."""


class NoSuchSheet(Exception):
    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


class SheetDamaged(Exception):
    """The sheet cannot be read at ``row``; ``str(exc)`` names the kind of damage."""

    def __init__(self, row: int, why: str):
        super().__init__(why)
        self.row = row


def read_sheet(archive: zipfile.ZipFile, name: str, max_rows: int, max_cols: int,
               read: dict[str, bytes] | None = None) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    """The values of sheet ``name``, row by row (trailing blanks left off), and the (row, column) of its formulas.

    Rows and columns count from 1; rows a file leaves out are empty lists. At
    most ``max_rows + 1`` rows are read: the caller tells whether the last one
    goes past the sheet's size. ``read`` holds parts the caller has read already, by name.
    """
    workbook, rels = _workbook(archive)
    sheets = {s.get("name", ""): s.get(OFFICE_REL + "id") for s in workbook.iter(MAIN + "sheet")}
    if name not in sheets:
        raise NoSuchSheet(list(sheets))
    target = rels.get(sheets[name] or "")
    if target is None:
        raise WorkbookError("KeyError")
    shared = _shared_strings(archive, rels)
    dates, timedeltas = _date_styles(archive, rels)
    pr = workbook.find(MAIN + "workbookPr")
    mac = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    data = _part(archive, target[1], read or {})
    if not dates:  # no cell can be a date: udc's own sheets, read the fast way if they are as udc wrote them
        from udc.workflow import sheetfast

        fast = sheetfast.read(data, shared, max_rows + 1, max_cols)
        if fast is not None:
            return fast
    return _Sheet(shared, dates, timedeltas, mac, max_rows, max_cols).read(data)


# ---------------------------------------------------------------- the package


def _part(archive: zipfile.ZipFile, name: str, read: dict[str, bytes] | None = None) -> bytes:
    """A part's bytes; refused when it is missing, not UTF-8, or declares a DTD anywhere."""
    try:
        data = read[name] if read and name in read else archive.read(name)
    except KeyError:
        raise WorkbookError("KeyError") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise WorkbookError("not UTF-8")
    if b"<!" in data and _DTD.search(data):  # a literal search first: the regex ignores case, and is slower
        raise WorkbookError("a DTD")
    return data


def _tree(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        return fromstring(_part(archive, name))
    except ParseError:
        raise WorkbookError("ParseError") from None


def _rels_of(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) of ``part``; none when it has no relationships part."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in archive.NameToInfo:
        return {}
    found = {}
    for rel in _tree(archive, name).iter(PACKAGE_REL + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def _workbook(archive: zipfile.ZipFile) -> tuple[Element, dict[str, tuple[str, str]]]:
    main = [path for kind, path in _rels_of(archive, "").values() if kind == OFFICE_DOCUMENT]
    if not main:
        raise WorkbookError("no workbook part")
    return _tree(archive, main[0]), _rels_of(archive, main[0])


def _related(rels: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((path for k, path in rels.values() if k.endswith("/" + kind)), None)


def _shared_strings(archive: zipfile.ZipFile, rels: dict[str, tuple[str, str]]) -> list[str]:
    name = _related(rels, "sharedStrings")
    if name is None:
        return []
    strings = []
    try:
        for element in _ends(_part(archive, name), _SI):
            strings.append(_text(element).replace("x005F_", ""))
            element.clear()
    except ParseError:
        raise WorkbookError("ParseError in the shared strings") from None
    return strings


def _date_styles(archive: zipfile.ZipFile, rels: dict[str, tuple[str, str]]) -> tuple[set[int], set[int]]:
    """The cell styles (by index) whose number format shows a date, and those showing a duration."""
    name = _related(rels, "styles")
    if name is None:
        return set(), set()
    styles = _tree(archive, name)
    xfs = styles.find(MAIN + "cellXfs")
    ids = [_int(xf.get("numFmtId", "0")) for xf in (xfs if xfs is not None else ())]
    if all(i in (0, 49) for i in ids):  # General and text: no date (and no openpyxl import)
        return set(), set()
    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

    custom = {_int(f.get("numFmtId", "")): f.get("formatCode") for f in styles.iter(MAIN + "numFmt")}
    formats = [custom[i] if i in custom else builtin_format_code(i) for i in ids]
    return ({i for i, f in enumerate(formats) if is_date_format(f)},
            {i for i, f in enumerate(formats) if is_timedelta_format(f)})


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise WorkbookError("ValueError in the styles") from None


def _ends(data: bytes, tag: str) -> Iterator[Element]:
    """The elements named ``tag`` of an XML part as each ends, the part fed to the parser in chunks."""
    parser: Any = XMLPullParser(events=("end",))  # end events only: each is ("end", Element)
    for start in range(0, len(data), CHUNK):
        parser.feed(data[start:start + CHUNK])
        for _, element in parser.read_events():
            if element.tag == tag:
                yield element
    parser.close()
    for _, element in parser.read_events():
        if element.tag == tag:
            yield element


def _text(element: Element) -> str:
    """The text of a string item (``<si>`` or ``<is>``) as openpyxl gives it: its plain text, then its runs'."""
    plain = None
    runs = []
    for child in element:
        if child.tag == _T:
            plain = child.text
        elif child.tag == _R:
            run = None
            for part in child:
                if part.tag == _T:
                    run = part.text
            if run is not None:
                runs.append(run)
    return "".join(runs) if plain is None else plain + "".join(runs)


# ---------------------------------------------------------------- the sheet


def column_number(letters: str, cache: dict[str, int] = {}) -> int:  # noqa: B006 - a cache on purpose
    """Excel's column number of ``letters`` (A is 1); ValueError past XFD or for anything else."""
    number = cache.get(letters)
    if number is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isupper() and letters.isalpha()):
            raise ValueError(letters)
        number = 0
        for letter in letters:
            number = number * 26 + ord(letter) - 64
        if number > LAST_COLUMN:
            raise ValueError(letters)
        cache[letters] = number
    return number


_COLUMNS = {chr(64 + i): i for i in range(1, 27)}  # the one-letter columns, looked up first


class _Sheet:
    """One pass over a worksheet's XML; the state openpyxl's parser keeps (row and column counters)."""

    def __init__(self, shared: list[str], dates: set[int], timedeltas: set[int], mac: bool, max_rows: int,
                 max_cols: int):
        self.shared, self.dates, self.timedeltas, self.mac = shared, dates, timedeltas, mac
        self.limit, self.max_cols = max_rows + 1, max_cols
        self.rows: list[list[Any]] = []
        self.formulas: set[tuple[int, int]] = set()
        self.last_row = 0  # the number of the last row read (openpyxl's row counter)

    def read(self, data: bytes) -> tuple[list[list[Any]], set[tuple[int, int]]]:
        parser: Any = XMLPullParser(events=("end",))  # end events only: each is ("end", Element)
        rows, width, value_of, columns = self.rows, self.max_cols, self.value, _COLUMNS
        values: list[Any] = [None] * width
        formulas: list[int] = []
        filled = column = count = 0
        try:
            for start in range(0, len(data) + 1, CHUNK):
                if start < len(data):
                    parser.feed(data[start:start + CHUNK])
                else:
                    parser.close()
                for _, element in parser.read_events():
                    tag = element.tag
                    if tag == _C:
                        count += 1
                        if count > LAST_COLUMN:
                            raise SheetDamaged(self.last_row + 1, f"more than {LAST_COLUMN:,} cells in a row")
                        ref = element.get("r")
                        if ref:
                            letters = ref.rstrip("0123456789")
                            column = columns.get(letters) or column_number(letters)
                            if len(letters) == len(ref) or not ref.isascii():
                                raise ValueError(ref)
                        else:
                            column += 1
                        if column > width:
                            continue  # outside the sheet's layout: never read
                        kind = element.get("t")
                        if kind == "inlineStr" and len(element) == 1:  # the common case, as openpyxl writes it
                            inline = element[0]
                            if inline.tag == _IS and len(inline) == 1 and inline[0].tag == _T:
                                value = inline[0].text or ""
                            else:
                                value, formula = value_of(element, kind)
                                if formula:
                                    formulas.append(column)
                        else:
                            value, formula = value_of(element, kind)
                            if formula:
                                formulas.append(column)
                        values[column - 1] = value
                        if value is not None and column > filled:
                            filled = column
                    elif tag == _ROW:
                        number = self.row_number(element.get("r"))
                        element.clear()
                        if number > self.limit:
                            return rows, self.formulas
                        if number >= len(rows) + 1:  # openpyxl skips a row numbered at or before one read
                            rows.extend([] for _ in range(len(rows) + 1, number))
                            rows.append(values[:filled])
                            self.formulas.update((number, c) for c in formulas)
                        values = [None] * width
                        formulas = []
                        filled = column = count = 0
                    elif tag == _SHEET_DATA:
                        element.clear()
        except SheetDamaged:
            raise
        except (ParseError, ValueError, IndexError, OverflowError, TypeError) as exc:
            raise SheetDamaged(self.last_row + 1, type(exc).__name__) from None
        return rows, self.formulas

    def row_number(self, text: str | None) -> int:
        if text is None:
            self.last_row += 1
        else:
            try:
                self.last_row = int(text)
            except ValueError:
                number = float(text)
                if not number.is_integer():
                    raise
                self.last_row = int(number)
        return self.last_row

    def value(self, cell: Element, kind: str | None) -> tuple[Any, bool]:
        """A cell's value and whether it holds a formula (its value is then the formula's text)."""
        kind = kind or "n"
        style = cell.get("s")
        formula = cell.find(_F)
        if formula is not None:
            return "=" + (formula.text or ""), True
        if kind == "inlineStr":
            inline = cell.find(_IS)
            return (None if inline is None else _text(inline)), False
        text = cell.findtext(_V)
        style_id = int(style) if style else 0
        if not text:
            return None, False
        if kind == "n":
            number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style_id in self.dates:
                return self.date(number, style_id in self.timedeltas), False
            return number, False
        if kind == "s":
            index = int(text)
            if index < 0:
                raise IndexError(index)
            return self.shared[index], False
        if kind == "b":
            return bool(int(text)), False
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text), False
        return text, False  # str (a formula's cached text), e (an error such as #N/A)

    def date(self, number: float, duration: bool) -> Any:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        try:
            return from_excel(number, CALENDAR_MAC_1904 if self.mac else CALENDAR_WINDOWS_1900, timedelta=duration)
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl reads a date out of range as this error
