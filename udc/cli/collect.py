"""`udc collect`: placeholder until its issue lands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `udc collect` to the app (nothing yet)."""
