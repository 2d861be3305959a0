"""Every member of every status and mode enum is worded by the views that show it.

Statuses and modes are ``StrEnum``s: closed sets whose members read as their
word. A member added to one must not fall through a view that words each
member (a missing sentence, or another member's sentence), so each view that
words them looks them up in a table keyed by member, and these tests check
that every table covers its enum, and that what a user sees differs per member.
``test_every_status_enum_is_accounted_for`` finds the enums, so a new one has to
be listed here too.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from enum import StrEnum

import pytest
from rounds import before_award
from support import EXAMPLES, ROOT, edited, run_udc

import udc
from udc.analysis.agenda import Effect, ItemKind, Why
from udc.analysis.compare import BidChange, CellChange, PanelChange, RecordChange, _record_text
from udc.analysis.moderation_log import FigureHow
from udc.analysis.status import CellKind, Tally
from udc.core.diagnostics import Diagnostic, Severity
from udc.core.statuses import BidStatus, How, Outcome
from udc.views import compare as compare_view
from udc.views import github, moderate_agenda, moderate_log, summary
from udc.views.status import _tally, cell_words
from udc.workflow.edit import EditOutcome

# enum -> the table a view words its members with
TABLES = {
    Severity: github.COMMANDS,
    Effect: moderate_agenda.EFFECT_WORDS,
    Why: moderate_agenda.WHY_LINES,
    BidChange: compare_view.BID_LINES,
    PanelChange: compare_view.PANEL_LINES,
    CellChange: compare_view.CELL_LINES,
    FigureHow: moderate_log.FIGURE_WORDS,
    BidStatus: summary.UNRANKED,
}
# enums worded another way, each with a test below
OTHERS = {How, Outcome, CellKind, ItemKind, RecordChange, EditOutcome}


def _status_enums() -> set[type]:
    found = set()
    for module in pkgutil.walk_packages(udc.__path__, "udc."):
        if module.name.endswith("__main__"):  # runs the app
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__.startswith("udc."):
                found.add(value)
    return found


def test_every_status_enum_is_accounted_for() -> None:
    assert _status_enums() == set(TABLES) | OTHERS


@pytest.mark.parametrize("enum", TABLES, ids=lambda e: e.__name__)
def test_every_member_has_its_words(enum) -> None:
    assert set(TABLES[enum]) == set(enum)


def test_each_severity_is_its_own_github_command() -> None:
    for severity in Severity:
        annotation = github.annotation(Diagnostic("r.yaml", 3, 4, severity, "wrong; expected right"))
        assert annotation.startswith(f"::{severity} file=r.yaml"), annotation
        assert Diagnostic("r.yaml", 3, 4, severity, "m").text() == f"r.yaml:3:4: {severity}: m"


def test_each_agenda_effect_and_reason_reads_differently() -> None:
    assert len(set(moderate_agenda.EFFECT_WORDS.values())) == len(Effect)
    assert len(set(moderate_agenda.WHY_LINES.values())) == len(Why)


def test_an_agenda_item_is_a_cell_or_a_difference_between_groups() -> None:
    """The agenda views choose between exactly two wordings (one group's cell, or 'between groups')."""
    assert set(ItemKind) == {ItemKind.CELL, ItemKind.GROUPS}


# (old, new) of a changed entry per diff change kind, as udc.analysis.compare gives them
BID = {BidChange.ADDED: (None, {"bidder": "Acme", "price": "100"}),
       BidChange.REMOVED: ({"bidder": "Acme", "price": "100"}, None),
       BidChange.WITHDRAWN: (False, True), BidChange.REINSTATED: (True, False),
       BidChange.REPRICED: ("100", "90"), BidChange.RENAMED: ("Acme", "Acme Ltd")}
PANEL = {PanelChange.ADDED: (None, []), PanelChange.REMOVED: ([], None), PanelChange.MOVED: ("com", "le"),
         PanelChange.CONFLICTS: ([], ["b1"])}
SCORE = {"score": "3", "reason": "r"}
CELL = {CellChange.ADDED: (None, SCORE), CellChange.REMOVED: (SCORE, None),
        CellChange.CHANGED: (SCORE, {"score": "4", "reason": "r"}),
        CellChange.REASON: (SCORE, {"score": "3", "reason": "s"})}


def test_each_diff_change_has_its_own_sentence() -> None:
    assert set(BID) == set(BidChange) and set(PANEL) == set(PanelChange) and set(CELL) == set(CellChange)
    bids = {compare_view.bid_line({"bid": "b1", "change": k, "old": old, "new": new}) for k, (old, new) in BID.items()}
    panel = {compare_view.panel_line({"evaluator": "c1", "group": "com", "change": k, "old": old, "new": new})
             for k, (old, new) in PANEL.items()}
    cells = {compare_view.cell_line({"evaluator": "c1", "bid": "b1", "criterion": "Q1", "change": k, "old": old,
                                     "new": new}, "evaluator") for k, (old, new) in CELL.items()}
    assert len(bids) == len(BidChange) and len(panel) == len(PanelChange) and len(cells) == len(CellChange)


def test_each_record_change_says_what_happened() -> None:
    for change in RecordChange:
        assert _record_text(change, "old text", "new text").startswith(change.value)


def test_each_status_cell_kind_is_counted_shown_and_worded() -> None:
    for kind in CellKind:
        tally = Tally(**{kind.value: 1})
        assert kind.value in _tally(tally), kind
        assert cell_words(tally) != "-", kind


def test_each_edit_outcome_is_what_an_edit_returns(tmp_path) -> None:
    from udc.workflow.edit import RoundEdit

    edit = RoundEdit.open(edited(tmp_path))
    seen = {edit.set_score("cp-1", "brightpath", "Q9", "3"),
            edit.set_score("cp-1", "brightpath", "Q9", "3"),
            edit.set_score("cp-1", "brightpath", "Q9", "3", reason="Because."),
            edit.set_score("cp-1", "brightpath", "Q9", "4", replace_why="Misread.")}
    assert seen == set(EditOutcome)


# ---------------------------------------------------------------- statuses worded by their value, seen by a user

UNAWARDED = before_award((EXAMPLES / "cyp-mental-health.yaml").read_text(encoding="utf-8"))  # may be incomplete

HOW = {How.MEAN: ((), "The mean of 4, 4 and 3 is 3.67."),
       How.MEDIAN: ((("aggregate: mean", "aggregate: median"),), "The median of 4, 4 and 3 is 4.00."),
       How.CONSENSUS: ((("aggregate: mean", "aggregate: consensus"),), "awaits the group's agreed score"),
       How.MODERATED: ((), "figure was agreed at moderation: 2.00")}


@pytest.mark.parametrize("how", How)
def test_each_way_a_figure_is_formed_is_said_in_the_audit(how, tmp_path) -> None:
    assert set(HOW) == set(How)
    replacements, said = HOW[how]
    run = run_udc("score", edited(tmp_path, *replacements, text=UNAWARDED), "--audit", "--plain")
    assert said in run.stdout, run.stderr


OUTCOME = {Outcome.PASS: ((), "The outcome of M1 is pass."),
           Outcome.FAIL: ((("brightpath: {M1: pass", "brightpath: {M1: fail"),), "The outcome of M1 is fail."),
           Outcome.UNSETTLED: ((("brightpath: {M1: pass, Q1: 4, Q2: 3", "brightpath: {M1: fail, Q1: 4, Q2: 3"),),
                               "The outcome of M1 is unsettled.")}


@pytest.mark.parametrize("outcome", Outcome)
def test_each_pass_fail_outcome_is_said_in_the_audit(outcome, tmp_path) -> None:
    assert set(OUTCOME) == set(Outcome)
    replacements, said = OUTCOME[outcome]
    run = run_udc("score", edited(tmp_path, *replacements, text=UNAWARDED), "--audit", "--plain")
    assert said in run.stdout, run.stderr


@pytest.mark.parametrize("status", BidStatus)
def test_each_bid_status_is_said_in_the_plain_ranking(status) -> None:
    """Some example round has a bid with each status, and the plain output says where it stands."""
    for path in sorted(EXAMPLES.glob("*.yaml")) + sorted((ROOT / "rounds").glob("*.yaml")):
        bids = json.loads(run_udc("score", path, "--format", "json").stdout)["bids"]
        bid = next((b for b in bids if b["status"] == status), None)
        if bid is not None:
            break
    else:
        pytest.fail(f"no example round has a {status} bid")
    plain = run_udc("score", path, "--plain").stdout
    if status == BidStatus.RANKED:
        assert f"Rank {bid['rank']}" in plain
    else:
        assert f"Not ranked ({status})" in plain
        assert f"({bid['id']}) is {'not ranked yet' if status == BidStatus.INCOMPLETE else status}" in plain


def _options(model, field: str) -> tuple[str, ...]:
    """The words a model field allows (its ``choice`` validator's options)."""
    return next(m.func.options for m in model.model_fields[field].metadata if hasattr(m, "func"))


def test_every_aggregate_a_round_may_name_is_a_way_of_forming_a_figure() -> None:
    """The engine reads ``round.aggregate`` as a How: a word the format allows must never be refused there."""
    from udc.core.model import RoundInfo

    assert set(_options(RoundInfo, "aggregate")) <= set(How)


def test_every_meeting_kind_is_named_in_the_decision_record() -> None:
    from udc.analysis.decision_record import KINDS
    from udc.core.model import MEETING_KINDS

    assert set(KINDS) == set(MEETING_KINDS)
