"""`udc collect`: returned sheets (xlsx and CSV) merged into the round file, losing nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from support import EXAMPLES, run_udc
from rounds import before_award

from udc.core.pipeline import check_path

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


# ---------------------------------------------------------------- helpers


def without_scores(text: str, evaluators: list[str]) -> str:
    """The round text with the whole ``scores`` block of each evaluator removed."""
    lines, out, skipping = text.splitlines(keepends=True), [], False
    in_scores = False
    for line in lines:
        if re.match(r"^\S", line):
            in_scores = line.startswith("scores:")
        head = re.match(r"^  ([a-z0-9-]+):", line)
        if in_scores and head:
            skipping = head.group(1) in evaluators
        elif in_scores and not line.startswith("    "):
            skipping = False
        if not (in_scores and skipping):
            out.append(line)
    return before_award("".join(out))  # a round still being scored is not yet awarded


def original_scores() -> dict:
    """evaluator -> {(bid, criterion): (value text, reason)} as typed into the example by hand."""
    round_ = check_path(EXAMPLE).round
    found = {}
    for eid, bids in round_.scores.items():
        for bid, cells in bids.items():
            for cid, entry in cells.items():
                value = entry.score if isinstance(entry.score, str) else format(entry.score.normalize(), "f")
                found.setdefault(eid, {})[(bid, cid)] = (value, entry.reason)
    return found


def header_of(ws) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows():
        names = [c.value for c in row]
        if "bid" in names and "score" in names:
            return row[0].row, {n: i + 1 for i, n in enumerate(names) if n}
    raise AssertionError("no header row")


def fill_xlsx(path: Path, values: dict, number: bool = True) -> None:
    """Fill a workbook as an evaluator would: values[(bid, cid)] = (score, reason) or {"absent": reason}."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Scores"]
    at, col = header_of(ws)
    for r in range(at + 1, ws.max_row + 1):
        key = (ws.cell(r, col["bid"]).value, ws.cell(r, col["criterion"]).value)
        if key not in values:
            continue
        given = values[key]
        if isinstance(given, dict):
            ws.cell(r, col["score"]).value = None
            ws.cell(r, col["absent"]).value = "absent"
            ws.cell(r, col["reason"]).value = given["absent"]
            continue
        score, reason = given
        if score is not None and number and re.fullmatch(r"[0-9.]+", str(score)):
            score = float(score) if "." in str(score) else int(score)
        ws.cell(r, col["score"]).value = score
        if reason is not None:
            ws.cell(r, col["reason"]).value = reason
    wb.save(path)


def read_csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def fill_csv(path: Path, values: dict, *, delimiter: str = ",", bom: bool = True, eol: str = "\r\n",
             pad: bool = False) -> None:
    rows = read_csv_rows(path)
    at = next(i for i, row in enumerate(rows) if "bid" in row and "score" in row)
    col = {n: i for i, n in enumerate(rows[at])}
    for row in rows[at + 1:]:
        given = values.get((row[col["bid"]], row[col["criterion"]]))
        if given is None:
            continue
        if isinstance(given, dict):
            row[col["absent"]], row[col["reason"]] = "absent", given["absent"]
            continue
        score, reason = given
        row[col["score"]] = "" if score is None else str(score)
        if reason is not None:
            row[col["reason"]] = reason
    width = max(len(r) for r in rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=eol)
    for row in rows:
        writer.writerow(row + [""] * (width - len(row)) if pad else row)
    path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))


def make_sheets(round_path: Path, out: Path, *args: str) -> dict[str, Path]:
    run = run_udc("sheets", round_path, "-o", out, *args)
    assert run.returncode == 0, run.stderr
    prefix = check_path(round_path).round.round.id + "-"
    return {Path(line).stem[len(prefix):]: Path(line) for line in run.stdout.split()}


