"""Mutated example rounds never make a command crash (issue 9, item 16).

A seeded mutator changes the example rounds one small step at a time (a number
to an extreme, an id to another id, a line dropped or repeated, markup and
control characters in text, another aggregate or tie-break) and runs the
commands in this process, through the real entry point (typer's CliRunner).
Every run must end with exit 0, 1 or 2 and no traceback.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from udc.cli.app import app

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
CASES = 1600  # about 25 s of CPU here: every case checked; changed settings and a third of the rest through every command
NUMBERS = ["0", "-1", "1", "2.5", "100", "101", "1000000000", "0.00000000000000000001", "100000000", "1e3",
           "10.000", "-0", "99999999999999999999999999999", "0.1", "3.333333333333333333333", "007", ".5"]
WORDS = ["quality", "price", "mean", "median", "consensus", "absent", "pass", "fail", "G2", "Q1", "P", "M1", "I1",
         "lived-experience", "commissioners", "young-carers", "officers", "null", "~", "[]", "{}", "yes", "no",
         "'[/x]'", "'[bold]x[/]'", "\"\\e[2J\"", "\"a\\u202eb\"", "''"]
TIE_KEYS = ["quality", "price", "group:commissioners", "group:young-carers", "group:lived-experience",
            "criterion:G2", "criterion:Q1", "criterion:I1", "criterion:P", "criterion:M1", "group:nobody"]
NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.-])")
WORD = re.compile(r"\b[A-Za-z][\w-]*\b")


SETTINGS = {  # round-level settings, set to values that are valid-looking but extreme
    "tie_break": lambda rng: "[" + ", ".join(rng.sample(TIE_KEYS, rng.randint(1, 2))) + "]",
    "scale": lambda rng: "{min: 0, max: %s, step: %s}" % (
        rng.choice(["10", "100000000", "1000000000", "99999999999999999999999999999"]),
        rng.choice(["1", "0.5", "0.001", "3", "0.00000000000000000001"])),
    "aggregate": lambda rng: rng.choice(["mean", "median", "consensus"]),
    "divergence": lambda rng: rng.choice(["0", "0.5", "1", "100"]),
    "decimals": lambda rng: rng.choice(["0", "1", "6"]),
    "minimum_quality": lambda rng: rng.choice(["0", "99", "100", "50.5"]),
    "budget": lambda rng: rng.choice(["1", "1000000000000", "2450000"]),
    "require_reasons": lambda rng: rng.choice(["true", "false"]),
}


def setting(text: str, rng: random.Random) -> str | None:
    """One round-level setting changed (a ``key: value`` line of the file, flow-style values included)."""
    key = rng.choice(sorted(SETTINGS))
    spots = list(re.finditer(rf"(?m)^(\s*{key}: )(\[.*\]|\{{.*\}}|[^\n#]*)$", text))
    if not spots:
        return None
    m = rng.choice(spots)
    return text[:m.start(2)] + SETTINGS[key](rng) + text[m.end(2):]


def mutate(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        changed = setting(text, rng)
        if changed is not None:
            return changed
    lines = text.splitlines()
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        i = rng.randrange(len(lines))
        line = lines[i]
        kind = rng.randrange(9)
        if kind == 0 and NUMBER.search(line):
            spots = list(NUMBER.finditer(line))
            m = rng.choice(spots)
            lines[i] = line[:m.start()] + rng.choice(NUMBERS) + line[m.end():]
        elif kind == 1 and WORD.search(line):
            m = rng.choice(list(WORD.finditer(line)))
            lines[i] = line[:m.start()] + rng.choice(WORDS) + line[m.end():]
        elif kind == 2:
            del lines[i]
        elif kind == 3:
            lines.insert(i, line)
        elif kind == 4:
            lines[i] = re.sub(r"tie_break: \[.*\]", "tie_break: [" + ", ".join(
                rng.sample(TIE_KEYS, rng.randint(1, 3))) + "]", line) if "tie_break" in line else line
        elif kind == 5:
            lines[i] = re.sub(r"scale: \{.*\}", "scale: {min: 0, max: %s, step: %s}" % (
                rng.choice(NUMBERS), rng.choice(NUMBERS)), line) if "scale: {" in line else line + " [x]"
        elif kind == 6:
            lines[i] = line.replace("\"", "\"[/x] \\e]8;;https://evil.example\\e\\\\ ", 1)
        elif kind == 7:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = line.replace(": ", ": &a ", 1) if rng.random() < 0.5 else line.replace(": ", ": *a ", 1)
    return "\n".join(lines) + "\n"


def setting_changed(text: str, sources: list[str]) -> bool:
    """Whether only a round-level setting changed (those cases all go through every command)."""
    return any(sum(a != b for a, b in zip(text.splitlines(), s.splitlines())) == 1
               and len(text.splitlines()) == len(s.splitlines()) for s in sources)


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "80"})


def ok(result, command: str, text: str) -> None:
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    output = result.stdout + result.stderr
    assert not crashed and result.exit_code in (0, 1, 2) and "Traceback" not in output, \
        f"udc {command} crashed (exit {result.exit_code}: {result.exception!r}) on:\n{text}"


@pytest.mark.parametrize("part", range(4))
def test_mutated_rounds_never_crash(tmp_path: Path, part: int) -> None:
    rng = random.Random(9_16 + part)
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    path = tmp_path / "round.yaml"
    valid = 0
    for case in range(CASES // 4):
        text = mutate(rng.choice(sources), rng)
        path.write_text(text, encoding="utf-8")
        checked = run("check", str(path))
        ok(checked, "check", text)
        if checked.exit_code != 0:
            continue  # score, influence and moderate refuse a broken round through the same check
        valid += 1
        if valid % 3 and (valid % 2 or not setting_changed(text, sources)):
            continue
        ok(run("score", str(path), "--format", "json"), "score", text)
        ok(run("influence", str(path), "--samples", "20", "--format", "json"), "influence", text)
        ok(run("moderate", str(path), "--format", "json"), "moderate", text)
        if valid % 5 == 0:
            ok(run("moderate", str(path), "--stats", "--plain"), "moderate --stats", text)
    assert valid > 100  # the mutations reach the engine and the analyses, not only the reader
