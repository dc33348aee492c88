"""The Prefect flow of a round: one task per document, one per dossier.

Only wiring lives here: every task calls plain functions from ``pipeline``. A pass plans first
(``pipeline.incremental``): dossiers whose files, rubric, overrides and code are unchanged keep
their records and cost nothing. The others' documents are read as tasks — each in a reader
process with a hard timeout, through the store in ``OUT/.cache``, retried on I/O errors only —
and as soon as a dossier's documents are in, its own task decides it and writes its record.
The worksheet, letters and summary are then rewritten for the whole round.
"""

from __future__ import annotations

import os
import time
from collections import deque
from pathlib import Path

# before Prefect reads its settings: no telemetry, and time for the embedded server's first start
# (a new PREFECT_HOME runs its database migrations, slow on a busy two-core machine)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import task_run

from flows.runners import make_task_runner, worker_count
from pipeline import incremental, progress
from pipeline.cache import HashMemo, failed_result
from pipeline.inbox import InputFile, discover
from pipeline.isolation import read_isolated
from pipeline.models import DossierRecord
from pipeline.overrides import load_overrides
from pipeline.process import decide_dossier
from pipeline.reading import DocumentResult
from pipeline.round import load_round, prepare_output, write_outputs
from pipeline.rubric import Round, Rubric

IO_RETRIES = 2


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


@task(name="đọc tài liệu", retries=IO_RETRIES, retry_delay_seconds=2, retry_condition_fn=retry_on_io,
      task_run_name="đọc {dossier_id}/{file.relpath}", cache_policy=NO_CACHE, persist_result=False)
def read_document_task(file: InputFile, cache_dir: Path | None, sha: str | None,
                       dossier_id: str) -> tuple[DocumentResult, bool]:
    """Read and extract one file (from the store when unchanged); returns (result, from_store).

    A disk or share failure is retried; once the retries are spent it stays on the document
    as an error, so one unreachable file never fails the dossier.
    """
    result, cached = read_isolated(file, cache_dir, sha)
    if result.entry.error_code == "io_error" and task_run.run_count <= IO_RETRIES:
        raise OSError(result.entry.error)
    return result, cached


@task(name="xét hồ sơ", task_run_name="hồ sơ {job.dossier.dossier_id}", cache_policy=NO_CACHE,
      persist_result=False)
def dossier_task(job: incremental.Job, results: list[DocumentResult], rubric: Rubric, rnd: Round,
                 out: Path) -> DossierRecord:
    """Decide the dossier from its documents and write its record and state."""
    record = decide_dossier(job.dossier, results, rubric, rnd, job.overrides)
    incremental.finalize_record(record, rubric, rnd)
    incremental.commit_dossier(out, record, job.fingerprint, job.shas)
    return record


@task(name="ghi kết quả", retries=2, retry_delay_seconds=2, retry_condition_fn=retry_on_io,
      cache_policy=NO_CACHE, persist_result=False)
def write_outputs_task(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path, inbox: Path) -> dict:
    """Records, worksheet, letters, summary and report (reviewers' worksheet edits merged first)."""
    return write_outputs(records, rubric, rnd, out, inbox=inbox)


def document_outcome(future: PrefectFuture, file: InputFile, sha: str | None) -> tuple[DocumentResult, bool]:
    """A document task's result; a task that failed still gives the file an error entry."""
    try:
        return future.result()
    except TimeoutError as exc:
        return failed_result(file, sha, "timeout", f"Quá thời gian đọc tệp (timeout): {exc}"), False
    except OSError as exc:
        return failed_result(file, sha, "io_error", f"Lỗi truy cập tệp (I/O error): {exc}"), False
    except Exception as exc:
        return failed_result(file, sha, "internal_error",
                             f"Lỗi nội bộ khi đọc tệp (internal error): {type(exc).__name__}: {exc}"), False


