"""A round's ends as plain functions: load the rubric, prepare OUT, write the outputs.

``pipeline.run.run_pass`` calls these between its stages.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from extractors.errors import OutputError
from extractors.settings import DEFAULTS
from pipeline.models import DossierRecord
from pipeline.overrides import Overrides
from pipeline.reconcile import save_run_params
from pipeline.rubric import Round, Rubric, load_rubric
from pipeline.writers.letters import write_letters, write_letters_from_json
from pipeline.writers.records import write_record
from pipeline.writers.report import write_report
from pipeline.writers.secretariat import Secretariat, load_secretariat
from pipeline.writers.summary import build_summary, write_summary
from pipeline.writers.worksheet import write_worksheet

log = logging.getLogger("spcncl.write")


def load_round(criteria: str | Path | None, year: int | None) -> tuple[Rubric, Round]:
    """The rubric and the round to judge against."""
    rubric = load_rubric(criteria)
    return rubric, rubric.round(year)


def prepare_output(out: Path) -> Path:
    """Create OUT and its work area; fail clearly when it cannot be written."""
    try:
        (out / "dossiers").mkdir(parents=True, exist_ok=True)
        (out / ".work").mkdir(exist_ok=True)
        probe = out / ".work" / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{out}: {exc}") from exc
    return out / ".work"


def start_letters_aside(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path, letterhead: Secretariat,
                        today: dt.date) -> Future[list[Path]] | None:
    """Start writing the letters in a child process of the fork server; None when it cannot start."""
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        future = pool.submit(write_letters_from_json, [r.model_dump_json() for r in records], rubric, rnd, out,
                             letterhead, today)
        pool.shutdown(wait=False)
        return future
    except (OSError, RuntimeError) as exc:
        log.warning("Không chạy được tiến trình viết văn bản (%s); viết ngay tại đây", exc)
        return None


def finish_letters(letters: Future[list[Path]] | None, records: list[DossierRecord], rubric: Rubric, rnd: Round,
                   out: Path, letterhead: Secretariat, today: dt.date) -> list[Path]:
    """Wait for the letters written aside; write them here if that failed (or was not started)."""
    if letters is not None:
        try:
            return letters.result()
        except Exception as exc:  # a child that died, a record that did not pickle: the letters are still owed
            log.warning("Tiến trình viết văn bản gặp lỗi (%s: %s); viết lại tại đây", type(exc).__name__, exc)
    return write_letters(records, rubric, rnd, out, letterhead, today=today)


def write_outputs(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path, inbox: Path | None = None,
                  overrides: Overrides | None = None, machine_points: dict[str, dict[str, float]] | None = None,
                  problems: list[str] | None = None, review_threshold: float = DEFAULTS.review_threshold,
                  secretariat: str | None = None, letters_aside: bool = False) -> dict:
    """Write the round: records, worksheet, letters, summary and report; returns the summary.

    Writers only write: every record comes decided (``pipeline.run``), with the reviewer's
    ``overrides`` in force and the machine's own points beside them for the worksheet. With
    ``letters_aside`` the letters are written in a child process while this one writes the
    worksheet (worth it when a fork server is already running: the reader processes').
    """
    records = sorted(records, key=lambda r: r.dossier_id)
    overrides = overrides if overrides is not None else Overrides()
    today = dt.date.today()
    letterhead = load_secretariat(secretariat)
    letters = start_letters_aside(records, rubric, rnd, out, letterhead, today) if letters_aside else None
    for record in records:
        write_record(record, out)
    write_worksheet(records, rubric, rnd, out, overrides, machine_points or {}, today, review_threshold,
                    secretariat=letterhead, inbox=inbox)
    finish_letters(letters, records, rubric, rnd, out, letterhead, today)
    summary = build_summary(records, rubric, rnd, overrides, problems or [])
    write_summary(summary, out)
    write_report(summary, records, rubric, rnd, out, today, letterhead)
    save_run_params(out, rubric, rnd, inbox)
    return summary
