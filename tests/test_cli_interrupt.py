"""Ctrl-C and the console of ``spcncl run`` (issue 13, items 4 and 5).

Ctrl-C took 79 s and ended in Prefect's connection-refused tracebacks: Prefect's engine caught the
interrupt and kept reporting the crash to its embedded server, which the same Ctrl-C (sent to the
whole process group, as a terminal does) had already stopped. And Prefect's own warnings and event
dumps (``task_run_recorder - Error flushing … CancelledError``) were printed among our lines.
"""

from __future__ import annotations

import json
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
from .test_resume_sigkill import SCANNED_FILES, cli_env

STOPPED = "Đã dừng; chạy lại lệnh để tiếp tục, phần đã xong được giữ"
# Prefect's console format: "12:00:07.123 | WARNING | prefect.events.clients - …"
PREFECT_LINE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} \| (DEBUG|INFO|WARNING|ERROR|CRITICAL)", re.M)
IDS = ("HN2026-006", "HN2026-004", "HN2026-014")  # a quick dossier, part of a scanned one, another


def start(inbox: Path, out: Path, env: dict[str, str], logs: Path) -> subprocess.Popen:
    """``spcncl run`` in a process group of its own (a terminal's Ctrl-C reaches the whole group),
    stdout and stderr into files."""
    with (logs / "stdout").open("ab") as stdout, (logs / "stderr").open("ab") as stderr:
        return subprocess.Popen([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(out), "--round",
                                 "2026"], cwd=ROOT, env=env, stdout=stdout, stderr=stderr, start_new_session=True)


def reused(out: Path) -> list[str]:
    return json.loads((out / ".state" / "last_pass.json").read_text(encoding="utf-8"))["reused"]


@pytest.mark.timeout(900)
def test_ctrl_c_stops_within_five_seconds_and_the_next_run_goes_on_from_what_was_done(tmp_path):
    inbox = make_inbox(tmp_path / "inbox", IDS)
    for extra in sorted((inbox / "HN2026-004").iterdir())[SCANNED_FILES:]:
        extra.unlink()
    out, env = tmp_path / "out", {**cli_env(tmp_path / "prefect"), "COLUMNS": "200"}
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    process = start(inbox, out, env, first)
    states = out / ".state" / "dossiers"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None and not any(states.glob("*.json")):
        time.sleep(0.05)
    assert process.poll() is None, (first / "stderr").read_text(encoding="utf-8")[-3000:]
    os.killpg(process.pid, signal.SIGINT)
    stopping = time.monotonic()
    try:
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    seconds = time.monotonic() - stopping
    stderr = (first / "stderr").read_text(encoding="utf-8")
    assert process.returncode == 130, stderr[-3000:]
    assert seconds < 5, f"took {seconds:.1f} s to stop"
    assert stderr.strip().endswith(STOPPED), stderr[-3000:]
    assert "Traceback" not in stderr and not PREFECT_LINE.search(stderr), stderr[-3000:]
    done = sorted(p.stem for p in states.glob("*.json"))
    assert 0 < len(done) < len(IDS), f"not stopped mid-batch: {done}"
    # what a reader was doing when it was stopped is not recorded as the file's failure
    for record in (out / "dossiers").glob("*.json"):
        errors = [d["error_code"] for d in json.loads(record.read_text(encoding="utf-8"))["documents"]]
        assert not {"internal_error", "timeout"} & set(errors), (record.name, errors)

    finished = start(inbox, out, env, second)
    assert finished.wait(600) == 0, (second / "stderr").read_text(encoding="utf-8")[-3000:]
    assert set(done) <= set(reused(out))  # the dossiers done before Ctrl-C were kept, not redone
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["dossiers"]["total"] == len(IDS)


@pytest.mark.timeout(600)
def test_prefect_lines_go_to_the_log_file_not_the_console(tmp_path):
    inbox = make_inbox(tmp_path / "inbox", ("HN2026-006",))
    out, logs = tmp_path / "out", tmp_path / "logs"
    logs.mkdir()
    # the embedded server made talkative: every line it writes must still go to the file
    env = {**cli_env(tmp_path / "prefect"), "COLUMNS": "200", "PREFECT_SERVER_LOGGING_LEVEL": "INFO"}
    assert start(inbox, out, env, logs).wait(600) == 0, (logs / "stderr").read_text(encoding="utf-8")[-3000:]
    console = (logs / "stderr").read_text(encoding="utf-8") + (logs / "stdout").read_text(encoding="utf-8")
    console = console.replace(str(tmp_path), "TMP")  # the test's own name holds "prefect"
    assert "Phiếu thẩm định:" in console  # our own lines are there
    assert not PREFECT_LINE.search(console) and "prefect" not in console.lower(), console[-3000:]
    assert "Traceback" not in console
    log = (out / ".state" / "prefect.log").read_text(encoding="utf-8")
    # Prefect's own lines (its server starting and stopping, the flow run's states) and the flow's
    # per-document lines are in the log file
    assert "Starting temporary server" in log and "Stopping temporary server" in log
    assert "Finished in state Completed()" in log
    assert "prefect.server.services" in log and "uvicorn.error - Application startup complete" in log  # the server's
    assert "HN2026-006/" in log
