"""What a new user hits first with the command line (issue 13): ``--version``, and an output folder
that cannot be written refused before Prefect is even started (it used to start the embedded server
first, then fail inside the flow)."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline import __version__

from .conftest import ROOT, SAMPLES


def spcncl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spcncl", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


def test_version_is_printed():
    done = spcncl("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"spcncl {__version__}"


def test_an_unwritable_output_folder_is_refused_before_prefect_starts(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    home = tmp_path / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home), "DO_NOT_TRACK": "1", "COLUMNS": "200"}
    done = spcncl("run", str(SAMPLES / "inbox"), "--out", str(blocker / "out"), "--round", "2026", env=env)
    assert done.returncode == 4, done.stderr
    assert "Không ghi được kết quả" in done.stderr and str(blocker / "out") in done.stderr
    assert not home.exists()  # Prefect never started: nothing of its own was created
    assert "Traceback" not in done.stderr
