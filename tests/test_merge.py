"""`udc merge BASE OURS THEIRS`: two copies of a round combine without losing a score."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from support import ROOT, udc_executable

from udc.core.loader import load_path
from udc.workflow.score_guard import score_cells

EXAMPLE = (ROOT / "examples/cyp-mental-health.yaml").read_text(encoding="utf-8")
SCORES = re.compile(r"(?ms)^  (le-[1-6]):\n(?:    .*\n)+")


def without(text: str, evaluators: set[str]) -> str:
    """The example without the scores of some evaluators (not yet collected)."""
    return SCORES.sub(lambda m: "" if m.group(1) in evaluators else m.group(0), text)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cells(path: Path) -> set:
    return score_cells(path.read_text(encoding="utf-8"))


def diverging(tmp_path: Path) -> tuple[Path, Path, Path]:
    """BASE lacks the Lived Experience Team's scores; OURS collected le-1..3, THEIRS le-4..6 and more."""
    base = write(tmp_path, "base.yaml", without(EXAMPLE, {f"le-{i}" for i in range(1, 7)}))
    ours = without(EXAMPLE, {"le-4", "le-5", "le-6"}).replace(
        "  le-1:\n", "  # collected at the Tuesday session\n  le-1:\n")
    theirs = without(EXAMPLE, {"le-1", "le-2", "le-3"}).replace(
        "kinship: {M1: pass, Q1: 4, Q2: 3, Q3: 2, Q4: 4}",
        'kinship: {M1: pass, Q1: 4, Q2: 3, Q3: 2, Q4: {score: 4, reason: "A local jobs pledge."}}')
    return base, write(tmp_path, "ours.yaml", ours), write(tmp_path, "theirs.yaml", theirs)


def test_two_diverging_copies_merge_without_losing_a_score(udc, tmp_path):
    base, ours, theirs = diverging(tmp_path)
    out = tmp_path / "merged.yaml"
    run = udc("merge", base, ours, theirs, "-o", out)
    assert run.returncode == 0, run.stderr
    merged = cells(out)
    assert cells(ours) | cells(theirs) <= merged
    assert merged == cells(ROOT / "examples/cyp-mental-health.yaml")
    text = out.read_text(encoding="utf-8")
    assert "# collected at the Tuesday session" in text  # OURS' comments are kept
    assert text.startswith(EXAMPLE[:EXAMPLE.index("scores:")])  # and everything before the scores as written
    assert 'Q4: {score: 4, reason: "A local jobs pledge."}' in text  # THEIRS' reason is taken
    assert udc("check", out).returncode == 0
    # the merged round scores like the complete example, but for the one reason
    assert udc("diff", ROOT / "examples/cyp-mental-health.yaml", out).returncode == 0


def test_a_real_conflict_is_refused_with_both_values_and_nothing_is_written(udc, tmp_path):
    base = write(tmp_path, "base.yaml", EXAMPLE)
    ours = write(tmp_path, "ours.yaml", EXAMPLE.replace(
        'Q1: {score: 4, reason: "Paid youth advisers sit on the service board."}',
        'Q1: {score: 3, reason: "Advisers, but no budget of their own."}'))
    theirs = write(tmp_path, "theirs.yaml", EXAMPLE.replace(
        'Q1: {score: 4, reason: "Paid youth advisers sit on the service board."}',
        'Q1: {score: 5, reason: "Advisers sit on the board and hold a budget."}'))
    out = tmp_path / "merged.yaml"
    run = udc("merge", base, ours, theirs, "-o", out)
    assert run.returncode == 1
    assert not out.exists()
    assert "cp-1 on brightpath, Q1" in run.stderr
    assert 'OURS has 3, reason "Advisers, but no budget of their own."' in run.stderr
    assert 'THEIRS has 5, reason "Advisers sit on the board and hold a budget."' in run.stderr
    assert "nothing was written" in run.stderr
    settled = udc("merge", base, ours, theirs, "-o", out, "--prefer", "theirs")
    assert settled.returncode == 0, settled.stderr
    assert 'Q1: {score: 5, reason: "Advisers sit on the board and hold a budget."}' in out.read_text(encoding="utf-8")
    ours_wins = udc("merge", base, ours, theirs, "--prefer", "ours")
    assert ours_wins.returncode == 0 and 'Q1: {score: 3, reason: "Advisers' in ours_wins.stdout


