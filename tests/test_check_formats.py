"""``udc check`` in folders that hold more than rounds, and its output formats (GitHub annotations).

A repository keeps CI workflows and config files beside its rounds: ``udc check .``
must check the rounds and leave the rest alone (saying so), and in GitHub Actions
each problem must show on the line it is about.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from udc.cli.check import REPORTS, CheckFormat
from udc.core.diagnostics import Diagnostic
from udc.views.github import annotation, escape_data, escape_property

HERE = Path(__file__).resolve().parent
BASE = HERE / "broken" / "_valid-base.yaml"
STAKE = HERE / "broken" / "stake-mismatch.yaml"
WORKFLOW = "name: rounds\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n"


def udc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "udc", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={"NO_COLOR": "1", "PATH": ""})
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "rounds.yml").write_text(WORKFLOW)
    (tmp_path / "config.yaml").write_text("# settings\nudc_version: 1\nrounds: [a]\n")
    (tmp_path / "rounds").mkdir()
    shutil.copy(BASE, tmp_path / "rounds" / "a.yaml")
    return tmp_path


def test_a_folder_check_skips_yaml_files_that_are_not_rounds(repo: Path) -> None:
    proc = udc("check", ".", cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == ["rounds/a.yaml: valid"]
    assert "skipped 2 YAML files that are not round files" in proc.stderr


def test_verbose_names_each_skipped_file(repo: Path) -> None:
    proc = udc("check", "-v", ".", cwd=repo)
    assert proc.returncode == 0
    assert ".github/workflows/rounds.yml: skipped (not a round file: no top-level 'udc:' key)" in proc.stdout
    assert "config.yaml: skipped (not a round file: no top-level 'udc:' key)" in proc.stdout


def test_a_round_that_lost_its_udc_key_is_still_checked_when_named(repo: Path) -> None:
    text = BASE.read_text().replace("udc: 1\n", "")
    (repo / "rounds" / "b.yaml").write_text(text)
    assert udc("check", ".", cwd=repo).returncode == 0  # in a folder: not a round
    named = udc("check", "rounds/b.yaml", cwd=repo)
    assert named.returncode == 1 and "missing required key 'udc'" in named.stdout


def test_flow_style_and_indented_rounds_are_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "flow.yaml").write_text("{round: {id: x, title: X}}\n")
    proc = udc("check", "r", cwd=tmp_path)
    assert proc.returncode == 1 and "r/flow.yaml" in proc.stdout


def test_a_round_saved_with_a_byte_order_mark_is_still_a_round(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.read_bytes())
    proc = udc("check", "r", cwd=tmp_path)
    assert "r/bom.yaml" in proc.stdout and "skipped" not in proc.stderr


def test_a_folder_with_only_other_yaml_files_exits_2(repo: Path) -> None:
    proc = udc("check", ".github", cwd=repo)
    assert proc.returncode == 2
    assert "no round files in this folder" in proc.stderr


def test_github_annotations_point_at_the_line(tmp_path: Path) -> None:
    shutil.copy(STAKE, tmp_path / "b.yaml")
    proc = udc("check", "--format", "github", "b.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith("::error file=b.yaml,line=20,col=12,title=udc check::group 'lex' is promised a stake of "
                            "20%25 but")


def test_github_warnings_are_warnings(tmp_path: Path) -> None:
    text = BASE.read_text().replace("Q2: {score: 1, reason: Thin.}", "Q2: 1")
    (tmp_path / "w.yaml").write_text(text)
    proc = udc("check", "--format", "github", "w.yaml", cwd=tmp_path)
    assert proc.returncode == 0
    assert any(line.startswith("::warning file=w.yaml,line=") for line in proc.stdout.splitlines())


def test_github_escaping_follows_the_runner_rules() -> None:
    d = Diagnostic("odd,name:x%.yaml", 3, 4, "error", "100% wrong\nsecond line: a, b")
    assert annotation(d) == ("::error file=odd%2Cname%3Ax%25.yaml,line=3,col=4,title=udc check::"
                             "100%25 wrong%0Asecond line: a, b")
    assert escape_data("a\r\nb%") == "a%0D%0Ab%25"
    assert escape_property("a:b,c\r") == "a%3Ab%2Cc%0D"


def test_github_annotation_shows_control_characters_visibly() -> None:
    d = Diagnostic("a.yaml", 1, 1, "error", "bidder '\x1b]8;;https://evil.example\x1b\\' is odd")
    assert "\x1b" not in annotation(d)


def test_every_check_format_is_handled(tmp_path: Path) -> None:
    assert set(REPORTS) == set(CheckFormat)
    shutil.copy(BASE, tmp_path / "a.yaml")
    for fmt in CheckFormat:
        proc = udc("check", "--format", fmt.value, "a.yaml", cwd=tmp_path)
        assert proc.returncode == 0, (fmt, proc.stderr)
        assert proc.stdout.strip(), fmt
    assert json.loads(udc("check", "--format", "json", "a.yaml", cwd=tmp_path).stdout)["skipped"] == []


def test_sarif_has_a_result_for_each_problem_at_its_line(tmp_path: Path) -> None:
    """What code-scanning services need of a SARIF 2.1.0 log: the tool, each result's rule (among the
    tool's rules), level, message and place (a relative URI, line and column from 1)."""
    shutil.copy(STAKE, tmp_path / "b.yaml")
    text = BASE.read_text().replace("Q2: {score: 1, reason: Thin.}", "Q2: 1")
    (tmp_path / "sub dir").mkdir()
    (tmp_path / "sub dir" / "w.yaml").write_text(text)
    proc = udc("check", "--format", "sarif", "b.yaml", "sub dir", cwd=tmp_path)
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "udc"
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    expected = json.loads(udc("check", "--format", "json", "b.yaml", "sub dir", cwd=tmp_path).stdout)
    diagnostics = [d for f in expected["files"] for d in f["diagnostics"]]
    assert len(run["results"]) == len(diagnostics) > 1
    for result, d in zip(run["results"], diagnostics, strict=True):
        assert rules[result["ruleIndex"]] == result["ruleId"] == d["code"]
        assert result["level"] == d["severity"]  # error or warning
        assert result["message"]["text"] == d["message"]
        place = result["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["uri"] == d["path"].replace(" ", "%20")
        assert place["region"] == {"startLine": d["line"], "startColumn": d["column"]}
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {
        "b.yaml", "sub%20dir/w.yaml"}


def test_sarif_keeps_standard_output_for_the_log(repo: Path) -> None:
    for flags in ([], ["-v"]):
        proc = udc("check", "--format", "sarif", *flags, ".", cwd=repo)
        assert proc.returncode == 0 and json.loads(proc.stdout)["runs"][0]["results"] == []
        assert "config.yaml" in proc.stderr if flags else "skipped 2 YAML files" in proc.stderr


def test_sarif_of_a_valid_round_has_no_results_and_shows_no_control_characters(tmp_path: Path) -> None:
    from udc.views.sarif import sarif_log

    shutil.copy(BASE, tmp_path / "a.yaml")
    proc = udc("check", "--format", "sarif", "a.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["runs"][0]["results"] == []
    log = sarif_log([Diagnostic("/abs/a b.yaml", 2, 3, "error", "bidder '\x1b[2J' is odd")])
    result = log["runs"][0]["results"][0]
    assert "\x1b" not in result["message"]["text"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/a%20b.yaml"