def score_json(path: Path) -> dict:
    run = run_udc("score", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    data.pop("fingerprint")
    data["warnings"] = sorted(w["message"] for w in data["warnings"])
    return data


@pytest.fixture
def trimmed(tmp_path) -> Path:
    """The example with the scores of cp-1, le-2 and le-5 removed: they owe every cell."""
    path = tmp_path / "round.yaml"
    path.write_text(without_scores(EXAMPLE.read_text(encoding="utf-8"), ["cp-1", "le-2", "le-5"]),
                    encoding="utf-8")
    assert run_udc("check", path).returncode == 0
    return path


@pytest.fixture
def full(tmp_path) -> Path:
    path = tmp_path / "round.yaml"
    shutil.copy(EXAMPLE, path)
    return path


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


# ---------------------------------------------------------------- identity


def test_a_sheet_whose_evaluator_was_edited_is_refused(full, tmp_path):
    sheet = make_sheets(full, tmp_path / "x", "-e", "le-1")["le-1"]
    wb = openpyxl.load_workbook(sheet)
    wb["Scores"]["B3"] = "le-2"  # someone retyped the evaluator
    wb.save(sheet)
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "cyp-mh-2027-le-1.xlsx:Scores!B5: error: the identity block was changed after udc made the sheet" \
        in run.stderr


def test_a_sheet_of_someone_not_in_the_round_is_refused(full, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(before_award(full.read_text(encoding="utf-8")).replace(
        "      le-6: {name: Member F, declared: 2026-09-04}\n",
        "      le-6: {name: Member F, declared: 2026-09-04}\n      le-7: {name: Member G, declared: 2026-09-04}\n"),
        encoding="utf-8")
    sheet = make_sheets(other, tmp_path / "x", "-e", "le-7")["le-7"]
    fill_xlsx(sheet, {("brightpath", "Q1"): (3, None)})
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "Scores!B3: error: evaluator 'le-7' is not a member of any group of round 'cyp-mh-2027'" in run.stderr


def test_a_sheet_from_another_round_is_refused(full, tmp_path):
    sheets = make_sheets(EXAMPLES / "supported-living-lot2.yaml", tmp_path / "x", "--format", "csv")
    sheet = next(iter(sheets.values()))
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert re.search(r"\.csv:2:2: error: this sheet is for round '[a-z0-9-]+', not 'cyp-mh-2027'", run.stderr)


def test_a_sheet_made_before_the_method_changed_is_refused(full, tmp_path):
    sheet = make_sheets(full, tmp_path / "x", "-e", "cp-3")["cp-3"]
    text = full.read_text(encoding="utf-8")
    full.write_text(text.replace("    weight: 20\n", "    weight: 15\n").replace("    weight: 10\n    assessed_by: "
                                 "[commissioners]\n  - id: Q4", "    weight: 15\n    assessed_by: [commissioners]\n"
                                 "  - id: Q4"), encoding="utf-8")
    assert run_udc("check", full).returncode == 0
    fill_xlsx(sheet, {("brightpath", "Q2"): (4, None)})
    run = run_udc("collect", full, sheet)
    assert run.returncode == 1
    assert "Scores!B4: error: the sheet was made for method sha256:" in run.stderr
    assert "the assessment method changed after the sheet went out" in run.stderr


# ---------------------------------------------------------------- values


def test_values_off_the_scale_are_all_reported_with_their_cells(trimmed, tmp_path):
    xlsx = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1")["cp-1"]
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    fill_xlsx(xlsx, {("brightpath", "Q1"): (7, None), ("brightpath", "Q2"): ("2.5", None),
                     ("brightpath", "M1"): ("maybe", None), ("northstar", "Q1"): ("pass", None)})
    fill_csv(csvf, {("kinship", "I1"): ("six", None)})
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, xlsx, csvf)
    assert run.returncode == 1
    err = run.stderr
    assert re.search(r"cp-1\.xlsx:Scores!F\d+: error: 7 is not on the scale; expected 0, 1, 2, 3, 4 or 5", err)
    assert "2.5 is not on the scale" in err
    assert "'maybe' is not a mark; M1 is pass or fail" in err
    assert "'pass' is a mark, but Q1 is scored" in err
    assert re.search(r"le-2\.csv:\d+:6: error: 'six' is not a score", err)  # the other sheet, too
    assert "5 problems in the sheets" in err
    assert trimmed.read_bytes() == before


def test_excel_csv_with_bom_semicolons_crlf_and_decimal_comma(tmp_path):
    round_path = tmp_path / "half.yaml"
    round_path.write_text(HALF_POINTS, encoding="utf-8")
    sheet = make_sheets(round_path, tmp_path / "x", "--format", "csv", "-e", "a1")["a1"]
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    fill_csv(sheet, {("b1", "Q1"): ("2,5", "Clear plan; some gaps."), ("b2", "Q1"): ("4", None)},
             delimiter=";", bom=True, eol="\r\n", pad=True)
    assert sheet.read_bytes().count(b";") > 20
    run = run_udc("collect", round_path, sheet)
    assert run.returncode == 0, run.stderr
    text = round_path.read_text(encoding="utf-8")
    assert text.endswith('scores:\n  a1:\n    b1: {Q1: {score: 2.5, reason: "Clear plan; some gaps."}}\n'
                         '    b2: {Q1: 4}\n')  # one line per bid, as in the format's example


HALF_POINTS = """udc: 1
round: {id: half, title: Half points}
scale: {min: 0, max: 5, step: 0.5}
groups:
  panel:
    name: Panel
    members:
      a1: {name: Ann}
criteria:
  - {id: Q1, title: Quality, weight: 100}
bids:
  - {id: b1, bidder: Alpha Ltd}
  - {id: b2, bidder: "=HYPERLINK(\\"http://evil.example\\", \\"Click\\")"}
  - {id: b3, bidder: Gone Ltd, withdrawn: true}
"""


# ---------------------------------------------------------------- hostile cells


def test_a_formula_in_a_returned_sheet_is_refused_never_evaluated(trimmed, tmp_path):
    xlsx = make_sheets(trimmed, tmp_path / "x", "-e", "cp-1")["cp-1"]
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Scores"]
    at, col = header_of(ws)
    ws.cell(at + 2, col["score"]).value = "=2+2"
    ws.cell(at + 3, col["reason"]).value = '=HYPERLINK("http://evil.example","x")'
    wb.save(xlsx)
    fill_csv(csvf, {("brightpath", "Q1"): ('=HYPERLINK("http://evil.example","4")', None)})
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, xlsx, csvf)
    assert run.returncode == 1
    assert re.search(r"cp-1\.xlsx:Scores!F\d+: error: the score cell holds a formula; udc never evaluates", run.stderr)
    assert re.search(r"cp-1\.xlsx:Scores!H\d+: error: the reason cell holds a formula", run.stderr)
    assert re.search(r"le-2\.csv:\d+:6: error: the score cell holds a formula", run.stderr)
    assert trimmed.read_bytes() == before