def run_jobs(jobs: list[incremental.Job], rubric: Rubric, rnd: Round, out: Path, cache_dir: Path | None,
             report: incremental.PassReport) -> list[DossierRecord]:
    """Read every job's documents as tasks; decide each dossier as soon as its documents are in."""
    logger = get_run_logger()
    pending: dict[PrefectFuture, tuple[int, int]] = {}
    results: list[list[DocumentResult | None]] = [[None] * len(job.dossier.files) for job in jobs]
    decisions: dict[PrefectFuture[DossierRecord], str] = {}

    def decide(index: int) -> None:
        job = jobs[index]
        done = [r for r in results[index] if r is not None]
        decisions[dossier_task.submit(job, done, rubric, rnd, out)] = job.dossier.dossier_id

    todo = deque((index, position) for index, job in enumerate(jobs) for position in range(len(job.dossier.files)))
    window = 2 * worker_count()  # documents in flight: a dossier's decision never waits behind the whole round

    def refill() -> None:
        while todo and len(pending) < window:
            index, position = todo.popleft()
            job = jobs[index]
            file = job.dossier.files[position]
            future = read_document_task.submit(file, cache_dir, job.shas.get(file.relpath), job.dossier.dossier_id)
            pending[future] = (index, position)

    for index, job in enumerate(jobs):
        if not job.dossier.files:
            decide(index)
    refill()
    while pending:
        future = next(as_completed(list(pending)))
        index, position = pending.pop(future)
        job = jobs[index]
        file = job.dossier.files[position]
        result, cached = document_outcome(future, file, job.shas.get(file.relpath))
        results[index][position] = result
        report.documents_from_store += cached
        report.documents_read += not cached
        report.documents_failed += result.entry.error_code in ("timeout", "internal_error", "io_error")
        progress.document_done(job.dossier.dossier_id, file.relpath, cached)
        if all(r is not None for r in results[index]):
            decide(index)
            results[index] = []  # the dossier task holds them now
        refill()
    records = []
    for decision in as_completed(list(decisions)):
        dossier_id = decisions[decision]
        try:
            record = decision.result()
        except Exception as exc:  # a bug in one dossier's decision must not lose the others
            logger.error("Hồ sơ %s: lỗi khi xét (%s: %s); sẽ xét lại ở lượt sau", dossier_id,
                         type(exc).__name__, exc)
            continue
        records.append(record)
        report.processed.append(dossier_id)
        progress.dossier_done(dossier_id, record.status)
    return records


@flow(name="spcncl-round", log_prints=True, task_runner=make_task_runner())
def round_flow(inbox: Path, out: Path, year: int | None = None, criteria: str | None = None,
               use_cache: bool = True, settle_seconds: float = 0.0) -> dict:
    """Process the new and changed dossiers in ``inbox`` and rewrite the round's outputs in ``out``."""
    logger = get_run_logger()
    started = time.perf_counter()
    rubric, rnd = load_round(criteria, year)
    workdir = prepare_output(out)
    with incremental.round_lock(out):
        incremental.sweep_temporaries(out)
        dossiers = discover(inbox, workdir)
        report = incremental.new_report(rnd.year)
        memo = HashMemo(out / incremental.STATE_DIR / "hashes.json")
        overrides = load_overrides(out)
        jobs, reused = incremental.plan_pass(dossiers, out, rubric, rnd, overrides, memo, settle_seconds, report,
                                             reuse=use_cache)
        documents = sum(len(job.dossier.files) for job in jobs)
        logger.info("Vòng %s: %d hồ sơ trong %s — %d cần xử lý (%d tài liệu), %d không đổi, %d đang chép dở",
                    rnd.year, len(dossiers), inbox, len(jobs), documents, len(report.reused), len(report.deferred))
        progress.started(len(jobs), documents, len(reused))
        records = reused + run_jobs(jobs, rubric, rnd, out, out / ".cache" if use_cache else None, report)
        report.removed = incremental.prune_stale(out, {d.dossier_id for d in dossiers})
        progress.writing()
        summary = write_outputs_task(records, rubric, rnd, out, inbox)
        memo.save(keep={str(f.path.resolve()) for d in dossiers for f in d.files if f.path is not None})
        report.outcomes = {r.dossier_id: r.status for r in sorted(records, key=lambda r: r.dossier_id)}
        report.seconds = round(time.perf_counter() - started, 2)
        incremental.write_report(out, report)
    logger.info("Đã ghi %d hồ sơ (%d xử lý lại), phiếu thẩm định và tổng hợp vào %s (%.1f s)",
                len(records), len(report.processed), out, report.seconds)
    return summary
