"""Time ``udc check`` and ``udc score`` against the floors issue 2 sets.

    python bench/run.py [--runs 5] [--big-runs 3] [--keep DIR] [--profile [--top 15]]

Run it with the Python of the environment ``udc`` is installed in: the ``udc``
script next to ``sys.executable`` is the one timed.

It writes the benchmark round (bench/generate.py: 100 bids x 40 criteria x 16
evaluators = 64,000 scores) into a temporary folder, or into ``--keep DIR``,
then takes the best wall time of several runs of each of:

  floor (in-process)   yaml.load(file, Loader=yaml.CSafeLoader), timed inside one interpreter
  floor (subprocess)   python -c "import yaml; yaml.load(open(F), Loader=yaml.CSafeLoader)"
  udc check BIG        udc check BIG
  udc score BIG        udc score BIG --format json
  bare import          python -c "import typer, pydantic, rich, yaml"
  udc check example    udc check examples/cyp-mental-health.yaml
  udc --version        start-up alone

(the commands take turns, one run each per round, after a warm-up round) and,
for information, the floor and udc score with Python's garbage collector off;
it compares like with like (a subprocess with a subprocess) against the goals:
``udc score BIG`` at most 2x the C-loader floor, ``udc check`` on the example
at most 1.5x the bare import.

``--profile`` adds the wall time of each stage (load, model, rules, engine,
views) in this process, with the garbage collector on and off, and a cProfile
of ``udc score BIG --format json`` run in this process (after one warm-up call,
so that lazy imports are not counted; garbage collector off) with the top
functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "cyp-mental-health.yaml"
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is not a package)

PY = sys.executable
UDC = str(Path(sys.executable).parent / ("udc.exe" if os.name == "nt" else "udc"))
LIBRARIES = ("udc", "typer", "pydantic", "pydantic_core", "rich", "PyYAML")


def run_once(command: list[str], expect: int = 0) -> float:
    """Wall time of one run of ``command``; stops the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        sys.exit(f"run.py: error: {' '.join(command)} exited {done.returncode}, expected {expect}:\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def best_of(runs: int, commands: dict[str, list[str] | Callable[[], float]]) -> dict[str, float]:
    """The shortest wall time of each command over ``runs`` rounds, after one warm-up round.

    The commands take turns (one run of each per round), so that a burst of load
    from elsewhere on the machine hits them all alike and the ratios stay fair.
    """
    best = {name: float("inf") for name in commands}
    for i in range(runs + 1):
        for name, command in commands.items():
            elapsed = command() if callable(command) else run_once(command)
            if i:  # the first round warms the disk cache and the .pyc files
                best[name] = min(best[name], elapsed)
    return best


def parse_in_process(path: Path) -> float:
    """Time to parse ``path`` once with PyYAML's C loader, inside this interpreter."""
    import yaml

    start = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {"CPU": cpu, "cores": str(os.cpu_count()), "Python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "libraries": ", ".join(versions)}


def measure(big: Path, runs: int, big_runs: int) -> dict[str, float]:
    floor_cmd = f"import yaml; yaml.load(open({str(big)!r}, encoding='utf-8'), Loader=yaml.CSafeLoader)"
    times = best_of(big_runs, {
        "floor (in-process)": lambda: parse_in_process(big),
        "floor (subprocess)": [PY, "-c", floor_cmd],
        "udc check BIG": [UDC, "check", str(big)],
        "udc score BIG": [UDC, "score", str(big), "--format", "json"],
        "floor, gc off": [PY, "-c", "import gc; gc.disable(); " + floor_cmd],
        "udc score BIG, gc off": [PY, "-c", "import gc, sys; gc.disable(); from udc.cli import main; "
                                  f"sys.argv = ['udc', 'score', {str(big)!r}, '--format', 'json']; main()"],
    })
    times |= best_of(runs, {
        "bare import": [PY, "-c", "import typer, pydantic, rich, yaml"],
        "udc check example": [UDC, "check", str(EXAMPLE)],
        "udc --version": [UDC, "--version"],
    })
    return times


def report(times: dict[str, float], runs: int, big_runs: int) -> str:
    lines = [f"{'what':<22}{'best (s)':>10}   runs"]
    for name, seconds in times.items():
        if "gc off" in name:
            continue  # shown below, for information
        n = runs if name in ("bare import", "udc check example", "udc --version") else big_runs
        lines.append(f"{name:<22}{seconds:>10.3f}   {n}")
    goals = [("udc score BIG / floor (subprocess)", times["udc score BIG"] / times["floor (subprocess)"], 2.0),
             ("udc check example / bare import", times["udc check example"] / times["bare import"], 1.5)]
    lines += ["", f"{'goal':<38}{'ratio':>7}{'limit':>7}   met"]
    for name, ratio, limit in goals:
        lines.append(f"{name:<38}{ratio:>7.2f}{limit:>7.1f}   {'yes' if ratio <= limit else 'NO'}")
    t = times
    info = [
        ("floor, gc off (subprocess)", f"{t['floor, gc off']:.3f} s", ""),
        ("udc score BIG, gc off (subprocess)", f"{t['udc score BIG, gc off']:.3f} s", ""),
        ("udc check BIG / floor (subprocess)", f"{t['udc check BIG'] / t['floor (subprocess)']:.2f}", ""),
        ("udc score BIG - udc check BIG", f"{t['udc score BIG'] - t['udc check BIG']:.3f} s", "engine and JSON view"),
        ("floor (subprocess) - in-process", f"{t['floor (subprocess)'] - t['floor (in-process)']:.3f} s",
         "interpreter start and import yaml"),
        ("udc --version / bare import", f"{t['udc --version'] / t['bare import']:.2f}", "start-up: the cli's imports"),
        ("udc score BIG, gc off / floor", f"{t['udc score BIG, gc off'] / t['floor (subprocess)']:.2f}",
         "Python's cyclic garbage collector off in udc only"),
        ("udc score BIG, gc off / floor gc off", f"{t['udc score BIG, gc off'] / t['floor, gc off']:.2f}",
         "off in both"),
    ]
    lines += ["", "for information (no goal):"]
    lines += [f"  {name:<37}{value:>8}" + (f"  ({note})" if note else "") for name, value, note in info]
    return "\n".join(lines)


def where(func: tuple[str, int, str]) -> str:
    """``udc/engine.py:120(score)``: the file relative to the repository or site-packages."""
    filename, line, name = func
    if filename == "~":
        return name
    for base in (str(ROOT) + os.sep, *(p + os.sep for p in sys.path if p.endswith("site-packages"))):
        if filename.startswith(base):
            filename = filename[len(base):]
            break
    else:
        filename = filename.rsplit("/lib/python", 1)[-1]
    return f"{filename}:{line}({name})"


FRAMEWORK = ("typer/", "click/", "bench/run.py", "contextlib.py")


STAGES = ("loader.load_path (read, compose, build)", "schema.parse_round (pydantic)", "method.resolve",
          "rules.check_rules", "engine.score", "views.report.build", "views.report.to_json")


def stage_times(big: Path) -> list[float]:
    """Wall time of each stage of ``udc score BIG --format json``, once, in this process."""
    from udc.core.engine import score
    from udc.core.loader import load_path
    from udc.core.method import resolve
    from udc.core.pipeline import Checked
    from udc.core.rules import check_rules
    from udc.core.schema import parse_round
    from udc.views.report import build, to_json

    marks = [time.perf_counter()]
    loaded = load_path(big)
    marks.append(time.perf_counter())
    round_, _ = parse_round(loaded)
    marks.append(time.perf_counter())
    method = resolve(round_)
    marks.append(time.perf_counter())
    diagnostics = check_rules(round_, method, loaded)
    marks.append(time.perf_counter())
    result = score(method)
    marks.append(time.perf_counter())
    data = build(Checked(loaded, round_, method, diagnostics), result)
    marks.append(time.perf_counter())
    to_json(data)
    marks.append(time.perf_counter())
    return [b - a for a, b in zip(marks, marks[1:])]


def compose_time(big: Path) -> float:
    import yaml

    text = big.read_text(encoding="utf-8")
    start = time.perf_counter()
    yaml.compose(text, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def stages(big: Path, runs: int) -> str:
    """Each stage of ``udc score BIG --format json`` in this process, without a profiler: gc on and off."""
    import gc

    columns = []
    for collect in (True, False):
        (gc.enable if collect else gc.disable)()
        try:
            rows = [stage_times(big) + [compose_time(big)] for _ in range(runs + 1)][1:]
        finally:
            gc.enable()
        gc.collect()
        columns.append([min(column) for column in zip(*rows)])
    on, off = columns
    out = [f"stages of 'udc score BIG --format json', in-process wall time without a profiler (best of {runs}), "
           "with Python's cyclic garbage collector on (as udc runs today) and off:",
           f"{'stage':<42}{'gc on (s)':>10}{'share':>7}{'gc off (s)':>11}"]
    total_on, total_off = sum(on[:-1]), sum(off[:-1])
    out += [f"{name:<42}{a:>10.3f}{a / total_on:>7.0%}{b:>11.3f}" for name, a, b in zip(STAGES, on, off)]
    out.append(f"{'sum':<42}{total_on:>10.3f}{'':>7}{total_off:>11.3f}")
    out.append(f"{'  of the load: yaml.compose alone':<42}{on[-1]:>10.3f}{'':>7}{off[-1]:>11.3f}")
    return "\n".join(out)


def profile(big: Path, top: int) -> str:
    """cProfile of ``udc score BIG --format json`` in this process, after one warm-up call."""
    from udc.cli.app import app

    def call() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                app(["score", str(big), "--format", "json"], standalone_mode=False)
            except SystemExit as exc:  # pragma: no cover - a failing round
                if exc.code:
                    raise

    import gc

    call()
    gc.collect()
    gc.disable()  # a collection's pause lands on whichever call allocated: it would scatter over the rows
    profiler = cProfile.Profile()
    start = time.perf_counter()
    try:
        profiler.enable()
        call()
        profiler.disable()
    finally:
        gc.enable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler).stats  # {func: (cc, nc, tt, ct, callers)}
    out = [f"cProfile of 'udc score BIG --format json' in-process, garbage collector off (its cost is in the "
           f"stages above): {wall:.3f} s wall under the profiler",
           "(profiling slows Python code down, calls most: compare rows, not totals; typer's own frames are "
           "left out)"]
    for title, key in (("by cumulative time", 3), ("by own time", 2)):
        rows = sorted(((f, v) for f, v in stats.items() if not any(x in f[0] for x in FRAMEWORK)),
                      key=lambda kv: kv[1][key], reverse=True)[:top]
        out += ["", f"top {top} {title}:", f"{'ncalls':>10}{'tottime':>9}{'cumtime':>9}  function"]
        for func, (cc, nc, tt, ct, callers) in rows:
            calls = str(nc) if nc == cc else f"{nc}/{cc}"
            out.append(f"{calls:>10}{tt:>9.3f}{ct:>9.3f}  {where(func)}")
            if key == 2 and "/udc/" not in func[0]:  # library time: say which of our functions spend it
                top_callers = sorted(callers.items(), key=lambda kv: kv[1][2], reverse=True)[:3]
                out.append(" " * 30 + "from " + "; ".join(f"{where(c)} {v[2]:.3f}s" for c, v in top_callers))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time udc check and udc score against the floors of issue 2.")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the small commands (best is kept)")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs on the big round (best is kept)")
    parser.add_argument("--keep", type=Path, help="write the big round into this folder and keep it")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of udc score on the big round")
    parser.add_argument("--top", type=int, default=15, help="rows of the profile to print")
    parser.add_argument("--no-timing", action="store_true", help="only the profile (with --profile)")
    parser.add_argument("--analyses", action="store_true",
                        help="also time udc moderate and udc influence against udc score (bench/analyses.py)")
    parser.add_argument("--workflow", action="store_true",
                        help="time collect and sheets as ratios to udc score instead (bench/workflow.py)")
    args = parser.parse_args(argv)
    if args.workflow:
        import workflow  # bench/workflow.py, beside this file

        return workflow.main(["--runs", str(args.big_runs)])
    if args.runs < 1 or args.big_runs < 1:
        parser.error("--runs and --big-runs must be at least 1")
    if not Path(UDC).exists():
        parser.error(f"no udc script next to {PY}; run this with the Python that udc is installed in")

    with tempfile.TemporaryDirectory(prefix="udc-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big = folder / "big.yaml"
        text = generate()
        big.write_text(text, encoding="utf-8")
        print(f"big round: {big} ({len(text.encode()):,} bytes; 100 bids x 40 criteria x 16 evaluators "
              "= 64,000 scores)")
        for key, value in machine().items():
            print(f"{key}: {value}")
        print(f"udc: {UDC}")
        print()
        if not args.no_timing:
            print(report(measure(big, args.runs, args.big_runs), args.runs, args.big_runs))
        if args.profile:
            print()
            print(stages(big, args.big_runs))
            print()
            print(profile(big, args.top))
        if args.analyses:
            from analyses import run as analyses

            print()
            print(analyses(["30x20x10", "100x40x16", "300x60x20"], max(3, args.big_runs), folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
