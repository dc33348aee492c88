"""Task runner choice (thread, process, dask), worker count bounded by cores and memory, progress."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from extractors.errors import InputError
from extractors.settings import Settings
from flows import runners
from pipeline import isolation, progress

from .conftest import ROOT
from .test_resume_incremental import make_inbox


def test_workers_are_bounded_by_cores_and_memory(monkeypatch):
    monkeypatch.delenv("SPCNCL_WORKERS", raising=False)
    monkeypatch.setattr(isolation, "usable_cores", lambda: 8)
    monkeypatch.setattr(isolation, "available_memory", lambda: 3 * isolation.MEMORY_PER_WORKER + 1)
    assert isolation.worker_count(Settings()) == 3
    monkeypatch.setattr(isolation, "available_memory", lambda: 100)
    assert isolation.worker_count(Settings()) == 1
    monkeypatch.setattr(isolation, "available_memory", lambda: None)
    assert isolation.worker_count(Settings()) == 8
    monkeypatch.setenv("SPCNCL_WORKERS", "5")
    assert isolation.worker_count(Settings()) == 5


@pytest.mark.parametrize(("kind", "name"), [("thread", "ThreadPoolTaskRunner"), ("process", "ProcessPoolTaskRunner")])
def test_runner_follows_the_environment(monkeypatch, kind, name):
    monkeypatch.setenv("SPCNCL_TASK_RUNNER", kind)
    monkeypatch.setenv("SPCNCL_WORKERS", "2")
    runner = runners.make_task_runner(Settings())
    assert type(runner).__name__ == name


def test_unknown_runner_is_refused(monkeypatch):
    monkeypatch.setenv("SPCNCL_TASK_RUNNER", "gpu")
    with pytest.raises(InputError, match=r"SPCNCL_TASK_RUNNER.*'thread', 'process' or 'dask'"):
        Settings.from_env()


def test_progress_is_silent_without_a_listener_and_scoped_with_one():
    progress.started(1, 2, 3)  # nobody listens: nothing happens
    seen = []

    class Listener:
        def started(self, *args):
            seen.append(("started", *args))

        def document_done(self, *args):
            seen.append(("document", *args))

        def dossier_done(self, *args):
            seen.append(("dossier", *args))

        def writing(self):
            seen.append(("writing",))

    with progress.listening(Listener()):
        progress.started(1, 2, 0)
        progress.document_done("A", "a.pdf", True)
        progress.dossier_done("A", "complete")
        progress.writing()
    progress.dossier_done("B", "error")
    assert seen == [("started", 1, 2, 0), ("document", "A", "a.pdf", True), ("dossier", "A", "complete"),
                    ("writing",)]


def test_rich_progress_counts_reused_dossiers_as_done():
    from rich.console import Console

    bars = progress.RichProgress(Console(file=open(os.devnull, "w")))  # noqa: SIM115
    bars.started(2, 5, 3)
    bars.document_done("A", "a.pdf", False)
    bars.dossier_done("A", "complete")
    tasks = {t.description: t for t in bars.bars.tasks}
    assert tasks["Hồ sơ"].total == 5 and tasks["Hồ sơ"].completed == 4
    assert tasks["Tài liệu"].total == 5 and tasks["Tài liệu"].completed == 1


@pytest.mark.dask
@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(importlib.util.find_spec("prefect_dask") is None, reason="prefect-dask not installed")
def test_dask_runner_processes_a_round(tmp_path):
    inbox, out = make_inbox(tmp_path / "inbox", ("HN2026-006",)), tmp_path / "out"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), SPCNCL_TASK_RUNNER="dask", SPCNCL_WORKERS="2",
               DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    done = subprocess.run([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, timeout=580)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    record = json.loads((out / "dossiers" / "HN2026-006.json").read_text(encoding="utf-8"))
    assert all(d["error_code"] is None for d in record["documents"])


@pytest.mark.timeout(600)
def test_process_pool_runner_gives_the_same_records_as_the_thread_runner(tmp_path):
    inbox = make_inbox(tmp_path / "inbox", ("HN2026-006",))
    records = {}
    for kind in ("thread", "process"):
        out = tmp_path / f"out-{kind}"
        env = dict(os.environ, PREFECT_HOME=str(tmp_path / f"prefect-{kind}"), SPCNCL_TASK_RUNNER=kind,
                   SPCNCL_WORKERS="2", DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
        done = subprocess.run([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(out),
                               "--round", "2026"], cwd=ROOT, env=env, capture_output=True, timeout=580)
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        records[kind] = (out / "dossiers" / "HN2026-006.json").read_bytes()
    assert json.loads(records["thread"])["status"] == "complete"
    assert records["process"] == records["thread"]
