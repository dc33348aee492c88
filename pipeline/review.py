"""``spcncl review WORKSHEET``: read reviewers' corrections and decide the round again.

The worksheet's manual points, point overrides and value overrides are merged into
``OUT/overrides.json`` (who, when, why, old and new value; nothing is ever dropped), every
dossier is decided again from the document store without reading a document, and all
outputs are written again — the new worksheet shows the entries in their cells.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from extractors.errors import InputError, WorksheetError
from pipeline.models import DossierRecord
from pipeline.reconcile import RunParams, load_run_params
from pipeline.rubric import Round, Rubric
from pipeline.worksheet_read import read_worksheet
from pipeline.writers.records import read_records


def locate_out(worksheet: Path) -> Path:
    """The output folder a worksheet belongs to: its own folder, else the one it was written in."""
    if (worksheet.parent / "dossiers").is_dir() and load_run_params(worksheet.parent) is not None:
        return worksheet.parent
    written_in = read_worksheet(worksheet).meta.get("out")
    if written_in and (Path(written_in) / "dossiers").is_dir():
        return Path(written_in)
    raise InputError(str(worksheet), message_vi="Không biết phiếu này thuộc thư mục kết quả nào (chép phiếu vào "
                     "thư mục OUT của lần chạy rồi chạy lại)", message_en="Cannot tell which output folder the "
                     "worksheet belongs to")


def review_worksheet(worksheet: Path) -> tuple[dict, Path]:
    """Merge the worksheet's corrections, decide every dossier again, rewrite the outputs.

    Returns the round's summary and the output folder.
    """
    from pipeline.round import load_round, write_outputs

    if not worksheet.is_file():
        raise InputError(str(worksheet), message_vi="Không thấy phiếu thẩm định", message_en="Worksheet not found")
    worksheet = worksheet.resolve()
    out = locate_out(worksheet)
    params = load_run_params(out)
    if params is None:
        raise WorksheetError(f"{out}: thiếu .work/run.json; chạy «spcncl run» một lần trước")
    rubric, rnd = load_round(params.criteria, params.round)
    inbox = Path(params.inbox) if params.inbox else None
    with round_lock(out):
        records = current_records(out, params, rubric, rnd)
        summary = write_outputs(records, rubric, rnd, out, inbox=inbox, reviewed=worksheet, redecide_all=True)
    return summary, out


def current_records(out: Path, params: RunParams, rubric: Rubric, rnd: Round) -> list[DossierRecord]:
    """The round's records; decided again from the inbox (documents from the store) when the saved
    records no longer read back (written by an older version)."""
    try:
        return read_records(out)
    except (ValidationError, ValueError):
        if not params.inbox or not Path(params.inbox).is_dir():
            raise WorksheetError(f"{out}: không đọc lại được hồ sơ đã xử lý; chạy lại «spcncl run»") from None
    from pipeline.cache import cached_read
    from pipeline.inbox import discover
    from pipeline.process import decide_dossier

    records = []
    for dossier in discover(Path(params.inbox), out / ".work"):
        results = [cached_read(f, out / ".cache")[0] for f in dossier.files]
        records.append(decide_dossier(dossier, results, rubric, rnd))
    return records


@contextlib.contextmanager
def round_lock(out: Path) -> Iterator[None]:
    """Hold the round's lock (a scheduled pass never writes the same folder meanwhile)."""
    try:
        from pipeline.incremental import round_lock as lock
    except ImportError:  # no incremental runs in this build: nothing to wait for
        yield
        return
    with lock(out):
        yield
