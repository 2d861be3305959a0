"""A round file's bytes and their text, read as untrusted input.

The bytes: a regular file (not a device, FIFO or folder) of at most
:data:`MAX_BYTES`, and not some other kind of file (a workbook, a PDF, a score
sheet) by mistake. The text: strict UTF-8, a leading byte-order mark dropped,
no NUL. Every refusal is an :class:`~udc.core.diagnostics.UnreadableInput`;
a text refusal is located at the first offending character.
"""

from __future__ import annotations

from pathlib import Path

from udc.core.diagnostics import ERROR, Diagnostic, UnreadableInput

MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, label: str) -> bytes:
    """The bytes of a round file: a regular file of at most :data:`MAX_BYTES`, not some other kind of file."""
    from udc.core import filekind

    def refuse(message: str, code: str = "unreadable") -> UnreadableInput:
        return UnreadableInput(Diagnostic(label, 1, 1, ERROR, message, code))

    try:
        raw = filekind.read_regular(path, MAX_BYTES)
    except filekind.TooLarge:
        raise refuse(f"the file is larger than {MAX_BYTES:,} bytes; round files are at most {MAX_BYTES:,} bytes",
                     "too-large") from None
    except filekind.NotARegularFile as exc:
        raise refuse(f"is {exc.kind}; expected a round file") from None
    except FileNotFoundError:
        raise refuse("no such file; expected a round file") from None
    except OSError as exc:
        raise refuse(f"cannot read the file ({exc.strerror}); expected a readable round file") from None
    kind = filekind.describe(raw)
    if kind is not None:
        raise refuse(f"this is {kind.what}, not a round file; {_advice(kind)}", "wrong-kind")
    return raw


def _advice(kind) -> str:
    """Which command takes a file of this kind."""
    if kind.sheet:
        return "to add its scores to a round, use 'udc collect ROUND SHEET...' (the round file comes first)"
    if kind.name in ("xls", "ods"):
        return ("expected a round file (YAML text); a score sheet must be saved as .xlsx or .csv for "
                "'udc collect ROUND SHEET...'")
    return "expected a round file (YAML text, usually ending .yaml)"


def decode(raw: bytes, label: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1  # characters, as YAML counts
        raise UnreadableInput(Diagnostic(
            label, line, col, ERROR,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 text",
            "encoding")) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise UnreadableInput(Diagnostic(label, line, col, ERROR,
                                         "the file holds a NUL byte; expected YAML text", "encoding"))
    return text
