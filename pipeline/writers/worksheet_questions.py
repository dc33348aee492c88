"""The worksheet's sheet of reviewer questions: what spcncl could not settle on its own.

A legible document whose value was not read, a certificate whose dates were not found, a
prerequisite left undecided: these are spcncl's misses, so they are never put to the firm. Each
is one row here, with the file and page to look at; the reviewer answers by correcting the value
in «Chứng cứ» (or the points in «Chấm điểm»), and the next ``spcncl review`` decides again.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import DossierRecord, Evidence
from pipeline.writers import worksheet_layout as L
from pipeline.writers.evidence_files import href
from pipeline.writers.labels import firm_name
from pipeline.writers.worksheet_fields import SheetContext, where
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_FONT,
    Column,
    add_row,
    col,
    finish_sheet,
    link,
    paint,
    start_sheet,
)

QUESTIONS = "Cần thẩm định"
COLUMNS = [
    Column(L.DOSSIER, 13),
    Column("Doanh nghiệp", 30),
    Column("Trạng thái", 12, center=True),
    Column("Mã", 30, note="Mục cần thẩm định (review:…): tài liệu, năm, tiêu chuẩn hoặc điều kiện."),
    Column("Câu hỏi", 80),
    Column("Xem tại", 36, note="Tệp và trang cần mở để đối chiếu."),
    Column("Ai xử lý", 22),
]


def review_questions(record: DossierRecord) -> list[tuple[str, str, str]]:
    """(code, question, where to look) for each of the record's reviewer questions."""
    return [(finding.code.removeprefix("review:"), finding.message,
             "; ".join(where(e) for e in finding.evidence[:2]))
            for finding in record.findings if finding.code.startswith("review:")]


def first_evidence(record: DossierRecord, code: str) -> Evidence | None:
    """The first evidence of the record's question ``code`` (the file and page a reviewer opens)."""
    finding = next((f for f in record.findings if f.code == "review:" + code), None)
    return finding.evidence[0] if finding is not None and finding.evidence else None


def write_questions(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext,
                    links: Mapping[tuple[str, str], str] | None = None) -> None:
    """One row per question the reviewer must settle; none of them goes into a letter. The place to
    look opens the first file named, at its page (``links``: see ``evidence_files.evidence_links``)."""
    rows = [(record, (*question, first_evidence(record, question[0])))
            for record in records for question in review_questions(record)]
    start_sheet(sheet, f"Cần thẩm định — vòng {ctx.rnd.year}",
                f"{len(rows)} câu hỏi. Đây là những chỗ hệ thống chưa đọc được trên tài liệu đọc được: "
                "không gửi doanh nghiệp; thẩm định viên đối chiếu bản gốc và nhập giá trị ở «Chứng cứ».", COLUMNS)
    for record, (code, question, place, first) in rows:
        row = add_row(sheet, COLUMNS, [record.dossier_id, firm_name(record.enterprise.name.value),
                                       L.STATUS_VI[record.status], code, question, place, "Thẩm định viên"])
        paint(sheet.cell(row=row, column=col(COLUMNS, "Ai xử lý")), AMBER, None, AMBER_FONT)
        target = (links or {}).get((record.dossier_id, first.file)) if first is not None else None
        if first is not None and target is not None:
            link(sheet.cell(row=row, column=col(COLUMNS, "Xem tại")), href(target, first.page))
    finish_sheet(sheet, COLUMNS)
