"""How ``udc CMD --help`` reads: names and words, never Python types.

typer renders arguments as ``{ROUND}``, ``paths... <list[Path]>`` and ranges as
``<int range>`` (the exact form differs between typer releases). A command here
lists its arguments by their metavar (``ROUND``, ``FILE...``), its options with
their metavar (``FORMAT``, ``N``), the choices, default and range in words.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from typer.core import TyperArgument, TyperCommand


def choices(param: Any) -> list[str]:
    """The values a choice parameter takes (works with click's Choice and typer's own descriptor)."""
    found = getattr(getattr(param, "type", None), "choices", None)
    if found is None:
        descriptor = getattr(param, "type_descriptor", None)
        found = descriptor.choices if descriptor is not None and descriptor.is_choice else None
    return [str(c.value if isinstance(c, Enum) else c) for c in found or ()]


def bounds(param: Any) -> tuple[Any, Any]:
    for source in (param, getattr(param, "type", None)):
        low, high = getattr(source, "min", None), getattr(source, "max", None)
        if low is not None or high is not None:
            return low, high
    return None, None


def range_words(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"from {low:,} to {high:,}"
    if low is not None:
        return f"{low:,} or more"
    if high is not None:
        return f"at most {high:,}"
    return ""


# What a value is called where a command does not name it (metavar=...) itself.
NAMES = {"output": "FILE", "date": "YYYY-MM-DD", "on": "YYYY-MM-DD", "samples": "N", "seed": "N", "reason": "TEXT",
         "why": "TEXT", "format": "FORMAT", "round_file": "ROUND"}


def metavar(param: Any) -> str:
    if param.metavar:
        return str(param.metavar)
    name = NAMES.get(param.name or "") or (param.name or "").upper()
    return name + "..." if param.nargs != 1 else name


def extras(param: Any) -> str:
    words = []
    options = choices(param)
    if options:
        words.append("one of: " + ", ".join(options))
    default = param.default
    flag = getattr(param, "is_flag", False)
    if not flag and not param.required and default not in (None, (), []) and not callable(default):
        words.append(f"default: {default.value if isinstance(default, Enum) else default}")
    text = range_words(*bounds(param))
    if text:
        words.append(text)
    if param.required:
        words.append("required")
    return f"[{'; '.join(words)}]" if words else ""


def row(param: Any) -> tuple[str, str]:
    if isinstance(param, TyperArgument):
        name = metavar(param)
    else:
        opts = sorted(param.opts, key=lambda o: o.startswith("--")) + list(param.secondary_opts)  # -o, --output
        name = ", ".join(opts)
        if not getattr(param, "is_flag", False):
            name += " " + metavar(param)
    more = extras(param)
    return name, f"{param.help or ''}  {more}".strip() if more else (param.help or "")


class UdcCommand(TyperCommand):
    """A typer command whose help shows metavars and words (see the module's doc)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(metavar(param) if param.required else f"[{metavar(param)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [row(p) for p in params if isinstance(p, TyperArgument)]
        options = [row(p) for p in params if not isinstance(p, TyperArgument)]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
