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

from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from pipeline.isolation import worker_count

__all__ = ["make_task_runner", "runner_kind", "worker_count"]


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
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        import dask  # optional extra: pip install 'spcncl[dask]'
        from prefect_dask import DaskTaskRunner  # optional extra, as above

        # documents are read in reader processes, which daemonic Dask workers may not start
        dask.config.set({"distributed.worker.daemon": False})

        address = os.environ.get("SPCNCL_DASK_ADDRESS")
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True})
    return ThreadPoolTaskRunner(max_workers=workers)
