"""``spcncl serve``: a watched inbox. A dossier dropped in while it runs is processed by the next
scheduled pass, without re-reading the dossiers already done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.serve import free_port

from .conftest import ROOT, stop_group
from .test_resume_incremental import make_inbox

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]


def wait_for_pass(out: Path, process: subprocess.Popen, done, seconds: float = 300) -> dict:  # type: ignore[no-untyped-def]
    """The first pass report for which ``done(report)`` holds."""
    path = out / ".state" / "last_pass.json"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "spcncl serve stopped: see serve.log"
        if path.is_file():
            try:
                report = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                report = None
            if report is not None and done(report):
                return report
        time.sleep(0.5)
    raise AssertionError(f"no such pass within {seconds} s; last: {path.read_text() if path.is_file() else None}")


def test_serve_picks_up_a_new_dossier_without_rereading_the_others(tmp_path):
    inbox, out = make_inbox(tmp_path / "inbox", ("HN2026-006",)), tmp_path / "out"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), DO_NOT_TRACK="1",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", SPCNCL_SERVER_PORT=str(free_port(4400)),
               SPCNCL_SETTLE_SECONDS="1", SPCNCL_WORKERS="1", PREFECT_RUNNER_POLL_FREQUENCY="2")
    env.pop("PREFECT_API_URL", None)
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe: a full pipe would block the server
    process = subprocess.Popen([sys.executable, "-m", "spcncl", "serve", str(inbox), "--out", str(out),
                                "--round", "2026", "--interval", "5"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_pass(out, process, lambda r: "HN2026-006" in r["outcomes"])
        stored = {p: p.stat().st_mtime_ns for p in (out / ".cache").rglob("*.json")}
        make_inbox(inbox, ("HN2026-019",))
        report = wait_for_pass(out, process, lambda r: "HN2026-019" in r["processed"])
        assert report["reused"] == ["HN2026-006"]
        assert report["documents_from_store"] == 0  # the other dossier was not even looked up again
        assert {p: p.stat().st_mtime_ns for p in stored} == stored
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert summary["dossiers"]["total"] == 2  # the round's outputs cover the whole inbox
    finally:
        stop_group(process, signal.SIGINT)
        log.close()
