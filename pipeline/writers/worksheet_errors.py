"""The worksheet's sheet of files that could not be used: one row per file, whoever must act.

A file the firm sent broken is also an item of its letter (``Thiếu hồ sơ``); a file spcncl could
not read through its own fault (timeout, disk, a bug) is not put to the firm — this sheet is
where the secretariat sees it and knows to run the round again.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.missing import OUR_FAULT
from pipeline.models import DossierRecord
from pipeline.writers import worksheet_layout as L
from pipeline.writers.evidence_files import href
from pipeline.writers.labels import firm_name
from pipeline.writers.letter_items import needs_letter
from pipeline.writers.records import record_filename
from pipeline.writers.worksheet_fields import SheetContext
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_FONT,
    RED,
    RED_FONT,
    Column,
    add_row,
    col,
    finish_sheet,
    link,
    paint,
    start_sheet,
)

ERRORS = "Tệp lỗi"
COLUMNS = [
    Column(L.DOSSIER, 13),
    Column("Doanh nghiệp", 30),
    Column("Tệp", 36),
    Column("Mã lỗi", 16, note="Mã lỗi của tài liệu trong bản ghi hồ sơ (error_code)."),
    Column("Lỗi", 70),
    Column("Ai xử lý", 30),
    Column("Thư gửi DN", 18),
]


def write_document_errors(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext,
                          links: Mapping[tuple[str, str], str] | None = None) -> None:
    """One row per file of the round that could not be used, with who must act on it; the file's
    cell opens it (``links``: see ``evidence_files.evidence_links``)."""
    bad = [(record, entry) for record in records for entry in record.documents if entry.error is not None]
    start_sheet(sheet, f"Tệp không dùng được — vòng {ctx.rnd.year}",
                f"{len(bad)} tệp. Lỗi phía doanh nghiệp được đưa vào thư yêu cầu gửi lại; sự cố phía hệ thống "
                "(quá thời gian, lỗi đĩa, lỗi nội bộ) không gửi doanh nghiệp — Ban thư ký chạy lại.", COLUMNS)
    for record, entry in bad:
        ours = entry.error_code in OUR_FAULT
        letter = f"{record_filename(record.dossier_id)}.docx" if needs_letter(record) and not ours else None
        row = add_row(sheet, COLUMNS, [
            record.dossier_id, firm_name(record.enterprise.name.value), entry.file, entry.error_code, entry.error,
            "Ban thư ký: chạy lại (sự cố hệ thống)" if ours else "Doanh nghiệp: gửi lại tệp đọc được",
            letter or "Không đưa vào thư",
        ])
        target = (links or {}).get((record.dossier_id, entry.file))
        if target is not None:
            link(sheet.cell(row=row, column=col(COLUMNS, "Tệp")), href(target))
        who = sheet.cell(row=row, column=col(COLUMNS, "Ai xử lý"))
        if ours:
            paint(who, AMBER, None, AMBER_FONT)
        else:
            paint(who, RED, None, RED_FONT)
        if letter:
            link(sheet.cell(row=row, column=col(COLUMNS, "Thư gửi DN")), f"letters/{letter}")
    finish_sheet(sheet, COLUMNS)
