"""The command line: thin typer wrappers that parse arguments and pick a view."""

from .main import app, main

__all__ = ["app", "main"]
