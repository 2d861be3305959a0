"""The layers import in one direction only: core <- workflow, analysis <- views <- cli.

A module in ``udc/core`` that reached into a view or a command would let a rule
live in two places again; this test fails on the first such import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "udc"

# layer -> the udc layers it may import (besides itself and the top-level ``udc`` for __version__)
ALLOWED = {
    "core": set(),
    "workflow": {"core"},
    "analysis": {"core"},
    "views": {"core", "analysis"},
    "cli": {"core", "workflow", "analysis", "views"},
}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    layers = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; write udc.<layer>.<module>")
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "udc" and len(parts) > 1:
                layers.add(parts[1])
    return layers


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_lies_below_it(layer: str) -> None:
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules, f"udc/{layer} holds no module"
    wrong = {}
    for module in modules:
        extra = imported_layers(module) - ALLOWED[layer] - {layer}
        if extra:
            wrong[str(module.relative_to(PACKAGE))] = sorted(extra)
    assert not wrong, f"imports against the flow: {wrong}"


def test_every_module_lives_in_a_layer() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert not loose, f"modules outside a layer: {loose}"


def test_the_check_detects_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from udc.views.table import render\n")
    assert imported_layers(bad) == {"views"}
