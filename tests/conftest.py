"""Shared test helpers: run the installed ``udc`` entry point; build small rounds as YAML text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def udc_executable() -> str:
    beside = Path(sys.executable).with_name("udc")
    return str(beside) if beside.exists() else (shutil.which("udc") or "udc")


def run_udc(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    environment = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    environment.update(env or {})
    return subprocess.run([udc_executable(), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=120)


@pytest.fixture
def udc():
    return run_udc


@pytest.fixture
def udc_path() -> str:
    """The installed ``udc`` console script, for tests that must drive the process itself (signals)."""
    return udc_executable()
