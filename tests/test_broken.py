"""Broken round files: each gives one exact, located error, the right exit code, and no traceback.

Every file in tests/broken/ is ``_valid-base.yaml`` with one thing broken (its first
comment line says what). For each, ``udc check`` must print the expected
``path:line:col: error: ...`` line and exit with the expected code, and ``udc score``
must print the same line to stderr, write nothing to stdout and exit with the same
code: 2 when the file cannot be read safely (loader), 1 when it breaks the format or
a rule (schema, rules).

Expected lines are compared in full; ``…`` stands for text that is not the point
of the case (a digest that changes with the canonical form).
"""

from __future__ import annotations

import difflib
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_udc

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
BASE = BROKEN / "_valid-base.yaml"

UNREADABLE, RULES = 2, 1

# (file stem, exit code, expected error line without the "<file>.yaml:" prefix, only this error?)
CASES = [
    # ---- loader: the file cannot be read safely (exit 2)
    ("yaml-syntax-error", UNREADABLE,
     "50:3: error: did not find expected ',' or '}' (while parsing a flow mapping that starts at line 49, "
     "column 11); expected a YAML round file"),
    ("duplicate-score", UNREADABLE,
     "52:7: error: duplicate key 'Q2' (first at line 51); expected each key once: a YAML reader keeps only "
     "the last, which loses data"),
    ("python-object-tag", UNREADABLE,
     "5:10: error: the tag '!!python/object/apply:os.system' is not allowed; round files hold plain data"),
    ("custom-tag", UNREADABLE, "5:10: error: the tag '!secret' is not allowed; round files hold plain data"),
    ("alias-bomb", UNREADABLE,
     "3:4: error: aliases expand to more than 100,000 nodes; expected a file without alias bombs"),
    ("merge-key", UNREADABLE, "24:9: error: merge keys ('<<') are not supported; write the keys out"),
    ("empty-file", UNREADABLE, "1:1: error: the file is empty; expected a round (udc: 1, round, scale, ...)"),
    ("multiple-documents", UNREADABLE,
     "55:1: error: the file holds more than one YAML document; expected a YAML round file"),
    ("tab-indentation", UNREADABLE,
     "23:1: error: a tab character; expected spaces (YAML does not indent with tabs)"),
    ("deep-nesting", UNREADABLE,
     "44:117: error: the data is nested more than 64 levels deep; expected a round file (about 6 levels)"),
    # ---- schema: read, but not format 1 (exit 1)
    ("format-version-2", RULES, "2:6: error: format version '2' is not supported; expected udc: 1"),
    ("format-version-quoted", RULES,
     "2:6: error: format version '1' is text; expected udc: 1 (the number, without quotes)"),
    ("unknown-top-level-key", RULES,
     "43:1: error: unknown key 'moderaton'; did you mean 'moderation'? expected one of: udc, round, scale, "
     "groups, criteria, bids, scores, moderation, feedback, meetings, award, voice, seal"),
    ("criterion-key-typo", RULES,
     "36:5: error: unknown key 'wieght'; did you mean 'weight'? expected one of: id, title, kind, text, "
     "weight, section, stage, assessed_by, shares, minimum, written_by"),
    ("unknown-kind", RULES,
     "26:11: error: unknown criterion kind 'pass_fail'; did you mean 'pass-fail'? expected one of: scored, "
     "price, pass-fail"),
    ("bid-id-no", RULES,
     "45:10: error: 'no' is read by YAML as a yes/no value; expected text: put it in quotes (\"no\")"),
    ("evaluator-id-on", RULES,
     "23:7: error: 'on' is read by YAML as a yes/no value; expected text: put it in quotes (\"on\")"),
    ("mark-yes", RULES,
     "48:25: error: 'yes' is read by YAML as a yes/no value, not a score or mark; expected a score on the "
     "scale, pass, fail or absent"),
    ("withdrawn-yes", RULES,
     "45:58: error: 'yes' is ambiguous (older YAML reads it as a yes/no value, newer YAML as text); "
     "expected true or false"),
    ("bid-id-leading-zero", RULES,
     "45:10: error: '0123' is read by YAML as a number; expected text: put it in quotes (\"0123\")"),
    ("bid-id-date", RULES,
     "45:10: error: '2026-01-01' is read by YAML as a date; expected text: put it in quotes (\"2026-01-01\")"),
    ("score-bid-key-number", RULES,
     "53:5: error: '12' is read by YAML as a number; expected text: put it in quotes (\"12\")"),
    ("price-thousands-separator", RULES,
     "46:12: error: '2,450,000' has thousands separators; expected a plain number such as 2450000"),
    ("price-currency-flow", RULES,
     "45:41: error: '£1,850,000' has a currency sign and thousands separators; expected a plain number: 1850000 "
     "(the currency is given once, as round.currency)"),
    ("weight-percent", RULES,
     "36:13: error: '20%' has a percent sign, which is not needed; expected a plain number: 20"),
    ("price-out-of-range", RULES,
     "44:43: error: '1E+999999999' is out of range; expected a number with at most 15 digits before the "
     "decimal point and 20 after it"),
    ("weight-nan", RULES,
     "36:13: error: '.nan' is not a finite number; expected a decimal number such as 12 or 2.5"),
    ("weight-inf", RULES,
     "41:13: error: '.inf' is not a finite number; expected a decimal number such as 12 or 2.5"),
    ("weight-text", RULES,
     "36:13: error: '20' is text; expected a number (numbers are written without quotes)"),
    ("score-is-text", RULES,
     "48:107: error: 'three' is text; expected a score on the scale, pass, fail or absent"),
    ("decimals-7", RULES,
     "6:13: error: 7 is not a whole number from 0 to 6; expected decimals between 0 and 6"),
    # ---- rules: the format is right, a rule is broken (exit 1)
    ("weights-99", RULES,
     "25:3: error: the weights of scored and price criteria add up to 99, not 100; expected exactly 100"),
    ("stake-mismatch", RULES,
     "20:12: error: group 'lex' is promised a stake of 20% but the criteria give it 18% (Q1 18%); expected "
     "the weights and shares to give exactly the declared stake"),
    ("shares-unknown-group", RULES,
     "33:30: error: share for 'public', which is not in assessed_by; expected shares for exactly: com, lex"),
    ("assessed-by-empty", RULES, "37:18: error: assessed_by is empty; expected at least one group id", False),
    ("score-off-scale", RULES, "48:107: error: 4 is not on the scale; expected 0, 1, 2 or 3 (or absent)"),
    ("mark-on-scored", RULES, "48:107: error: 'pass' is a mark, but Q2 is scored; expected 0, 1, 2 or 3"),
    ("score-conflicted", RULES,
     "52:12: error: evaluator 'l1' declared a conflict with bid 'beta' but scored it; expected no score "
     "from a conflicted member"),
    ("score-not-assessed", RULES,
     "54:47: error: evaluator 'l2' (lex) scores 'Q2', which lex does not assess; expected scores only for "
     "criteria their group assesses"),
    ("score-unknown-evaluator", RULES,
     "52:3: error: scores from unknown evaluator 'l3'; expected a member of a group"),
    ("score-unknown-bid", RULES, "54:5: error: score for unknown bid 'gamma'; expected one of: alpha, beta"),
    ("score-unknown-criterion", RULES,
     "54:47: error: score for unknown criterion 'Q3'; expected a scored or pass-fail criterion id"),
    ("score-for-price", RULES,
     "48:126: error: 'price' is the price criterion, which is computed from bid prices; expected no scores "
     "for it"),
    ("moderation-unknown-group", RULES,
     "56:3: error: moderation for unknown group 'lived'; expected one of: com, lex"),
    ("moderation-absent", RULES, "58:7: error: 'absent' is not an agreed score; expected a score"),
    ("tie-break-price-without-price", RULES,
     "6:24: error: tie-break key 'price' but the round has no price criterion; expected quality, "
     "group:<id> or criterion:<id>"),
    ("tie-break-unknown-group", RULES,
     "6:24: error: tie-break key 'group:public' names an unknown group; expected one of: group:com, group:lex"),
    ("tie-break-not-scored", RULES,
     "6:24: error: tie-break key 'criterion:M1' does not name a scored criterion; expected one of: "
     "criterion:Q1, criterion:Q2"),
    ("two-price-criteria", RULES, "44:11: error: a second price criterion; expected at most one"),
    ("budget-without-price", RULES,
     "7:11: error: a budget without a price criterion; expected a criterion with kind: price"),
    ("bid-missing-price", RULES,
     "45:5: error: bid 'beta' has no price; expected 'price: <amount in GBP>' (the round has a price "
     "criterion)"),
    ("was-without-why", RULES,
     "48:95: error: a changed score needs both 'was' and 'why'; 'was' is given without 'why'"),
    ("require-reasons-missing", RULES,
     "49:95: error: score without a reason; expected a reason (round.require_reasons is true)"),
    ("seal-mismatch", RULES,
     "56:11: error: the assessment method changed after it was sealed on 2026-01-10: this seal was made "
     "before udc kept a copy of the sealed method, so the changed fields cannot be named …; expected the "
     "method as sealed …"),
    ("minimum-off-scale", RULES, "34:14: error: minimum 5 is outside the scale; expected a value from 0 to 3"),
    ("group-without-members", RULES,
     "26:14: error: group 'obs' has no members; expected at least one evaluator"),
    ("duplicate-bid-id", RULES,
     "46:10: error: bid id 'alpha' is used twice (first as item 1); expected each bid id once"),
    ("evaluator-in-two-groups", RULES,
     "24:7: error: evaluator 'c1' is a member of both 'com' and 'lex'; expected an evaluator id in one "
     "group only", False),
    ("conflict-unknown-bid", RULES,
     "22:67: error: conflict with unknown bid 'gama'; expected one of: alpha, beta"),
]


