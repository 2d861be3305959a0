"""Small inputs that once caused tracebacks or unbounded work (issue 9, items 16 and 20)."""

from __future__ import annotations

import time
from pathlib import Path

from typer.testing import CliRunner

from udc.cli.app import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GRANTS = (EXAMPLES / "young-carers-grants.yaml").read_text(encoding="utf-8")
SCALE = "scale: {min: 0, max: 10, step: 1}"


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "round.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tie_break_on_a_criterion_one_group_holds_alone(tmp_path: Path) -> None:
    # G2 is scored by the young carers alone: without them it is left out, and cannot separate anything.
    path = write(tmp_path, GRANTS.replace("tie_break: [group:young-carers, quality]", "tie_break: [criterion:G2]"))
    code, out, err = run("influence", path, "--samples", "0", "--format", "json")
    assert code == 0, err
    assert '"winner"' in out and "Traceback" not in err


def test_a_very_fine_step_on_a_wide_scale_is_exact(tmp_path: Path) -> None:
    path = write(tmp_path, GRANTS.replace(SCALE, "scale: {min: 0, max: 100000000, step: 0.00000000000000000001}"))
    for command in ("check", "score"):
        code, _, err = run(command, path)
        assert code == 0, err
    code, out, err = run("moderate", path, "--stats", "--plain")
    assert code == 0, err
    assert "alpha" in out


def test_agreement_on_a_fine_scale_costs_what_the_scores_cost(tmp_path: Path) -> None:
    coarse = run("moderate", write(tmp_path, GRANTS, "a.yaml"), "--stats", "--format", "json")
    start = time.perf_counter()
    fine = run("moderate", write(tmp_path, GRANTS.replace(SCALE, "scale: {min: 0, max: 10, step: 0.0001}"), "b.yaml"),
               "--stats", "--format", "json")
    assert time.perf_counter() - start < 5
    assert fine[0] == coarse[0] == 0
    # the same scores give the same agreement: unused values of the scale change nothing
    assert [line for line in fine[1].splitlines() if "alpha" in line] == \
        [line for line in coarse[1].splitlines() if "alpha" in line]


def test_text_repeated_through_aliases_is_bounded(tmp_path: Path) -> None:
    long = "A reason. " * 10_000  # 100,000 characters
    text = GRANTS.replace('reason: "Clear weekly sessions; outcomes measured termly."', f'reason: &r "{long}"')
    for bid, scores in (("breakfast-club", (5, 6)), ("time-out", (6, 9))):
        text = text.replace(f"{bid}: {{G1: {scores[0]}, G3: {scores[1]}}}",
                            f"{bid}: {{G1: {{score: {scores[0]}, reason: *r}}, G3: {{score: {scores[1]}, reason: *r}}}}")
    few = write(tmp_path, text, "few.yaml")
    assert run("check", few)[0] == 0  # 4 repeats: 400,000 characters, under the cap
    many = write(tmp_path, text + "".join(f"extra{i}: *r\n" for i in range(10)), "many.yaml")
    code, out, err = run("score", many, "--audit")
    assert code == 2
    assert "aliases repeat this text (and any other) to more than 1,000,000 characters" in err
    assert out == ""
    line = text[:text.index("&r")].count("\n") + 1  # located at the text that is repeated
    assert f"many.yaml:{line}:" in err
