"""One direction of flow: load → model → rules. The engine comes after.

:func:`check_path` never raises for a bad round: unreadable input raises
:class:`~udc.diagnostics.UnreadableInput`; everything else comes back as
diagnostics. Schema errors are reported first; the cross-reference rules run
only on a round that fits the schema (they would otherwise report noise).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from udc.core.diagnostics import Diagnostic
from udc.core.loader import Loaded, load_path, load_text
from udc.core.method import Method, resolve
from udc.core.model import Round
from udc.core.record_rules import check_record
from udc.core.rules import check_rules
from udc.core.schema import parse_round


@dataclass(frozen=True)
class Checked:
    loaded: Loaded
    round: Round | None
    method: Method | None
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class Ready(Checked):
    """A checked round that fits the schema and breaks no rule a command must stop on."""

    round: Round
    method: Method


def check_loaded(loaded: Loaded) -> Checked:
    round_, problems = parse_round(loaded)
    if round_ is None:
        return Checked(loaded, None, None, problems)
    method = resolve(round_)
    found = check_record(round_, method, loaded, check_rules(round_, method, loaded))
    return Checked(loaded, round_, method, found)


def check_path(path: Path | str, label: str | None = None) -> Checked:
    return check_loaded(load_path(path, label))


def check_text(text: str, label: str) -> Checked:
    """Check round text that is not (yet) a file: an edit about to be saved."""
    return check_loaded(load_text(text, label))
