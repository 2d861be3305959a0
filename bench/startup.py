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
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workflow import UDC, medians  # noqa: E402

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
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files written and used, as on an installed machine
    commands = {
        "bare import typer, pydantic, rich, yaml": [PY, "-c", "import typer, pydantic, rich, yaml"],
        "typer app: parse the file": [PY, "-c", TYPER_APP.format(validate="pass"), EXAMPLE],
        "typer app: parse, one pydantic model": [PY, "-c", TYPER_APP.format(validate=VALIDATE), EXAMPLE],
        "udc --version": [UDC, "--version"],
        "udc check example": [UDC, "check", EXAMPLE],
    }
    cpu = {name: cpu for name, (_, cpu, _) in medians({n: (c, None) for n, c in commands.items()}, args.runs).items()}
    bare = cpu["bare import typer, pydantic, rich, yaml"]
    print(f"median of {args.runs} runs, processor time (user + system)")
    print(f"{'':<42}{'ms':>6}{'x bare':>8}")
    for name, c in cpu.items():
        print(f"{name:<42}{c * 1000:>6.0f}{c / bare:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
