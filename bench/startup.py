"""Where ``udc check``'s start-up goes: fresh processes, each a ratio to a bare import.

    python bench/startup.py [--runs 21]

Issue 13 asks that ``udc check`` on the example take at most 1.5x a bare
``python -c "import typer, pydantic, rich, yaml"``. This script times, as fresh
processes taking turns (processor time, user + system, median of ``--runs``):

* the bare import;
* a minimal typer app with one path argument that parses the example with
  PyYAML's C loader: what running any typer command costs (typer's parser
  builds a pydantic adapter for each parameter, which imports pydantic's
  model machinery that the bare ``import pydantic`` leaves out);
* the same app validating the parsed file with a one-field pydantic model:
  the least a command pays that validates with pydantic;
* ``udc --version`` and ``udc check`` on the example.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workflow import UDC, run  # noqa: E402

PY = sys.executable
EXAMPLE = str(HERE.parent / "examples" / "cyp-mental-health.yaml")

TYPER_APP = """
import gc, sys
gc.disable()
from pathlib import Path
import typer, yaml
app = typer.Typer()
@app.command()
def check(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    {validate}
app()
"""
VALIDATE = """from pydantic import BaseModel, ConfigDict
    class Round(BaseModel):
        model_config = ConfigDict(extra="allow")
        udc: int
    Round.model_validate(data)"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time udc's start-up against a bare import.")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    os.environ.clear()
    os.environ.update(env)  # .pyc files written and used, as on an installed machine
    commands = {
        "bare import typer, pydantic, rich, yaml": [PY, "-c", "import typer, pydantic, rich, yaml"],
        "typer app: parse the file": [PY, "-c", TYPER_APP.format(validate="pass"), EXAMPLE],
        "typer app: parse, one pydantic model": [PY, "-c", TYPER_APP.format(validate=VALIDATE), EXAMPLE],
        "udc --version": [UDC, "--version"],
        "udc check example": [UDC, "check", EXAMPLE],
    }
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(args.runs + 1):
        for name, command in commands.items():
            _, used, _ = run(command)
            if i:
                cpu[name].append(used)
    bare = statistics.median(cpu["bare import typer, pydantic, rich, yaml"])
    print(f"median of {args.runs} runs, processor time (user + system)")
    print(f"{'':<42}{'ms':>6}{'x bare':>8}")
    for name in commands:
        c = statistics.median(cpu[name])
        print(f"{name:<42}{c * 1000:>6.0f}{c / bare:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
