"""Time the workflow commands (collect, sheets) as ratios to ``udc score`` on the same round.

    python bench/workflow.py [--runs 3] [--bids 100 --criteria 40 --evaluators 16] [--memory] [--baseline DIR]

Issue 13's targets, on the 100x40x16 round of bench/generate.py:

* ``udc collect`` of a full set of returned sheets (one per evaluator, every
  score filled in), CSV and xlsx, into the round without its scores: at most
  3x ``udc score ROUND --format json``;
* ``udc sheets ROUND --format xlsx``: at most 3x ``udc score``;
* with ``--memory`` (use it with 300x60x20): the peak resident memory of
  ``udc collect`` (CSV) at most 2x that of ``udc score``.

The sheets are made once, by ``udc sheets`` on the full round; each timed
collect gets a fresh copy of the round without scores (the copy is not timed).
Commands take turns, one run each per round after a warm-up round; the median
of ``--runs`` runs is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is not a package)

PY = sys.executable
UDC = str(Path(sys.executable).parent / ("udc.exe" if os.name == "nt" else "udc"))


def run(command: list[str], before=None, allowed: tuple[int, ...] = (0,),
        code: str | None = None) -> tuple[float, float, int]:
    """Wall time, CPU time and peak resident memory (KiB) of one run of ``command``; stops when it exits
    with a status not in ``allowed``. ``code``: a folder put first on PYTHONPATH (another checkout's udc)."""
    if before is not None:
        before()
    start = time.perf_counter()
    env = {**os.environ, "NO_COLOR": "1", **({"PYTHONPATH": code} if code else {})}
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    code = os.waitstatus_to_exitcode(status)
    if code not in allowed:
        sys.exit(f"workflow.py: error: {' '.join(command)} exited {code}:\n{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def round_arguments(parser: argparse.ArgumentParser) -> None:
    """The timed runs and the size of the generated round (100x40x16 unless told), as each script takes them."""
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bids", type=int, default=100)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--evaluators", type=int, default=16)


def medians(commands: dict[str, tuple], runs: int, allowed: tuple[int, ...] = (0,)) -> dict[str, tuple[float, ...]]:
    """Median wall time, processor time and peak memory (KiB) of each command, given by name as
    ``(command, before)`` or ``(command, before, code)`` (see :func:`run`).

    Commands take turns, one run each per round, after a warm-up round that warms the disk cache
    and the .pyc files; with ``runs`` 0, each runs once with no warm-up.
    """
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for i in range(runs + 1):
        for name, (command, before, *code) in commands.items():
            measured = run(command, before, allowed, *code)
            if i or not runs:
                samples[name].append(measured)
    return {name: tuple(statistics.median(s[k] for s in got) for k in range(3)) for name, got in samples.items()}


def without_scores(text: str) -> str:
    """The generated round with its ``scores:`` section (the last one) removed."""
    return text[: text.index("\nscores:\n") + 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time udc collect and udc sheets as ratios to udc score.")
    round_arguments(parser)
    parser.add_argument("--memory", action="store_true", help="also report peak memory ratios")
    parser.add_argument("--only", choices=("csv", "xlsx", "sheets"), action="append",
                        help="time only these (repeat); udc score is always timed")
    parser.add_argument("--baseline", metavar="DIR",
                        help="also time udc sheets with the udc package of the checkout DIR (e.g. main), in turn")
    args = parser.parse_args(argv)
    only = set(args.only or ("csv", "xlsx", "sheets"))
    with tempfile.TemporaryDirectory(prefix="udc-bench-wf-") as tmp:
        folder = Path(tmp)
        full = folder / "full.yaml"
        text = generate(args.bids, args.criteria, args.evaluators)
        full.write_text(text, encoding="utf-8")
        empty = folder / "empty.yaml"
        empty.write_text(without_scores(text), encoding="utf-8")
        target = folder / "target.yaml"
        print(f"round: {args.bids} bids x {args.criteria} criteria x {args.evaluators} evaluators "
              f"({len(text.encode()):,} bytes); median of {args.runs} runs")
        commands: dict[str, tuple] = {"udc score": ([UDC, "score", str(full), "--format", "json"], None)}
        for fmt in ("csv", "xlsx"):
            sheets = folder / fmt
            if fmt in only:
                subprocess.run([UDC, "sheets", str(full), "-o", str(sheets), "--format", fmt], check=True,
                               capture_output=True)
                files = sorted(str(p) for p in sheets.iterdir())
                commands[f"udc collect ({fmt})"] = ([UDC, "collect", str(target), *files],
                                                    lambda: shutil.copyfile(empty, target))
        if "sheets" in only:
            out = folder / "out"
            commands["udc sheets --format xlsx"] = ([UDC, "sheets", str(full), "-o", str(out), "--format",
                                                     "xlsx", "--force"], None)
            if args.baseline:
                commands["udc sheets (baseline)"] = (commands["udc sheets --format xlsx"][0], None, args.baseline)
        med = medians(commands, args.runs)
        base = med["udc score"]
        print(f"{'command':<26}{'wall s':>8}{'x score':>8}{'cpu s':>8}{'x score':>8}{'peak MiB':>9}{'x score':>8}"
              f"{'  goal (x score)'}")
        for name, (t, c, m) in med.items():
            goal = "" if name == "udc score" else f"  time 3{', memory 2' if args.memory else ''}"
            print(f"{name:<26}{t:>8.2f}{t / base[0]:>8.2f}{c:>8.2f}{c / base[1]:>8.2f}{m / 1024:>9.0f}"
                  f"{m / base[2]:>8.2f}{goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
