"""Turn loaded data into a :class:`~udc.model.Round`, or into located errors.

pydantic reports every schema error with a path (``loc``) into the data; the
source map turns that into ``path:line:col`` and this module turns pydantic's
wording into ``what is wrong; what was expected``.
"""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from udc.core.diagnostics import Diagnostic, sort_key
from udc.core.loader import Loaded
from udc.core.model import KINDS, Round


def did_you_mean(word: object, options: list[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def parse_round(loaded: Loaded) -> tuple[Round | None, list[Diagnostic]]:
    """Validate the data against format 1; all schema errors, in file order."""
    try:
        return Round.model_validate(loaded.data), []
    except ValidationError as exc:
        found = [d for err in exc.errors(include_url=False) for d in _diagnostics(loaded, err)]
        return None, sorted(set(found), key=sort_key)


def _diagnostics(loaded: Loaded, err: dict) -> list[Diagnostic]:
    source, loc, kind = loaded.source, tuple(err["loc"]), err["type"]
    ctx = err.get("ctx") or {}
    if kind == "unknown_key":
        allowed = ctx["allowed"]
        return [source.diagnostic(loc + (key,),
                                  f"unknown key '{key}'; {did_you_mean(key, allowed)}"
                                  f"expected one of: {', '.join(allowed)}", key=True, code="unknown-key")
                for key in ctx["keys"]]
    if kind == "bad_kind":
        kind_value = ctx.get("kind")
        return [source.diagnostic(loc + ("kind",),
                                  f"unknown criterion kind '{kind_value}'; "
                                  f"{did_you_mean(kind_value, list(KINDS))}expected one of: {', '.join(KINDS)}",
                                  code="schema")]
    if kind == "missing":
        return [source.diagnostic(loc[:-1], f"missing required key '{loc[-1]}'; expected it in this mapping",
                                  key=True, code="missing-key")]
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return [source.diagnostic(loc, f"expected a mapping of keys, got {_what(err.get('input'))}",
                                  code="schema")]
    if kind == "list_type":
        return [source.diagnostic(loc, f"expected a list, got {_what(err.get('input'))}", code="schema")]
    return [source.diagnostic(loc, err["msg"], code="schema")]


def _what(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
