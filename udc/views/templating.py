"""One set of Jinja2 templates for every document udc writes as HTML or Markdown.

Templates live in ``udc/views/templates``: ``NAME.html.j2`` and ``NAME.md.j2``.
HTML templates autoescape everything; Markdown templates get the ``md`` filter
(literal text, every markup character escaped) and must use it on every value
that comes from a round file. Both get ``visible`` (control characters shown
as escapes). Wording shared between documents lives in macros under
``templates/_*.j2``, so it is written once.

Jinja2 is imported only here, and only when a document is rendered.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from udc.core.text import markdown, visible

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("udc.views", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda value: markdown(str(value))
    env.filters["visible"] = lambda value: visible(str(value))
    return env


def render(template: str, **context) -> str:
    """Render ``template`` (e.g. ``"summary.html.j2"``) with ``context``."""
    return environment().get_template(template).render(**context)
