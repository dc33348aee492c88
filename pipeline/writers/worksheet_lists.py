"""The list sheets: missing evidence (the letters' items), the audit trail of reviewers'
entries, the guide, and the hidden snapshot of what each input cell was written with."""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import DossierRecord
from pipeline.overrides import PointsOverride, ValueOverride, active_points, active_values, describe
from pipeline.writers import worksheet_layout as L
from pipeline.writers.labels import code_label, firm_name
from pipeline.writers.letter_items import answer_deadline, letter_items, needs_letter
from pipeline.writers.records import record_filename
from pipeline.writers.worksheet_fields import SheetContext
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_FONT,
    BOLD,
    DATETIME,
    ENTERED,
    INPUT,
    LOCKED,
    NOT_MET,
    NOT_MET_FONT,
    NUMBER,
    POINTS,
    RED,
    RED_FONT,
    TITLE_FONT,
    TODO,
    WRAP,
    Column,
    add_row,
    col,
    finish_sheet,
    link,
    paint,
    start_sheet,
)

MISSING_COLUMNS = [
    Column(L.DOSSIER, 13),
    Column("Doanh nghiệp", 30),
    Column("Trạng thái", 12, center=True),
    Column("Mục", 5, center=True, note="Số thứ tự của mục trong thư gửi doanh nghiệp."),
    Column("Loại", 14),
    Column("Tài liệu / điều kiện", 34, note="Tài liệu (và năm, tiêu chuẩn hoặc tên tệp) phải bổ sung, hoặc điều kiện "
           "tiên quyết không đạt (tên theo bộ tiêu chí)."),
    Column("Lý do", 13, center=True),
    Column("Nội dung gửi doanh nghiệp", 80),
    Column("Hạn bổ sung", 11, "dd/mm/yyyy", center=True),
    Column("Thư gửi DN", 18),
    Column("Mã", 16, note="Mã kỹ thuật của mục (trong bản ghi hồ sơ)."),
]
AUDIT_COLUMNS = [
    Column("STT", 5, center=True),
    Column("Thời điểm", 15, DATETIME, center=True),
    Column(L.DOSSIER, 13),
    Column("Loại", 15),
    Column("Trường / tiêu chí", 30),
    Column("Mã", 24),
    Column("Giá trị cũ", 18),
    Column("Giá trị mới", 18),
    Column("Lý do", 36),
    Column("Người sửa", 16),
    Column("Hiện trạng", 22),
    Column("Đọc từ tệp", 24),
]


def write_missing(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext) -> None:
    """One row per item of each dossier's letter: missing evidence, then failed prerequisites."""
    start_sheet(sheet, f"Hồ sơ cần bổ sung — vòng {ctx.rnd.year}",
                "Mỗi dòng là một mục trong thư gửi doanh nghiệp (cùng nội dung, cùng thứ tự).", MISSING_COLUMNS)
    deadline = answer_deadline(ctx.rnd, ctx.today)
    for record in records:
        letter = needs_letter(record)
        name = f"{record_filename(record.dossier_id)}.docx"
        for item in letter_items(record, ctx.rubric):
            row = add_row(sheet, MISSING_COLUMNS, [
                record.dossier_id, firm_name(record.enterprise.name.value), L.STATUS_VI[record.status], item.number,
                "Thiếu hồ sơ" if item.kind == "missing" else "Không đạt điều kiện", code_label(item.code, ctx.rubric),
                L.REASON_VI.get(item.reason, "Không đạt"), item.text, deadline if letter else None,
                name if letter else "Không gửi thư (không đọc được tài liệu nào)", item.code,
            ])
            reason = sheet.cell(row=row, column=col(MISSING_COLUMNS, "Lý do"))
            if item.kind == "missing":
                paint(reason, RED, None, RED_FONT)
            else:
                paint(reason, NOT_MET, None, NOT_MET_FONT)
            if letter:
                link(sheet.cell(row=row, column=col(MISSING_COLUMNS, "Thư gửi DN")), f"letters/{name}")
    finish_sheet(sheet, MISSING_COLUMNS)


