"""A run killed mid-batch (SIGKILL, whole process group) and run again ends with the same
outputs as an uninterrupted run: records and summary byte for byte, worksheet cell values and
letters' text equal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_resume_incremental import make_inbox

STAMP = re.compile(r"Lập lúc \d{1,2}:\d{2} \d{1,2}/\d{1,2}/\d{4}")
# a quick born-digital dossier first, then part of the scanned one (OCR takes seconds), then another
IDS = ("HN2026-006", "HN2026-004", "HN2026-014")
SCANNED_FILES = 3  # of HN2026-004's, to keep the test short


def cli_env(home: Path) -> dict[str, str]:
    """Environment of a ``spcncl`` subprocess: its own Prefect home, no telemetry, one reader."""
    return dict(os.environ, PREFECT_HOME=str(home), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
                SPCNCL_WORKERS="1", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="300")


def spcncl(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``spcncl`` in its own process group, its output to ``log`` (a pipe nobody reads could fill)."""
    with log.open("ab") as handle:
        return subprocess.Popen([sys.executable, "-m", "spcncl", *args], cwd=ROOT, env=env,
                                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def finish(process: subprocess.Popen, log: Path, seconds: float = 600) -> None:
    """Wait for a run and check it succeeded."""
    process.wait(seconds)
    assert process.returncode == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]


def worksheet_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, without what says when and where it was written: the "Lập lúc"
    time and the hidden ``_spcncl`` sheet (workbook id, time, output folder)."""
    from openpyxl import load_workbook

    def stable(value: object) -> object:
        return STAMP.sub("Lập lúc …", value) if isinstance(value, str) else value

    book = load_workbook(path, read_only=True)
    return {sheet.title: [tuple(stable(v) for v in row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets if not sheet.title.startswith("_")}


def letter_texts(folder: Path) -> dict[str, list[str]]:
    """Each letter's paragraphs and table cells."""
    from docx import Document

    texts = {}
    for path in sorted(folder.glob("*.docx")):
        document = Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        texts[path.name] = [p.text for p in document.paragraphs] + cells
    return texts


def snapshot(out: Path) -> dict:
    """What must not depend on whether the run was interrupted."""
    return {
        "records": {p.name: p.read_bytes() for p in sorted((out / "dossiers").glob("*.json"))},
        "summary": (out / "summary.json").read_bytes(),
        "worksheet": worksheet_values(out / "worksheet.xlsx"),
        "letters": letter_texts(out / "letters"),
        "leftovers": sorted(str(p.relative_to(out)) for p in out.rglob(".*.tmp")),
    }


@pytest.mark.timeout(900)
def test_killed_run_resumes_to_identical_outputs(tmp_path):
    inbox = make_inbox(tmp_path / "inbox", IDS)
    for extra in sorted((inbox / "HN2026-004").iterdir())[SCANNED_FILES:]:
        extra.unlink()
    env = cli_env(tmp_path / "prefect")
    reference = tmp_path / "reference"
    log = tmp_path / "spcncl.log"
    finish(spcncl("run", str(inbox), "--out", str(reference), "--round", "2026", env=env, log=log), log)

    killed = tmp_path / "killed"
    process = spcncl("run", str(inbox), "--out", str(killed), "--round", "2026", env=env, log=log)
    states = killed / ".state" / "dossiers"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if states.is_dir() and any(states.glob("*.json")):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    done = sorted(p.stem for p in states.glob("*.json"))
    assert 0 < len(done) < len(IDS), f"not killed mid-batch: {done}"
    assert not (killed / "summary.json").exists()

    finish(spcncl("run", str(inbox), "--out", str(killed), "--round", "2026", env=env, log=log), log)
    report = (killed / ".state" / "last_pass.json").read_text(encoding="utf-8")
    for dossier_id in done:
        assert f'"{dossier_id}"' in report.split('"reused"')[1].split("]")[0]  # finished ones were kept
    assert snapshot(killed) == snapshot(reference)
