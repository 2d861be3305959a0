"""Score sheets as evaluators return them: made by `udc sheets`, filled in (xlsx and CSV), and
the round and its scores they are checked against; shared by the collect tests."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
from support import EXAMPLES, run_udc

from rounds import before_award
from udc.core.pipeline import check_path

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"


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
