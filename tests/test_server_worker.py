"""Scale-out as documented: a real ``prefect server`` on 127.0.0.1, a process work pool, the round
deployed to it with ``flows.serve.deploy_to_pool``, and a worker process that executes the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.serve import DEPLOYMENT_NAME, free_port, start_server, stop_server

from .conftest import ROOT, stop_group
from .test_resume_incremental import make_inbox

pytestmark = [pytest.mark.server, pytest.mark.timeout(600)]
POOL = "spcncl-test"


def prefect(*args: str, env: dict[str, str], seconds: float = 240) -> str:
    """Run a ``prefect`` CLI command against the test server; return its output."""
    done = subprocess.run([sys.executable, "-m", "prefect", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=seconds)
    assert done.returncode == 0, f"prefect {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Prefect server with its own home, and the environment that points at it."""
    home = tmp_path_factory.mktemp("prefect-server")
    process, api_url = start_server(free_port(4300), home=home)
    env = dict(os.environ, PREFECT_API_URL=api_url, PREFECT_HOME=str(home), DO_NOT_TRACK="1",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", SPCNCL_WORKERS="1", SPCNCL_SETTLE_SECONDS="0")
    yield env
    stop_server(process)


def test_a_worker_executes_the_deployed_round(server, tmp_path):
    env = server
    inbox, out = make_inbox(tmp_path / "inbox", ("HN2026-006",)), tmp_path / "out"
    prefect("work-pool", "create", POOL, "--type", "process", env=env)
    deploy = (f"from pathlib import Path; from flows.serve import deploy_to_pool; "
              f"print(deploy_to_pool({POOL!r}, Path({str(inbox)!r}), Path({str(out)!r}), year=2026))")
    done = subprocess.run([sys.executable, "-c", deploy], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    worker = subprocess.Popen([sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL, "--type",
                               "process", "--limit", "1"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        output = prefect("deployment", "run", f"spcncl-round/{DEPLOYMENT_NAME}", "--watch",
                         "--watch-interval", "2", "--watch-timeout", "400", env=env, seconds=420)
    finally:
        stop_group(worker)
    assert "Completed" in output, output[-2000:]
    record = json.loads((out / "dossiers" / "HN2026-006.json").read_text(encoding="utf-8"))
    assert record["status"] in ("complete", "incomplete", "ineligible")
    assert (out / "worksheet.xlsx").is_file() and (out / "summary.json").is_file()
    runs = _runs(env)
    assert [state for name, state in runs["flows"]] == ["COMPLETED"]
    tasks = {name: state for name, state in runs["tasks"]}
    assert tasks == {"hồ sơ HN2026-006": "COMPLETED"}  # one task per dossier, not per document
    # each document's reading is a log line of its dossier's task, in the UI
    assert any(line.startswith("HN2026-006/") and "trang" in line for line in runs["logs"])


def _runs(env: dict[str, str]) -> dict[str, list[list[str]]]:
    """Names and states of every flow run and task run on the server, and the log lines (through the client)."""
    code = ("import asyncio, json\nfrom prefect.client.orchestration import get_client\n"
            "async def main():\n    async with get_client() as c:\n"
            "        flows = await c.read_flow_runs(limit=50)\n        tasks = await c.read_task_runs(limit=200)\n"
            "        logs = await c.read_logs(limit=200)\n"
            "        print(json.dumps({'flows': [[r.name, r.state_type.value] for r in flows],\n"
            "                          'tasks': [[r.name, r.state_type.value] for r in tasks],\n"
            "                          'logs': [r.message for r in logs]}))\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_readme_documents_scale_out():
    text = (Path(ROOT) / "docs" / "operations.md").read_text(encoding="utf-8")
    for needle in ("prefect server start", "PREFECT_API_DATABASE_CONNECTION_URL", "postgresql+asyncpg",
                   "prefect worker start", "DaskTaskRunner", "SPCNCL_TASK_RUNNER"):
        assert needle in text
