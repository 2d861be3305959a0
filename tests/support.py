"""What tests share besides fixtures: paths, and running ``udc`` as a user would.

``run_udc`` runs the command line in this process through typer's CliRunner (the same
entry point and exit-status mapping as the console script, about a hundred times
cheaper than a new interpreter). ``run_udc_process`` starts the installed ``udc``
script: the smoke tests that must see a real process (signals, start-up imports,
the console script itself) use it, and ``UDC_TEST_SUBPROCESS=1`` makes every test use it.

Import from here (``from support import ROOT``), never from conftest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

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
