"""What the rules found: diagnostics located through the loaded file's source map, and the
wording helpers the rules share (a list of ids, a "did you mean")."""

from __future__ import annotations

from udc.core.diagnostics import ERROR, WARNING, Diagnostic
from udc.core.loader import Loaded


class Findings:
    """Collects diagnostics located through the loaded file's source map."""

    def __init__(self, loaded: Loaded):
        self.source = loaded.source
        self.found: list[Diagnostic] = []

    def error(self, loc: tuple, message: str, code: str, key: bool = False) -> None:
        self.found.append(self.source.diagnostic(loc, message, ERROR, key=key, code=code))

    def warning(self, loc: tuple, message: str, code: str, key: bool = False) -> None:
        self.found.append(self.source.diagnostic(loc, message, WARNING, key=key, code=code))


def suggest(word: str, options) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def listed(ids) -> str:
    return ", ".join(sorted(ids)) if ids else "(there are none)"
