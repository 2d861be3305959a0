"""Time ``udc moderate`` and ``udc influence`` against ``udc score`` on the same rounds (issue 13).

    python bench/analyses.py [--runs 3] [--sizes 30x20x10 100x40x16 300x60x20] [--keep DIR]

For each size, bench/generate.py writes a round (divergence set to 1, so the
agenda has thousands of items) and each command runs as a fresh process,
taking turns, ``--runs`` times; the median wall time is kept. Printed: the
medians, each command's ratio to ``udc score`` on the same file (targets on
100x40x16: moderate at most 3x, influence with 10,000 samples at most 5x), and
the fitted slope of log(time) against log(scores) over the sizes (1 is linear).
Also called by ``bench/run.py --analyses``.
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

UDC = str(Path(sys.executable).parent / ("udc.exe" if os.name == "nt" else "udc"))
COMMANDS = {
    "score": ["score", "{path}", "--format", "json"],
    "moderate": ["moderate", "{path}", "--format", "json"],
    "influence": ["influence", "{path}", "--format", "json"],
}
TARGETS = {"moderate": 3.0, "influence": 5.0}


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([UDC, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"})
    if done.returncode != 0:
        sys.exit(f"analyses.py: error: udc {' '.join(args)} exited {done.returncode}:\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - start


def medians(path: Path, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, args in COMMANDS.items():
            times[name].append(wall([a.format(path=path) for a in args]))
    return {name: statistics.median(found) for name, found in times.items()}


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(seconds) on log(scores): 1.0 grows linearly."""
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def run(sizes: list[str], runs: int, folder: Path) -> str:
    lines = [f"{'round':<12}{'scores':>9}" + "".join(f"{name + ' (s)':>16}" for name in COMMANDS)
             + "".join(f"{name + ' / score':>20}" for name in TARGETS)]
    growth: dict[str, list[tuple[int, float]]] = {name: [] for name in COMMANDS}
    for size in sizes:
        bids, criteria, evaluators = (int(x) for x in size.split("x"))
        path = folder / f"round-{size}.yaml"
        path.write_text(generate(bids, criteria, evaluators).replace("  divergence: 2", "  divergence: 1"),
                        encoding="utf-8")
        scores = bids * criteria * evaluators
        found = medians(path, runs)
        for name, seconds in found.items():
            growth[name].append((scores, seconds))
        lines.append(f"{size:<12}{scores:>9,}" + "".join(f"{found[n]:>16.2f}" for n in COMMANDS)
                     + "".join(f"{found[n] / found['score']:>20.2f}" for n in TARGETS))
    lines += ["", f"medians of {runs} runs; targets on 100x40x16: "
              + ", ".join(f"{n} at most {t:g}x udc score" for n, t in TARGETS.items())]
    if len(sizes) > 1:
        lines.append("growth, slope of log(time) on log(scores) (1 = linear): "
                     + ", ".join(f"{n} {slope(p):.2f}" for n, p in growth.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time udc moderate and udc influence against udc score.")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command (the median is kept)")
    parser.add_argument("--sizes", nargs="+", default=["30x20x10", "100x40x16", "300x60x20"],
                        help="rounds as BIDSxCRITERIAxEVALUATORS")
    parser.add_argument("--keep", type=Path, help="write the rounds into this folder and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="udc-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(run(args.sizes, args.runs, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
