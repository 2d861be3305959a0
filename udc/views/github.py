"""Diagnostics as GitHub Actions workflow commands (annotations on the lines of a pull request).

``::error file=rounds/a.yaml,line=20,col=12::message``. GitHub reads ``%``,
carriage return and line feed in the message as escapes, and also ``:`` and
``,`` in a property's value, so these are written as ``%25``, ``%0D``, ``%0A``,
``%3A`` and ``%2C`` (the rules of ``@actions/core``). Text from a round is made
visible first: a control character must not reach the log.
"""

from __future__ import annotations

from udc.core.diagnostics import ERROR, WARNING, Diagnostic, Severity
from udc.core.text import visible

COMMANDS: dict[Severity, str] = {ERROR: "error", WARNING: "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """One workflow command for ``d``: ``::error``, ``::warning`` (or ``::notice`` for anything else)."""
    command = COMMANDS.get(d.severity, "notice")
    props = ",".join(f"{key}={escape_property(visible(str(value)))}"
                     for key, value in (("file", d.path), ("line", d.line), ("col", d.col), ("title", "udc check")))
    return f"::{command} {props}::{escape_data(visible(d.message))}"
