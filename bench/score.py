"""``udc score`` against its floor, its peak memory, and how it grows (issue 13).

    python bench/score.py [--runs 10] [--keep DIR] [--sizes 30x20x10,100x40x16,300x60x20]

Run it with the Python of the environment ``udc`` is installed in. It writes the
rounds with bench/generate.py, then, each command a fresh process, taking turns:

  floor        python -c "import gc; gc.disable(); import yaml; yaml.load(F, Loader=yaml.CSafeLoader)"
               (PyYAML's C loader with the garbage collector off, as udc runs)
  udc score    udc score F --format json  (output to /dev/null)

on the 100x40x16 round (64,000 scores), and reports medians of wall time and of
processor time (user + system of the child: a busy shared machine stretches wall
time, not processor time). Then ``udc score`` on every size: median processor time,
peak memory (the child's maximum resident set), and the fitted growth: the slope of
log(time) against log(scores) (1.0 is linear, 2.0 quadratic) and seconds per
100,000 scores from a least-squares line.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is not a package)

UDC = str(Path(sys.executable).parent / "udc")
FLOOR = "import gc; gc.disable(); import yaml, sys; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"


def run(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, processor seconds, peak resident KiB) of one fresh process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "NO_COLOR": "1"})
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"score.py: error: {' '.join(command)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def medians(runs: int, commands: dict[str, list[str]]) -> dict[str, tuple[float, float, int]]:
    """Median wall and processor time and the largest peak memory of each command; one warm-up round first."""
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            measured = run(command)
            if round_:
                samples[name].append(measured)
    return {name: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got),
                   max(s[2] for s in got)) for name, got in samples.items()}


def fitted(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """Least squares ``time = start + per_score * scores``, and the slope of log(time - start) on log(scores).

    The start (interpreter, imports) does not grow with the round; without taking it off, a
    linear command would look sub-linear.
    """
    ns, ts = [n for n, _ in points], [t for _, t in points]
    mn, mt = statistics.fmean(ns), statistics.fmean(ts)
    per = sum((n - mn) * (t - mt) for n, t in zip(ns, ts, strict=True)) / sum((n - mn) ** 2 for n in ns)
    start = mt - per * mn
    xs = [math.log(n) for n in ns]
    ys = [math.log(max(t - start, 1e-9)) for t in ts]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    exponent = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return exponent, per * 100_000, start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--sizes", default="30x20x10,100x40x16,300x60x20")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="udc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(x) for x in size.split("x")) for size in args.sizes.split(",")]
    files = {}
    for bids, criteria, evaluators in sizes:
        path = folder / f"round-{bids}x{criteria}x{evaluators}.yaml"
        if not path.exists():
            path.write_text(generate(bids=bids, criteria=criteria, evaluators=evaluators, seed=1), encoding="utf-8")
        files[(bids, criteria, evaluators)] = path

    big = files.get((100, 40, 16)) or files[sizes[len(sizes) // 2]]
    got = medians(args.runs, {"floor": [sys.executable, "-c", FLOOR, str(big)],
                              "udc score": [UDC, "score", str(big), "--format", "json"]})
    print(f"{big.name}: medians of {args.runs} runs (fresh processes, taking turns)")
    for name, (wall, cpu, peak) in got.items():
        print(f"  {name:10} wall {wall:6.3f} s   processor {cpu:6.3f} s   peak {peak / 1024:7.1f} MiB")
    (fw, fc, _), (uw, uc, _) = got["floor"], got["udc score"]
    print(f"  udc score / floor: wall {uw / fw:.2f}x, processor {uc / fc:.2f}x (limit 2.0x)")

    points = []
    print(f"udc score --format json by size: medians of {max(3, args.runs // 2)} runs")
    for (bids, criteria, evaluators), path in files.items():
        wall, cpu, peak = medians(max(3, args.runs // 2), {"s": [UDC, "score", str(path), "--format", "json"]})["s"]
        scores = bids * criteria * evaluators
        points.append((scores, cpu))
        print(f"  {bids}x{criteria}x{evaluators} ({scores:,} scores): processor {cpu:6.3f} s, wall {wall:6.3f} s, "
              f"peak {peak / 1024:7.1f} MiB")
    if len(points) < 2:
        return  # growth needs two sizes or more
    exponent, per, start = fitted(points)
    print(f"  growth: {start:.3f} s + {per:.3f} s per 100,000 scores; beyond the start, time ~ scores^{exponent:.2f} "
          "(1.0 is linear, 2.0 quadratic)")


if __name__ == "__main__":
    main()
