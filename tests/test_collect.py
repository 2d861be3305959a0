"""`udc collect`: returned sheets (xlsx and CSV) merged into the round file, losing nothing.

The round trip, conflicts, replacing with a reason, blanks and absences; what a sheet must be to be
taken is in test_collect_checks.py."""

from __future__ import annotations

import json
import re

import openpyxl
from sheetfill import (
    EXAMPLE,
    fill_csv,
    fill_xlsx,
    header_of,
    make_sheets,
    original_scores,
    score_json,
    without_scores,
)
from support import run_udc

# ---------------------------------------------------------------- the round trip


def test_round_trip_scores_exactly_as_if_typed_by_hand(trimmed, tmp_path):
    typed = original_scores()
    xlsx = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1", "-e", "le-2")
    csvs = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-5")
    fill_xlsx(xlsx["cp-1"], typed["cp-1"])
    fill_xlsx(xlsx["le-2"], typed["le-2"])
    fill_csv(csvs["le-5"], typed["le-5"])
    before = score_json(trimmed)
    assert before["complete"] is False

    run = run_udc("collect", trimmed, xlsx["cp-1"], xlsx["le-2"], csvs["le-5"])

    assert run.returncode == 0, run.stderr
    assert "add cp-1 brightpath Q1: 4 (reason: Paid youth advisers sit on the service board.)" in run.stdout
    assert "27 scores added, 0 replaced" in run.stderr
    assert score_json(trimmed) == score_json(EXAMPLE)
    assert run_udc("status", trimmed).returncode == 0
    assert (tmp_path / "round.yaml.bak").read_bytes() != trimmed.read_bytes()


def test_a_scaffolded_round_completes_with_sheets_alone(tmp_path):
    """Every score removed; every evaluator's sheet filled and collected; the spec's ranking comes out."""
    path = tmp_path / "round.yaml"
    evaluators = list(original_scores())
    text = without_scores(EXAMPLE.read_text(encoding="utf-8"), evaluators)
    path.write_text(text, encoding="utf-8")
    sheets = make_sheets(path, tmp_path / "out")
    typed = original_scores()
    for eid, sheet in sheets.items():
        fill_xlsx(sheet, typed[eid])
    run = run_udc("collect", path, *sheets.values(), "--dry-run")
    assert run.returncode == 0 and "nothing written (--dry-run)" in run.stderr
    run = run_udc("collect", path, *sheets.values())
    assert run.returncode == 0, run.stderr
    bids = {b["id"]: b for b in score_json(path)["bids"]}
    # cp-2 kinship Q2 was 4 then 3 at moderation by hand; the sheet carries the current 3
    assert (bids["brightpath"]["rank"], bids["brightpath"]["total"]) == (1, 78.73)
    assert (bids["kinship"]["total"], bids["northstar"]["total"]) == (73.46, 73.33)


def test_comments_and_layout_survive_a_collect(trimmed, tmp_path):
    before = trimmed.read_text(encoding="utf-8")
    sheets = make_sheets(trimmed, tmp_path / "x", "-e", "le-2")
    fill_xlsx(sheets["le-2"], original_scores()["le-2"])
    assert run_udc("collect", trimmed, sheets["le-2"]).returncode == 0
    after = trimmed.read_text(encoding="utf-8")
    assert after.startswith("# A co-produced procurement of a children and young people's mental health service.\n"
                            "# The Lived Experience Team was promised 20% of the decision")
    kept = before.split("\nscores:\n")[0]
    assert after.startswith(kept)  # everything above the scores, byte for byte
    assert "    brightpath: {Q1: 4, I1: 4}\n" in after
    assert '      Q1: {score: 2, reason: "The team agreed the survey-only plan gives young people no real say.", ' \
           'meeting: mod-1}' in after
    assert after.count("le-2:") == 2  # the member and the new block of scores


# ---------------------------------------------------------------- conflicts, replace, idempotence, blanks


def test_a_different_score_is_a_conflict_and_nothing_is_written(full, tmp_path):
    sheets = make_sheets(full, tmp_path / "x", "-e", "cp-1")
    fill_xlsx(sheets["cp-1"], {("brightpath", "Q2"): (5, None), ("kinship", "Q3"): (4, None)})
    before = full.read_bytes()
    run = run_udc("collect", full, sheets["cp-1"])
    assert run.returncode == 1
    assert re.search(r"cyp-mh-2027-cp-1\.xlsx:Scores!F\d+: error: cp-1 brightpath Q2: the round holds 3, "
                     r"the sheet says 5; expected the same score, or --replace --why TEXT", run.stderr)
    assert "cp-1 kinship Q3: the round holds 2, the sheet says 4" in run.stderr  # every conflict reported
    assert "nothing was written" in run.stderr
    assert full.read_bytes() == before and not (tmp_path / "round.yaml.bak").exists()


