"""Bring reviewers' entries into a round before a pass plans it.

Before the worksheet is overwritten (by ``spcncl run`` or ``spcncl review``) its edits are
merged into ``OUT/overrides.json``; an edited worksheet is also copied to
``OUT/.work/history/`` so nothing a reviewer typed (notes, colours) is lost. The overrides are
part of each dossier's fingerprint, so the pass then decides again exactly the dossiers whose
entries changed — their documents come from the store in ``OUT/.cache``. When the inbox has
moved away, :func:`jobs_from_records` rebuilds those dossiers from their records and the store.
The run's parameters (inbox, rubric, round) are kept in ``OUT/.work/run.json`` for ``review``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from extractors.errors import WorksheetError
from extractors.settings import Settings
from pipeline import __version__
from pipeline.cache import entry_path
from pipeline.inbox import DossierInput, InputFile
from pipeline.incremental import Job, dossier_fingerprint, load_machine_points
from pipeline.models import DossierRecord
from pipeline.overrides import Overrides, load_overrides, save_overrides
from pipeline.reading import DocumentResult
from pipeline.rubric import Round, Rubric
from pipeline.worksheet_merge import merge_worksheet, outstanding_refusals
from pipeline.worksheet_read import Key, MachineCells, read_meta
from pipeline.writers.atomic import write_text_atomic
from pipeline.writers.records import read_records, record_filename
from pipeline.writers.worksheet import WORKSHEET
from pipeline.writers.worksheet_fields import display_value, iter_fields

RUN_FILE = Path(".work") / "run.json"
REFUSED_SHA = "0" * 64
log = logging.getLogger("spcncl.review")


class RunParams(BaseModel):
    """What ``review`` needs to decide the round again as ``run`` did."""

    inbox: str | None = None
    criteria: str | None = None
    round: int
    pipeline_version: str = __version__
    written_at: str = ""
    worksheet_sha256: str | None = None
    worksheet_generation: str | None = None  # the last worksheet's identity: its machine cells are the records'


class CannotRedecideError(Exception):
    """A document's result is neither in the store nor on disk any more."""


def load_run_params(out: Path) -> RunParams | None:
    """The parameters the last run saved, if any."""
    path = out / RUN_FILE
    if not path.is_file():
        return None
    try:
        return RunParams.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, OSError):
        return None


def save_run_params(out: Path, rubric: Rubric, rnd: Round, inbox: Path | None) -> RunParams:
    """Save the run's parameters (an unknown inbox keeps the one saved before)."""
    previous = load_run_params(out)
    known = str(inbox.resolve()) if inbox is not None else (previous.inbox if previous else None)
    worksheet = out / WORKSHEET
    written = worksheet.is_file()
    params = RunParams(inbox=known, criteria=rubric.source_path, round=rnd.year,
                       written_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                       worksheet_sha256=sha256(worksheet) if written else None,
                       worksheet_generation=read_meta(worksheet).get("generation") if written else None)
    write_text_atomic(out / RUN_FILE, params.model_dump_json(indent=2) + "\n")
    return params


def sha256(path: Path) -> str:
    """A file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Merged:
    """The entries in force after the merge, and what a person must hear about the reviewers' entries."""

    overrides: Overrides
    added: int = 0
    problems: list[str] = field(default_factory=list)


def merge_reviewer_entries(out: Path, rubric: Rubric, rnd: Round, reviewed: Path | None = None) -> Merged:
    """Merge the edits of ``OUT/worksheet.xlsx`` (and of ``reviewed``, a worksheet named on the
    command line, whose edits win) into ``overrides.json``.

    A worksheet still byte for byte what spcncl wrote is skipped; an unreadable old worksheet is
    a problem reported in the summary (the one named on the command line is refused). Every
    refused entry still shown in its cell is reported again, on this pass and every later one,
    until a later entry replaces it.
    """
    overrides = load_overrides(out)  # a damaged file stops here: it is never overwritten
    params = load_run_params(out)
    state = Merged(overrides=overrides)
    notes: list[str] = []
    current = out / WORKSHEET
    sheets = [current] if current.is_file() else []
    if reviewed is not None:
        sheets = [s for s in sheets if s.resolve() != reviewed.resolve()] + [reviewed]
    machine = machine_cells(out, rubric, rnd, params)
    for sheet in sheets:
        if unchanged(sheet, params):
            continue  # byte for byte what spcncl wrote: nobody typed anything in it
        keep_copy(sheet, out)
        try:
            merged = merge_worksheet(sheet, overrides, rubric, rnd.year, machine)
        except WorksheetError as exc:
            if sheet == reviewed:
                raise
            notes.append(f"Không đọc được phiếu cũ {sheet.name} (đã lưu bản sao trong .work/history): {exc}")
            continue
        state.added += merged.added
        notes += merged.notes
    if state.added:
        save_overrides(overrides, out)
    known = {d for d in overrides.dossiers if (out / "dossiers" / f"{record_filename(d)}.json").is_file()}
    state.problems = list(dict.fromkeys([*notes, *outstanding_refusals(overrides, rubric, known)]))
    for problem in state.problems:
        log.warning(problem)
    return state


