"""Diagnostics: what is wrong with a round file, where, and how serious.

Every problem udc finds is a :class:`Diagnostic` printed as
``path:line:col: severity: what is wrong; what was expected``.
Loading problems that make the file unreadable raise :class:`UnreadableInput`
(exit status 2); rule violations are collected as diagnostics (exit status 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

ERROR = "error"
WARNING = "warning"


class ExitCode(IntEnum):
    OK = 0
    RULES = 1
    UNREADABLE = 2


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str
    code: str = ""

    def text(self) -> str:
        """The diagnostic for a person: control characters in the path or a quoted value shown as escapes."""
        from udc.core.text import visible

        return visible(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}", keep_lines=False)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class UdcError(Exception):
    """A failure that stops a command. Carries the diagnostics to print."""

    exit_code = ExitCode.RULES

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.text() for d in self.diagnostics))


class UnreadableInput(UdcError):
    """The input cannot be read safely: not UTF-8, not YAML, duplicate keys, tags."""

    exit_code = ExitCode.UNREADABLE


class RuleViolation(UdcError):
    """The round was read but breaks the format or the scoring rules."""

    exit_code = ExitCode.RULES


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == ERROR]


def warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == WARNING]


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.severity, d.message)