def test_method_changed_differently_on_both_sides_is_a_conflict_even_with_prefer(udc, tmp_path):
    base = write(tmp_path, "base.yaml", EXAMPLE)
    ours = write(tmp_path, "ours.yaml", EXAMPLE.replace("minimum_quality: 50", "minimum_quality: 40"))
    theirs = write(tmp_path, "theirs.yaml", EXAMPLE.replace("budget: 2600000", "budget: 2700000"))
    run = udc("merge", base, ours, theirs, "--prefer", "theirs")
    assert run.returncode == 1 and run.stdout == ""
    assert "in OURS: round.minimum_quality changed from 50 to 40" in run.stderr
    assert "in THEIRS: round.budget changed from 2600000 to 2700000" in run.stderr
    # one side's method change alone is taken
    same = write(tmp_path, "same.yaml", EXAMPLE.replace("Q1: 3, Q2: 3, Q3: 2, Q4: 3}", "Q1: 3, Q2: 3, Q3: 3, Q4: 3}"))
    run = udc("merge", base, same, theirs)
    assert run.returncode == 0, run.stderr
    # OURS exactly as written, but for THEIRS' one change
    assert run.stdout == same.read_text(encoding="utf-8").replace("budget: 2600000", "budget: 2700000")


def test_a_merge_that_would_break_a_rule_is_refused(udc, tmp_path):
    cp3 = re.compile(r"(?m)^  cp-3:\n(?:    .*\n)+")
    example = re.sub(r"(?ms)^award:\n.*?\n\n", "", EXAMPLE)  # no award while scores are still owed
    base_text = cp3.sub("", example)
    base = write(tmp_path, "base.yaml", base_text)
    ours = write(tmp_path, "ours.yaml", example)  # cp-3's sheet collected, with scores for Q4
    q4 = base_text[base_text.index("  - id: Q4\n"):base_text.index("  - id: I1\n")]
    theirs_text = re.sub(r", Q4: [0-9]}", "}", base_text.replace(q4, ""))
    theirs_text = re.sub(r'(?m)^    Q4: ".*"\n', "", theirs_text).replace(
        "    weight: 10\n    assessed_by: [commissioners]\n  - id: I1", "    weight: 20\n    assessed_by: [commissioners]\n  - id: I1")
    theirs = write(tmp_path, "theirs.yaml", theirs_text)  # Q4 dropped, its weight moved to Q3
    assert udc("check", theirs).returncode == 0
    run = udc("merge", base, ours, theirs)
    assert run.returncode == 1, run.stderr
    assert "would break the format's rules" in run.stderr and "Q4" in run.stderr and run.stdout == ""


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", NO_COLOR="1")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="no git")
def test_git_uses_udc_merge_as_its_merge_driver(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    git(repo, "config", "merge.udc.name", "udc round merge")
    git(repo, "config", "merge.udc.driver", f"{udc_executable()} merge %O %A %B -o %A")
    (repo / ".gitattributes").write_text("*.udc.yaml merge=udc\n", encoding="utf-8")
    base, ours, theirs = diverging(tmp_path)
    round_file = repo / "cyp.udc.yaml"
    round_file.write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "theirs")
    round_file.write_text(theirs.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "commit", "-qam", "their sheets")
    git(repo, "checkout", "-q", "main")
    round_file.write_text(ours.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "commit", "-qam", "our sheets")
    merged = git(repo, "merge", "--no-edit", "theirs")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert cells(round_file) == cells(ROOT / "examples/cyp-mental-health.yaml")
    assert "# collected at the Tuesday session" in round_file.read_text(encoding="utf-8")
    # a real conflict stops the merge and leaves our copy as it was
    git(repo, "checkout", "-qb", "other", "HEAD~1")
    text = round_file.read_text(encoding="utf-8")
    round_file.write_text(text.replace("Q1: 2, I1: 2}\n    kinship: {Q1: 3, I1: 5}", "Q1: 2, I1: 3}\n    kinship: {Q1: 3, I1: 5}"),
                          encoding="utf-8")
    git(repo, "commit", "-qam", "le-5 rescored")
    git(repo, "checkout", "-q", "main")
    mine = round_file.read_text(encoding="utf-8").replace(
        "Q1: 2, I1: 2}\n    kinship: {Q1: 3, I1: 5}", "Q1: 2, I1: 1}\n    kinship: {Q1: 3, I1: 5}")
    round_file.write_text(mine, encoding="utf-8")
    git(repo, "commit", "-qam", "le-5 rescored differently")
    refused = git(repo, "merge", "--no-edit", "other")
    assert refused.returncode != 0
    assert round_file.read_text(encoding="utf-8") == mine


def test_merge_reads_like_the_files_it_was_given(tmp_path):
    """Changes on THEIRS' side only come through as THEIRS has them, and vice versa (in process)."""
    from udc.workflow.merge import merge

    base, ours, theirs = diverging(tmp_path)
    assert load_path(ours).data == load_path(write(tmp_path, "x.yaml", merge(base, ours, base).text)).data
    assert load_path(theirs).data == load_path(write(tmp_path, "y.yaml", merge(base, base, theirs).text)).data


