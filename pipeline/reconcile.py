"""Bring reviewers' corrections into a round before its outputs are written.

Before the worksheet is overwritten (by ``spcncl run`` or ``spcncl review``) its edits are
merged into ``OUT/overrides.json``; an edited worksheet is also copied to
``OUT/.work/history/`` so nothing a reviewer typed (notes, colours) is lost. Dossiers with
corrections are then decided again *without reading any document*: each document's result
comes from the store in ``OUT/.cache`` by the sha256 the record keeps (from the inbox, or the
unpacked archive, only when the store lacks it). The run's parameters (inbox, rubric, round)
are kept in ``OUT/.work/run.json`` for ``review``.
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
from pipeline import __version__
from pipeline.cache import cached_read, entry_path, relocate
from pipeline.inbox import DossierInput, InputFile
from pipeline.models import DocumentEntry, DossierRecord
from pipeline.overrides import DossierOverrides, Overrides, load_overrides, save_overrides
from pipeline.process import decide_dossier
from pipeline.reading import DocumentResult
from pipeline.rubric import Round, Rubric
from pipeline.worksheet_read import merge_worksheet
from pipeline.writers.atomic import write_text_atomic
from pipeline.writers.worksheet import WORKSHEET

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


class CannotRedecideError(Exception):
    """A document's result is neither in the store nor readable again from the inbox."""


@dataclass
class Reconciled:
    """The records to write, the corrections in force, the machine's own points, what happened."""

    records: list[DossierRecord]
    overrides: Overrides
    machine_points: dict[str, dict[str, float]] = field(default_factory=dict)
    added: int = 0
    problems: list[str] = field(default_factory=list)


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
    params = RunParams(inbox=known, criteria=rubric.source_path, round=rnd.year,
                       written_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                       worksheet_sha256=sha256(worksheet) if worksheet.is_file() else None)
    write_text_atomic(out / RUN_FILE, params.model_dump_json(indent=2) + "\n")
    return params


def sha256(path: Path) -> str:
    """A file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reconcile(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path, inbox: Path | None = None,
              reviewed: Path | None = None, redecide_all: bool = False) -> Reconciled:
    """Merge worksheet edits into ``overrides.json`` and decide the corrected dossiers again.

    ``reviewed`` is a worksheet named on the command line (its edits win over those of
    ``OUT/worksheet.xlsx``); with ``redecide_all`` every dossier is decided again.
    """
    overrides = load_overrides(out)  # a damaged file stops here: it is never overwritten
    params = load_run_params(out)
    inbox = inbox or (Path(params.inbox) if params and params.inbox else None)
    state = Reconciled(records=[], overrides=overrides)
    current = out / WORKSHEET
    sheets = [current] if current.is_file() else []
    if reviewed is not None:
        sheets = [s for s in sheets if s.resolve() != reviewed.resolve()] + [reviewed]
    for sheet in sheets:
        if unchanged(sheet, params):
            continue  # byte for byte what spcncl wrote: nobody typed anything in it
        keep_copy(sheet, out)
        try:
            merged = merge_worksheet(sheet, overrides, rubric, rnd.year)
        except WorksheetError as exc:
            if sheet == reviewed:
                raise
            state.problems.append(f"Không đọc được phiếu cũ {sheet.name} (đã lưu bản sao trong .work/history): {exc}")
            continue
        state.added += merged.added
        state.problems += merged.problems
    if state.added:
        save_overrides(overrides, out)
    for record in records:
        entries = overrides.for_dossier(record.dossier_id)
        if entries is None and not redecide_all:
            state.records.append(record)
            continue
        try:
            record, machine = redecide(record, rubric, rnd, out, inbox, entries)
            state.machine_points[record.dossier_id] = machine
        except CannotRedecideError as exc:
            state.problems.append(f"{record.dossier_id}: chưa xét lại được ({exc}); chạy lại «spcncl run».")
        state.records.append(record)
    for problem in state.problems:
        log.warning(problem)
    return state


def unchanged(sheet: Path, params: RunParams | None) -> bool:
    """Whether the worksheet is still exactly the one the last run wrote."""
    return params is not None and params.worksheet_sha256 == sha256(sheet)


def keep_copy(sheet: Path, out: Path) -> None:
    """Copy a worksheet someone saved since spcncl wrote it to ``.work/history/`` before it is replaced."""
    history = out / ".work" / "history"
    history.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    shutil.copy2(sheet, history / f"{sheet.stem}-{stamp}{sheet.suffix}")


def redecide(record: DossierRecord, rubric: Rubric, rnd: Round, out: Path, inbox: Path | None,
             entries: DossierOverrides | None) -> tuple[DossierRecord, dict[str, float]]:
    """The dossier decided again with its corrections; also the machine's points under the
    corrected values (before any point override)."""
    dossier, results = rebuild_inputs(record, out, inbox)
    machine_record = decide_dossier(dossier, results, rubric, rnd, DossierOverrides(values=entries.values)
                                    if entries is not None else None)
    machine = {c.id: c.points for c in machine_record.score.criteria}
    if entries is None or not entries.points:
        return machine_record, machine
    return decide_dossier(dossier, results, rubric, rnd, entries), machine


def rebuild_inputs(record: DossierRecord, out: Path, inbox: Path | None) -> tuple[DossierInput, list[DocumentResult]]:
    """The dossier and its documents' results, as they were when the record was made."""
    results: list[DocumentResult] = []
    problem, source = None, Path(record.dossier_id)
    for entry in record.documents:
        if entry.sha256 == REFUSED_SHA and entry.error_code == "unsafe_content":
            problem, source = entry.error, Path(entry.file)  # the whole dossier was refused
            continue
        result = from_store(entry, out)
        if result is None and entry.error is not None:
            result = DocumentResult(entry=entry.model_copy(deep=True))  # a failed read yields no facts
        if result is None:
            result = read_again(record.dossier_id, entry, out, inbox)
        results.append(result)
    return DossierInput(dossier_id=record.dossier_id, source=source, problem=problem), results


def from_store(entry: DocumentEntry, out: Path) -> DocumentResult | None:
    """A document's result from ``OUT/.cache``, relabelled with its path in this dossier."""
    target = entry_path(out / ".cache", entry.sha256)
    if not target.is_file():
        return None
    try:
        return relocate(DocumentResult.model_validate_json(target.read_text(encoding="utf-8")), entry.file)
    except (ValidationError, OSError, ValueError):
        return None


def read_again(dossier_id: str, entry: DocumentEntry, out: Path, inbox: Path | None) -> DocumentResult:
    """Read a document again from the unpacked archive or the inbox, if it is still the same file."""
    places = [out / ".work" / "unpacked" / dossier_id / entry.file]
    if inbox is not None:
        places.append(inbox / dossier_id / entry.file)
    for path in places:
        if path.is_file() and sha256(path) == entry.sha256:
            return cached_read(InputFile(path=path, relpath=entry.file), out / ".cache")[0]
    raise CannotRedecideError(f"không còn kết quả đọc của «{entry.file}» và không thấy tệp trong thư mục hồ sơ")
