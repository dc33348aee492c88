"""Layers point one way: extractors (formats → facts) below pipeline (facts → decisions →
outputs) below flows (Prefect) below the CLI (``spcncl``). A wrong-way import fails the test
command twice over: import-linter's contract in ``pyproject.toml`` (run by ``scripts/test.sh``)
and this test, which also sees imports inside functions."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from .conftest import ROOT

LAYERS = ["spcncl", "flows", "station", "pipeline", "extractors"]  # top to bottom
REASONS = ("heavy", "optional")  # the only reasons an import may wait inside a function


def sources(package: str) -> list[Path]:
    """The Python files of a package."""
    return sorted((ROOT / package).rglob("*.py"))


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
    for index, package in enumerate(LAYERS):
        above = set(LAYERS[:index])
        for path in sources(package):
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(imported(path) & above)]
    assert not wrong, "\n".join(wrong)


def test_the_import_linter_contract_declares_the_same_layers():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = [c for c in config["contracts"] if c["type"] == "layers"]
    # flows and the station are siblings (neither imports the other): one layer to import-linter
    declared = [name for layer in contracts[0]["layers"] for name in layer.split(" | ")] if contracts else []
    assert len(contracts) == 1 and declared == LAYERS
    assert sorted(config["root_packages"]) == sorted(LAYERS)


def test_imports_inside_functions_only_delay_a_heavy_or_optional_dependency():
    lines_of: dict[Path, list[str]] = {}
    unexplained = []
    for package in LAYERS:
        for path in sources(package):
            text = path.read_text(encoding="utf-8")
            for function in ast.walk(ast.parse(text)):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        lines = lines_of.setdefault(path, text.splitlines())
                        line = lines[node.lineno - 1]
                        if not any(reason in line.partition("#")[2] for reason in REASONS):
                            unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {line.strip()}")
    assert not unexplained, "\n".join(unexplained)
