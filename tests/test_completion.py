"""Shell completion: ``udc --install-completion`` installs it; commands, options and values complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def udc(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed ``udc`` script: completion is keyed to the program's name."""
    script = Path(sys.executable).with_name("udc")
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))


def complete(line: str) -> list[str]:
    words = line.split(" ")
    proc = udc(env={"_UDC_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    return proc.stdout.split()


def test_help_offers_completion() -> None:
    out = udc("--help").stdout
    assert "--install-completion" in out and "--show-completion" in out


def test_the_completion_script_for_bash_calls_udc() -> None:
    proc = udc("--show-completion", "bash")
    assert proc.returncode == 0 and "_UDC_COMPLETE=complete_bash" in proc.stdout


def test_commands_options_and_values_complete() -> None:
    assert complete("udc expo") == ["export"]
    assert "schema" in complete("udc s")
    assert complete("udc check --for") == ["--format"]
    assert complete("udc check --format ") == ["text", "json", "github", "sarif"]


def test_install_completion_writes_the_shell_setup(tmp_path: Path) -> None:
    proc = udc("--install-completion", "bash", env={"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert proc.returncode == 0, proc.stderr
    assert "udc" in (tmp_path / ".bashrc").read_text() + "".join(
        p.read_text() for p in tmp_path.rglob("*") if p.is_file())


def test_the_ci_example_uses_commands_that_exist() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "udc-rounds.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("udc check --format github rounds/" in run for run in runs)
    proc = udc("check", "--format", "github", str(ROOT / "rounds"))
    assert proc.returncode == 0 and "::warning file=" in proc.stdout
