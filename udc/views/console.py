"""The one way udc draws rich output: to a terminal, a pipe or a file.

- On a terminal: the terminal's width, styles, and notes wrapped at word
  boundaries (so a terminal never breaks a line inside a number).
- To a pipe or a file (``-o``): no colour and no escape codes; tables laid out
  for ``COLUMNS`` columns if set, otherwise 120; notes and audit lines are
  whole lines (a screen reader or a saved file gets whole sentences).

Text from a round is never markup: the console reads no markup, emoji codes or
highlighting, and every segment it draws passes through
:func:`udc.core.text.visible`, so an escape sequence in a bidder's name is
shown, not obeyed. Tables whose figures would not fit whole are drawn stacked
(one block per row) by :func:`table_or_blocks`; a number, id or status is never
cut.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from udc.core.text import visible

PIPE_WIDTH = 120  # columns for a pipe or file when COLUMNS is not set


class SafeConsole(Console):
    """A console that reads no markup and shows control characters as visible escapes."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None):
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable() or segment.text == "\n":
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)


def pipe_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def rich_text(draw: Callable[[Console], None], to_file: bool = False) -> str:
    """What ``draw(console)`` prints: styled for a terminal, plain text for a pipe or a file."""
    terminal = None if to_file else SafeConsole()
    if terminal is not None and terminal.is_terminal:
        with terminal.capture() as capture:
            draw(terminal)
        return capture.get()
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, width=pipe_width(), no_color=True, force_terminal=False, color_system=None)
    draw(console)
    return buffer.getvalue()


def text(value: object, style: str = "") -> Text:
    """Text from a round (or any text) as a rich Text: never markup, control characters visible."""
    return Text(visible(str(value), keep_lines=False), style=style)


def note(console: Console, line: str, style: str = "", indent: int = 0) -> None:
    """A sentence: wrapped at word boundaries on a terminal, one whole line in a pipe or file."""
    from rich.padding import Padding

    if not console.is_terminal:  # no styles to draw and no wrapping: the line as it is (fast for long trails)
        console.file.write(" " * indent + visible(line, keep_lines=False) + "\n")
        return
    body = text(line, style)
    console.print(Padding(body, (0, 0, 0, indent), expand=False) if indent else body)


def fit_table(console: Console, table) -> bool:
    """Set column widths so every cell of ``table`` shows whole at the console's width; False if none can.

    A cell may wrap between words but never inside one, so a number, an id or a
    status is never cut: each column gets at least its longest word, and the
    room left is shared out evenly among the columns that would wrap.
    """
    options = console.options.update_width(10_000)
    measured = [table._measure_column(console, options, column) for column in table.columns]
    room = console.width - table._extra_width
    lows = [m.minimum for m in measured]
    highs = [max(m.maximum, m.minimum) for m in measured]
    if sum(highs) <= room:
        return True
    if sum(lows) > room:
        return False
    widths, spare = list(lows), room - sum(lows)
    while spare:  # one column at a time, so every wrapped column grows alike
        growing = [i for i in range(len(widths)) if widths[i] < highs[i]]
        for i in growing[:spare]:
            widths[i] += 1
        spare -= len(growing[:spare])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = max(1, width - table._get_padding_width(column._index))
    return True


def table_or_blocks(console: Console, table, blocks: Callable[[], Sequence[Sequence[str]]],
                    indent: int = 2) -> None:
    """Print ``table`` if it fits whole; otherwise one block per row (``blocks()``: lines per row)."""
    if fit_table(console, table):
        console.print(table)
        return
    if table.title:
        console.print(text(str(table.title), "bold italic"))
    for block in blocks():
        console.print()
        first, *rest = block
        note(console, first, "bold")
        for line in rest:
            note(console, line, indent=indent)
