"""Which dossiers of a round changed since the last pass, and what each pass did.

A dossier's *fingerprint* is a hash of everything its record depends on: each file's path and
sha256, the rubric and round, the reviewer's overrides for it, and the code that reads and
decides. After a dossier is decided its record is written, then its state
(``OUT/.state/dossiers/<id>.json``: fingerprint and the record's sha256). On the next pass a
dossier whose fingerprint and record are unchanged is taken as it is: nothing is read or decided
again. A crash between the two writes only costs that dossier's decision (its documents are in
the store), so a killed run, re-run, ends with the same outputs as an uninterrupted one.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractors.errors import OutputError
from extractors.settings import Settings
from pipeline import __version__
from pipeline.cache import HashMemo, extraction_fingerprint, reading_salt
from pipeline.decisions import OUR_FAULT
from pipeline.inbox import DossierInput
from pipeline.models import DossierRecord
from pipeline.overrides import DossierOverrides, Overrides
from pipeline.reading import DocumentResult
from pipeline.rubric import Round, Rubric
from pipeline.writers.atomic import write_text_atomic
from pipeline.writers.records import record_filename, record_json

STATE_DIR = ".state"
REPORT_FILE = "last_pass.json"


class DossierState(BaseModel):
    """What the last pass knew of a dossier: its fingerprint and the record it wrote."""

    model_config = ConfigDict(extra="forbid")

    dossier_id: str
    fingerprint: str
    record_sha256: str
    files: dict[str, str | None] = Field(default_factory=dict)
    machine_points: dict[str, float] = Field(default_factory=dict)


class PassReport(BaseModel):
    """What one pass over the inbox did (``OUT/.state/last_pass.json``)."""

    model_config = ConfigDict(extra="forbid")

    round: int
    started: str
    seconds: float = 0.0
    processed: list[str] = Field(default_factory=list)
    reused: list[str] = Field(default_factory=list)
    deferred: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    documents_read: int = 0
    documents_from_store: int = 0
    documents_failed: int = 0
    outcomes: dict[str, str] = Field(default_factory=dict)


class Job(BaseModel):
    """A dossier to read and decide in this pass, with what its record will depend on."""

    model_config = ConfigDict(extra="forbid")

    dossier: DossierInput
    fingerprint: str
    shas: dict[str, str | None]
    overrides: DossierOverrides | None = None
    # results taken from the store when the inbox is gone (``spcncl review`` after a move)
    prepared: dict[str, DocumentResult] = Field(default_factory=dict)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that decides a dossier and of the reading code and settings.

    Only the modules :mod:`pipeline.process` imports (directly or not) count: a change to a
    writer rewrites the outputs on the next pass without deciding every dossier again.
    """
    digest = hashlib.sha256(f"{__version__}|{extraction_fingerprint()}".encode())
    root = PACKAGE.parent
    for path in deciding_modules():
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PACKAGE = Path(__file__).resolve().parent


def module_file(name: str) -> Path | None:
    """The source file of a ``pipeline`` module, or None."""
    base = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def pipeline_imports(path: Path) -> set[str]:
    """The ``pipeline`` modules a source file imports (``from pipeline.x import y`` counts
    ``pipeline.x.y`` too when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if module_file(f"{node.module}.{a.name}"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
    return found


def deciding_modules(start: str = "pipeline.process") -> list[Path]:
    """The files of ``start`` and every ``pipeline`` module it imports, transitively, sorted."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name)
        if path is not None:
            todo.extend(pipeline_imports(path))
    return sorted(p for p in (module_file(n) for n in seen) if p is not None)


