"""The foreign batch (twelve dossiers made by another hand, other layouts) end to end through
``spcncl run``, scored by its own scorer: the acceptance of issue 11.

The set is vendored in ``tests/resources/foreign`` (see its README); its scorer ``eval.py`` is
theirs, run unchanged. Nothing in the pipeline knows these firms, files or figures.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate
from pipeline.models import DossierRecord

from .conftest import RESOURCES, ROOT

FOREIGN = RESOURCES / "foreign"
DELIVERED = time.time() - 2 * 86400  # the copy looks delivered two days ago, whenever the clone was made
SUMMARY = re.compile(r"foreign: fields ([\d.]+) status ([\d.]+) proposed ([\d.]+) missing-evidence F1 ([\d.]+)")


@pytest.fixture(scope="module")
def foreign_run(tmp_path_factory) -> tuple[Path, str]:
    """`spcncl run` on a copy of the foreign inbox, then their scorer on the output."""
    work = tmp_path_factory.mktemp("foreign")
    inbox = work / "inbox"
    shutil.copytree(FOREIGN / "inbox", inbox)
    for path in [inbox, *inbox.rglob("*")]:
        os.utime(path, (DELIVERED, DELIVERED))
    out = work / "out"
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "DO_NOT_TRACK": "1"}
    run = subprocess.run([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(out), "--round",
                          "2026"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    scored = subprocess.run([sys.executable, str(FOREIGN / "eval.py"), str(out), "--truth", str(FOREIGN / "truth"),
                             "--schema", str(RESOURCES / "contract" / "dossier.schema.json")],
                            capture_output=True, text=True, timeout=120)
    return out, scored.stdout


def test_foreign_batch_meets_the_acceptance_thresholds(foreign_run):
    _, report = foreign_run
    match = SUMMARY.search(report)
    assert match, report[-3000:]
    fields, status, proposed, f1 = (float(x) for x in match.groups())
    assert fields >= 0.98, report
    assert status == 1.0, report
    assert proposed == 1.0, report
    assert f1 >= 0.95, report


def test_no_wrong_value_looks_certain_on_the_foreign_batch(foreign_run):
    """A wrong value at or above the review threshold is the failure that reaches a decision
    unseen: none may remain."""
    out, _ = foreign_run
    records = [DossierRecord.model_validate(json.loads(p.read_text(encoding="utf-8")))
               for p in sorted((out / "dossiers").glob("*.json"))]
    report, _ = evaluate(records, FOREIGN / "truth", 0.8)
    wrong = [f"{c.dossier} {c.name}: {c.expected!r} ≠ {c.actual!r} ({c.confidence})"
             for c in report.wrong_but_confident]
    assert not wrong, "\n".join(wrong)