def write_audit(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext) -> None:
    """Every reviewer's entry ever read, oldest first: who, when, why, old and new value."""
    start_sheet(sheet, "Nhật ký sửa của người thẩm định và Hội đồng",
                f"Lưu trong overrides.json; không bao giờ bị xóa khi chạy lại. {len(ctx.overrides.entries())} mục. "
                f"Thời điểm theo giờ {zone_name(ctx)}.", AUDIT_COLUMNS)
    labels = {c.id: f"{c.id}. {c.name}" for c in ctx.rubric.criteria}
    known = {r.dossier_id for r in records}
    for number, (dossier, entry) in enumerate(ctx.overrides.entries(), start=1):
        state = status_of(dossier, entry, ctx, known)
        if isinstance(entry, ValueOverride):
            label, code, old, new = L.field_label(entry.path), entry.path, entry.old, entry.value
        else:
            label, code = labels.get(entry.criterion, entry.criterion), entry.criterion
            old, new = entry.old, entry.points
        if entry.error is not None:
            new = entry.raw
        when = ctx.local(entry.at) if entry.at else None
        row = add_row(sheet, AUDIT_COLUMNS, [
            number, when, dossier, describe(entry), label, code, cell_text(old),
            cell_text(None if entry.revert else new),
            entry.reason or None, entry.reviewer or None, state, entry.source or None,
        ])
        for title in ("Giá trị cũ", "Giá trị mới"):
            cell = sheet.cell(row=row, column=col(AUDIT_COLUMNS, title))
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = NUMBER if isinstance(entry, ValueOverride) else POINTS
        status = sheet.cell(row=row, column=col(AUDIT_COLUMNS, "Hiện trạng"))
        if state == "Đang áp dụng":
            paint(status, ENTERED)
        elif entry.error is not None:
            paint(status, RED, None, RED_FONT)
        if not entry.reason.strip() and not entry.revert and not (isinstance(entry, PointsOverride) and entry.manual):
            paint(sheet.cell(row=row, column=col(AUDIT_COLUMNS, "Lý do")), AMBER, "Chưa ghi lý do.", AMBER_FONT)
    finish_sheet(sheet, AUDIT_COLUMNS)


def zone_name(ctx: SheetContext) -> str:
    """The time zone the worksheet's times are in, as a reader names it."""
    zone = ctx.secretariat.time_zone
    return "của máy" if zone == "local" else zone