def rubric_fingerprint(rubric: Rubric, rnd: Round) -> str:
    """A hash of the rubric as loaded, the round, and the data files beside the rubric."""
    digest = hashlib.sha256(rubric.model_dump_json().encode())
    digest.update(rnd.model_dump_json().encode())
    folders = {Path(__file__).resolve().parent.parent / "criteria"}
    if rubric.source_path:
        folders.add(Path(rubric.source_path).resolve().parent)
    for folder in sorted(folders):
        for path in sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml", ".csv", ".txt")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dossier_fingerprint(dossier: DossierInput, shas: dict[str, str | None], rubric_fp: str,
                        overrides: DossierOverrides | None, settings: Settings) -> str:
    """Everything a dossier's record depends on, as one hash."""
    parts = {
        "id": dossier.dossier_id,
        "problem": dossier.problem,
        "files": sorted((f.relpath, shas.get(f.relpath), f.problem) for f in dossier.files),
        "rubric": rubric_fp,
        "code": code_fingerprint(),
        "reading": reading_salt(settings),
        "deciding": settings.illegible_below,
        "overrides": overrides.model_dump(mode="json") if overrides is not None else None,
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def state_path(out: Path, dossier_id: str) -> Path:
    """Where a dossier's state lives."""
    return out / STATE_DIR / "dossiers" / f"{record_filename(dossier_id)}.json"


def record_path(out: Path, dossier_id: str) -> Path:
    """Where a dossier's record lives (as ``pipeline.writers.records`` names it)."""
    return out / "dossiers" / f"{record_filename(dossier_id)}.json"


def reusable_record(out: Path, dossier_id: str, fingerprint: str) -> DossierRecord | None:
    """The dossier's record from the last pass when nothing it depends on has changed, else None.

    The record must be the very one the state was written for (same sha256) and must read back
    to the same text, so a record edited by hand or written by other code is recomputed.
    """
    try:
        state = DossierState.model_validate_json(state_path(out, dossier_id).read_text(encoding="utf-8"))
        text = record_path(out, dossier_id).read_text(encoding="utf-8")
    except (OSError, ValueError, ValidationError):
        return None
    if state.fingerprint != fingerprint or hashlib.sha256(text.encode()).hexdigest() != state.record_sha256:
        return None
    try:
        record = DossierRecord.model_validate_json(text)
    except ValidationError:
        return None
    return record if record_json(record) == text else None


def failed_on_our_side(record: DossierRecord) -> bool:
    """Whether a document of the record failed for spcncl's own reasons (a timeout, the disk, a
    missing tool): unlike a broken file, such a reading is tried again on every pass until it succeeds."""
    return any(document.error_code in OUR_FAULT for document in record.documents)


def previous_record(out: Path, dossier_id: str) -> DossierRecord | None:
    """The dossier's record as the last pass left it, whatever it depended on."""
    try:
        return DossierRecord.model_validate_json(record_path(out, dossier_id).read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError):
        return None


def plan_pass(dossiers: list[DossierInput], out: Path, rubric: Rubric, rnd: Round, settings: Settings,
              overrides: Overrides, memo: HashMemo, settle_seconds: float, report: PassReport,
              reuse: bool = True) -> tuple[list[Job], list[DossierRecord]]:
    """Split the inbox into dossiers to do and records to take as they are (none when not ``reuse``).

    A dossier still being copied in (changed less than ``settle_seconds`` ago) waits for the
    next pass; its previous record, if any, stays in the round meanwhile.
    """
    rubric_fp = rubric_fingerprint(rubric, rnd)
    jobs: list[Job] = []
    reused: list[DossierRecord] = []
    now = time.time()
    for dossier in dossiers:
        dossier_id = dossier.dossier_id
        if not settled(dossier, settle_seconds, now):
            report.deferred.append(dossier_id)
            previous = previous_record(out, dossier_id)
            if previous is not None:
                reused.append(previous)
            continue
        shas = {f.relpath: memo.sha256(f) for f in dossier.files}
        own = overrides.for_dossier(dossier_id)
        fingerprint = dossier_fingerprint(dossier, shas, rubric_fp, own, settings)
        record = reusable_record(out, dossier_id, fingerprint) if reuse else None
        if record is not None and failed_on_our_side(record):
            record = None  # "run again" is what the worksheet tells the secretariat: it must read them again
        if record is not None:
            reused.append(record)
            report.reused.append(dossier_id)
        else:
            jobs.append(Job(dossier=dossier, fingerprint=fingerprint, shas=shas, overrides=own))
    return jobs, reused


def finalize_record(record: DossierRecord, rubric: Rubric, rnd: Round) -> DossierRecord:
    """Stamp the round and rubric on a record exactly as ``pipeline.round.write_outputs`` does."""
    record.round = rnd.year
    record.criteria_file = Path(rubric.source_path or "").name
    return record


def commit_dossier(out: Path, record: DossierRecord, fingerprint: str, shas: dict[str, str | None],
                   machine_points: dict[str, float] | None = None) -> None:
    """Write the record, then the state that lets the next pass reuse it."""
    text = record_json(record)
    write_text_atomic(record_path(out, record.dossier_id), text)
    state = DossierState(dossier_id=record.dossier_id, fingerprint=fingerprint,
                         record_sha256=hashlib.sha256(text.encode()).hexdigest(), files=shas,
                         machine_points=machine_points or {})
    write_text_atomic(state_path(out, record.dossier_id), state.model_dump_json(indent=1))


def load_machine_points(out: Path, dossier_ids: list[str]) -> dict[str, dict[str, float]]:
    """The machine's own points per criterion of each dossier, as its last decision saved them."""
    points: dict[str, dict[str, float]] = {}
    for dossier_id in dossier_ids:
        try:
            state = DossierState.model_validate_json(state_path(out, dossier_id).read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError):
            continue
        if state.machine_points:
            points[dossier_id] = state.machine_points
    return points


def prune_stale(out: Path, keep: set[str]) -> list[str]:
    """Remove the records and states of dossiers no longer in the inbox; returns their ids."""
    wanted = {record_filename(dossier_id) for dossier_id in keep}
    removed = []
    for folder in (out / "dossiers", out / STATE_DIR / "dossiers"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
                if folder.name == "dossiers" and folder.parent == out:
                    removed.append(path.stem)
    return removed


def sweep_temporaries(out: Path) -> int:
    """Remove the temporary files of atomic writes a killed run left behind; returns how many."""
    removed = 0
    for folder in (out, out / "dossiers", out / "letters", out / STATE_DIR, out / STATE_DIR / "dossiers"):
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)
                removed += 1
    cache = out / ".cache"
    if cache.is_dir():
        for path in [*cache.glob("*/.*.tmp"), *cache.glob("pages/*/.*.tmp")]:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def newest_change(dossier: DossierInput) -> float:
    """The latest modification time of what the firm delivered: the zip, or the folder's files
    (files unpacked from a zip are rewritten every pass and say nothing)."""
    times = [0.0]
    paths = [dossier.source]
    if dossier.source.is_dir():
        paths += [f.path for f in dossier.files if f.path is not None]
    for path in paths:
        with contextlib.suppress(OSError):
            times.append(path.stat().st_mtime)
    return max(times)


def settled(dossier: DossierInput, settle_seconds: float, now: float | None = None) -> bool:
    """True when nothing in the dossier changed for ``settle_seconds`` (a copy is not still running)."""
    if settle_seconds <= 0:
        return True
    return (now if now is not None else time.time()) - newest_change(dossier) >= settle_seconds


def new_report(year: int) -> PassReport:
    """An empty report for a pass starting now."""
    return PassReport(round=year, started=dt.datetime.now().astimezone().isoformat(timespec="seconds"))


def write_report(out: Path, report: PassReport) -> None:
    """Save what the pass did."""
    write_text_atomic(out / STATE_DIR / REPORT_FILE, report.model_dump_json(indent=1))


def read_report(out: Path) -> PassReport | None:
    """What the last finished pass did, if any."""
    try:
        return PassReport.model_validate_json((out / STATE_DIR / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError):
        return None


@contextlib.contextmanager
def round_lock(out: Path, wait_seconds: float = 3600.0) -> Iterator[None]:
    """Hold ``OUT/.state/lock`` for the pass: two passes never write one OUT at the same time.

    A second pass (a scheduled run while a manual ``spcncl run`` works, or a second worker)
    waits for the first; the lock dies with its process, so a killed run never leaves it held.
    """
    folder = out / STATE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / "lock").open("a+")
    except OSError as exc:
        raise OutputError(f"{out}: {exc}") from exc
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(f"{out}: đang có một lượt xử lý khác giữ thư mục kết quả "
                                      f"(another run holds the output folder)") from None
                time.sleep(1.0)
        yield
    finally:
        handle.close()
