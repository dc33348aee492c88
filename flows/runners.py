"""Which Prefect task runner a round uses, and how many documents it reads at once.

``SPCNCL_TASK_RUNNER`` picks it: ``thread`` (default), ``process`` (Prefect's
``ProcessPoolTaskRunner``) or ``dask`` (``prefect-dask``'s ``DaskTaskRunner``, on the cluster
at ``SPCNCL_DASK_ADDRESS`` or on a local one). ``SPCNCL_WORKERS`` sets the number of documents
read at once; by default it is the cores this process may use, fewer when memory is short.

Every document is read in a child process of its own (``pipeline.isolation``), so even the
thread runner uses every core; measured on two cores, the process pool only added Prefect's
per-task cost (see the README's Performance section).
"""

from __future__ import annotations

import os
from typing import Any

# What one document in flight may take: the reading child (≈150 MB) and two Tesseract processes
# with page images (≈2 × 120 MB), rounded up.
MEMORY_PER_WORKER = 450 * 1024 * 1024


def available_memory() -> int | None:
    """Bytes of memory available to new work (``MemAvailable``), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def usable_cores() -> int:
    """Cores this process may run on (CPU sets of containers honoured)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def worker_count() -> int:
    """Documents read at once: ``SPCNCL_WORKERS``, else the cores, bounded by available memory."""
    configured = os.environ.get("SPCNCL_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    memory = available_memory()
    by_memory = max(1, memory // MEMORY_PER_WORKER) if memory else usable_cores()
    return max(1, min(usable_cores(), by_memory))


def runner_kind() -> str:
    """``thread``, ``process`` or ``dask``."""
    kind = os.environ.get("SPCNCL_TASK_RUNNER", "thread").strip().lower() or "thread"
    if kind not in ("thread", "process", "dask"):
        raise ValueError(f"SPCNCL_TASK_RUNNER={kind!r}: chọn thread, process hoặc dask")
    return kind


def make_task_runner() -> Any:
    """The task runner chosen by the environment."""
    kind, workers = runner_kind(), worker_count()
    if kind == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        import dask
        from prefect_dask import DaskTaskRunner  # optional extra: pip install 'spcncl[dask]'

        # documents are read in reader processes, which daemonic Dask workers may not start
        dask.config.set({"distributed.worker.daemon": False})

        address = os.environ.get("SPCNCL_DASK_ADDRESS")
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True})
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=workers)