def cpu_seconds() -> float:
    """Processor time of this process and its finished children: unlike wall time, not stretched by a busy
    machine."""
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF,
                                                                           resource.RUSAGE_CHILDREN)))


def udc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_udc(*args, cwd=cwd)


def udc_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A real ``python -m udc`` process: for the bombs, whose limits must hold in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "udc", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def matches(expected: str, line: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, line) is not None


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ": error: " in line]


def assert_reported(name: str, proc: subprocess.CompletedProcess, expected: str, only: bool,
                    stream: str) -> None:
    lines = error_lines(getattr(proc, stream))
    want = f"{name}:{expected}"
    assert any(matches(want, line) for line in lines), f"{want!r} not among:\n" + "\n".join(lines)
    if only:
        assert len(lines) == 1, "expected exactly one error, got:\n" + "\n".join(lines)


def assert_no_traceback(*procs: subprocess.CompletedProcess) -> None:
    for proc in procs:
        assert "Traceback" not in proc.stdout + proc.stderr


def check_and_score(name: str, folder: Path, code: int, expected: str, only: bool = True) -> None:
    check = udc("check", name, cwd=folder)
    score = udc("score", name, cwd=folder)
    assert_no_traceback(check, score)
    assert check.returncode == code, check.stdout + check.stderr
    assert_reported(name, check, expected, only, "stdout")
    summary = check.stdout.splitlines()[-1]
    if code == UNREADABLE:
        assert summary == f"{name}: unreadable"
    else:
        assert re.fullmatch(re.escape(name) + r": \d+ errors?, \d+ warnings?", summary), summary
    assert score.returncode == code, score.stdout + score.stderr
    assert score.stdout == ""  # nothing is scored, nothing is written
    assert_reported(name, score, expected, only, "stderr")


