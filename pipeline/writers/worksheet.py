"""``worksheet.xlsx``: the reviewers' workbook.

Sheets: "Tổng hợp" (one row per dossier), "Chấm điểm" (one row per dossier and criterion:
manual points and point overrides, totals as formulas), "Chứng cứ" (every value with file,
page, snippet, confidence; value overrides), "Thiếu hồ sơ" (the letters' items), "Tệp lỗi"
(unusable files), "Cần thẩm định" (the reviewer's questions, never the firm's), "Nhật ký sửa"
(the audit trail), "Hướng dẫn", and a very hidden "_spcncl" sheet holding what each input cell
was written with, so that ``pipeline.worksheet_read`` tells a reviewer's edit from our own text.
Times are shown in the secretariat's time zone (``criteria/secretariat.yaml``, Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.properties import CalcProperties

from extractors.settings import DEFAULTS
from pipeline import __version__
from pipeline.models import DossierRecord
from pipeline.overrides import Overrides
from pipeline.rubric import Round, Rubric
from pipeline.writers import worksheet_layout as L
from pipeline.writers.evidence_files import evidence_links
from pipeline.writers.secretariat import Secretariat, load_secretariat
from pipeline.writers.worksheet_errors import ERRORS, write_document_errors
from pipeline.writers.worksheet_evidence import write_evidence
from pipeline.writers.worksheet_fields import SheetContext
from pipeline.writers.worksheet_lists import write_audit, write_guide, write_missing, write_state
from pipeline.writers.worksheet_overview import write_overview
from pipeline.writers.worksheet_questions import QUESTIONS, write_questions
from pipeline.writers.worksheet_scores import write_scores
from pipeline.writers.xlsx_values import save_with_values

WORKSHEET = "worksheet.xlsx"
FORMAT_VERSION = "1"


def write_worksheet(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path,
                    overrides: Overrides | None = None, machine_points: dict[str, dict[str, float]] | None = None,
                    today: dt.date | None = None, threshold: float = DEFAULTS.review_threshold,
                    secretariat: Secretariat | None = None, inbox: Path | None = None) -> Path:
    """Write the whole workbook atomically; reviewers' entries in force are shown in their cells, values
    below ``threshold`` confidence marked for review, each value's file a link (folder dossiers' files
    in ``inbox``, archives' under ``OUT/files``)."""
    written_at = dt.datetime.now().astimezone()
    ctx = SheetContext(rubric=rubric, rnd=rnd, overrides=overrides or Overrides(),
                       machine_points=machine_points or {}, threshold=threshold,
                       today=today or written_at.date(), written_at=written_at,
                       secretariat=secretariat or load_secretariat())
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = L.OVERVIEW
    last_score_row = write_scores(book.create_sheet(L.SCORES), records, ctx)
    write_overview(overview, records, ctx, last_score_row)
    links = evidence_links(records, out, inbox)
    write_evidence(book.create_sheet(L.EVIDENCE), records, ctx, links)
    write_missing(book.create_sheet(L.MISSING), records, ctx)
    write_document_errors(book.create_sheet(ERRORS), records, ctx, links)
    write_questions(book.create_sheet(QUESTIONS), records, ctx, links)
    write_audit(book.create_sheet(L.AUDIT), records, ctx)
    write_guide(book.create_sheet(L.GUIDE))
    meta = {
        "format": FORMAT_VERSION,
        "generation": uuid.uuid4().hex,
        "written_at": written_at.isoformat(timespec="seconds"),
        "out": str(out.resolve()),
        "round": str(rnd.year),
        "criteria": rubric.source_path or "",
        "pipeline_version": __version__,
    }
    write_state(book.create_sheet(L.STATE), ctx, meta)
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    book.properties.title = f"Phiếu thẩm định vòng {rnd.year}"
    book.properties.creator = "spcncl"
    book.properties.language = "vi-VN"
    target = out / WORKSHEET
    save_with_values(book, target)  # each formula saved with its result, for readers that do not recalculate
    return target
