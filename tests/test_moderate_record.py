"""`udc moderate --record` and `--revise`: writing a group's agreed score or an evaluator's revised score
into the round, and refusing (with nothing written) what is not allowed.

Every round here is written as YAML text into tmp_path and run through the
installed ``udc`` entry point, as a facilitator would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ROOT, agenda_json, write
from rounds import DECIDER


def totals(udc, path: Path) -> dict:
    run = udc("score", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    return {b["id"]: (b["total"], b["rank"]) for b in json.loads(run.stdout)["bids"]}


# ---------------------------------------------------------------- recording outcomes


def test_record_writes_the_agreed_score_keeps_comments_and_scores_as_hand_computed(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Young people lead the board.")
    assert run.returncode == 0, run.stderr
    assert "the winner changes: Alder Care -> Birch Support" in run.stderr
    text = path.read_text(encoding="utf-8")
    assert "# Test round: one cell decides the winner." in text and "# the decisive cell" in text
    assert text.endswith('moderation:\n  le:\n    b:\n      Q1: {score: 4, reason: "Young people lead the board."}\n')
    assert path.with_name("round.yaml.bak").read_text(encoding="utf-8") == DECIDER
    # By hand: b = 50 x (3 + 4) / 2 / 4 + 50 x 3 / 4 = 43.75 + 37.5 = 81.25, above a's 75.
    assert totals(udc, path) == {"a": (75, 2), "b": (81.25, 1), "c": (25, 4), "d": (31.25, 3), "e": (6.25, 5)}
    # The settled cell leaves the agenda.
    assert [i["bid"] for i in agenda_json(udc, path)["items"]] == ["c", "d", "e"]


def test_revise_keeps_the_old_score_as_was_and_scores_as_hand_computed(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, "--revise", "c2", "d", "Q2", "0", "--why", "Moderation: no delivery plan given.",
              "--reason", "No plan.")
    assert run.returncode == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    assert "    d: {Q1: 1, Q2: {score: 0, reason: \"No plan.\", was: 2, why: \"Moderation: no delivery plan given.\"}}" \
        in text
    assert "# independent scores, before the meeting" in text and "# the decisive cell" in text
    # By hand: d = 50 x 1 / 2 / 4 + 50 x 2 / 2 / 4 + 50 x 0 / 4 = 6.25 + 12.5 + 0 = 18.75, now below c's 25.
    assert totals(udc, path)["d"] == (18.75, 4) and totals(udc, path)["c"] == (25, 3)
    audit = udc("score", path, "--audit").stdout
    assert "c2 2 → 0 (changed at moderation: Moderation: no delivery plan given.)" in audit


@pytest.mark.parametrize("args, message", [
    (["--record", "le", "b", "Q1", "4"], "--record needs --reason TEXT"),
    (["--record", "le", "b", "Q1", "4", "--reason", "   "], "--record needs --reason TEXT"),
    (["--revise", "l1", "b", "Q1", "3"], "--revise needs --why TEXT"),
    (["--revise", "l1", "b", "Q1", "3", "--reason", "A reason is not a why."], "--revise needs --why TEXT"),
])
def test_recording_without_a_reason_is_refused_and_writes_nothing(udc, tmp_path, args, message):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert path.read_text(encoding="utf-8") == DECIDER and not path.with_name("round.yaml.bak").exists()


@pytest.mark.parametrize("args, code, message", [
    (["--record", "le", "b", "Q1", "7", "--reason", "r"], 1, "7 is not on the scale; expected 0, 1, 2, 3 or 4"),
    (["--record", "le", "b", "Q2", "3", "--reason", "r"], 1, "group 'le' does not assess 'Q2'"),
    (["--record", "xx", "b", "Q1", "3", "--reason", "r"], 2, "unknown group 'xx'; expected one of: com, le"),
    (["--record", "le", "b", "Q1", "three", "--reason", "r"], 2, "'three' is not a score"),
    (["--revise", "l1", "b", "Q2", "3", "--why", "w"], 1, "l1 has no score for b Q2 to revise"),
    (["--revise", "l1", "b", "Q1", "9", "--why", "w"], 1, "9 is not on the scale"),
    (["--record", "le", "b", "Q1", "3", "--reason", "r", "--stats"], 2, "run --stats, --log or -o separately"),
])
def test_bad_edits_are_refused_and_write_nothing(udc, tmp_path, args, code, message):
    path = write(tmp_path, DECIDER)
    run = udc("moderate", path, *args)
    assert run.returncode == code, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert path.read_text(encoding="utf-8") == DECIDER and not path.with_name("round.yaml.bak").exists()


def test_a_different_agreed_score_needs_replace(udc, tmp_path):
    path = write(tmp_path, DECIDER)
    assert udc("moderate", path, "--record", "le", "b", "Q1", "3", "--reason", "First view.").returncode == 0
    first = path.read_text(encoding="utf-8")
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Second view.")
    assert run.returncode == 1 and "already holds 3" in run.stderr and "--replace" in run.stderr
    assert path.read_text(encoding="utf-8") == first
    run = udc("moderate", path, "--record", "le", "b", "Q1", "4", "--reason", "Second view.", "--replace")
    assert run.returncode == 0 and 'Q1: {score: 4, reason: "Second view."}' in path.read_text(encoding="utf-8")


def test_recording_the_price_criterion_or_a_number_for_a_mark_says_what_it_is(udc, tmp_path):
    """Issue 9, item 9: not 'unknown criterion P'."""
    path = write(tmp_path, (ROOT / "examples" / "supported-living-lot2.yaml").read_text(encoding="utf-8"))
    before = path.read_bytes()
    run = udc("moderate", path, "--record", "commissioners", "aspen", "P", "3", "--reason", "Agreed.")
    assert run.returncode == 2
    assert "P is the price criterion: it is scored from each bid's price" in run.stderr
    assert "unknown criterion" not in run.stderr
    run = udc("moderate", path, "--revise", "cm-1", "aspen", "P", "3", "--why", "Changed.")
    assert run.returncode == 2 and "P is the price criterion" in run.stderr
    run = udc("moderate", path, "--record", "commissioners", "aspen", "M1", "3", "--reason", "Agreed.")
    assert run.returncode == 2
    assert "M1 is a pass-fail criterion: record pass or fail, not '3'" in run.stderr
    assert path.read_bytes() == before
