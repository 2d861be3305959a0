"""The errors of an edit of a round file: ``str(error)`` is a message for a person."""

from __future__ import annotations

__all__ = ["EditConflict", "EditError", "NotAScore"]


class EditError(Exception):
    """An edit that cannot be made; ``str(error)`` is a message for a person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAScore(EditError):
    """The value given is not a score at all (a usage error of the command that gave it)."""


class EditConflict(EditError):
    """A cell already holds a different score and the caller did not ask to replace it.

    ``evaluator`` is the evaluator id for ``section == "scores"`` and the group
    id for ``section == "moderation"``; ``old`` and ``new`` are score values as
    text (``"3"``, ``"pass"``).
    """

    def __init__(self, evaluator: str, bid: str, criterion: str, old: str, new: str,
                 *, section: str = "scores"):
        self.evaluator, self.bid, self.criterion = evaluator, bid, criterion
        self.old, self.new, self.section = old, new, section
        where = f"{section}.{evaluator}.{bid}.{criterion}"
        if section == "moderation":
            message = (f"{where} already holds {old}; the new outcome says {new}. "
                       "Use --replace to change it")
        else:
            message = (f"{where} already holds {old}; the sheet says {new}. "
                       "Use --replace with a reason to change it")
        super().__init__(message)
