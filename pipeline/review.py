"""``spcncl review WORKSHEET``: read reviewers' corrections and decide the round again.

The worksheet's manual points, point overrides and value overrides are merged into
``OUT/overrides.json`` (who, when, why, old and new value; nothing is ever dropped), the
dossiers whose entries changed are decided again from the document store, and all outputs are
written again — the new worksheet shows the entries in their cells. It is the same pass as
``spcncl run`` (``pipeline.run.run_pass``), without Prefect.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from extractors.errors import InputError, WorksheetError
from extractors.settings import Settings
from pipeline.isolation import worker_count
from pipeline.reconcile import load_run_params
from pipeline.round import load_round
from pipeline.run import run_pass
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
