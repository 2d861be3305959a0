"""Diagnostics as a SARIF 2.1.0 log, the format code-scanning services read (GitHub, GitLab, Azure).

One run of one tool (udc); each diagnostic a result with its rule (the diagnostic's
code), its level (error, warning, or note for anything else), its message and its
place (the file as a URI reference relative to where udc ran, line and column from 1).
Text from a round is made visible first: a control character must not reach a
report a browser shows.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from udc import __version__
from udc.core.diagnostics import ERROR, WARNING, Diagnostic, Severity
from udc.core.text import visible

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS: dict[Severity, str] = {ERROR: "error", WARNING: "warning"}
NO_CODE = "udc"  # the rule of a diagnostic that has no code


def sarif_log(diagnostics: list[Diagnostic]) -> dict:
    """The SARIF log of ``diagnostics``, in their order."""
    rules = sorted({d.code or NO_CODE for d in diagnostics})
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "udc",
                "version": __version__,
                "rules": [{"id": rule} for rule in rules],
            }},
            "results": [result(d, rules.index(d.code or NO_CODE)) for d in diagnostics],
        }],
    }


def result(d: Diagnostic, rule_index: int) -> dict:
    return {
        "ruleId": d.code or NO_CODE,
        "ruleIndex": rule_index,
        "level": LEVELS.get(d.severity, "note"),
        "message": {"text": visible(d.message)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri(d.path)},
            "region": {"startLine": max(1, d.line), "startColumn": max(1, d.col)},
        }}],
    }


def uri(path: str) -> str:
    """``path`` as a URI reference: relative paths stay relative (with ``/``), absolute ones become file URIs."""
    as_path = Path(path)
    if as_path.is_absolute():
        return as_path.as_uri()
    return quote(as_path.as_posix(), safe="/")
