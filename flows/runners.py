"""Which Prefect task runner a round uses, and how many documents it reads at once.

The ``task_runner`` setting (``SPCNCL_TASK_RUNNER``) picks it: ``thread`` (default), ``process`` (Prefect's
``ProcessPoolTaskRunner``) or ``dask`` (``prefect-dask``'s ``DaskTaskRunner``, on the cluster
at ``SPCNCL_DASK_ADDRESS`` or on a local one). ``SPCNCL_WORKERS`` sets the number of documents
read at once; by default it is the cores this process may use, fewer when memory is short.

Every document is read in a child process of its own (``pipeline.isolation``), so even the
thread runner uses every core; measured on two cores, the process pool only added Prefect's
per-task cost (see the README's Performance section).
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extractors.settings import Settings
from pipeline.isolation import worker_count

__all__ = ["make_task_runner", "worker_count"]


def make_task_runner(settings: Settings) -> Any:
    """The task runner the settings choose (``task_runner``: thread, process or dask)."""
    kind, workers = settings.task_runner, worker_count(settings)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        import dask  # optional extra: pip install 'spcncl[dask]'
        from prefect_dask import DaskTaskRunner  # optional extra, as above

        # documents are read in reader processes, which daemonic Dask workers may not start
        dask.config.set({"distributed.worker.daemon": False})

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True})
    return ThreadPoolTaskRunner(max_workers=workers)
