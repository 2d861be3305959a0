"""``udc check PATH...``: every problem in every round file, for people and for CI."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from udc.core.diagnostics import ERROR, Diagnostic, ExitCode, RuleViolation, UnreadableInput, errors, warnings
from udc.core.pipeline import check_path


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


def round_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files named, and ``*.yaml``/``*.yml`` files in folders named (recursively), sorted."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                problems.append(Diagnostic(str(path), 1, 1, ERROR, "no *.yaml files in this folder; expected "
                                           "round files", "usage"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Diagnostic(str(path), 1, 1, ERROR, "no such file or folder; expected a round file "
                                       "or a folder of them", "usage"))
    return files, problems


def check_file(path: Path) -> tuple[list[Diagnostic], bool]:
    """(diagnostics, readable)."""
    try:
        return check_path(path).diagnostics, True
    except UnreadableInput as exc:
        return exc.diagnostics, False


def summary(path: Path, diagnostics: list[Diagnostic], readable: bool) -> str:
    e, w = len(errors(diagnostics)), len(warnings(diagnostics))
    if not readable:
        return f"{path}: unreadable"
    if not e:
        return f"{path}: valid" + (f" ({w} warning{'s' if w != 1 else ''})" if w else "")
    return f"{path}: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def check(
    paths: list[Path] = typer.Argument(..., metavar="FILE...", help="Round files, or folders of *.yaml round files."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", metavar="FORMAT", help="text for people, json for machines."),
) -> None:
    """Check round files against format 1 and the scoring rules. Exit 0 valid, 1 errors, 2 unreadable."""
    files, usage = round_files(paths)
    results = [(p, *check_file(p)) for p in files]
    if format is CheckFormat.json:
        typer.echo(json.dumps({"files": [
            {"path": str(p), "readable": ok, "valid": ok and not errors(d), "errors": len(errors(d)),
             "warnings": len(warnings(d)), "diagnostics": [x.as_dict() for x in d]} for p, d, ok in results],
            "problems": [d.as_dict() for d in usage]}, indent=2, ensure_ascii=False))
    else:
        for d in usage:
            typer.echo(d.text(), err=True)
        for path, diagnostics, readable in results:
            for d in diagnostics:
                typer.echo(d.text())
            typer.echo(summary(path, diagnostics, readable))
    status = exit_status(results, usage, strict)
    if status == ExitCode.UNREADABLE:
        raise UnreadableInput()  # each problem is already in the report
    if status == ExitCode.RULES:
        raise RuleViolation()


def exit_status(results, usage, strict: bool) -> int:
    if usage or any(not ok for _, _, ok in results):
        return ExitCode.UNREADABLE
    if any(errors(d) or (strict and warnings(d)) for _, d, _ in results):
        return ExitCode.RULES
    return ExitCode.OK


def register(app: typer.Typer) -> None:
    app.command("check")(check)
