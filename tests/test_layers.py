"""Layers point one way: extractors (formats → facts) below pipeline (facts → decisions →
outputs) below flows (Prefect) below the CLI. A wrong-way import fails the test command."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

# package -> packages it must never import
FORBIDDEN = {"extractors": ("pipeline", "flows"), "pipeline": ("flows",)}
TOP = {"pipeline/cli.py"}  # the CLI sits above the flows it starts


def imported(path: Path) -> set[str]:
    """Top-level packages a module imports, wherever in the module the import stands."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_layer_imports_a_layer_above_it():
    wrong = []
    for package, above in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in TOP:
                continue
            wrong += [f"{relative} imports {name}" for name in sorted(imported(path) & set(above))]
    assert not wrong, "\n".join(wrong)
