"""Time every udc command on one generated round, as ratios to ``udc score`` on the same file.

    python bench/commands.py [--runs 3] [--bids 100 --criteria 40 --evaluators 16] [--only NAME ...]

With ``--runs 0`` each command runs once, with no warm-up round (for the 300x60x20 round, where
peak memory is the figure wanted: issue 13 asks at most 2x ``udc score``'s).

The guide asks for every command to be timed, not only ``score``. Each command
runs as a fresh process on the round of ``bench/generate.py`` (or on copies made
from it: a changed copy for ``diff`` and ``merge``, a fresh copy for the
commands that edit the round); its output goes to a temporary folder or to
/dev/null. Commands take turns, one run each per round after a warm-up round,
and the median of ``--runs`` runs of processor time (user + system) and of wall
time is reported. Processor time is the figure to quote when the machine is
shared: load from elsewhere stretches wall time far more than it.

``udc collect`` and ``udc sheets --format xlsx`` have their own script with
their targets (bench/workflow.py).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is not a package)
from workflow import UDC, medians, round_arguments  # noqa: E402

Before = Callable[[], object] | None


def changed(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` after the scores heading replaced by ``new``."""
    at = text.index("\nscores:\n")
    hit = text.index(old, at)
    return text[:hit] + new + text[hit + len(old):]


def without_last_evaluator(text: str) -> tuple[str, str]:
    """The round without the last evaluator's scores (the last block of the last section), and that evaluator."""
    at = text.index("\nscores:\n")
    last = max(m.start() for m in re.finditer(r"\n  [^ \n#][^:\n]*:\n", text[at:])) + at
    return text[:last + 1], text[last + 3:text.index(":", last)]


def commands(folder: Path, full: Path) -> dict[str, tuple[list[str], Before]]:
    """Every command, with the files it needs made once (untimed)."""
    text = full.read_text(encoding="utf-8")
    ours, theirs, work = folder / "ours.yaml", folder / "theirs.yaml", folder / "work.yaml"
    ours.write_text(changed(text, "Q01: 4", "Q01: 3"), encoding="utf-8")
    theirs.write_text(changed(text, "Q02: 2", "Q02: 1"), encoding="utf-8")
    almost = folder / "almost.yaml"
    almost_text, last = without_last_evaluator(text)
    almost.write_text(almost_text, encoding="utf-8")
    sheets = folder / "sheets"
    subprocess.run([UDC, "sheets", str(full), "-o", str(sheets), "--format", "csv"], check=True, capture_output=True)
    late = next(str(p) for p in sheets.iterdir() if p.stem.endswith(last))
    out = str(folder / "out")
    r = str(full)

    def fresh() -> None:
        shutil.copyfile(full, work)
        shutil.rmtree(out, ignore_errors=True)

    def merge_copy() -> None:
        shutil.copyfile(ours, work)

    def almost_copy() -> None:
        shutil.copyfile(almost, work)

    return {
        "score": ([UDC, "score", r, "--format", "json"], None),
        "score (table)": ([UDC, "score", r], None),
        "score --audit": ([UDC, "score", r, "--audit"], None),
        "check": ([UDC, "check", r], None),
        "status": ([UDC, "status", r], None),
        "moderate (agenda)": ([UDC, "moderate", r], None),
        "moderate --stats": ([UDC, "moderate", r, "--stats"], None),
        "moderate --log": ([UDC, "moderate", r, "--log"], None),
        "moderate --power": ([UDC, "moderate", r, "--power"], None),
        "influence": ([UDC, "influence", r], None),
        "explain": ([UDC, "explain", r], None),
        "report (html)": ([UDC, "report", r, "-o", str(folder / "report.html")], None),
        "summaries --draft (docx)": ([UDC, "summaries", r, "--draft", "-o", out, "-f", "docx"], fresh),
        "summaries --draft (html)": ([UDC, "summaries", r, "--draft", "-o", out, "-f", "html"], fresh),
        "record": ([UDC, "record", r, "-o", out], fresh),
        "export (xlsx)": ([UDC, "export", r, "-f", "xlsx", "-o", str(folder / "export.xlsx")], None),
        "export (csv)": ([UDC, "export", r, "-f", "csv", "-o", out], fresh),
        "sheets (csv)": ([UDC, "sheets", r, "-o", out, "--format", "csv"], fresh),
        "diff": ([UDC, "diff", r, str(ours)], None),
        "merge": ([UDC, "merge", str(full), str(work), str(theirs)], merge_copy),
        "collect (the last sheet)": ([UDC, "collect", str(work), late], almost_copy),
        "moderate --record": ([UDC, "moderate", str(work), "--record", "lived-experience", "bid-001", "Q01", "3",
                               "--reason", "Agreed at the meeting."], fresh),
        "seal --reseal": ([UDC, "seal", str(work), "--reseal", "--date", "2026-11-27"], fresh),
        "schema": ([UDC, "schema"], None),
        "--version": ([UDC, "--version"], None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time every udc command as a ratio to udc score.")
    round_arguments(parser)
    parser.add_argument("--only", action="append", help="time only these commands (repeat); score is always timed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="udc-bench-commands-") as tmp:
        folder = Path(tmp)
        full = folder / "round.yaml"
        text = generate(args.bids, args.criteria, args.evaluators)
        full.write_text(text, encoding="utf-8")
        table = commands(folder, full)
        if args.only:
            unknown = sorted(set(args.only) - set(table))
            if unknown:
                parser.error(f"unknown command {', '.join(unknown)}; expected one of: {', '.join(table)}")
            table = {name: table[name] for name in table if name == "score" or name in args.only}
        print(f"round: {args.bids} bids x {args.criteria} criteria x {args.evaluators} evaluators "
              f"({len(text.encode()):,} bytes); median of {args.runs} runs")
        med = medians(table, args.runs, allowed=(0, 1))  # diff exits 1 when the ranking changed
        base_wall, base_cpu, base_peak = med["score"]
        print(f"{'command':<28}{'cpu s':>8}{'x score':>9}{'wall s':>8}{'x score':>9}{'peak MiB':>10}{'x score':>9}")
        for name, (w, c, m) in med.items():
            print(f"{name:<28}{c:>8.2f}{c / base_cpu:>9.2f}{w:>8.2f}{w / base_wall:>9.2f}{m / 1024:>10.0f}"
                  f"{m / base_peak:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
