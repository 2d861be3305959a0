"""`udc status`: who still owes what; exit 1 while anything is owed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support import EXAMPLES, run_udc
from rounds import before_award

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"

CONSENSUS = """udc: 1
round: {id: cons, title: Consensus round, aggregate: consensus}
scale:
  - {value: 0, label: None, meaning: none}
  - {value: 4, label: Top, meaning: top}
groups:
  panel:
    name: Panel
    members:
      p1: {name: Pat}
      p2: {name: Sam, conflicts: [b2]}
criteria:
  - {id: Q1, title: Quality, weight: 100}
bids:
  - {id: b1, bidder: One}
  - {id: b2, bidder: Two}
  - {id: b3, bidder: Three, withdrawn: true}
scores:
  p1:
    b1: {Q1: 4}
    b2: {Q1: 0}
  p2:
    b1: {Q1: {score: absent, reason: "Ill."}}
"""


def edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = before_award(EXAMPLE.read_text(encoding="utf-8"))  # scores still owed: not yet awarded
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "round.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def owed(tmp_path) -> Path:
    """cp-1 owes brightpath Q2 and Q3; le-2 was absent for kinship I1; le-1 gave no northstar Q1 (moderated)."""
    return edited(tmp_path,
                  ("brightpath: {M1: pass, Q1: {score: 4, reason: \"Paid youth advisers sit on the service board.\"}, "
                   "Q2: 3, Q3: 3, Q4: 4}",
                   "brightpath: {M1: pass, Q1: {score: 4, reason: \"Paid youth advisers sit on the service board.\"}, "
                   "Q4: 4}"),
                  ("kinship: {Q1: 3, I1: 4}", "kinship: {Q1: 3, I1: {score: absent, reason: \"Away.\"}}"),
                  ("northstar: {Q1: 2, I1: 2}\n    kinship: {Q1: 4, I1: 4}\n  le-2",
                   "northstar: {I1: 2}\n    kinship: {Q1: 4, I1: 4}\n  le-2"))


def status_json(path: Path) -> dict:
    run = run_udc("status", path, "--format", "json")
    return json.loads(run.stdout) | {"_exit": run.returncode}


def evaluator(data: dict, eid: str) -> dict:
    return next(e for g in data["groups"] for e in g["evaluators"] if e["id"] == eid)


def test_a_complete_round_owes_nothing_and_exits_0(tmp_path):
    path = tmp_path / "round.yaml"
    shutil.copy(EXAMPLE, path)
    run = run_udc("status", path)
    assert run.returncode == 0, run.stderr
    assert "21 of 21 group cells have a figure (100.00 percent)" in run.stdout
    assert "Nothing is owed: the round is complete." in run.stdout


def test_owed_cells_by_evaluator_and_bid(owed):
    data = status_json(owed)
    assert data["_exit"] == 1 and data["owed"] is True and data["complete"] is False
    cp1 = evaluator(data, "cp-1")
    assert cp1["missing"] == 2
    assert cp1["bids"]["brightpath"] | {} == {"given": 3, "absent": 0, "missing": 2, "conflict": False,
                                              "excused": 0, "missing_criteria": ["Q2", "Q3"]}
    assert cp1["bids"]["northstar"]["missing"] == 0
    le2 = evaluator(data, "le-2")
    assert (le2["missing"], le2["absent"], le2["bids"]["kinship"]["absent"]) == (0, 1, 1)
    le1 = evaluator(data, "le-1")
    assert le1["missing"] == 0 and le1["bids"]["northstar"]["excused"] == 1  # the group agreed Q1 northstar
    assert evaluator(data, "le-4")["conflicts"] == ["kinship"]
    assert evaluator(data, "le-4")["bids"]["kinship"]["conflict"] is True
    c = data["completeness"]
    assert (c["cells"], c["formed"], c["missing"], c["absent"]) == (21, 19, 2, 1)
    assert c["percent"] == 90.48  # 19/21, published half-up
    commissioners = data["groups"][0]
    assert commissioners["open"] == [{"bid": "brightpath", "criterion": "Q2", "why": "owed by cp-1"},
                                     {"bid": "brightpath", "criterion": "Q3", "why": "owed by cp-1"}]


def test_table_says_in_words_whom_to_chase(owed):
    run = run_udc("status", owed)
    assert run.returncode == 1
    out = run.stdout
    assert "\x1b[" not in out
    assert re.search(r"Ruth Okafor \(cp-1\)\s+2 missing\s+done\s+done\s+2", out)
    assert re.search(r"Member B \(le-2\)\s+done\s+done\s+1 absent\s+0", out)
    assert re.search(r"Member D \(le-4\)\s+done\s+done\s+conflict\s+0", out)
    assert "  - brightpath Q2: owed by cp-1" in out
    assert "Still owed: the round is not complete." in out


def test_plain_mode_speaks_in_sentences(owed):
    run = run_udc("status", owed, "--plain")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert "Ruth Okafor (cp-1) owes 2 scores: brightpath Q2 Q3." in lines
    assert "Member B (le-2) was absent for 1 cell." in lines
    assert "Member D (le-4) declared a conflict with kinship." in lines
    assert "Open cell, brightpath Q3: owed by cp-1." in lines
    assert "Dev Patel (cp-2) owes nothing." in lines


def test_consensus_cells_await_the_group_even_with_every_score_in(tmp_path):
    path = tmp_path / "cons.yaml"
    path.write_text(CONSENSUS, encoding="utf-8")
    data = status_json(path)
    assert data["_exit"] == 1
    assert data["bids"] == ["b1", "b2"] and data["withdrawn"] == ["b3"]
    assert data["completeness"]["missing"] == 0 and data["completeness"]["formed"] == 0
    assert data["groups"][0]["open"] == [{"bid": "b1", "criterion": "Q1", "why": "awaits the group's agreed score"},
                                         {"bid": "b2", "criterion": "Q1", "why": "awaits the group's agreed score"}]
    path.write_text(CONSENSUS + 'moderation:\n  panel:\n    b1: {Q1: {score: 4, reason: "Agreed."}}\n'
                    '    b2: {Q1: {score: 0, reason: "Agreed."}}\n', encoding="utf-8")
    data = status_json(path)
    assert data["_exit"] == 0 and data["owed"] is False and data["completeness"]["percent"] == 100


def test_status_of_a_broken_round_is_an_error_not_a_status(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(CONSENSUS.replace("weight: 100", "weight: 50"), encoding="utf-8")
    run = run_udc("status", path)
    assert run.returncode == 1 and run.stdout == "" and "error" in run.stderr
    assert run_udc("status", tmp_path / "missing.yaml").returncode == 2
