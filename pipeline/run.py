"""One pass over a round, as plain functions, top to bottom:
merge reviewers' entries → plan → read → decide → write.

``spcncl run`` (through the Prefect flow in ``flows/round.py``), ``spcncl review`` and the tests
all call :func:`run_pass`. The only thing a caller may change is *how* the planned dossiers are
mapped onto work (``process``): in order here, as Prefect tasks with retries and the UI in the
flow. Reading goes through the reader processes of ``pipeline.isolation`` (a hard timeout per
document, a crash never takes the pass down) at most ``workers`` documents at once for the whole
pass, so a round of one big dossier still uses every core.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extractors.errors import SpcnclError
from extractors.settings import Settings
from pipeline import incremental, progress
from pipeline.cache import HashMemo
from pipeline.inbox import InputFile, discover
from pipeline.isolation import read_isolated, readers_started
from pipeline.models import DossierRecord
from pipeline.overrides import load_overrides
from pipeline.process import decide
from pipeline.reading import DocumentResult
from pipeline.reconcile import (
    CannotRedecideError,
    Merged,
    job_from_record,
    load_run_params,
    merge_reviewer_entries,
    unchanged,
)
from pipeline.round import prepare_output, write_outputs
from pipeline.rubric import Round, Rubric
from pipeline.writers.records import read_records, record_filename
from pipeline.writers.worksheet import WORKSHEET

log = logging.getLogger("spcncl.pass")
SYSTEM_ERRORS = ("timeout", "internal_error", "io_error")
Reader = Callable[[InputFile, Path | None, str | None, Settings], tuple[DocumentResult, bool]]


@dataclass
class PassContext:
    """What every dossier of a pass is read and decided with."""

    rubric: Rubric
    rnd: Round
    out: Path
    settings: Settings
    cache_dir: Path | None
    workers: int = 1
    reader: Reader = read_isolated


@dataclass
class Reading:
    """One document of a dossier as this pass got it."""

    result: DocumentResult
    from_store: bool
    seconds: float = 0.0


@dataclass
class Outcome:
    """A decided dossier, with how its documents were read."""

    record: DossierRecord
    machine_points: dict[str, float]
    readings: list[Reading] = field(default_factory=list)


Process = Callable[[list[incremental.Job], PassContext], Iterable[Outcome]]


@dataclass
class PassResult:
    """The round's summary and what the pass did."""

    summary: dict
    report: incremental.PassReport
    records: list[DossierRecord]


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def read_slots(workers: int) -> threading.BoundedSemaphore:
    """The pass-wide limit of documents read at once (one per worker)."""
    with _slots_lock:
        return _slots.setdefault(workers, threading.BoundedSemaphore(workers))


def read_in_process(file: InputFile, cache_dir: Path | None, sha: str | None,
                    settings: Settings) -> tuple[DocumentResult, bool]:
    """Read a document in this process (no timeout, no isolation): for tests and tools."""
    from pipeline.extraction import cached_read  # heavy: the readers, which a pass otherwise never loads here

    return cached_read(file, cache_dir, sha, settings)


def read_job(job: incremental.Job, ctx: PassContext) -> list[Reading]:
    """Read a dossier's documents (from the store when unchanged), several at once, in file order."""

    def read_one(file: InputFile) -> Reading:
        prepared = job.prepared.get(file.relpath)
        if prepared is not None:
            return Reading(prepared, True)
        with read_slots(ctx.workers):
            started = time.perf_counter()
            result, cached = ctx.reader(file, ctx.cache_dir, job.shas.get(file.relpath), ctx.settings)
        progress.document_done(job.dossier.dossier_id, file.relpath, cached)
        return Reading(result, cached, time.perf_counter() - started)

    if len(job.dossier.files) <= 1 or ctx.workers <= 1:
        return [read_one(file) for file in job.dossier.files]
    with ThreadPoolExecutor(max_workers=min(ctx.workers, len(job.dossier.files))) as pool:
        return list(pool.map(read_one, job.dossier.files))


def decide_job(job: incremental.Job, readings: list[Reading], ctx: PassContext) -> Outcome:
    """Decide the dossier from its documents, then write its record and state."""
    decision = decide(job.dossier, [r.result for r in readings], ctx.rubric, ctx.rnd, job.overrides,
                      ctx.settings.illegible_below)
    record = incremental.finalize_record(decision.record, ctx.rubric, ctx.rnd)
    incremental.commit_dossier(ctx.out, record, job.fingerprint, job.shas, decision.machine_points)
    return Outcome(record, decision.machine_points, readings)


def process_job(job: incremental.Job, ctx: PassContext) -> Outcome:
    """Read and decide one dossier."""
    return decide_job(job, read_job(job, ctx), ctx)


def process_in_order(jobs: list[incremental.Job], ctx: PassContext) -> Iterator[Outcome]:
    """Each dossier in turn; a bug in one dossier's decision never loses the others."""
    for job in jobs:
        try:
            yield process_job(job, ctx)
        except Exception as exc:
            log.error("Hồ sơ %s: lỗi khi xét (%s: %s); sẽ xét lại ở lượt sau", job.dossier.dossier_id,
                      type(exc).__name__, exc)


