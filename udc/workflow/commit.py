"""The one way a command changes a round: lock, read, edit, re-check, save.

``collect``, ``moderate --record`` and ``--revise``, and ``seal`` all go
through :func:`commit`, so they share one set of guarantees and one set of
exit codes:

* the round's lock is held from the read to the rename (:mod:`udc.workflow.lock`),
  so two edits at once never lose either one; the second waits and says for whom;
* the edit is made on the file as it is now (read under the lock), and the
  edited text is checked as ``udc check`` would: an edit that would add a rule
  error is refused (exit 1), as is an edit the file cannot take
  (:class:`~udc.workflow.edit_errors.EditError`, exit 1);
* no score or moderation cell of the file is ever dropped
  (:func:`~udc.workflow.score_guard.never_drops_scores`);
* the file is written atomically with a backup, never over a read-only file;
  an unreadable or unwritable file, or a lock held too long, exits 2.

Nothing is written when any step fails.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from udc.core.diagnostics import Diagnostic, ExitCode, UdcError, UnreadableInput, errors
from udc.core.loader import load_text
from udc.core.pipeline import Checked, check_loaded

__all__ = ["CommitFailed", "Committed", "commit"]

DELAY_FOR_TESTS = "UDC_TEST_EDIT_DELAY"
"""Seconds to sleep between the edit and the save: lets a test hold the window open. Never set it otherwise."""


@dataclass
class Committed:
    """What :func:`commit` did: ``outcome`` is what the edit function returned."""

    outcome: Any
    after: Checked | None  # the edited round, checked; None when the edit changed nothing
    backup: Path | None = None
    written: bool = False
    cleaned: list[Path] = field(default_factory=list)  # stale temporary files removed


class CommitFailed(UdcError):
    """The edit was refused or could not be saved; nothing was written.

    ``lines`` are messages for the person (stderr), ``exit_code`` 1 (refused) or 2
    (unreadable, unwritable, bad usage), ``added`` the rule errors the edit would
    have added (if that was why).
    """

    def __init__(self, code: int, lines: list[str], added: list[Diagnostic] | None = None):
        super().__init__(lines)
        self.exit_code = ExitCode(code)
        self.added = added or []

    @property
    def code(self) -> int:
        return int(self.exit_code)


def commit(path: Path | str, checked: Checked, apply: Callable[[Any], Any], *,
           tell: Callable[[str], None] | None = None, dry_run: bool = False,
           touching: Mapping[str, Collection[str]] | None = None) -> Committed:
    """Lock the round, open it for editing, ``apply(edit)``, re-check, and save (unless ``dry_run``).

    ``checked`` is the round as the command read it before the edit: errors it
    already had do not stop the edit, only errors the edit adds. Exceptions
    ``apply`` raises other than :class:`~udc.workflow.edit_errors.EditError` pass
    through (the lock is released, nothing is written).

    ``touching``: the owners of ``scores`` and ``moderation`` (evaluators, groups)
    ``apply`` will read or edit, by section; the others' rows stay out of the
    round trip (:mod:`udc.workflow.hidden`). ``None``: every row goes through it.
    """
    from udc.workflow.edit import RoundEdit
    from udc.workflow.edit_errors import EditError, NotAScore
    from udc.workflow.files import clean_stale
    from udc.workflow.lock import LockTimeout, round_lock

    path = Path(path)
    try:
        with round_lock(path, tell):
            cleaned = [] if dry_run else clean_stale(path)
            edit = RoundEdit.open(path, touching, checked.loaded)
            checked.loaded.source.forget()  # its positions are made; the re-check needs the memory
            outcome = apply(edit)
            text = edit.text()
            if text == edit.original_text:
                return Committed(outcome, None, cleaned=cleaned)
            after = _recheck(path, checked, text)
            _pause_for_tests()
            if dry_run:
                return Committed(outcome, after, cleaned=cleaned)
            same = checked.loaded.fingerprint == edit.fingerprint  # else another edit landed before the lock
            before_data = checked.loaded.data if same else load_text(edit.original_text, str(path)).data
            backup = edit.save(backup=True, text=text, before=before_data, after=after.loaded.data)
            return Committed(outcome, after, backup, True, cleaned)
    except UnreadableInput as exc:
        raise CommitFailed(ExitCode.UNREADABLE, [d.text() for d in exc.diagnostics]) from None
    except EditError as exc:
        code = ExitCode.UNREADABLE if isinstance(exc, NotAScore) else ExitCode.RULES  # a typo is bad usage
        raise CommitFailed(code, [f"{path}: error: {exc.message.removesuffix('; nothing was written')}; "
                                            "nothing was written"]) from None
    except LockTimeout as exc:
        raise CommitFailed(ExitCode.UNREADABLE, [
            f"{path}: error: still being edited by {exc.holder} after {exc.waited:.0f} s; nothing was written: "
            "run the command again when that one has finished"]) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CommitFailed(ExitCode.UNREADABLE, [f"{path}: error: cannot write ({why}); the file is as it "
                                                 "was"]) from None


def _recheck(path: Path, checked: Checked, text: str) -> Checked:
    """The edited text checked as ``udc check`` would; refuse it if it has an error the round did not have."""
    try:
        after = check_loaded(load_text(text, str(path)))
    except UnreadableInput as exc:  # pragma: no cover - the edit module writes valid YAML
        raise CommitFailed(ExitCode.RULES, [d.text() for d in exc.diagnostics]
                           + ["udc: the edited round could not be read back; nothing was written"]) from None
    key = lambda d: (d.code, d.message)  # noqa: E731 - line numbers shift with the edit
    new = Counter(map(key, errors(after.diagnostics))) - Counter(map(key, errors(checked.diagnostics)))
    if not new and after.method is not None:
        return after
    added = []
    for d in errors(after.diagnostics):
        if new[key(d)] > 0:
            new[key(d)] -= 1
            added.append(d)
    lines = [f"udc: after this edit {path} would break a rule (positions are in the edited text):"]
    lines += [d.text() for d in added]
    lines.append("udc: nothing was written")
    raise CommitFailed(ExitCode.RULES, lines, added)


def _pause_for_tests() -> None:
    delay = os.environ.get(DELAY_FOR_TESTS)
    if delay:
        time.sleep(float(delay))
