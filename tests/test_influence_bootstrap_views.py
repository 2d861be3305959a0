"""`udc influence`: the bootstrap (how often each bid wins when the evaluators are resampled:
near certain, deterministic for a seed, fast) and what a user sees (table without colour, plain
sentences, Markdown to a file, located errors with nothing written).
"""

from __future__ import annotations

import time

from support import EXAMPLE, ROOT, influence_json, write
from rounds import ROUND_A, criteria_a, round_text, two_groups

from udc.core.engine import score
from udc.core.pipeline import check_path


# ---------------------------------------------------------------- bootstrap


def lopsided() -> str:
    scores = {}
    for i, (a, b) in enumerate([(5, 0), (4, 1), (5, 1)], start=1):
        scores[f"p{i}"] = {"alpha": {"Q1": a, "Q3": a}, "beta": {"Q1": b, "Q3": b}}
        scores[f"l{i}"] = {"alpha": {"Q2": a, "Q3": 5}, "beta": {"Q2": b, "Q3": 0}}
    return round_text(criteria_a(), scores, two_groups(panel=3, lived=3))


def close() -> str:
    scores = {}
    for i, (a, b) in enumerate([(5, 3), (1, 3), (4, 3)], start=1):
        scores[f"p{i}"] = {"alpha": {"Q1": a, "Q3": 3}, "beta": {"Q1": b, "Q3": 3}}
        scores[f"l{i}"] = {"alpha": {"Q2": 3, "Q3": 3}, "beta": {"Q2": 3, "Q3": 3}}
    return round_text(criteria_a(), scores, two_groups(panel=3, lived=3))


def test_bootstrap_on_a_lopsided_round_is_near_certain(udc, tmp_path):
    data = influence_json(udc, write(tmp_path, lopsided()), "--samples", "3000", "--seed", "7")
    wins = data["bootstrap"]["wins"]
    assert wins["alpha"] >= 0.99 and wins["beta"] <= 0.01
    assert data["bootstrap"]["samples"] == 3000 and data["bootstrap"]["seed"] == 7


def test_bootstrap_is_deterministic_for_a_seed(udc, tmp_path):
    path = write(tmp_path, close())
    one = influence_json(udc, path, "--samples", "2000", "--seed", "3")["bootstrap"]
    again = influence_json(udc, path, "--samples", "2000", "--seed", "3")["bootstrap"]
    other = influence_json(udc, path, "--samples", "2000", "--seed", "4")["bootstrap"]
    assert one == again
    assert other["wins"] != one["wins"]
    assert 0.2 < one["wins"]["alpha"] < 0.95  # a close round: neither certain nor hopeless


def test_bootstrap_of_the_example_is_fast():
    from udc.analysis.bootstrap import resample

    actual = score(check_path(ROOT / EXAMPLE).method)
    start = time.perf_counter()
    boot = resample(actual, 10_000, 0)
    assert time.perf_counter() - start < 5
    assert boot.wins["brightpath"] > 0.99


# ---------------------------------------------------------------- output


def test_table_view_reads_without_colour(udc):
    run = udc("influence", EXAMPLE, "--samples", "500", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "\x1b[" not in out
    assert "Key: ### Lived Experience Team   === Commissioning panel   ... Price" in out  # lived experience first
    bar = next(line for line in out.splitlines() if line.startswith("BrightPath Youth CIC ") and "|" in line)
    # 17.67 + 34 + 27.06 points at 2 points a character: 9 #, 17 =, 13 .
    assert bar.count("#") == 9 and bar.count("=") == 17 and bar.count(".") == 13 + 1  # + "78.73"
    assert "Resampling" not in run.stderr  # no progress bar when not a terminal


def test_plain_mode_is_short_sentences(udc):
    run = udc("influence", EXAMPLE, "--plain", "--samples", "500", cwd=ROOT)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert "The Lived Experience Team's scores decided the winner." in lines
    assert "At 9.42%, Northstar Health Partners Ltd would have the same total as BrightPath Youth CIC. Below it, " \
           "Northstar Health Partners Ltd would win." in lines
    assert not any(ch in run.stdout for ch in "|#═─")


def test_markdown_and_output_file(udc, tmp_path):
    out = tmp_path / "influence.md"
    run = udc("influence", EXAMPLE, "--format", "markdown", "--samples", "0", "-o", str(out), cwd=ROOT)
    assert run.returncode == 0 and run.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Influence: ") and "| Bid | Blended |" in text and "```text" in text


def test_unreadable_and_invalid_rounds_exit_with_located_errors(udc, tmp_path):
    run = udc("influence", str(tmp_path / "missing.yaml"), cwd=ROOT)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "missing.yaml" in run.stderr
    bad = write(tmp_path, ROUND_A.replace("stake: 40\n    members:\n      l1", "stake: 45\n    members:\n      l1"))
    out = tmp_path / "never.json"
    run = udc("influence", str(bad), "--format", "json", "-o", str(out), cwd=ROOT)
    assert run.returncode == 1 and f"{bad}:" in run.stderr and "error:" in run.stderr
    assert not out.exists()