def run_pass(inbox: Path | None, out: Path, rubric: Rubric, rnd: Round, settings: Settings, *,
             use_cache: bool = True, settle_seconds: float = 0.0, reviewed: Path | None = None,
             process: Process = process_in_order, workers: int = 1, reader: Reader = read_isolated) -> PassResult:
    """Process the new and changed dossiers of ``inbox`` and rewrite the round's outputs in ``out``.

    ``reviewed`` is a worksheet given to ``spcncl review`` (its entries win over those of
    ``OUT/worksheet.xlsx``); without an inbox (``None``, or a folder that has moved away) the
    dossiers of the last pass are decided again from their records and the document store.
    """
    started = time.perf_counter()
    workdir = prepare_output(out)
    with incremental.round_lock(out):
        incremental.sweep_temporaries(out)
        merged = merge_reviewer_entries(out, rubric, rnd, reviewed)
        report = incremental.new_report(rnd.year)
        memo = HashMemo(out / incremental.STATE_DIR / "hashes.json")
        ctx = PassContext(rubric, rnd, out, settings, out / ".cache" if use_cache else None, workers, reader)
        if inbox is not None and inbox.is_dir():
            dossiers = discover(inbox, workdir, settings)
            jobs, reused = incremental.plan_pass(dossiers, out, rubric, rnd, settings, merged.overrides, memo,
                                                 settle_seconds, report, reuse=use_cache)
            keep = {d.dossier_id for d in dossiers}
        else:
            jobs, reused = plan_from_records(out, rubric, rnd, settings, merged, report)
            keep = {job.dossier.dossier_id for job in jobs} | {r.dossier_id for r in reused}
        progress.started(len(jobs), sum(len(job.dossier.files) for job in jobs), len(reused))
        records = reused + decide_all(jobs, ctx, process, report)
        report.removed = incremental.prune_stale(out, keep)
        progress.writing()
        machine_points = incremental.load_machine_points(out, [r.dossier_id for r in records])
        summary = write_outputs(records, rubric, rnd, out, inbox=inbox, overrides=merged.overrides,
                                machine_points=machine_points, problems=merged.problems,
                                review_threshold=settings.review_threshold, secretariat=settings.secretariat,
                                letters_aside=readers_started())
        if inbox is not None and inbox.is_dir():
            memo.save(keep={str(f.path.resolve()) for d in dossiers for f in d.files if f.path is not None})
        report.outcomes = {r.dossier_id: r.status for r in sorted(records, key=lambda r: r.dossier_id)}
        report.seconds = round(time.perf_counter() - started, 2)
        incremental.write_report(out, report)
    return PassResult(summary, report, records)


def decide_all(jobs: list[incremental.Job], ctx: PassContext, process: Process,
               report: incremental.PassReport) -> list[DossierRecord]:
    """Map the jobs through ``process`` and count what was read."""
    records = []
    for outcome in process(jobs, ctx):
        for reading in outcome.readings:
            report.documents_from_store += reading.from_store
            report.documents_read += not reading.from_store
            report.documents_failed += reading.result.entry.error_code in SYSTEM_ERRORS
        records.append(outcome.record)
        report.processed.append(outcome.record.dossier_id)
        progress.dossier_done(outcome.record.dossier_id, outcome.record.status)
    return records


def plan_from_records(out: Path, rubric: Rubric, rnd: Round, settings: Settings, merged: Merged,
                      report: incremental.PassReport) -> tuple[list[incremental.Job], list[DossierRecord]]:
    """Jobs for the dossiers whose entries changed, rebuilt from their records (the inbox is gone);
    the others' records as they are. A dossier that cannot be rebuilt keeps its record."""
    overrides, problems = merged.overrides, merged.problems
    rubric_fp = incremental.rubric_fingerprint(rubric, rnd)
    jobs, reused = [], []
    for record in read_records(out):
        try:
            job = job_from_record(record, out, overrides, rubric_fp, settings)
        except CannotRedecideError as exc:
            problems.append(f"{record.dossier_id}: chưa xét lại được ({exc}); chạy lại «spcncl run».")
            reused.append(record)
            continue
        if incremental.reusable_record(out, record.dossier_id, job.fingerprint) is not None:
            reused.append(record)
            report.reused.append(record.dossier_id)
        else:
            jobs.append(job)
    return jobs, reused


def pending_work(inbox: Path, out: Path, rubric: Rubric, rnd: Round, settings: Settings) -> bool:
    """Whether a pass over ``inbox`` would read or decide anything, or merge a reviewer's edits.

    Only archives are unpacked again, as a pass does. A worksheet saved since spcncl wrote it, an unreadable state or an
    output folder that does not exist yet all count as work.
    """
    params = load_run_params(out)
    sheet = out / WORKSHEET
    if params is None or params.inbox != str(inbox.resolve()) or not sheet.is_file() or not unchanged(sheet, params):
        return True
    try:
        overrides = load_overrides(out)
    except SpcnclError:
        return True
    memo = HashMemo(out / incremental.STATE_DIR / "hashes.json")
    dossiers = discover(inbox, out / ".work", settings)
    jobs, reused = incremental.plan_pass(dossiers, out, rubric, rnd, settings, overrides, memo, 0.0,
                                         incremental.new_report(rnd.year))
    known = {p.stem for p in (out / "dossiers").glob("*.json")}
    return bool(jobs) or known != {record_filename(r.dossier_id) for r in reused}


def saved_inbox(out: Path) -> Path | None:
    """The inbox the last pass over ``out`` read, if it is known."""
    params = load_run_params(out)
    return Path(params.inbox) if params and params.inbox else None
