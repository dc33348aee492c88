"""``spcncl review WORKSHEET``: read reviewers' corrections and decide the round again.

The worksheet's manual points, point overrides and value overrides are merged into
``OUT/overrides.json`` (who, when, why, old and new value; nothing is ever dropped), the
dossiers whose entries changed are decided again from the document store, and all outputs are
written again — the new worksheet shows the entries in their cells. It is the same pass as
``spcncl run`` (``pipeline.run.run_pass``), without Prefect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from extractors.errors import InputError, StaleEntryError, WorksheetError
from extractors.settings import Settings
from pipeline.isolation import worker_count
from pipeline.overrides import (
    Entry,
    Overrides,
    load_overrides,
    save_overrides,
    shown_points,
    shown_values,
)
from pipeline.reconcile import load_run_params
from pipeline.round import load_round
from pipeline.rubric import Rubric
from pipeline.run import run_pass
from pipeline.worksheet_merge import grey_entry, row_entry, same_entry, shown_cell
from pipeline.worksheet_read import Typed, read_worksheet
from pipeline.writers.records import read_records, record_filename
from pipeline.writers.worksheet_layout import value_type


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
    """Merge the worksheet's corrections, decide the dossiers they touch again, rewrite the outputs.

    Returns the round's summary and the output folder.
    """
    if not worksheet.is_file():
        raise InputError(str(worksheet), message_vi="Không thấy phiếu thẩm định", message_en="Worksheet not found")
    worksheet = worksheet.resolve()
    out = locate_out(worksheet)
    params = load_run_params(out)
    if params is None:
        raise WorksheetError(f"{out}: thiếu .work/run.json; chạy «spcncl run» một lần trước")
    rubric, rnd = load_round(params.criteria, params.round)
    inbox = Path(params.inbox) if params.inbox else None
    check_records(out, inbox)
    settings = Settings.from_env()
    result = run_pass(inbox, out, rubric, rnd, settings, reviewed=worksheet, workers=worker_count(settings))
    return result.summary, out


def check_records(out: Path, inbox: Path | None) -> None:
    """Refuse to review a round whose records no longer read back and whose inbox is gone."""
    try:
        read_records(out)
    except (ValidationError, ValueError):
        if inbox is None or not inbox.is_dir():
            raise WorksheetError(f"{out}: không đọc lại được hồ sơ đã xử lý; chạy lại «spcncl run»") from None


@dataclass
class Typing:
    """What a reviewer typed for one value or criterion outside the worksheet (the review station)."""

    kind: Literal["value", "points"]
    key: str  # field path (``figures.export_usd.2025``) or criterion id
    value: str  # as typed; "" clears an earlier entry
    reason: str = ""
    reviewer: str = ""
    shown: object = None  # the value in force beside it (the old value of the entry)


def dossier_version(overrides: Overrides, dossier_id: str) -> str:
    """A short digest of a dossier's entries: a form made before another reviewer's entry is stale."""
    entries = overrides.for_dossier(dossier_id)
    body = entries.model_dump_json() if entries is not None else ""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def enter_typing(out: Path, dossier_id: str, typing: Typing, version: str | None = None,
                 source: str = "station") -> tuple[Entry | None, dict]:
    """Record one entry typed outside the worksheet and decide the round again, as ``review`` does.

    The row is checked by the worksheet's own code (``pipeline.worksheet_merge``: the same reasons
    and names required, the same refusals); a refused entry raises :class:`InputError` with the
    worksheet's reason and is not kept. ``version`` (from :func:`dossier_version` when the form
    was shown) refuses an entry made on a stale page. Returns the entry recorded (None: nothing
    changed) and the round's summary.
    """
    params = load_run_params(out)
    if params is None:
        raise WorksheetError(f"{out}: thiếu .work/run.json; chạy «spcncl run» một lần trước")
    rubric, rnd = load_round(params.criteria, params.round)
    if not (out / "dossiers" / f"{record_filename(dossier_id)}.json").is_file():
        raise InputError(dossier_id, message_vi=f"Không có hồ sơ {dossier_id} trong vòng này",
                         message_en=f"No dossier {dossier_id} in this round")
    overrides = load_overrides(out)
    if version is not None and version != dossier_version(overrides, dossier_id):
        raise StaleEntryError(dossier_id, message_vi=f"Hồ sơ {dossier_id} vừa có người khác sửa; tải lại "
                                "trang để xem giá trị mới rồi nhập lại")
    entry = typed_entry(overrides, dossier_id, typing, rubric)
    if entry is not None and entry.error is not None:
        # refused as the worksheet would refuse it; the reviewer is still at the form, so nothing is
        # kept (a worksheet keeps a refused cell because the text stays typed in it)
        raise InputError(typing.key, message_vi=f"Chưa ghi: {entry.error}", message_en="Entry refused")
    if entry is not None:
        entry.at, entry.source = dt.datetime.now().astimezone(), source
        overrides.add(dossier_id, entry)
        save_overrides(overrides, out)
    inbox = Path(params.inbox) if params.inbox else None
    settings = Settings.from_env()
    result = run_pass(inbox, out, rubric, rnd, settings, workers=worker_count(settings))
    return entry, result.summary


def typed_entry(overrides: Overrides, dossier_id: str, typing: Typing, rubric: Rubric) -> Entry | None:
    """The entry a typed row makes, read exactly as a worksheet row with the same content."""
    current_entries = overrides.for_dossier(dossier_id)
    current = (shown_points if typing.kind == "points" else shown_values)(current_entries).get(typing.key)
    row = Typed(kind=typing.kind, dossier=dossier_id, key=typing.key, value=typing.value.strip() or None,
                reason=typing.reason.strip(), reviewer=typing.reviewer.strip(), shown=typing.shown)
    criteria = {c.id: c for c in rubric.criteria}
    editable = typing.key in criteria if typing.kind == "points" else value_type(typing.key) is not None
    if not editable:
        return grey_entry(row, criteria)
    entry = row_entry(row, shown_cell(current), current, criteria)
    if entry is None or (current is not None and not current.revert and same_entry(current, entry)):
        return None
    return entry

