"""Shared fixtures. Paths and helpers live in tests/support.py (import them from there, never from conftest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sheetfill import EXAMPLE, without_scores
from support import run_udc, run_udc_process, udc_executable

from rounds import ROUND


@pytest.fixture
def udc():
    """Run ``udc ARGS`` (in this process; see support.run_udc)."""
    return run_udc


@pytest.fixture
def udc_process():
    """Run ``udc ARGS`` as a new process of the installed console script."""
    return run_udc_process


@pytest.fixture
def udc_path() -> str:
    """The installed ``udc`` console script, for tests that must drive the process itself (signals)."""
    return udc_executable()


@pytest.fixture
def round_file(tmp_path: Path) -> Path:
    """The edit tests' small round (tests/rounds.py: ROUND) saved as round.yaml in tmp_path."""
    path = tmp_path / "round.yaml"
    path.write_bytes(ROUND.encode("utf-8"))
    return path


@pytest.fixture
def trimmed(tmp_path) -> Path:
    """The example with the scores of cp-1, le-2 and le-5 removed: they owe every cell."""
    path = tmp_path / "round.yaml"
    path.write_text(without_scores(EXAMPLE.read_text(encoding="utf-8"), ["cp-1", "le-2", "le-5"]),
                    encoding="utf-8")
    assert run_udc("check", path).returncode == 0
    return path


@pytest.fixture
def full(tmp_path) -> Path:
    path = tmp_path / "round.yaml"
    shutil.copy(EXAMPLE, path)
    return path
