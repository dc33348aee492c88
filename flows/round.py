"""The Prefect flow of a round: :func:`pipeline.run.run_pass`, each dossier a Prefect task.

Only the mapping lives here. The pass itself (merge reviewers' entries, plan, read, decide,
write) is the plain function every caller shares; Prefect adds per-dossier tasks with retries
on I/O errors, concurrency and the UI, and logs each document's reading in its dossier's task.
A task per dossier, not per document, keeps Prefect's own cost (a task run on its server) per
dossier: a 40-page statement and a one-page letter cost it the same.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from extractors import vnformat

# before Prefect reads its settings: no telemetry, and time for the embedded server's first start
# (a new PREFECT_HOME runs its database migrations, slow on a busy two-core machine)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import task_run

from extractors.settings import Settings
from flows.runners import make_task_runner, worker_count
from pipeline.incremental import Job
from pipeline.round import load_round
from pipeline.run import Outcome, PassContext, Reading, decide_job, read_job, run_pass

IO_RETRIES = 2
log = logging.getLogger("spcncl.flow")  # what the person at the console must see (Prefect's lines go to its log)


def retry_on_io(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only when the failure was an operating-system I/O error (a busy share, a full disk);
    never a timeout (``TimeoutError`` is an ``OSError`` too) nor a bug."""
    try:
        state.result()
    except TimeoutError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(name="xét hồ sơ", retries=IO_RETRIES, retry_delay_seconds=2, retry_condition_fn=retry_on_io,
      task_run_name="hồ sơ {job.dossier.dossier_id}", cache_policy=NO_CACHE, persist_result=False)
def dossier_task(job: Job, ctx: PassContext) -> Outcome:
    """Read the dossier's documents and decide it.

    A disk or share failure on a document retries the task (what was read is in the store by
    then); once the retries are spent the failure stays on the document as an error entry.
    """
    readings = read_job(job, ctx)
    unreachable = [r for r in readings if r.result.entry.error_code == "io_error"]
    if unreachable and task_run.run_count <= IO_RETRIES:
        raise OSError(unreachable[0].result.entry.error)
    log_readings(job, readings)
    return decide_job(job, readings, ctx)


def log_readings(job: Job, readings: list[Reading]) -> None:
    """One log line per document: its kind and pages, or its error; from the store or read, how long."""
    logger = get_run_logger()
    for reading in readings:
        entry = reading.result.entry
        how = "từ bộ nhớ đệm" if reading.from_store else f"đọc {vnformat.seconds(reading.seconds)}"
        what = f"lỗi {entry.error_code}: {entry.error}" if entry.error else f"{entry.kind}, {entry.pages or '-'} trang"
        logger.info("%s/%s: %s (%s)", job.dossier.dossier_id, entry.file, what, how)


def process_as_tasks(jobs: list[Job], ctx: PassContext) -> Iterator[Outcome]:
    """Submit one task per dossier; yield each outcome as it is done. A dossier whose task failed
    (a bug) is logged and left for the next pass; the others are kept."""
    logger = get_run_logger()
    futures = {dossier_task.submit(job, ctx): job.dossier.dossier_id for job in jobs}
    for future in as_completed(list(futures)):
        try:
            yield future.result()
        except Exception as exc:
            for where in (logger, log):  # the run's log (Prefect's UI) and the console
                where.error("Hồ sơ %s: lỗi khi xét (%s: %s); sẽ xét lại ở lượt sau", futures[future],
                            type(exc).__name__, exc)


@flow(name="spcncl-round", log_prints=True, task_runner=make_task_runner(Settings.from_env()))
def round_flow(inbox: Path, out: Path, year: int | None = None, criteria: str | None = None,
               use_cache: bool = True, settle_seconds: float = 0.0) -> dict:
    """Process the new and changed dossiers in ``inbox`` and rewrite the round's outputs in ``out``."""
    logger = get_run_logger()
    settings = Settings.from_env()
    rubric, rnd = load_round(criteria, year)
    result = run_pass(inbox, out, rubric, rnd, settings, use_cache=use_cache, settle_seconds=settle_seconds,
                      process=process_as_tasks, workers=worker_count(settings))
    report = result.report
    logger.info("Vòng %s: %d hồ sơ xử lý, %d không đổi, %d đang chép dở; %d tài liệu đọc, %d từ bộ nhớ đệm; "
                "kết quả ở %s (%.1f s)", rnd.year, len(report.processed), len(report.reused), len(report.deferred),
                report.documents_read, report.documents_from_store, out, report.seconds)
    return result.summary
