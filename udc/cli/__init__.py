"""The command line: thin typer wrappers that parse arguments and pick a view."""

from udc.cli.main import app, main

__all__ = ["app", "main"]
