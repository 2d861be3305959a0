"""Turn loaded data into a :class:`~udc.model.Round`, or into located errors.

pydantic reports every schema error with a path (``loc``) into the data; the
source map turns that into ``path:line:col`` and this module turns pydantic's
wording into ``what is wrong; what was expected``.
"""

from __future__ import annotations

import difflib
import re

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from udc.core.diagnostics import Diagnostic, sort_key
from udc.core.fields import QUOTED_NUMBER, number_advice
from udc.core.loader import Loaded
from udc.core.model import KINDS, Round

SPLIT_NUMBER = "split-number"
_DIGIT_GROUP = re.compile(r"[0-9]{3}(\.[0-9]+)?")


def did_you_mean(word: object, options: list[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def parse_round(loaded: Loaded) -> tuple[Round | None, list[Diagnostic]]:
    """Validate the data against format 1; all schema errors, in file order."""
    try:
        return Round.model_validate(loaded.data), []
    except ValidationError as exc:
        found = [d for err in exc.errors(include_url=False) for d in _diagnostics(loaded, err)]
        split = {(d.line, d.col) for d in found if d.code == SPLIT_NUMBER}  # said once, at the value
        found = [d for d in found if d.code == SPLIT_NUMBER or (d.line, d.col) not in split]
        return None, sorted(set(found), key=sort_key)


def _diagnostics(loaded: Loaded, err: ErrorDetails) -> list[Diagnostic]:
    source, loc, kind = loaded.source, tuple(err["loc"]), err["type"]
    ctx = err.get("ctx") or {}
    if kind == "unknown_key":
        allowed = ctx["allowed"]
        split, keys = _split_number(loaded, loc, ctx["keys"])
        return split + [source.diagnostic(loc + (key,),
                                          f"unknown key '{key}'; {did_you_mean(key, allowed)}"
                                          f"expected one of: {', '.join(allowed)}", key=True, code="unknown-key")
                        for key in keys]
    if kind == "udc_text" and not source.quoted(loc):
        return [source.diagnostic(loc, err["msg"].replace(QUOTED_NUMBER, ""), code="schema")]
    if kind == "bad_kind":
        criterion = err.get("input")
        if not isinstance(criterion, dict):
            return [source.diagnostic(loc, f"expected a criterion (a mapping with id, title, ...), got "
                                           f"{_what(criterion)}", code="schema")]
        kind_value = criterion.get("kind")
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


def _split_number(loaded: Loaded, loc: tuple, keys: list) -> tuple[list[Diagnostic], list]:
    """``{price: £1,850,000}``: inside braces a comma ends the value, so YAML reads ``price: £1`` and the keys
    ``850`` and ``000``. Say what was written, at the value, instead of naming the digit groups as keys.

    Returns the diagnostics for such values and the unknown keys that are not digit groups.
    """
    mapping, _ = loaded.source.nodes(loc)
    if not isinstance(mapping, yaml.MappingNode) or not mapping.flow_style:
        return [], keys
    text, pairs = loaded.text, mapping.value
    fragments = {str(k) for k in keys}
    found: list[Diagnostic] = []
    used: set[str] = set()
    for i, (knode, vnode) in enumerate(pairs):
        start = i + 1
        while start < len(pairs) and _is_digit_group(pairs[start], text, fragments):
            start += 1
        if start == i + 1 or not isinstance(vnode, yaml.ScalarNode) or vnode.style or not vnode.value[-1:].isdigit():
            continue
        written = text[vnode.start_mark.index:pairs[start - 1][0].end_mark.index]
        used.update(pairs[j][0].value for j in range(i + 1, start))
        advice = number_advice(written) or (f"'{written}' has commas; inside {{ }} a comma ends the value, so "
                                            "YAML reads the digits after it as keys; expected a plain number")
        found.append(loaded.source.diagnostic(loc + (knode.value,), advice, code=SPLIT_NUMBER))
    return found, [k for k in keys if str(k) not in used]


def _is_digit_group(pair: tuple, text: str, fragments: set) -> bool:
    knode, vnode = pair
    return (isinstance(knode, yaml.ScalarNode) and not knode.style and knode.value in fragments
            and _DIGIT_GROUP.fullmatch(knode.value) is not None and knode.start_mark.index > 0
            and text[knode.start_mark.index - 1] == "," and isinstance(vnode, yaml.ScalarNode)
            and vnode.tag.endswith(":null") and vnode.value == "")


def _what(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
