"""Assessment summaries and the decision record as HTML or Markdown documents.

The data come from :mod:`udc.analysis.award_summary` and
:mod:`udc.analysis.decision_record` as plain data. Every string from the round
is first made visible (control characters shown as escapes); the HTML
templates then escape it, the Markdown templates pass it through ``md``, and
the shared wording macros (``templates/_award.j2``) receive an ``esc``
function that does the same for their format.
"""

from __future__ import annotations

from udc.core.text import markdown, visible

EXTENSIONS = {"html": "html", "markdown": "md", "docx": "docx"}


def shown(data):
    """``data`` with every string passed through :func:`visible` (tabs and newlines kept)."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {k: shown(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [shown(v) for v in data]
    return data


def _escape(value) -> str:
    from markupsafe import escape

    return escape(visible(str(value)))


def document(template: str, fmt: str, **context) -> str:
    """Render ``template`` (``summary`` or ``record``) as ``html`` or ``markdown``."""
    from udc.views.templating import render

    context = {k: shown(v) for k, v in context.items()}
    if fmt == "html":
        return render(f"{template}.html.j2", esc=_escape, **context)
    return render(f"{template}.md.j2", esc=lambda v: markdown(str(v)), **context)


def file_name(stem: str, fmt: str) -> str:
    return f"{stem}.{EXTENSIONS[fmt]}"