def cell_text(value: object) -> object:
    """A value as an audit cell shows it (booleans in words)."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def status_of(dossier: str, entry: ValueOverride | PointsOverride, ctx: SheetContext, known: set[str]) -> str:
    """Whether an entry is in force, replaced by a later one, undone, or unusable."""
    if entry.error is not None:
        return f"Không dùng được: {entry.error}"
    if entry.revert:
        return "Đã hủy sửa"
    if dossier not in known:
        return "Hồ sơ không có trong đợt này"
    entries = ctx.overrides.for_dossier(dossier)
    active = active_values(entries) if isinstance(entry, ValueOverride) else active_points(entries)
    return "Đang áp dụng" if any(e is entry for e in active.values()) else "Đã được thay thế"


GUIDE = [
    ("Phiếu thẩm định do spcncl lập", None),
    ("Các trang", BOLD),
    (f"«{L.OVERVIEW}»: mỗi hồ sơ một dòng — doanh nghiệp, sản phẩm, trạng thái, điểm từng tiêu chí, tổng điểm, "
     "điều kiện tiên quyết, số liệu chính.", None),
    (f"«{L.SCORES}»: mỗi tiêu chí của mỗi hồ sơ một dòng, kèm căn cứ chấm điểm; Hội đồng nhập điểm các tiêu chí "
     "chấm tay, người thẩm định điều chỉnh điểm máy (ghi lý do và họ tên).", None),
    (f"«{L.EVIDENCE}»: mỗi giá trị kèm tệp, trang, trích đoạn, độ tin cậy; sửa giá trị ở cột «{L.VALUE_INPUT}».", None),
    (f"«{L.MISSING}»: các mục phải bổ sung, đúng như trong thư gửi doanh nghiệp.", None),
    ("«Tệp lỗi»: mọi tệp không dùng được và ai xử lý — doanh nghiệp gửi lại (có trong thư) hoặc Ban thư ký chạy "
     "lại khi lỗi do phía hệ thống (quá thời gian, lỗi đĩa).", None),
    (f"«{L.AUDIT}»: mọi lần sửa (ai, lúc nào, vì sao, giá trị cũ và mới); không bao giờ bị xóa.", None),
    ("Màu", BOLD),
    ("Thiếu: giá trị không tìm thấy hoặc tài liệu phải bổ sung.", RED),
    ("Cần kiểm tra: độ tin cậy thấp hoặc các tài liệu không khớp — lý do trong ghi chú của ô. Điểm tiêu chí, tổng "
     "điểm và đề xuất dựa trên giá trị cần kiểm tra cũng nền vàng, kèm lý do và khoảng điểm có thể.", AMBER),
    ("Không đạt điều kiện tiên quyết (đã xét, không phải nghi vấn); hồ sơ không đủ điều kiện.", NOT_MET),
    ("Ô nhập: điểm, giá trị sửa, lý do, người sửa.", INPUT),
    ("Tiêu chí Hội đồng chấm chưa có điểm (tính 0 điểm).", TODO),
    ("Giá trị hoặc điểm do người thẩm định/Hội đồng nhập, đang áp dụng.", ENTERED),
    ("«Có» ở cột «Đề xuất» in đậm chữ xanh đậm; tổng điểm chữ cam, khung cam: sát ngưỡng đề xuất (cách ngưỡng không "
     "quá mức «borderline_margin» của bộ tiêu chí).", None),
    ("Không sửa ở ô này.", LOCKED),
    ("Sau khi sửa", BOLD),
    ("Lưu tệp (giữ định dạng .xlsx), rồi chạy: spcncl review worksheet.xlsx — spcncl đọc các ô đã sửa, ghi vào "
     "overrides.json kèm người sửa, thời điểm, lý do, giá trị cũ và mới, xét lại trạng thái, đề xuất, tổng điểm và "
     "lập lại phiếu, thư, báo cáo. Lần chạy «spcncl run» sau cũng đọc phiếu này trước khi ghi đè.", None),
    ("Xóa một giá trị hoặc điểm đã nhập = hủy sửa, quay về giá trị máy (việc hủy cũng được ghi nhật ký).", None),
    ("Có thể sắp xếp, lọc các trang tùy ý: spcncl nhận dòng theo mã hồ sơ và mã trường/tiêu chí.", None),
]


def write_guide(sheet: Worksheet) -> None:
    """How to read the colours and how corrections flow back."""
    sheet.column_dimensions["A"].width = 60
    for row, (text, style) in enumerate(GUIDE, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = WRAP
        sheet.row_dimensions[row].height = 16 * (1 + len(text) // 62) + (6 if row == 1 else 0)
        if row == 1:
            cell.font = TITLE_FONT
        elif style is BOLD:
            cell.font = BOLD
        elif style is not None:
            cell.fill = style  # type: ignore[assignment]
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


STATE_HEADER = ("kind", "dossier", "key", "value", "reason", "reviewer")


def write_state(sheet: Worksheet, ctx: SheetContext, meta: dict[str, str]) -> None:
    """The snapshot of every input cell as written, and the workbook's identity (very hidden)."""
    for key, value in meta.items():
        sheet.append([key, value])
    sheet.append(list(STATE_HEADER))
    for item in ctx.snapshot:
        sheet.append([*item[:3], _plain(item[3]), item[4], item[5]])
    sheet.sheet_state = "veryHidden"


def _plain(value: object) -> object:
    """A value as a cell stores it."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
