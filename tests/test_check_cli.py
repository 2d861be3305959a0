"""``udc check`` as CI and people use it: folders, JSON for machines, --strict, exit codes.

Exit codes: 0 every file valid; 1 any rule broken (or any warning with --strict);
2 any file unreadable, a path that does not exist, or bad usage. Unreadable wins
over broken rules, and every file is still checked and reported.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
BASE = BROKEN / "_valid-base.yaml"
EXAMPLE = HERE.parent / "examples" / "cyp-mental-health.yaml"

WARNING_LINE = ("47:3: warning: evaluator 'c1' gave 1 score without a reason; bidders are owed the "
                "reasons behind their scores")


def udc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "udc", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def lines(proc: subprocess.CompletedProcess) -> list[str]:
    return (proc.stdout + proc.stderr).splitlines()


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    shutil.copy(BASE, tmp_path / "valid.yaml")
    return tmp_path / "valid.yaml"


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """Valid, with one warning: a score without a reason."""
    text = BASE.read_text()
    assert text.count("Q2: {score: 1, reason: Thin.}") == 1
    path = tmp_path / "warned.yaml"
    path.write_text(text.replace("Q2: {score: 1, reason: Thin.}", "Q2: 1"))
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Breaks a rule (weights add up to 99): exit 1."""
    shutil.copy(BROKEN / "weights-99.yaml", tmp_path / "broken.yaml")
    return tmp_path / "broken.yaml"


@pytest.fixture
def unreadable(tmp_path: Path) -> Path:
    """Cannot be read safely (a duplicate key): exit 2."""
    shutil.copy(BROKEN / "duplicate-score.yaml", tmp_path / "unreadable.yaml")
    return tmp_path / "unreadable.yaml"


# ---- single files and folders


def test_a_valid_file_exits_0_with_one_summary_line(valid: Path) -> None:
    proc = udc("check", valid.name, cwd=valid.parent)
    assert proc.returncode == 0
    assert lines(proc) == ["valid.yaml: valid"]


