"""YAML text composed into a node graph, safely.

libyaml's C parser composes where available (about 10x faster than the pure-Python
one). Nothing is constructed here: the node graph is turned into plain data by
:mod:`udc.core.yaml_data`. Nesting is bounded (:data:`MAX_DEPTH`) before libyaml's
recursive composer could overflow the C stack, and a syntax error is located with
where the unfinished part began.
"""

from __future__ import annotations

import functools

import yaml

from udc.core.diagnostics import ERROR, Diagnostic, UnreadableInput

try:  # libyaml's C parser: ~10x faster than the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader

_PLAIN_TAGS: dict[str, str] = {}  # short plain scalars' resolved tags, by their text


class _Loader(_SafeLoader):
    """The safe loader, remembering the tag of each short plain scalar (ids, keys, scores).

    A round repeats a few hundred such texts tens of thousands of times, and
    PyYAML resolves each (Python, regular expressions) even under libyaml. With
    no path resolvers (the safe loader has none) a plain scalar's tag depends on
    its text alone.
    """

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > 32 or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_PLAIN_TAGS) < 4096:
                _PLAIN_TAGS[value] = tag
        return tag


MAX_DEPTH = 64  # collections within collections; a round needs about 6
# libyaml composes recursively in C: far beyond MAX_DEPTH (tens of thousands of
# levels) it overflows the stack and the process dies. Texts that could nest
# that deep are measured from the event stream before they are composed.
_COMPOSE_SAFE_DEPTH = 2_000


def compose(text: str, label: str) -> yaml.Node | None:
    """The node graph of ``text`` (None for an empty document); raises :class:`UnreadableInput`."""
    try:
        if _could_nest_deeper(text, _COMPOSE_SAFE_DEPTH) and not _parser_limits_nesting():
            _refuse_deep_nesting(text, label)
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _refuse_deep_nesting_before(exc, text, label)
        raise UnreadableInput(_syntax_error(exc, text, label)) from None
    except yaml.YAMLError as exc:
        raise UnreadableInput(Diagnostic(label, 1, 1, ERROR,
                                         f"not valid YAML ({exc}); expected a YAML round file", "yaml")) from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, label: str) -> Diagnostic:
    """libyaml's complaint, located, with where the unfinished part began."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "not valid YAML"
    expected = "expected a YAML round file"
    context, start = exc.context or "", exc.context_mark
    if "document" in context:
        problem = "the file holds more than one YAML document"
    elif mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem, expected = "a tab character", "expected spaces (YAML does not indent with tabs)"
    elif context.startswith("while ") and start is not None and (start.line, start.column) != (line - 1, col - 1):
        problem += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return Diagnostic(label, line, col, ERROR, f"{problem}; {expected}", "yaml")


def _could_nest_deeper(text: str, depth: int) -> bool:
    """A cheap upper bound on the nesting of ``text`` exceeds ``depth``?

    Every flow collection opens with ``[`` or ``{``; a block collection nested
    in another starts at the same column or further right, and at least every
    second level further right, so block nesting is at most twice the widest
    line (plus one).
    """
    flow = text.count("[") + text.count("{")
    if flow + 2 > depth:
        return True
    widest = max(map(len, text.splitlines()), default=0)
    return flow + 2 * widest + 2 > depth


@functools.cache
def _parser_limits_nesting() -> bool:
    """Does this libyaml refuse deep nesting itself, below :data:`_COMPOSE_SAFE_DEPTH`?

    PyYAML 6.0.4's libyaml stops at 1,000 levels while scanning, so composing cannot
    overflow the C stack and the second parse that measures depth is not needed (its
    refusal is reworded as udc's, :func:`_refuse_deep_nesting_before`). Older builds
    compose any depth: for them the depth is measured from the event stream first.
    """
    deep = "[" * _COMPOSE_SAFE_DEPTH + "]" * _COMPOSE_SAFE_DEPTH
    try:
        yaml.compose(deep, Loader=_Loader)
    except yaml.YAMLError:
        return True
    except Exception:  # pragma: no cover - e.g. the pure-Python parser's RecursionError
        return False
    return False


def _refuse_deep_nesting(text: str, label: str) -> None:
    """Measure nesting from the event stream (not recursive); refuse past MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                raise UnreadableInput(Diagnostic(label, m.line + 1, m.column + 1, ERROR, too_deep(), "depth"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _refuse_deep_nesting_before(exc: yaml.MarkedYAMLError, text: str, label: str) -> None:
    """udc's own depth refusal where the parser refused first.

    Newer libyaml builds (PyYAML 6.0.4) stop at their own nesting limit while
    scanning ahead, before the event stream reaches :data:`MAX_DEPTH`. The text
    before the parser's complaint is measured again; where it nests deeper than
    :data:`MAX_DEPTH`, udc's refusal (at the first level too deep) is what the
    user sees, whatever the parser's wording. Runs only on a failed parse.
    """
    end = exc.problem_mark.index if exc.problem_mark is not None else len(text)
    for _ in range(4):  # each try ends earlier; the parser's look-ahead is bounded
        try:
            _refuse_deep_nesting(text[:end], label)
            return
        except yaml.MarkedYAMLError as again:
            mark = again.problem_mark
            if mark is None or mark.index >= end:
                return
            end = mark.index
        except yaml.YAMLError:
            return


def too_deep() -> str:
    return f"the data is nested more than {MAX_DEPTH} levels deep; expected a round file (about 6 levels)"
