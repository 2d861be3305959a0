"""Diagnostics: what is wrong with a round file, where, and how serious.

Every problem udc finds is a :class:`Diagnostic` printed as
``path:line:col: severity: what is wrong; what was expected``.
Loading problems that make the file unreadable raise :class:`UnreadableInput`
(exit status 2); rule violations are collected as diagnostics (exit status 1).
A command that must stop raises a :class:`UdcError` subclass; ``udc.cli.app``
maps it to its exit status in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Severity(StrEnum):
    """How serious a diagnostic is: an error makes the round invalid (exit 1); a warning does not."""

    ERROR = "error"
    WARNING = "warning"


ERROR, WARNING = Severity.ERROR, Severity.WARNING


class ExitCode(IntEnum):
    OK = 0
    RULES = 1
    UNREADABLE = 2


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity
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
    """A failure that stops a command; the CLI's entry point prints it and exits with ``exit_code``.

    Carries what to print, in order: diagnostics (``path:line:col: error: ...``) and
    plain message lines. Raise one of the subclasses; never exit from a command.
    """

    exit_code = ExitCode.RULES

    def __init__(self, *problems: Diagnostic | str | Iterable[Diagnostic | str]):
        flat: list[Diagnostic | str] = []
        for problem in problems:
            if isinstance(problem, (Diagnostic, str)):
                flat.append(problem)
            else:
                flat.extend(problem)
        self.problems = flat
        self.diagnostics = [p for p in flat if isinstance(p, Diagnostic)]
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """What the person at the keyboard is told (stderr), one line each."""
        return [p.text() if isinstance(p, Diagnostic) else p for p in self.problems]


class UnreadableInput(UdcError):
    """The input cannot be read safely: not UTF-8, not YAML, duplicate keys, tags. Exit 2."""

    exit_code = ExitCode.UNREADABLE


class UsageError(UdcError):
    """The command was given the wrong arguments or options. Exit 2."""

    exit_code = ExitCode.UNREADABLE


class CannotWrite(UdcError):
    """An output could not be written; nothing was changed. Exit 2."""

    exit_code = ExitCode.UNREADABLE


class RuleViolation(UdcError):
    """The round was read but breaks the format or the scoring rules (or is not yet complete). Exit 1."""

    exit_code = ExitCode.RULES


class EditRefused(UdcError):
    """An edit of a round that would contradict what it records or break a rule; nothing was written. Exit 1."""

    exit_code = ExitCode.RULES


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == ERROR]


def warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == WARNING]


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.severity, d.message)
