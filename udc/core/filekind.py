"""What kind of file was given, and reading one without surprises.

People pass the wrong file: a returned workbook where the round goes, a PDF of
the tender, the round where a sheet goes. :func:`describe` recognises the
usual suspects by their content (never by their name) so that the error can
say what the file is and which command takes it, instead of "byte 0xc7 is not
UTF-8".

:func:`read_regular` reads only regular files (a FIFO would hang, ``/dev/zero``
would never end) and applies the size cap while reading, not from a size the
file system may not know.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

__all__ = ["FileKind", "NotARegularFile", "TooLarge", "describe", "read_regular"]

SHEET_MARK = "udc score sheet"  # the first line of every sheet udc writes (see udc.workflow.sheets)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    """A kind of file: ``what`` it is in words; ``sheet``: whether ``udc collect`` reads it."""

    name: str
    what: str
    sheet: bool


WORKBOOK = FileKind("xlsx", "an Excel workbook (a score sheet?)", True)
CSV_SHEET = FileKind("csv", "a udc score sheet saved as CSV", True)
DAMAGED_ZIP = FileKind("zip", "a damaged zip file (a damaged Excel workbook?)", True)
PDF = FileKind("pdf", "a PDF document", False)
WORD = FileKind("docx", "a Word document", False)
OPENDOC = FileKind("ods", "an OpenDocument file (LibreOffice)", False)
OLD_EXCEL = FileKind("xls", "an old-style Excel workbook (.xls)", False)
OLD_WORD = FileKind("doc", "an old-style Word document (.doc)", False)
OLE = FileKind("ole", "an old-style Microsoft Office file", False)
ZIP = FileKind("zip", "a zip archive", False)


class NotARegularFile(OSError):
    """The path names a folder, a FIFO, a device or a socket."""

    def __init__(self, kind: str):
        super().__init__(f"is {kind}")
        self.kind = kind


class TooLarge(OSError):
    """The file holds more bytes than the cap."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit:,} bytes")
        self.limit = limit


def _node_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises :class:`NotARegularFile`, :class:`TooLarge`, or the ``OSError`` of
    the file system (``FileNotFoundError``, ``PermissionError``). The file is
    opened without blocking (a FIFO swapped in after the check cannot hang the
    command) and read up to ``limit + 1`` bytes, whatever its size claims.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotARegularFile(_node_kind(mode))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(_node_kind(mode))
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def describe(raw: bytes) -> FileKind | None:
    """The kind of file ``raw`` is, when it is one udc recognises; ``None`` for anything else (text, YAML)."""
    if raw.startswith(b"%PDF-"):
        return PDF
    if raw.startswith(_OLE):
        head = raw[:1 << 16]
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return OLD_EXCEL
        if "WordDocument".encode("utf-16-le") in head:
            return OLD_WORD
        return OLE
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return _zip_kind(raw)
    text = raw[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    first = text.split(b"\n", 1)[0].lower()
    if first.startswith(b"sheet") and SHEET_MARK.encode() in first:
        return CSV_SHEET
    if b"bid" in first and b"criterion" in first and b"score" in first and b"," in first + b";\t":
        return CSV_SHEET
    return None


def _zip_kind(raw: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, KeyError, EOFError, NotImplementedError):
        return DAMAGED_ZIP
    if any(n.startswith("xl/") for n in names):
        return WORKBOOK
    if any(n.startswith("word/") for n in names):
        return WORD
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return OPENDOC
    return ZIP


def looks_like_round(raw: bytes) -> bool:
    """Whether a text file opens like a round (``udc: 1`` near the top)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf")
    return any(line.strip().replace(b" ", b"").startswith(b"udc:") for line in head.splitlines()[:40]
               if not line.lstrip().startswith(b"#"))
