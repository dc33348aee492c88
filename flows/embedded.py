"""The Prefect that ``spcncl run`` starts for itself: its log lines go to a file in OUT, not the
console, and Ctrl-C stops its server at once.

Nothing here imports Prefect. Prefect configures its logging when it is imported, and its embedded
server is a child process that inherits the environment: the logging settings are put in the
environment before ``flows.round`` is imported, and both processes read them.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

LOG_NAME = "prefect.log"
CONFIG_NAME = "prefect-logging.yaml"
MAX_LOG_BYTES = 5 * 1024 * 1024  # the log of earlier runs is kept (one older file) up to this size
SETTINGS_PATH = "PREFECT_LOGGING_SETTINGS_PATH"

_FORMAT = "%(asctime)s | %(process)d | %(levelname)-7s | %(name)s - %(message)s"


def logging_config(log: Path) -> dict:
    """Prefect's logging (its own loggers, its server's, uvicorn's and any library's) into ``log``;
    spcncl's own warnings (the ``spcncl`` loggers) on the console as plain lines, and in the log too.
    Flow and task run lines still reach a Prefect server's UI through the API handler when one is used."""
    formatter = {"()": "prefect.logging.formatters.PrefectFormatter", "format": _FORMAT,
                 "flow_run_fmt": _FORMAT.replace("%(name)s", "Flow run %(flow_run_name)r"),
                 "task_run_fmt": _FORMAT.replace("%(name)s", "Task run %(task_run_name)r"),
                 "datefmt": "%Y-%m-%d %H:%M:%S"}
    to_file = {"handlers": ["file"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"standard": formatter, "plain": {"format": "%(message)s"}},
        "handlers": {
            # Prefect reads the file as a template ($NAME is a setting): a "$" of the path is doubled
            "file": {"class": "logging.FileHandler", "filename": str(log).replace("$", "$$"), "encoding": "utf-8",
                     "delay": True, "formatter": "standard", "level": 0},
            "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain",
                        "level": "WARNING"},
            "api": {"class": "prefect.logging.handlers.APILogHandler", "level": 0},
            "worker_api": {"class": "prefect.logging.handlers.WorkerAPILogHandler", "level": 0},
        },
        "loggers": {
            "prefect": {"level": "INFO", **to_file},
            "prefect.extra": {"level": "INFO", "handlers": ["api", "file"], "propagate": False},
            "prefect.flow_runs": {"level": "NOTSET", "handlers": ["api"]},
            "prefect.task_runs": {"level": "NOTSET", "handlers": ["api"]},
            "prefect.workers": {"level": "NOTSET", "handlers": ["worker_api"]},
            "prefect.server": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}"},
            "prefect._internal": {"level": "${PREFECT_INTERNAL_LOGGING_LEVEL}", **to_file},
            "uvicorn": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}", **to_file},
            "uvicorn.error": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}", **to_file},  # uvicorn gives these
            "uvicorn.access": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}", **to_file},  # stderr of their own
            "fastapi": {"level": "${PREFECT_SERVER_LOGGING_LEVEL}", **to_file},
            "spcncl": {"level": "WARNING", "handlers": ["console"], "propagate": True},
        },
        "root": {"level": "WARNING", "handlers": ["file"]},
    }


def route_prefect_logs(state_dir: Path) -> Path | None:
    """Send Prefect's log lines (this process's and its embedded server's) to ``state_dir/prefect.log``
    and return that path; None when the user chose a logging configuration of their own
    (``PREFECT_LOGGING_SETTINGS_PATH``), which is then left as it is."""
    if os.environ.get(SETTINGS_PATH) or "prefect" in sys.modules:
        return None
    state_dir.mkdir(parents=True, exist_ok=True)
    log = state_dir / LOG_NAME
    with contextlib.suppress(OSError):
        if log.stat().st_size > MAX_LOG_BYTES:
            log.replace(log.with_name(LOG_NAME + ".1"))
    config = state_dir / CONFIG_NAME
    config.write_text(yaml.safe_dump(logging_config(log), allow_unicode=True, sort_keys=False, width=1 << 16),
                      encoding="utf-8")
    os.environ[SETTINGS_PATH] = str(config)
    return log


def stop_embedded_server(grace: float = 1.0) -> None:
    """Stop the embedded Prefect server of this process, if one was started: politely, then for sure."""
    module = sys.modules.get("prefect.server.api.server")
    servers = getattr(getattr(module, "SubprocessASGIServer", None), "_instances", {}) if module else {}
    for server in list(servers.values()):
        process: subprocess.Popen | None = getattr(server, "server_process", None)
        if process is None or process.poll() is not None:
            continue
        with contextlib.suppress(OSError):
            process.terminate()
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
