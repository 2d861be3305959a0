"""Cross-reference checks: the rules of format 1 that a schema cannot express.

Runs only on a round that passed the schema. Every rule broken is an error;
things a panel should know about but that do not break the method (a score
without a reason, a cell still owed, a wide spread of scores) are warnings.
All problems are collected, none stops the others from being found.

The rules live by what they judge: the round's set-up in :mod:`udc.core.method_rules`,
score cells in :mod:`udc.core.score_rules`, the seal here (the Record keys in
:mod:`udc.core.record_rules`).
"""

from __future__ import annotations

from udc.core.diagnostics import Diagnostic, sort_key
from udc.core.findings import Findings
from udc.core.loader import Loaded
from udc.core.method import Method
from udc.core.method_rules import (
    check_bids,
    check_criteria,
    check_groups,
    check_ids,
    check_scale,
    check_stakes,
    check_tie_break,
)
from udc.core.model import Round
from udc.core.score_rules import check_moderation, check_owed, check_scores
from udc.core.seal import changes_text, seal_changes, sealed_form, unnamed_reason


def check_rules(round_: Round, method: Method, loaded: Loaded) -> list[Diagnostic]:
    """Every rule of the format checked; diagnostics in file order."""
    found = Findings(loaded)
    check_scale(round_, found)
    check_ids(round_, found)
    check_groups(round_, found)
    check_criteria(round_, method, found)
    check_bids(round_, method, found)
    check_stakes(round_, method, found)
    check_tie_break(round_, method, found)
    check_scores(round_, method, found)
    check_moderation(round_, method, found)
    check_owed(round_, method, found)
    check_seal(round_, found)
    return sorted(set(found.found), key=sort_key)


# ---------------------------------------------------------------- seal


def check_seal(round_: Round, found: Findings) -> None:
    seal = round_.seal
    if seal is None:
        return
    changes = seal_changes(round_)
    if changes == []:
        if seal.method_text and sealed_form(seal) is None:
            found.error(("seal", "method_text"), "the seal's copy of the method does not match its digest "
                        "(seal.method_text was edited); expected the copy udc wrote when sealing "
                        "(run 'udc seal --reseal' to write it again)", "seal")
        return
    what = changes_text(changes) if changes is not None else unnamed_reason(seal)
    found.error(("seal", "method"), f"the assessment method changed after it was sealed on "
                f"{seal.sealed.isoformat()}: {what}; expected the method as sealed (if the change is "
                "deliberate, run 'udc seal --reseal')", "seal")
