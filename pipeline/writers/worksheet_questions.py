"""The worksheet's sheet of reviewer questions: what spcncl could not settle on its own.

A legible document whose value was not read, a certificate whose dates were not found, a
prerequisite left undecided: these are spcncl's misses, so they are never put to the firm. Each
is one row here, with the file and page to look at; the reviewer answers by correcting the value
in «Chứng cứ» (or the points in «Chấm điểm»), and the next ``spcncl review`` decides again.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import DossierRecord
from pipeline.writers import worksheet_layout as L
from pipeline.writers.labels import firm_name
from pipeline.writers.worksheet_fields import SheetContext, where
from pipeline.writers.worksheet_style import AMBER, AMBER_FONT, Column, add_row, col, finish_sheet, paint, start_sheet

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


def write_questions(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext) -> None:
    """One row per question the reviewer must settle; none of them goes into a letter."""
    rows = [(record, question) for record in records for question in review_questions(record)]
    start_sheet(sheet, f"Cần thẩm định — vòng {ctx.rnd.year}",
                f"{len(rows)} câu hỏi. Đây là những chỗ hệ thống chưa đọc được trên tài liệu đọc được: "
                "không gửi doanh nghiệp; thẩm định viên đối chiếu bản gốc và nhập giá trị ở «Chứng cứ».", COLUMNS)
    for record, (code, question, place) in rows:
        row = add_row(sheet, COLUMNS, [record.dossier_id, firm_name(record.enterprise.name.value),
                                       L.STATUS_VI[record.status], code, question, place, "Thẩm định viên"])
        paint(sheet.cell(row=row, column=col(COLUMNS, "Ai xử lý")), AMBER, None, AMBER_FONT)
    finish_sheet(sheet, COLUMNS)