def test_the_spec_example_is_valid() -> None:
    proc = udc("check", str(EXAMPLE), cwd=HERE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines(proc)[-1].startswith(f"{EXAMPLE}: valid")


def test_a_folder_is_searched_recursively_for_yaml_files(tmp_path: Path) -> None:
    rounds = tmp_path / "rounds"
    (rounds / "lot-2").mkdir(parents=True)
    shutil.copy(BASE, rounds / "b.yaml")
    shutil.copy(BASE, rounds / "a.yaml")
    shutil.copy(BASE, rounds / "lot-2" / "c.yml")
    (rounds / "notes.txt").write_text("not a round: { [")
    (rounds / "lot-2" / "README.md").write_text("# not a round\n")
    proc = udc("check", "rounds", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines(proc) == ["rounds/a.yaml: valid", "rounds/b.yaml: valid", "rounds/lot-2/c.yml: valid"]


def test_a_folder_with_a_broken_round_exits_1(tmp_path: Path) -> None:
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    shutil.copy(BASE, rounds / "a.yaml")
    shutil.copy(BROKEN / "stake-mismatch.yaml", rounds / "b.yaml")
    proc = udc("check", "rounds", cwd=tmp_path)
    assert proc.returncode == 1
    assert lines(proc) == [
        "rounds/a.yaml: valid",
        "rounds/b.yaml:20:12: error: group 'lex' is promised a stake of 20% but the criteria give it 18% "
        "(Q1 18%); expected the weights and shares to give exactly the declared stake",
        "rounds/b.yaml: 1 error, 0 warnings",
    ]


def test_a_folder_without_round_files_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("nothing here")
    proc = udc("check", "empty", cwd=tmp_path)
    assert proc.returncode == 2
    assert "empty:1:1: error: no *.yaml files in this folder; expected round files" in lines(proc)


def test_diagnostics_are_listed_in_file_order(tmp_path: Path) -> None:
    text = BASE.read_text()
    text = text.replace("Q2: {score: 1, reason: Thin.}", "Q2: {score: 9, reason: Thin.}")  # line 48
    text = text.replace("tie_break: [quality]", "tie_break: [quality, \"group:public\"]")  # line 6
    (tmp_path / "two.yaml").write_text(text)
    proc = udc("check", "two.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert [line.split(": error: ")[0] for line in lines(proc) if ": error: " in line] == \
        ["two.yaml:6:24", "two.yaml:48:107"]
    assert lines(proc)[-1] == "two.yaml: 2 errors, 0 warnings"


# ---- exit codes over several paths


def test_mixed_valid_and_broken_exits_1(valid: Path, broken: Path) -> None:
    proc = udc("check", valid.name, broken.name, cwd=valid.parent)
    assert proc.returncode == 1
    assert "valid.yaml: valid" in lines(proc)
    assert "broken.yaml: 1 error, 0 warnings" in lines(proc)


def test_unreadable_wins_with_2_and_every_file_is_still_reported(valid: Path, broken: Path,
                                                                 unreadable: Path) -> None:
    proc = udc("check", unreadable.name, broken.name, valid.name, cwd=valid.parent)
    assert proc.returncode == 2
    out = lines(proc)
    assert "unreadable.yaml: unreadable" in out
    assert "broken.yaml: 1 error, 0 warnings" in out
    assert "valid.yaml: valid" in out
    assert any(line.startswith("unreadable.yaml:52:7: error: duplicate key 'Q2' (first at line 51)")
               for line in out)


def test_a_missing_path_exits_2_and_the_others_are_still_checked(valid: Path) -> None:
    proc = udc("check", "no-such-round.yaml", valid.name, cwd=valid.parent)
    assert proc.returncode == 2
    assert "no-such-round.yaml:1:1: error: no such file or folder; expected a round file or a folder of them" \
        in proc.stderr.splitlines()
    assert "valid.yaml: valid" in lines(proc)


def test_a_missing_path_alone_exits_2(tmp_path: Path) -> None:
    proc = udc("check", "nowhere", cwd=tmp_path)
    assert proc.returncode == 2
    assert "nowhere:1:1: error: no such file or folder" in proc.stderr


@pytest.mark.parametrize("args", [[], ["--format", "yaml", "x.yaml"], ["--no-such-option", "x.yaml"]],
                         ids=["no-path", "bad-format", "bad-option"])
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    proc = udc("check", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""


# ---- --strict


def test_warnings_alone_exit_0(warned: Path) -> None:
    proc = udc("check", warned.name, cwd=warned.parent)
    assert proc.returncode == 0
    assert lines(proc) == [f"warned.yaml:{WARNING_LINE}", "warned.yaml: valid (1 warning)"]


def test_strict_turns_warnings_into_exit_1(warned: Path, valid: Path) -> None:
    proc = udc("check", "--strict", warned.name, valid.name, cwd=warned.parent)
    assert proc.returncode == 1
    assert f"warned.yaml:{WARNING_LINE}" in lines(proc)
    assert udc("check", "--strict", valid.name, cwd=valid.parent).returncode == 0


def test_strict_does_not_hide_unreadable(warned: Path, unreadable: Path) -> None:
    proc = udc("check", "--strict", warned.name, unreadable.name, cwd=warned.parent)
    assert proc.returncode == 2


# ---- --format json


def test_json_reports_every_file_with_located_diagnostics(valid: Path, warned: Path, broken: Path,
                                                          unreadable: Path) -> None:
    proc = udc("check", "--format", "json", valid.name, warned.name, broken.name, unreadable.name,
               cwd=valid.parent)
    assert proc.returncode == 2
    report = json.loads(proc.stdout)  # stdout is the JSON document and nothing else
    assert set(report) == {"files", "problems", "skipped"}
    assert report["problems"] == []
    files = {f["path"]: f for f in report["files"]}
    assert list(files) == ["valid.yaml", "warned.yaml", "broken.yaml", "unreadable.yaml"]
    for f in files.values():
        assert set(f) >= {"path", "readable", "valid", "errors", "warnings", "diagnostics"}
        for d in f["diagnostics"]:
            assert set(d) >= {"path", "line", "column", "severity", "code", "message"}
            assert d["path"] == f["path"]
            assert isinstance(d["line"], int) and isinstance(d["column"], int)
            assert d["severity"] in ("error", "warning")

    assert files["valid.yaml"] | {"diagnostics": None} == {
        "path": "valid.yaml", "readable": True, "valid": True, "errors": 0, "warnings": 0, "diagnostics": None}
    assert files["valid.yaml"]["diagnostics"] == []

    w = files["warned.yaml"]
    assert (w["readable"], w["valid"], w["errors"], w["warnings"]) == (True, True, 0, 1)
    assert w["diagnostics"][0] | {"code": None} == {
        "path": "warned.yaml", "line": 47, "column": 3, "severity": "warning", "code": None,
        "message": WARNING_LINE.split(": warning: ")[1]}

    b = files["broken.yaml"]
    assert (b["readable"], b["valid"], b["errors"], b["warnings"]) == (True, False, 1, 0)
    assert b["diagnostics"][0] | {"code": None} == {
        "path": "broken.yaml", "line": 25, "column": 3, "severity": "error", "code": None,
        "message": "the weights of scored and price criteria add up to 99, not 100; expected exactly 100"}

    u = files["unreadable.yaml"]
    assert (u["readable"], u["valid"], u["errors"]) == (False, False, 1)
    assert (u["diagnostics"][0]["line"], u["diagnostics"][0]["column"]) == (52, 7)
    assert u["diagnostics"][0]["message"].startswith("duplicate key 'Q2' (first at line 51)")


def test_json_exit_codes_follow_the_text_ones(valid: Path, warned: Path, broken: Path) -> None:
    cwd = valid.parent
    assert udc("check", "--format", "json", valid.name, cwd=cwd).returncode == 0
    assert udc("check", "--format", "json", warned.name, cwd=cwd).returncode == 0
    assert udc("check", "--format", "json", "--strict", warned.name, cwd=cwd).returncode == 1
    assert udc("check", "--format", "json", valid.name, broken.name, cwd=cwd).returncode == 1


def test_json_names_a_missing_path_under_problems(valid: Path) -> None:
    proc = udc("check", "--format", "json", valid.name, "gone.yaml", cwd=valid.parent)
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == ["valid.yaml"]
    assert [(p["path"], p["severity"]) for p in report["problems"]] == [("gone.yaml", "error")]
    assert report["problems"][0]["message"].startswith("no such file or folder")