def machine_cells(out: Path, rubric: Rubric, rnd: Round, params: RunParams | None) -> MachineCells:
    """What spcncl wrote in its own value cells («Giá trị», «Điểm máy») of the last worksheet, from the
    records it was written with; known only for that very workbook (its generation), with this rubric."""
    built: dict[str, dict[Key, object]] = {}

    def view(meta: dict[str, str]) -> dict[Key, object] | None:
        if params is None or not params.worksheet_generation or meta.get("generation") != params.worksheet_generation:
            return None
        if meta.get("criteria", "") != (rubric.source_path or ""):
            return None
        if "cells" not in built:
            try:
                records = read_records(out)
            except (ValidationError, ValueError, OSError):
                return None
            built["cells"] = expected_cells(records, out, rubric, rnd)
        return built["cells"]

    return view


def expected_cells(records: list[DossierRecord], out: Path, rubric: Rubric, rnd: Round) -> dict[Key, object]:
    """Each value cell and machine-points cell as the worksheet writer fills it."""
    machine = load_machine_points(out, [r.dossier_id for r in records])
    cells: dict[Key, object] = {}
    for record in records:
        for path, value in iter_fields(record, rnd.years):
            cells[("value", record.dossier_id, path)] = display_value(path, value, rubric)
        for criterion in record.score.criteria:
            cells[("points", record.dossier_id, criterion.id)] = machine.get(record.dossier_id, {}).get(
                criterion.id, criterion.points)
    return cells


def unchanged(sheet: Path, params: RunParams | None) -> bool:
    """Whether the worksheet is still exactly the one the last run wrote."""
    return params is not None and params.worksheet_sha256 == sha256(sheet)


def keep_copy(sheet: Path, out: Path) -> None:
    """Copy a worksheet someone saved since spcncl wrote it to ``.work/history/`` before it is replaced."""
    history = out / ".work" / "history"
    history.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    shutil.copy2(sheet, history / f"{sheet.stem}-{stamp}{sheet.suffix}")


def job_from_record(record: DossierRecord, out: Path, overrides: Overrides, rubric_fp: str,
                    settings: Settings) -> Job:
    """The dossier of a record as a job, when its inbox folder is gone: each document from the
    store by the sha256 the record keeps (or from the unpacked archive), a failed read as it was.

    Raises :class:`CannotRedecideError` when a document is neither stored nor on disk any more.
    """
    files: list[InputFile] = []
    prepared: dict[str, DocumentResult] = {}
    shas: dict[str, str | None] = {}
    problem, source = None, Path(record.dossier_id)
    for entry in record.documents:
        if entry.sha256 == REFUSED_SHA and entry.error_code == "unsafe_content":
            problem, source = entry.error, Path(entry.file)  # the whole dossier was refused
            continue
        unpacked = out / ".work" / "unpacked" / record.dossier_id / entry.file
        on_disk = unpacked.is_file() and sha256(unpacked) == entry.sha256
        files.append(InputFile(path=unpacked if on_disk else None, relpath=entry.file))
        shas[entry.file] = entry.sha256
        if entry.error is not None:
            prepared[entry.file] = DocumentResult(entry=entry.model_copy(deep=True))  # a failed read: no facts
        elif not on_disk and not entry_path(out / ".cache", entry.sha256, settings).is_file():
            raise CannotRedecideError(f"không còn kết quả đọc của «{entry.file}» và không thấy tệp trong thư mục hồ sơ")
    dossier = DossierInput(dossier_id=record.dossier_id, source=source, files=files, problem=problem)
    own = overrides.for_dossier(record.dossier_id)
    return Job(dossier=dossier, fingerprint=dossier_fingerprint(dossier, shas, rubric_fp, own, settings), shas=shas,
               overrides=own, prepared=prepared)
