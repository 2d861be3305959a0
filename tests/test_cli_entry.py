"""The CLI's entry point: one mapping from failures to exit statuses, help, Ctrl-C, start-up imports."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_exit_statuses_are_chosen_in_one_place():
    """Commands raise typed errors (udc.core.diagnostics); only udc/cli/main.py turns them into exit statuses."""
    sites = []
    for path in sorted((ROOT / "udc").rglob("*.py")):
        if path == ROOT / "udc" / "cli" / "main.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"typer\.Exit\(|sys\.exit\(|raise SystemExit\((?!INTERRUPTED)", line):
                sites.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert sites == []


def test_typed_errors_carry_their_exit_status():
    from udc.core.diagnostics import (ERROR, CannotWrite, Diagnostic, EditRefused, RuleViolation, UnreadableInput,
                                      UsageError)

    assert [e.exit_code for e in (UnreadableInput, UsageError, CannotWrite, RuleViolation, EditRefused)] == \
        [2, 2, 2, 1, 1]
    d = Diagnostic("r.yaml", 3, 4, ERROR, "bad; expected good")
    error = RuleViolation([d], "udc: 1 error")
    assert error.lines() == ["r.yaml:3:4: error: bad; expected good", "udc: 1 error"]
    assert error.diagnostics == [d]


def test_a_refused_command_prints_its_lines_and_exits_with_its_status(udc, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("x\n", encoding="utf-8")
    done = udc("collect", ROOT / "examples" / "cyp-mental-health.yaml", sheet, "--replace")
    assert done.returncode == 2
    assert "--replace and --why TEXT go together" in done.stderr
    assert "Traceback" not in done.stderr