# ---------------------------------------------------------------- properties

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
import yaml  # noqa: E402

_BASE = yaml.safe_load(EXAMPLE)
_CELLS = sorted((e, b, c) for e, bids in _BASE["scores"].items() for b, cs in bids.items() for c in cs)


@st.composite
def edited(draw):
    """A copy of the example as someone might have edited it: scores changed, added, removed, bids re-priced."""
    import copy

    data = copy.deepcopy(_BASE)
    for e, b, c in draw(st.lists(st.sampled_from(_CELLS), max_size=6, unique=True)):
        cells = data["scores"][e][b]
        action = draw(st.sampled_from(["score", "reason", "remove"]))
        if action == "remove":
            del cells[c]
        elif c == "M1":
            cells[c] = draw(st.sampled_from(["pass", "fail"]))
        elif action == "score":
            cells[c] = draw(st.integers(0, 5))
        else:
            old = cells[c]["score"] if isinstance(cells[c], dict) else cells[c]
            cells[c] = {"score": old, "reason": draw(st.sampled_from(["Clear plan.", "Thin evidence: no data."]))}
    for bid in data["bids"]:
        if draw(st.booleans()):
            bid["price"] = draw(st.integers(2_000_000, 2_600_000))
    if draw(st.booleans()):
        data["bids"].insert(draw(st.integers(0, 3)), {"id": "oak", "bidder": "Oak Trust", "price": 2_300_000})
    if draw(st.booleans()):
        data["moderation"]["lived-experience"]["kinship"] = {"I1": {"score": 4, "reason": "Agreed."}}
    if draw(st.booleans()):
        data["round"]["minimum_quality"] = draw(st.sampled_from([40, 45, 55]))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _semantic(path: Path):
    return load_path(path).data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edited())
def test_merging_with_an_unchanged_side_gives_the_other_side(tmp_path, x_text):
    from udc.workflow.merge import merge

    base = write(tmp_path, "base.yaml", EXAMPLE)
    x = write(tmp_path, "x.yaml", x_text)
    as_ours = merge(base, x, base)
    assert as_ours.conflicts == []
    assert as_ours.text == x_text  # nothing to take: OURS exactly as it was
    as_theirs = merge(base, base, x)
    assert as_theirs.conflicts == []
    assert _semantic(write(tmp_path, "m.yaml", as_theirs.text)) == _semantic(x)


def test_record_items_from_both_sides_are_kept(udc, tmp_path):
    base = write(tmp_path, "base.yaml", EXAMPLE)
    ours = write(tmp_path, "ours.yaml", EXAMPLE.replace(
        "  - id: dec-1\n", "  - id: int-2\n    date: 2027-01-15\n    kind: interview\n    attendees: [le-1, le-2]\n"
        "  - id: dec-1\n"))
    theirs = write(tmp_path, "theirs.yaml", EXAMPLE.replace("without numbers or dates.", "with no numbers.")
                   .replace("    became: [I1]\n", "    became: [I1, Q1]\n"))
    run = udc("merge", base, ours, theirs)
    assert run.returncode == 0, run.stderr
    merged = load_path(write(tmp_path, "m.yaml", run.stdout)).data
    assert [m["id"] for m in merged["meetings"]] == ["int-1", "mod-1", "int-2", "dec-1"]
    assert merged["feedback"]["northstar"]["Q4"] == "Social value commitments were general, with no numbers."
    assert merged["voice"][1]["became"] == ["I1", "Q1"]
    # the same feedback changed differently on both sides: --prefer settles it, and says so
    other = write(tmp_path, "other.yaml", EXAMPLE.replace("without numbers or dates.", "vague."))
    assert udc("merge", base, other, theirs).returncode == 1
    settled = udc("merge", base, other, theirs, "--prefer", "ours")
    assert settled.returncode == 0 and "settled with OURS: feedback.northstar.Q4" in settled.stderr


def test_a_score_written_differently_is_the_same_score(udc, tmp_path):
    base = write(tmp_path, "base.yaml", EXAMPLE)
    ours = write(tmp_path, "ours.yaml", EXAMPLE.replace("kinship: {Q1: 3, I1: 5}", "kinship: {Q1: {score: 3.0}, I1: 5}"))
    theirs = write(tmp_path, "theirs.yaml", EXAMPLE.replace("kinship: {Q1: 3, I1: 5}", "kinship: {Q1: 4, I1: 5}"))
    run = udc("merge", base, ours, theirs)
    assert run.returncode == 0, run.stderr  # OURS only rewrote 3 as {score: 3.0}: THEIRS' 4 is taken
    assert "kinship: {Q1: 4, I1: 5}" in run.stdout
