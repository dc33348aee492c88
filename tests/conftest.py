"""Shared fixtures: where the resources are, the contract schema, a rubric."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

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
