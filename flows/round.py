"""The Prefect flow of a round: one task per dossier, one per document inside it.

Only wiring lives here: every task calls a plain function from ``pipeline``. Document tasks
retry on I/O errors only and read through the store in ``OUT/.cache`` (sha256 + pipeline
version), so an unchanged file is never read twice.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.futures import PrefectFuture, wait
from prefect.runtime import task_run

from pipeline.cache import cached_read
from pipeline.inbox import DossierInput, InputFile, discover
from pipeline.models import DossierRecord
from pipeline.process import decide_dossier
from pipeline.reading import DocumentResult
from pipeline.round import load_round, prepare_output, write_outputs
from pipeline.rubric import Round, Rubric

IO_RETRIES = 2


def retry_on_io(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only when the failure was an operating-system I/O error (a busy share, a full disk)."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(name="đọc tài liệu", retries=IO_RETRIES, retry_delay_seconds=2, retry_condition_fn=retry_on_io,
      task_run_name="đọc {file.relpath}")
def read_document_task(file: InputFile, cache_dir: Path | None) -> DocumentResult:
    """Read and extract one file (from the store when unchanged).

    A disk or share failure is retried; once the retries are spent it stays on the document
    as an error, so one unreachable file never fails the dossier.
    """
    result, _ = cached_read(file, cache_dir)
    if result.entry.error_code == "io_error" and task_run.run_count <= IO_RETRIES:
        raise OSError(result.entry.error)
    return result


@task(name="xét hồ sơ", task_run_name="hồ sơ {dossier.dossier_id}")
def dossier_task(dossier: DossierInput, rubric: Rubric, rnd: Round, cache_dir: Path | None) -> DossierRecord:
    """Read the dossier's documents (each a task) and decide the dossier."""
    results = [read_document_task(file, cache_dir) for file in dossier.files]
    return decide_dossier(dossier, results, rubric, rnd)


@task(name="ghi kết quả", retries=2, retry_delay_seconds=2, retry_condition_fn=retry_on_io)
def write_outputs_task(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path) -> dict:
    """Records, worksheet, letters, summary."""
    return write_outputs(records, rubric, rnd, out)


@flow(name="spcncl-round", log_prints=True)
def round_flow(inbox: Path, out: Path, year: int | None = None, criteria: str | None = None,
               use_cache: bool = True) -> dict:
    """Process every dossier in ``inbox`` and write the round's outputs to ``out``."""
    logger = get_run_logger()
    rubric, rnd = load_round(criteria, year)
    workdir = prepare_output(out)
    dossiers = discover(inbox, workdir)
    logger.info("Vòng %s: %d hồ sơ trong %s", rnd.year, len(dossiers), inbox)
    cache_dir = out / ".cache" if use_cache else None
    futures: list[PrefectFuture[DossierRecord]] = [
        dossier_task.submit(dossier, rubric, rnd, cache_dir) for dossier in dossiers
    ]
    wait(futures)
    records = [future.result() for future in futures]
    summary = write_outputs_task(records, rubric, rnd, out)
    logger.info("Đã ghi %d hồ sơ, phiếu thẩm định và tổng hợp vào %s", len(records), out)
    return summary
