"""``udc init``: a new round from a template that passes ``udc check``, with the stakes promise made to hold.

Without a terminal it takes flags (scripts, CI); on a terminal it asks. Either way the
file it writes passes ``udc check``, carries the schema line editors read, and never
replaces an existing file unless told to.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from udc.core.shares import Item, NoShares, effective, solve, whole

UDC = str(Path(sys.executable).with_name("udc"))


def udc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([UDC, *args], cwd=cwd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, NO_COLOR="1"))
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def test_without_a_terminal_the_template_becomes_a_valid_round(tmp_path: Path) -> None:
    proc = udc("init", "lot-1.yaml", "--title", "Short breaks", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "lot-1.yaml").read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=udc.schema.json"
    assert (tmp_path / "udc.schema.json").is_file()  # written beside it, as none was near
    assert "  id: lot-1\n" in text and '  title: "Short breaks"\n' in text
    check = udc("check", "lot-1.yaml", cwd=tmp_path)
    assert check.returncode == 0 and check.stdout.splitlines()[-1].startswith("lot-1.yaml: valid")


def test_the_schema_line_points_to_the_nearest_schema(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "udc.schema.json").write_text("{}")
    (tmp_path / "rounds").mkdir()
    assert udc("init", "rounds/a.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "rounds" / "a.yaml").read_text().startswith("# yaml-language-server: $schema=../udc.schema.json")
    assert not (tmp_path / "rounds" / "udc.schema.json").exists()


def test_groups_and_criteria_from_flags_get_shares_that_keep_the_stakes(tmp_path: Path) -> None:
    proc = udc("init", "r.yaml", "--id", "lot-2", "--title", "Day services", "--authority", "Northtown",
               "--group", "commissioners:45:Commissioning panel", "--group", "lived-experience:25:Lived Experience Team",
               "--member", "lived-experience:le-1:Member A", "--member", "lived-experience:le-2:Member B",
               "--lived-experience", "lived-experience",
               "--criterion", "Q1:30:all:Co-production: who decides", "--criterion", "Q2:25:commissioners:Outcomes",
               "--criterion", "I1:15:lived-experience:Interview", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Q1, weight 30: commissioners 20, lived-experience 10 (written as shares 2, 1)" in proc.stderr
    score = udc("score", "r.yaml", "--format", "json", cwd=tmp_path)
    import json

    stakes = json.loads(score.stdout)["stakes"]
    assert stakes["commissioners"]["effective"] == 45 and stakes["lived-experience"]["effective"] == 25
    text = (tmp_path / "r.yaml").read_text()
    assert '  - id: Q1\n    title: "Co-production: who decides"\n    weight: 30\n    shares: ' in text
    assert "le-1: {name: \"Member A\"}" in text
    assert "    stake: 25\n    lived_experience: true\n" in text


def test_stakes_that_cannot_hold_are_explained_and_nothing_is_written(tmp_path: Path) -> None:
    proc = udc("init", "r.yaml", "--group", "com:60:Commissioners", "--group", "le:30:Team",
               "--criterion", "Q1:70:all:Everything", cwd=tmp_path)
    assert proc.returncode == 1
    assert "the stakes promised add up to 90% but the scored criteria carry only 70%" in proc.stderr
    assert not (tmp_path / "r.yaml").exists()


def test_weights_must_add_up_to_100(tmp_path: Path) -> None:
    proc = udc("init", "r.yaml", "--criterion", "Q1:50:all:One", "--price", "30", cwd=tmp_path)
    assert proc.returncode == 2 and "the weights add up to 80" in proc.stderr


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("mine\n")
    proc = udc("init", "r.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert (tmp_path / "r.yaml").read_text() == "mine\n"
    assert udc("init", "r.yaml", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "r.yaml").read_text().startswith("# yaml-language-server")


def test_every_template_makes_a_valid_round_and_an_unknown_one_is_named(tmp_path: Path) -> None:
    for name in ("joint-scoring", "owned-questions-interview"):
        assert udc("init", f"{name}.yaml", "--template", name, cwd=tmp_path).returncode == 0
        assert udc("check", f"{name}.yaml", cwd=tmp_path).returncode == 0
    proc = udc("init", "x.yaml", "--template", "nope", cwd=tmp_path)
    assert proc.returncode == 2 and "joint-scoring" in proc.stderr


def test_text_people_type_stays_text(tmp_path: Path) -> None:
    proc = udc("init", "r.yaml", "--title", "no", "--authority", "2027-01-01 # council", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert udc("check", "r.yaml", cwd=tmp_path).returncode == 0


def converse(args: list[str], answers: list[tuple[str, str]], cwd: Path) -> tuple[int, str]:
    """Run udc on a terminal, answering each prompt (by a piece of its text) in turn."""
    main, child = pty.openpty()
    proc = subprocess.Popen([UDC, *args], cwd=cwd, stdin=child, stdout=child, stderr=child,
                            env=dict(os.environ, NO_COLOR="1", COLUMNS="80"))
    os.close(child)
    seen, pending = "", list(answers)
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096).decode(errors="replace")
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if pending and pending[0][0] in seen.rsplit("\n", 1)[-1]:
            os.write(main, (pending.pop(0)[1] + "\n").encode())
        if proc.poll() is not None and not ready:
            break
    proc.wait(timeout=10)
    os.close(main)
    return proc.returncode, seen


def test_on_a_terminal_it_asks(tmp_path: Path) -> None:
    code, seen = converse(["init", "lot-3.yaml"], [
        ("Round id", ""), ("Title", "Advocacy service"), ("Commissioning body", "Southtown Council"),
        ("Keep these groups?", "n"),
        ("Group id", "commissioners"), ("Name", "Commissioning panel"), ("Stake", "30"), ("lived experience", "n"),
        ("Members", "cp-1=Ann, cp-2=Bo"),
        ("Group id", "lived-experience"), ("Name", "Lived Experience Team"), ("Stake", "30"),
        ("lived experience", "y"), ("Members", "le-1=Cy, le-2=Di"), ("Group id", ""),
        ("Keep these criteria?", "n"),
        ("Criterion id", "Q1"), ("Title", "Independence"), ("Weight", "40"), ("Assessed by", "all"),
        ("Criterion id", "I1"), ("Title", "Interview"), ("Weight", "20"), ("Assessed by", "lived-experience"),
        ("Criterion id", ""), ("Weight of price", "40"), ("Write these shares?", "y"),
    ], tmp_path)
    assert code == 0, seen
    check = udc("score", "lot-3.yaml", "--format", "json", cwd=tmp_path)
    import json

    result = json.loads(check.stdout)
    assert result["round"] == "lot-3"
    assert result["stakes"]["lived-experience"]["effective"] == 30
    assert "  lived-experience:\n    name: \"Lived Experience Team\"\n    stake: 30\n    lived_experience: true\n" in \
        (tmp_path / "lot-3.yaml").read_text()


@st.composite
def promised(draw):
    """Criteria, and stakes that some positive shares give exactly (so a solution exists)."""
    groups = ["a", "b", "c", "d"][:draw(st.integers(1, 4))]
    items, shares = [], {}
    for n in range(draw(st.integers(1, 6))):
        chosen = tuple(sorted(draw(st.sets(st.sampled_from(groups), min_size=1))))
        weight = Fraction(draw(st.integers(1, 40)), draw(st.sampled_from([1, 2, 4])))
        items.append(Item(f"Q{n}", weight, chosen))
        shares[f"Q{n}"] = {g: Fraction(draw(st.integers(1, 9))) for g in chosen}
    stakes = {g: None for g in groups}
    got = effective(items, shares, stakes)
    for g in groups:
        if g in got and draw(st.booleans()):
            stakes[g] = got[g]
    return items, stakes


@settings(max_examples=150, deadline=None)
@given(promised())
def test_whenever_shares_exist_the_solver_finds_exact_ones(case) -> None:
    items, stakes = case
    declared = [g for g, s in stakes.items() if s is not None]
    undeclared_assessing = {g for i in items for g in i.groups} - set(declared)
    try:
        solution = solve(items, stakes)
    except NoShares:
        # Only where the random stakes leave the undeclared groups nothing, which positive shares never do.
        raise AssertionError(f"no shares found for {items} {stakes} ({undeclared_assessing})")
    got = effective(items, solution.shares, stakes)
    assert all(got[g] == stakes[g] for g in declared)
    for cid, split in solution.shares.items():
        assert all(v > 0 for v in split.values())
        assert all(isinstance(v, int) and v > 0 for v in whole(split).values())


def test_a_template_that_is_not_a_round_is_an_error_line_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    import udc.workflow.scaffold as scaffold
    from support import run_udc

    broken = tmp_path / "broken.yaml"
    broken.write_text("udc: 1\nround: [not, a, mapping]\n", encoding="utf-8")
    monkeypatch.setattr(scaffold, "templates", lambda: {"broken": broken})
    target = tmp_path / "new.udc.yaml"
    done = run_udc("init", str(target), "--template", "broken", "--no-input", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "template 'broken'" in done.stderr
    assert not target.exists()
