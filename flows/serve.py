"""``spcncl serve``: the round flow as a Prefect deployment that polls the inbox on a schedule.

Scheduling needs a Prefect server (the embedded one of ``spcncl run`` has no scheduler). When
``PREFECT_API_URL`` names one (a shared server, see ``docs/operations.md``) the deployment is
served against it; otherwise ``serve`` starts a local server on 127.0.0.1 (port
``SPCNCL_SERVER_PORT``, default 4200, the next free one if taken) for as long as it runs, and
its UI shows every pass and every dossier's task.

Each scheduled run is a pass of ``flows.round.round_flow``: only new and changed dossiers are
read and decided, and the worksheet and summary are rewritten for the whole round. One pass runs
at a time (``limit=1``); a dossier whose files changed in the last ``SPCNCL_SETTLE_SECONDS``
(default 30) is still being copied in and waits for the next pass.

``deploy_to_pool`` registers the same flow on a work pool instead, for workers on other machines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from prefect import serve
from prefect.settings import PREFECT_API_URL, temporary_settings

from extractors import vnformat
from extractors.settings import Settings
from flows.round import round_flow

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_NAME = "theo-doi-ho-so"
ROOT = Path(__file__).resolve().parent.parent
SERVER_START_SECONDS = 180.0


def pass_parameters(inbox: Path, out: Path, year: int | None, criteria: str | None) -> dict[str, Any]:
    """The flow parameters of a scheduled pass (absolute paths: runs start in other folders)."""
    settle = Settings.from_env().settle_seconds
    return {"inbox": str(inbox.resolve()), "out": str(out.resolve()), "year": year,
            "criteria": str(Path(criteria).resolve()) if criteria and Path(criteria).exists() else criteria,
            "settle_seconds": settle}


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens on it, else a free port chosen by the system."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(api_url: str, process: subprocess.Popen | None = None,
                 seconds: float = SERVER_START_SECONDS) -> None:
    """Wait until ``GET {api_url}/health`` answers; raise if the server died or never came up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"Máy chủ Prefect đã dừng (Prefect server exited, code {process.returncode})")
        with contextlib.suppress(urllib.error.URLError, OSError), \
                urllib.request.urlopen(f"{api_url}/health", timeout=5) as answer:
            if answer.status == 200:
                return
        time.sleep(1.0)
    raise RuntimeError(f"Máy chủ Prefect không trả lời sau {vnformat.seconds(seconds)} ({api_url})")


def start_server(port: int, home: Path | None = None) -> tuple[subprocess.Popen, str]:
    """Start ``prefect server start`` on 127.0.0.1:``port``; returns the process and its API URL."""
    env = dict(os.environ, DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED=os.environ.get("PREFECT_UI_ENABLED", "true"))
    env.pop("PREFECT_API_URL", None)
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    process = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        wait_healthy(api_url, process)
    except BaseException:
        stop_server(process)
        raise
    return process, api_url


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server` (and its children)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
        process.wait(5)


@contextlib.contextmanager
def api_server() -> Iterator[str]:
    """The Prefect API to serve against: ``PREFECT_API_URL`` if set, else a local server for the block."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    process, api_url = start_server(free_port(Settings.from_env().server_port))
    os.environ["PREFECT_API_URL"] = api_url  # for the runs the runner starts
    try:
        with temporary_settings({PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        stop_server(process)


def serve_inbox(inbox: Path, out: Path, year: int | None, criteria: str | None, interval: int) -> None:
    """Serve the round flow, one pass every ``interval`` seconds, until interrupted."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    out.mkdir(parents=True, exist_ok=True)
    with api_server() as api_url:
        print(f"Prefect UI: {api_url.removesuffix('/api')} — theo dõi {inbox.resolve()} mỗi {interval} giây, "
              f"kết quả trong {out.resolve()}", flush=True)
        deployment = round_flow.to_deployment(
            name=DEPLOYMENT_NAME, interval=dt.timedelta(seconds=max(1, interval)),
            parameters=pass_parameters(inbox, out, year, criteria),
            description="Quét hộp thư hồ sơ, xử lý hồ sơ mới hoặc đã đổi, ghi lại phiếu thẩm định và tổng hợp.",
        )
        serve(cast("RunnerDeployment", deployment), limit=1, print_starting_message=False)


def deploy_to_pool(work_pool: str, inbox: Path, out: Path, year: int | None = None, criteria: str | None = None,
                   interval: int | None = None, source: str | None = None, name: str = DEPLOYMENT_NAME) -> str:
    """Register the round flow on a work pool (workers on any machine run it); returns the
    deployment's id. ``source`` is where workers find the code: this checkout by default, or a
    git URL for workers on other machines. ``inbox`` and ``out`` must be paths the workers see
    (a shared folder)."""
    flow = cast("Flow", round_flow.from_source(source=source or str(ROOT), entrypoint="flows/round.py:round_flow"))
    deployment_id = flow.deploy(
        name=name, work_pool_name=work_pool, build=False, push=False,
        parameters=pass_parameters(inbox, out, year, criteria),
        interval=dt.timedelta(seconds=interval) if interval else None, print_next_steps=False,
        description="Một lượt xét hồ sơ: hồ sơ mới hoặc đã đổi, rồi phiếu thẩm định và tổng hợp cả vòng.",
    )
    return str(deployment_id)