def test_the_table_covers_every_file() -> None:
    on_disk = {p.stem for p in BROKEN.glob("*.yaml")} - {BASE.stem}
    assert on_disk == {case[0] for case in CASES}
    assert len(CASES) >= 30


def test_the_base_is_valid_and_clean() -> None:
    check = udc("check", "--strict", BASE.name, cwd=BROKEN)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == f"{BASE.name}: valid"


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[0] not in ("alias-bomb", "empty-file")])
def test_each_file_is_a_small_variation_of_the_base(name: str) -> None:
    """One thing is broken: apart from its comment, the file is the base with a few lines changed."""
    base = [line for line in BASE.read_text().splitlines() if not line.startswith("#")]
    text = (BROKEN / f"{name}.yaml").read_text()
    assert text.startswith("# "), "each broken file starts with a comment saying what is wrong"
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    changed = [d for d in difflib.ndiff(base, lines) if d[:1] in "+-"]
    assert 0 < len(changed) <= 12, "\n".join(changed)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_file(case: tuple) -> None:
    stem, code, expected, *rest = case
    check_and_score(f"{stem}.yaml", BROKEN, code, expected, *rest)


# ---- cases written as bytes (a repository should not hold them as text files)


def test_not_utf8(tmp_path: Path) -> None:
    raw = BASE.read_bytes().replace(b"title: Base round", b"title: Caf\xe9 round")
    (tmp_path / "latin1.yaml").write_bytes(raw)
    check_and_score("latin1.yaml", tmp_path, UNREADABLE,
                    "5:13: error: byte 0xe9 is not UTF-8; save the file as UTF-8 text")


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    raw = BASE.read_bytes().replace(b"title: Base round", "title: Café ".encode() + b"\xe9")
    (tmp_path / "mixed.yaml").write_bytes(raw)
    check_and_score("mixed.yaml", tmp_path, UNREADABLE,
                    "5:15: error: byte 0xe9 is not UTF-8; save the file as UTF-8 text")


