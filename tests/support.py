"""What tests share besides fixtures: paths, running ``udc`` as a user would, and the small helpers
several test files use (reading its JSON, a round read back, Krippendorff's example C).

``run_udc`` runs the command line in this process through typer's CliRunner (the same
entry point and exit-status mapping as the console script, about a hundred times
cheaper than a new interpreter). ``run_udc_process`` starts the installed ``udc``
script: the smoke tests that must see a real process (signals, start-up imports,
the console script itself) use it, and ``UDC_TEST_SUBPROCESS=1`` makes every test use it.

Import from here (``from support import ROOT``), never from conftest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from udc.core.loader import load_text
from udc.core.model import Round

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def udc_executable() -> str:
    beside = Path(sys.executable).with_name("udc")
    return str(beside) if beside.exists() else (shutil.which("udc") or "udc")


def run_udc_process(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``udc ARGS`` as a new process of the installed console script."""
    environment = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    environment.update(env or {})
    return subprocess.run([udc_executable(), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=120)


def run_udc(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``udc ARGS`` in this process: exit status, stdout and stderr as a process would give them.

    An exception that escapes a command is shown on stderr as the traceback a process would print,
    with exit status 1, so that tests asserting "no traceback" still see one.
    """
    if os.environ.get("UDC_TEST_SUBPROCESS") or "_UDC_COMPLETE" in (env or {}):
        return run_udc_process(*args, cwd=cwd, env=env)
    from typer.testing import CliRunner

    from udc.cli.app import app

    environment = {"NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    here = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], env=environment, prog_name="udc")
    finally:
        os.chdir(here)
    stderr, status = result.stderr, result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(result.exception))
        status = 1
    return subprocess.CompletedProcess(["udc", *map(str, args)], status, result.stdout, stderr)


def edited(tmp_path: Path, *replacements: tuple[str, str], text: str | None = None) -> Path:
    """The spec example (or ``text``) with each ``(old, new)`` replaced (``old`` must be there), saved as round.yaml."""
    text = (EXAMPLES / "cyp-mental-health.yaml").read_text(encoding="utf-8") if text is None else text
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "round.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "round.yaml") -> Path:
    """``text`` saved as ``tmp_path / name``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def agenda_json(udc, path: Path, *extra: str) -> dict:
    """The JSON of ``udc moderate PATH`` (the agenda), which must succeed."""
    run = udc("moderate", path, "--format", "json", *extra)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def reads_back(text: str) -> Round:
    """The edited text, as udc itself reads it (YAML 1.1, exact numbers, strict model)."""
    return Round.model_validate(load_text(text, "edited.yaml").data)


# ---------------------------------------------------------------- udc influence

EXAMPLE = "examples/cyp-mental-health.yaml"  # relative to ROOT: run with cwd=ROOT


def influence_json(udc, path, *extra) -> dict:
    """The JSON of ``udc influence PATH`` (no resampling unless ``extra`` asks), which must succeed."""
    run = udc("influence", str(path), "--format", "json", "--samples", "0", *extra, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def score_json(udc, path) -> dict:
    """The JSON of ``udc score PATH``, which must succeed."""
    run = udc("score", str(path), "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def first(data: dict) -> list[str]:
    """The ids of the bids ranked first in ``udc score`` JSON."""
    return sorted(b["id"] for b in data["bids"] if b["rank"] == 1)


def group(data: dict, gid: str) -> dict:
    """Group ``gid``'s part of ``udc influence`` JSON."""
    return next(g for g in data["groups"] if g["id"] == gid)


# ---------------------------------------------------------------- Krippendorff's alpha (tests/test_agreement_*.py)

_ = None  # a missing value in the table below

# Krippendorff (2011), example C; printed there as observers (rows) x units.
EXAMPLE_C_BY_OBSERVER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],  # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],  # B
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],  # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],  # D
]
# udc orientation: units x coders.
EXAMPLE_C = [list(unit) for unit in zip(*EXAMPLE_C_BY_OBSERVER)]
