"""The ``udc moderate`` views, by name, for code written before they were split.

They live in :mod:`udc.views.moderate_agenda` (the agenda),
:mod:`udc.views.moderate_agreement` (``--stats``), :mod:`udc.views.moderate_log`
(``--log``) and :mod:`udc.views.moderation_text` (what they share).
"""

from udc.views.moderate_agenda import agenda_json, agenda_markdown, agenda_plain, agenda_rich, agenda_sections
from udc.views.moderate_agreement import stats_json, stats_markdown, stats_plain, stats_rich, stats_sections
from udc.views.moderate_log import log_json, log_markdown, log_plain, log_rich, log_sections
from udc.views.moderation_text import Section, figure_text, lived_experience

__all__ = [
    "Section", "agenda_json", "agenda_markdown", "agenda_plain", "agenda_rich", "agenda_sections", "figure_text",
    "lived_experience", "log_json", "log_markdown", "log_plain", "log_rich", "log_sections", "stats_json",
    "stats_markdown", "stats_plain", "stats_rich", "stats_sections",
]
