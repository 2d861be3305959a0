"""`udc score` through the installed entry point, on the example rounds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import ROOT

from udc.cli.score import ScoreFormat

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_result_matches_golden(udc, name):
    run = udc("score", f"examples/{name}", "--format", "json", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    golden = GOLDEN / name.replace(".yaml", ".json")
    if os.environ.get("UDC_REGEN_GOLDEN"):
        golden.write_text(run.stdout, encoding="utf-8")
    assert json.loads(run.stdout) == json.loads(golden.read_text(encoding="utf-8"))


def test_spec_example_json_has_the_spec_figures(udc):
    data = json.loads(udc("score", "examples/cyp-mental-health.yaml", "--format", "json", cwd=ROOT).stdout)
    bids = {b["id"]: b for b in data["bids"]}
    assert [b["id"] for b in data["bids"]] == ["brightpath", "northstar", "kinship"]  # file order
    assert (bids["brightpath"]["rank"], bids["brightpath"]["total"]) == (1, 78.73)
    assert (bids["kinship"]["rank"], bids["kinship"]["total"]) == (2, 73.46)
    assert (bids["northstar"]["rank"], bids["northstar"]["total"]) == (3, 73.33)
    assert bids["brightpath"]["groups"] == {"commissioners": 34.0, "lived-experience": 17.67}
    assert bids["brightpath"]["criteria"]["Q1"] == {"score": 3.83, "weighted": 11.5, "moderated": [],
                                                    "groups": {"commissioners": 3.67, "lived-experience": 4.17}}
    assert data["stakes"]["lived-experience"]["declared"] == 20 and data["complete"] is True
    assert data["fingerprint"].startswith("sha256:") and len(data["fingerprint"]) == 71


def test_table_shows_ranking_stakes_fingerprint_without_colour(udc):
    run = udc("score", "examples/supported-living-lot2.yaml", cwd=ROOT)
    assert run.returncode == 0
    out = run.stdout
    assert "\x1b[" not in out  # NO_COLOR and piped: no escape codes
    assert "Beacon Support CIC" in out and "79.00" in out and "Lived Experience Team" in out
    assert "separated by tie-break key 'quality'" in out
    assert "TIE: Cedar Living and Dale Community Trust both total 73.00" in out
    assert "Elmwood Homes Ltd (elmwood) is disqualified: failed M1" in out
    assert "sha256:" in out and "udc 0.1.0" in out
    assert "warnings about examples/supported-living-lot2.yaml" in run.stderr


def test_audit_trail_shows_how_figures_were_made(udc):
    out = udc("score", "examples/cyp-mental-health.yaml", "--audit", cwd=ROOT).stdout
    assert "mean of 4, 4, 3 = 11/3 ≈ 3.666667 → 3.67" in out
    assert "cp-2 4 → 3 (changed at moderation: Moderation: no quarterly measures named.)" in out
    assert 'agreed at moderation: 2 "The team agreed the survey-only plan gives young people no real say."' in out
    assert "(replaces the mean of 2, 1, 2, 3, 2, 4 = 7/3 ≈ 2.333333 → 2.33)" in out
    assert "mean of 3, 3, 3 = 3 → 3.00 (before moderation: the mean of 3, 4, 3 = 10/3 ≈ 3.333333 → 3.33)" in out
    assert "Price (lowest): lowest GBP 2,210,000 / this bid GBP 2,450,000 = 221/245" in out
    assert "Minimum quality 50%: 73.81% of the available marks: met" in out


def test_plain_mode_is_sentences(udc):
    out = udc("score", "examples/cyp-mental-health.yaml", "--plain", cwd=ROOT).stdout
    assert "Rank 1: BrightPath Youth CIC, 78.73 points out of 100" in out
    assert "Lived Experience Team hold 20.00 percent of the decision; it was promised 20 percent." in out
    assert "│" not in out and "─" not in out


def test_provisional_round_says_what_is_missing(udc, tmp_path):
    text = (ROOT / "examples/cyp-mental-health.yaml").read_text(encoding="utf-8")
    text = text.replace("    kinship: {Q1: 3, I1: 5}\n", "")  # le-5 owes kinship
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    run = udc("score", "r.yaml", "--format", "json", cwd=tmp_path)
    data = json.loads(run.stdout)
    kinship = next(b for b in data["bids"] if b["id"] == "kinship")
    assert data["complete"] is False and kinship["status"] == "incomplete" and kinship["rank"] is None
    assert "I1 (lived-experience): owed by le-5" in kinship["missing"]
    assert kinship["criteria"]["I1"]["score"] is None
    table = udc("score", "r.yaml", cwd=tmp_path).stdout
    assert "PROVISIONAL" in table and "kinship: Q1 (lived-experience): owed by le-5" in table


def test_output_file_written_atomically_and_not_on_failure(udc, tmp_path):
    out = tmp_path / "result.csv"
    run = udc("score", ROOT / "examples/cyp-mental-health.yaml", "--format", "csv", "-o", out)
    assert run.returncode == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("id,bidder,status,rank")
    bad = tmp_path / "bad.yaml"
    bad.write_text("udc: 1\n", encoding="utf-8")
    target = tmp_path / "never.json"
    run = udc("score", bad, "--format", "json", "-o", target)
    assert run.returncode == 1 and not target.exists() and "Traceback" not in run.stderr


def test_csv_neutralises_formula_injection(udc, tmp_path):
    text = (ROOT / "examples/cyp-mental-health.yaml").read_text(encoding="utf-8")
    text = text.replace("bidder: Kinship Minds Charity", "bidder: '=HYPERLINK(\"http://x\",\"y\")'")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    out = udc("score", "r.yaml", "--format", "csv", cwd=tmp_path).stdout
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out


def test_markdown_has_a_ranking_table(udc):
    out = udc("score", "examples/cyp-mental-health.yaml", "--format", "markdown", cwd=ROOT).stdout
    assert "| 1 | BrightPath Youth CIC (brightpath) | 78.73 | 51.67 | 27.06 | 34.00 | 17.67 | ranked |" in out


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_every_format_is_handled(udc, fmt):
    run = udc("score", "examples/young-carers-grants.yaml", "--format", fmt.value, cwd=ROOT)
    assert run.returncode == 0 and run.stdout.strip(), run.stderr


def test_version(udc):
    assert udc("--version").stdout.strip() == "udc 0.1.0"