def test_nul_byte(tmp_path: Path) -> None:
    raw = BASE.read_bytes().replace(b"title: Base round", b"title: Base\x00round")
    (tmp_path / "nul.yaml").write_bytes(raw)
    check_and_score("nul.yaml", tmp_path, UNREADABLE,
                    "5:14: error: the file holds a NUL byte; expected YAML text")


@pytest.mark.parametrize("levels", [65, 999, 1_001, 5_000, 100_000])
def test_nesting_bomb_is_refused_not_crashed(tmp_path: Path, levels: int) -> None:
    """Deep nesting gets udc's own refusal at the first level too deep, whatever the YAML parser's
    own limit (PyYAML 6.0.4's libyaml stops at 1,000 levels with its own words; older builds
    have no limit and 100,000 levels would overflow the C stack if composed)."""
    text = BASE.read_text().replace("  tie_break: [quality]", "  tie_break: " + "[" * levels + "]" * levels)
    (tmp_path / "nest.yaml").write_text(text)
    started = cpu_seconds()
    check_and_score("nest.yaml", tmp_path, UNREADABLE,
                    "6:76: error: the data is nested more than 64 levels deep; expected a round file "
                    "(about 6 levels)")
    assert cpu_seconds() - started < 10


def test_alias_bomb_is_refused_quickly() -> None:
    started = cpu_seconds()
    check = udc_process("check", "alias-bomb.yaml", cwd=BROKEN)
    elapsed = cpu_seconds() - started
    assert check.returncode == UNREADABLE
    assert elapsed < 2, f"the alias bomb took {elapsed:.2f} s to refuse"


def test_a_bom_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.read_bytes())
    check = udc("check", "bom.yaml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_large_round_is_parsed_once_where_libyaml_limits_nesting(monkeypatch) -> None:
    """The second parse that measures depth runs only where the parser could compose deeper than is safe."""
    from udc.core import loader, yaml_compose

    if not yaml_compose._parser_limits_nesting():
        pytest.skip("this libyaml composes any depth: the depth is measured first, by design")
    monkeypatch.setattr(yaml_compose, "_refuse_deep_nesting", lambda text, label: pytest.fail("parsed twice"))
    rows = "".join(f"  - {{id: b{i}, bidder: B {i}, price: {i + 1}}}\n" for i in range(3000))
    loaded = loader.load_text("bids:\n" + rows, "many.yaml")
    assert len(loaded.data["bids"]) == 3000
