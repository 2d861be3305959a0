"""``udc check PATH...``: every problem in every round file, for people and for CI."""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path

import typer

from udc.core.diagnostics import ERROR, Diagnostic, ExitCode, RuleViolation, UnreadableInput, errors, warnings
from udc.core.pipeline import check_path


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def round_files(paths: list[Path], skipped: list[Path] | None = None,
                only_rounds: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Files named, and round files among ``*.yaml``/``*.yml`` files in folders named (recursively), sorted.

    A YAML file in a folder without a top-level ``udc:`` key (a CI workflow, a
    config file) is not a round: it is left out and added to ``skipped``. A file
    named on its own is checked, unless ``only_rounds`` (pre-commit hooks name
    every staged YAML file) and it has no such key.
    """
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            rounds = [p for p in found if looks_like_round(p)]
            if skipped is not None:
                skipped.extend(p for p in found if p not in rounds)
            if not rounds:
                what = (f"no round files in this folder ({len(found)} YAML file{'s' if len(found) != 1 else ''} "
                        "without a top-level 'udc:' key)") if found else "no *.yaml files in this folder"
                problems.append(Diagnostic(str(path), 1, 1, ERROR, f"{what}; expected round files", "usage"))
            files.extend(rounds)
        elif path.is_file() and only_rounds and not looks_like_round(path):
            if skipped is not None:
                skipped.append(path)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Diagnostic(str(path), 1, 1, ERROR, "no such file or folder; expected a round file "
                                       "or a folder of them", "usage"))
    return files, problems


_UDC_KEY = re.compile(r"""^(?:--- +)?["']?udc["']? *:""", re.M)
_UNUSUAL_ROOT = re.compile(r"^(?:--- *)?[ \t{]")  # an indented or flow-style top level


def looks_like_round(path: Path) -> bool:
    """Whether the file has a top-level ``udc:`` key, judged from its text without parsing it.

    A block mapping's top-level keys start at the left margin, so a line that
    starts ``udc:`` is one. A file whose top level is indented or written in
    flow style (``{udc: 1, ...}``) is treated as a round and checked in full.
    """
    try:
        text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return True  # checking it reports why it cannot be read
    if _UDC_KEY.search(text):
        return True
    content = [line for line in text.splitlines()
               if line.strip() not in ("", "---") and not line.lstrip().startswith(("#", "%"))]
    return bool(content) and bool(_UNUSUAL_ROOT.match(content[0]))


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
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", metavar="FORMAT",
                                       help="text for people, json for machines, github for GitHub Actions "
                                            "annotations, sarif for code-scanning services."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also name the YAML files skipped in folders "
                                                                "because they are not round files."),
    only_rounds: bool = typer.Option(False, "--only-rounds",
                                     help="Skip files without a top-level udc: key even when named (pre-commit)."),
) -> None:
    """Check round files against format 1 and the scoring rules. Exit 0 valid, 1 errors, 2 unreadable."""
    skipped: list[Path] = []
    files, usage = round_files(paths, skipped, only_rounds)
    results = [(p, *check_file(p)) for p in files]
    REPORTS[format](results, usage, skipped, verbose)
    status = exit_status(results, usage, strict)
    if status == ExitCode.UNREADABLE:
        raise UnreadableInput()  # each problem is already in the report
    if status == ExitCode.RULES:
        raise RuleViolation()


SKIPPED = "skipped (not a round file: no top-level 'udc:' key)"


def report_text(results, usage, skipped: list[Path], verbose: bool) -> None:
    for d in usage:
        typer.echo(d.text(), err=True)
    for path, diagnostics, readable in results:
        for d in diagnostics:
            typer.echo(d.text())
        typer.echo(summary(path, diagnostics, readable))
    report_skipped(skipped, verbose)


def report_skipped(skipped: list[Path], verbose: bool, err: bool = False) -> None:
    """The YAML files left out of folders: each named (with -v, on standard output unless ``err``), or counted
    on standard error."""
    if verbose:
        for path in skipped:
            typer.echo(f"{path}: {SKIPPED}", err=err)
    elif skipped:
        n = len(skipped)
        what = f"{n} YAML files that are not round files" if n != 1 else "1 YAML file that is not a round file"
        typer.echo(f"udc: skipped {what} (no top-level 'udc:' key); -v names them", err=True)


def report_json(results, usage, skipped: list[Path], verbose: bool) -> None:
    typer.echo(json.dumps({"files": [
        {"path": str(p), "readable": ok, "valid": ok and not errors(d), "errors": len(errors(d)),
         "warnings": len(warnings(d)), "diagnostics": [x.as_dict() for x in d]} for p, d, ok in results],
        "problems": [d.as_dict() for d in usage], "skipped": [str(p) for p in skipped]},
        indent=2, ensure_ascii=False))


def report_github(results, usage, skipped: list[Path], verbose: bool) -> None:
    """GitHub Actions workflow commands: each problem shows on the line it is about in a pull request."""
    from udc.views.github import annotation

    for d in usage:
        typer.echo(annotation(d))
    for path, diagnostics, readable in results:
        for d in diagnostics:
            typer.echo(annotation(d))
        typer.echo(summary(path, diagnostics, readable))
    report_skipped(skipped, verbose)


def report_sarif(results, usage, skipped: list[Path], verbose: bool) -> None:
    """A SARIF 2.1.0 log on standard output, and nothing else there: the files skipped are said on
    standard error (each of them with -v)."""
    from udc.views.sarif import sarif_log

    diagnostics = [*usage, *(d for _, found, _ in results for d in found)]
    typer.echo(json.dumps(sarif_log(diagnostics), indent=2, ensure_ascii=False))
    report_skipped(skipped, verbose, err=True)


REPORTS = {CheckFormat.text: report_text, CheckFormat.json: report_json, CheckFormat.github: report_github,
           CheckFormat.sarif: report_sarif}


def exit_status(results, usage, strict: bool) -> int:
    if usage or any(not ok for _, _, ok in results):
        return ExitCode.UNREADABLE
    if any(errors(d) or (strict and warnings(d)) for _, d, _ in results):
        return ExitCode.RULES
    return ExitCode.OK


def register(app: typer.Typer) -> None:
    app.command("check")(check)
