"""`udc influence`: placeholder until its issue lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `udc influence` to the app (nothing yet)."""
