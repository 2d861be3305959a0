"""The pre-commit hook (``.pre-commit-hooks.yaml``) run by ``pre-commit try-repo``, as a council's repository would.

pre-commit passes every staged YAML file by name: the hook must check the rounds
among them and leave CI workflows and config files alone, and fail the commit when
a round breaks a rule.

The fast test runs the hook's entry and file pattern with the ``udc`` of this test
environment (the manifest copied with ``language: system``). The full test lets
pre-commit install udc from this repository into its own environment, as a user's
machine does (about a minute): it runs in CI (``CI`` set) or with ``UDC_PRE_COMMIT_INSTALL=1``.
Without git the tests skip, except in CI, where git must be there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "broken" / "_valid-base.yaml"
STAKE = ROOT / "tests" / "broken" / "stake-mismatch.yaml"
IN_CI = bool(os.environ.get("CI"))

if shutil.which("git") is None and not IN_CI:
    pytest.skip("git is not installed", allow_module_level=True)
pytest.importorskip("pre_commit")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org"))


def environment(home: Path) -> dict:
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1", PATH=bin_dir + os.pathsep + os.environ["PATH"])


def council_repo(path: Path, broken: bool) -> Path:
    (path / ".github" / "workflows").mkdir(parents=True)
    (path / ".github" / "workflows" / "rounds.yml").write_text("on: [push]\njobs: {}\n")
    (path / "config.yml").write_text("owner: procurement\n")
    (path / "rounds").mkdir()
    shutil.copy(BASE, path / "rounds" / "lot-1.udc.yaml")
    if broken:
        shutil.copy(STAKE, path / "rounds" / "lot-2.yaml")
    git("init", "-q", cwd=path)
    git("add", "-A", cwd=path)
    return path


def try_repo(hooks_repo: Path, repo: Path, home: Path, hook: str = "udc-check") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), hook, "--all-files",
                           "--verbose"], cwd=repo, capture_output=True, text=True, timeout=900,
                          env=environment(home))


@pytest.fixture
def local_hooks(tmp_path: Path) -> Path:
    """This repository's hook manifest, run with the udc already installed here."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert manifest.count("language: python") == 2
    (hooks / ".pre-commit-hooks.yaml").write_text(manifest.replace("language: python", "language: system"))
    git("init", "-q", cwd=hooks)
    git("add", "-A", cwd=hooks)
    git("commit", "-qm", "hooks", cwd=hooks)
    return hooks


def test_the_hook_passes_rounds_and_skips_other_yaml(tmp_path: Path, local_hooks: Path) -> None:
    repo = council_repo(tmp_path / "council", broken=False)
    proc = try_repo(local_hooks, repo, tmp_path / "cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rounds/lot-1.udc.yaml: valid" in proc.stdout
    assert "skipped 2 YAML files that are not round files" in proc.stdout  # the workflow and config.yml
    assert ": error:" not in proc.stdout


def test_the_hook_fails_the_commit_on_a_broken_round(tmp_path: Path, local_hooks: Path) -> None:
    repo = council_repo(tmp_path / "council", broken=True)
    proc = try_repo(local_hooks, repo, tmp_path / "cache")
    assert proc.returncode == 1
    assert "rounds/lot-2.yaml:20:12: error: group 'lex' is promised a stake of 20%" in proc.stdout


@pytest.mark.skipif(not (IN_CI or os.environ.get("UDC_PRE_COMMIT_INSTALL")),
                    reason="installs udc into a fresh environment (about a minute): set UDC_PRE_COMMIT_INSTALL=1")
def test_pre_commit_installs_udc_from_this_repository(tmp_path: Path) -> None:
    repo = council_repo(tmp_path / "council", broken=True)
    proc = try_repo(ROOT, repo, tmp_path / "cache")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "rounds/lot-2.yaml:20:12: error:" in proc.stdout
    assert "rounds/lot-1.udc.yaml: valid" in proc.stdout
