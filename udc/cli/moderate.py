"""`udc moderate`: placeholder until its issue lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `udc moderate` to the app (nothing yet)."""