def test_text_kept_as_text_with_an_apostrophe_is_read_as_text(trimmed, tmp_path):
    csvf = make_sheets(trimmed, tmp_path / "c", "--format", "csv", "-e", "le-2")["le-2"]
    fill_csv(csvf, {("brightpath", "Q1"): ("4", "'=a formula-looking remark")})
    run = run_udc("collect", trimmed, csvf)
    assert run.returncode == 0, run.stderr
    assert 'Q1: {score: 4, reason: "=a formula-looking remark"}' in trimmed.read_text(encoding="utf-8")
    again = make_sheets(trimmed, tmp_path / "again", "--format", "csv", "-e", "le-2")["le-2"]
    assert "'=a formula-looking remark" in again.read_text(encoding="utf-8-sig")  # neutralised on the way out
    assert run_udc("collect", trimmed, again).returncode == 0  # and reads back as the same text


# ---------------------------------------------------------------- unreadable input, safety


def test_unreadable_and_oversized_sheets_exit_2_after_reporting_all(trimmed, tmp_path):
    junk = tmp_path / "notes.csv"
    junk.write_text("hello,world\r\n", encoding="utf-8")
    big = tmp_path / "big.csv"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    run = run_udc("collect", trimmed, junk, big, fake, tmp_path / "missing.xlsx")
    assert run.returncode == 2
    assert "notes.csv: error: has no header row (bid, criterion, score, ...)" in run.stderr
    assert "big.csv: error: the file is larger than 5,242,880 bytes; a score sheet is at most" in run.stderr
    assert "fake.xlsx: error: is not a readable xlsx workbook" in run.stderr
    assert "missing.xlsx: error: no such file" in run.stderr


def test_a_collect_never_leaves_an_invalid_round(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text(HALF_POINTS.replace("title: Half points}", "title: Half points, require_reasons: true}"),
                    encoding="utf-8")
    sheet = make_sheets(path, tmp_path / "x", "-e", "a1")["a1"]
    fill_xlsx(sheet, {("b1", "Q1"): ("3.5", None)})
    before = path.read_bytes()
    run = run_udc("collect", path, sheet)
    assert run.returncode == 1
    assert "b1 Q1 has no reason; expected a reason for every score (round.require_reasons is true)" in run.stderr
    assert path.read_bytes() == before


def test_dry_run_shows_the_changes_and_writes_nothing(trimmed, tmp_path):
    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    before = trimmed.read_bytes()
    run = run_udc("collect", trimmed, sheet, "--dry-run")
    assert run.returncode == 0
    assert "add le-5 brightpath Q1: 4" in run.stdout and "add le-5 kinship I1: 5" in run.stdout
    assert "6 scores added" in run.stderr and "nothing written (--dry-run)" in run.stderr
    assert trimmed.read_bytes() == before and not (tmp_path / "round.yaml.bak").exists()


def test_an_interrupted_write_leaves_the_original_intact(trimmed, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import udc.workflow.files
    from udc.cli.app import app

    sheet = make_sheets(trimmed, tmp_path / "x", "-e", "le-5")["le-5"]
    fill_xlsx(sheet, original_scores()["le-5"])
    before = trimmed.read_bytes()
    real_replace, calls = udc.workflow.files.os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if Path(dst).name == "round.yaml":  # the backup is written; the round itself is not
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(udc.workflow.files.os, "replace", failing_replace)
    result = CliRunner().invoke(app, ["collect", str(trimmed), str(sheet)])
    assert result.exit_code == 2
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "cannot write (No space left on device); the file is as it was" in said
    assert trimmed.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")) \
        == []  # no temporary left (the lock file stays, empty)
    assert len(calls) == 2