def test_replace_with_why_keeps_the_old_score_as_was(full, tmp_path):
    sheets = make_sheets(full, tmp_path / "x", "-e", "cp-1")
    fill_xlsx(sheets["cp-1"], {("brightpath", "Q2"): (5, "Strong outcome set after clarification.")})
    assert run_udc("collect", full, sheets["cp-1"], "--replace").returncode == 2  # --why is required
    run = run_udc("collect", full, sheets["cp-1"], "--replace", "--why", "Clarification received on 3 Oct.")
    assert run.returncode == 0, run.stderr
    assert "replace cp-1 brightpath Q2: 3 -> 5" in run.stdout
    text = full.read_text(encoding="utf-8")
    assert ('Q2: {score: 5, reason: "Strong outcome set after clarification.", was: 3, '
            'why: "Clarification received on 3 Oct."}') in text
    assert score_json(full)["bids"][0]["criteria"]["Q2"]["groups"]["commissioners"] == 4.0  # (5+3+4)/3
    again = run_udc("collect", full, sheets["cp-1"])  # the same sheet: no conflict any more
    assert again.returncode == 0 and "is unchanged" in again.stderr


def test_collecting_the_same_sheet_twice_changes_nothing(trimmed, tmp_path):
    sheets = make_sheets(trimmed, tmp_path / "x", "--format", "csv", "-e", "cp-1")
    fill_csv(sheets["cp-1"], original_scores()["cp-1"])
    assert run_udc("collect", trimmed, sheets["cp-1"]).returncode == 0
    first, backup = trimmed.read_bytes(), (tmp_path / "round.yaml.bak").read_bytes()
    run = run_udc("collect", trimmed, sheets["cp-1"])
    assert run.returncode == 0
    assert "0 scores added, 0 replaced, 0 reasons added, 15 unchanged" in run.stderr
    assert run.stdout == ""
    assert trimmed.read_bytes() == first
    assert (tmp_path / "round.yaml.bak").read_bytes() == backup


def test_blank_cells_leave_scores_alone(full, tmp_path):
    sheets = make_sheets(full, tmp_path / "x", "-e", "cp-2")
    wb = openpyxl.load_workbook(sheets["cp-2"])
    ws = wb["Scores"]
    at, col = header_of(ws)
    for r in range(at + 1, ws.max_row + 1):
        ws.cell(r, col["score"]).value = None  # the evaluator cleared every score
    wb.save(sheets["cp-2"])
    before = full.read_bytes()
    run = run_udc("collect", full, sheets["cp-2"])
    assert run.returncode == 0, run.stderr
    assert full.read_bytes() == before


def test_partly_filled_sheet_adds_only_what_is_given(trimmed, tmp_path):
    sheets = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1")
    fill_xlsx(sheets["cp-1"], {("brightpath", "Q1"): (4, None), ("northstar", "M1"): ("pass", None)})
    run = run_udc("collect", trimmed, sheets["cp-1"])
    assert run.returncode == 0, run.stderr
    assert "2 scores added" in run.stderr
    status = json.loads(run_udc("status", trimmed, "--format", "json").stdout)
    cp1 = next(e for g in status["groups"] for e in g["evaluators"] if e["id"] == "cp-1")
    assert cp1["missing"] == 13 and cp1["given"] == 2


def test_two_sheets_disagreeing_about_one_cell_are_refused(trimmed, tmp_path):
    a = make_sheets(trimmed, tmp_path / "a", "-e", "cp-1")["cp-1"]
    b = make_sheets(trimmed, tmp_path / "b", "--format", "csv", "-e", "cp-1")["cp-1"]
    fill_xlsx(a, {("brightpath", "Q1"): (4, None)})
    fill_csv(b, {("brightpath", "Q1"): (3, None)})
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, a, b)
    assert run.returncode == 1
    assert "cp-1/brightpath/Q1 is 3 here but 4 in" in run.stderr
    assert trimmed.read_bytes() == before


# ---------------------------------------------------------------- absent


def test_absent_needs_a_reason_and_is_recorded_with_it(trimmed, tmp_path):
    sheets = make_sheets(trimmed, tmp_path / "x", "--format", "csv", "-e", "le-2")
    fill_csv(sheets["le-2"], {("brightpath", "I1"): {"absent": ""}})
    run = run_udc("collect", trimmed, sheets["le-2"])
    assert run.returncode == 1
    assert re.search(r"cyp-mh-2027-le-2\.csv:\d+:8: error: brightpath I1 is marked absent without a reason",
                     run.stderr)
    fill_csv(sheets["le-2"], {("brightpath", "I1"): {"absent": "Ill on the interview day."}})
    run = run_udc("collect", trimmed, sheets["le-2"])
    assert run.returncode == 0, run.stderr
    assert 'I1: {score: absent, reason: "Ill on the interview day."}' in trimmed.read_text(encoding="utf-8")
