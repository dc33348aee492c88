"""Shared fixtures: where the resources are, the contract schema, a rubric."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from extractors.settings import Settings, activate

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).resolve().parent / "resources"
REALDOCS = RESOURCES / "realdocs"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def realdocs() -> Path:
    return REALDOCS


@pytest.fixture(scope="session")
def contract_schema() -> dict:
    return json.loads((RESOURCES / "contract" / "dossier.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rubric():
    from pipeline.rubric import load_rubric

    return load_rubric()


@pytest.fixture
def limits(monkeypatch):
    """Set ``SPCNCL_*`` limits for one test (the settings are read again each time)."""

    def apply(**values: object) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"SPCNCL_{name.upper()}", str(value))
        activate(Settings())

    yield apply
    monkeypatch.undo()
    activate(None)


def stop_group(process: subprocess.Popen, first: int = signal.SIGTERM, grace: float = 60) -> None:
    """Stop a process started with its own group: ``first`` politely, then SIGKILL after ``grace``
    seconds (a loaded machine shuts Prefect down slowly)."""
    os.killpg(process.pid, first)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> tuple[Path, list]:
    """Run every sample dossier once through the pass (plain functions, no Prefect)."""
    from extractors.settings import Settings
    from pipeline.round import load_round
    from pipeline.run import run_pass

    out = tmp_path_factory.mktemp("sample-run")
    rubric, rnd = load_round(None, 2026)
    result = run_pass(SAMPLES / "inbox", out, rubric, rnd, Settings.from_env(), workers=2)
    return out, sorted(result.records, key=lambda r: r.dossier_id)
