"""Shared fixtures. Paths and helpers live in tests/support.py (import them from there, never from conftest)."""

from __future__ import annotations

import pytest

from support import run_udc, run_udc_process, udc_executable


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
