"""``worksheet.xlsx``: the reviewers' workbook (overview, evidence, missing evidence)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import DossierRecord, Field
from pipeline.rubric import Round, Rubric
from pipeline.settings import get_settings
from pipeline.writers.atomic import save_atomic

RED = PatternFill("solid", fgColor="F4B6B6")
AMBER = PatternFill("solid", fgColor="FFE08A")
HEADER = PatternFill("solid", fgColor="DDE7F3")
BOLD = Font(bold=True)
STATUS_VI = {"complete": "Đầy đủ", "incomplete": "Thiếu hồ sơ", "ineligible": "Không đủ điều kiện", "error": "Lỗi"}
VND_FORMAT = '#,##0;(#,##0);"-"'


def header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    """Bold, filled, frozen header row with filters and widths."""
    sheet.append(titles)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = BOLD, HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def mark(cell, field: Field, threshold: float) -> None:  # type: ignore[no-untyped-def]
    """Red when the value is missing, amber when doubtful; the reason in a comment."""
    if field.value is None:
        cell.fill = RED
        cell.comment = Comment("Không tìm thấy giá trị trong hồ sơ.", "spcncl")
    elif field.confidence < threshold:
        cell.fill = AMBER
        reason = field.note or f"Độ tin cậy thấp ({field.confidence:.2f})"
        cell.comment = Comment(reason, "spcncl")


def write_overview(sheet: Worksheet, records: list[DossierRecord], rubric: Rubric, rnd: Round) -> None:
    """One row per dossier: firm, product, status, total, points per criterion, key figures."""
    threshold = get_settings().review_threshold
    ids = [c.id for c in rubric.criteria]
    latest = str(rnd.latest)
    header(
        sheet,
        ["Mã hồ sơ", "Doanh nghiệp", "Mã số thuế", "Sản phẩm", "Nhóm ngành", "Trạng thái", "Đề xuất", "Tổng điểm",
         *ids, f"DT sản phẩm {latest} (đ)", f"DT doanh nghiệp {latest} (đ)", f"Xuất khẩu {latest} (USD)",
         "Lao động", "Thiếu / cần bổ sung"],
        [14, 36, 14, 30, 18, 16, 9, 10, *[6] * len(ids), 18, 18, 16, 10, 50],
    )
    for record in records:
        points = {c.id: c.points for c in record.score.criteria}
        row = [
            record.dossier_id, record.enterprise.name.value, record.enterprise.tax_code.value,
            record.product.name.value, record.product.industry_group.value, STATUS_VI[record.status],
            "Có" if record.proposed else "Không", record.score.total, *[points.get(i) for i in ids],
            value_of(record.figures.product_revenue_vnd.get(latest)),
            value_of(record.figures.enterprise_revenue_vnd.get(latest)),
            value_of(record.figures.export_usd.get(latest)),
            record.figures.employees.value,
            "; ".join(m.message for m in record.missing_evidence),
        ]
        sheet.append(row)
        number = sheet.max_row
        fields: list[Field] = [record.enterprise.name, record.enterprise.tax_code, record.product.name,
                               record.product.industry_group]
        for column, field in zip((2, 3, 4, 5), fields, strict=True):
            mark(sheet.cell(row=number, column=column), field, threshold)
        first_figure = 9 + len(ids)
        for offset, figure in enumerate([
            record.figures.product_revenue_vnd.get(latest), record.figures.enterprise_revenue_vnd.get(latest),
            record.figures.export_usd.get(latest), record.figures.employees,
        ]):
            cell = sheet.cell(row=number, column=first_figure + offset)
            cell.number_format = VND_FORMAT
            mark(cell, figure or Field(), threshold)
        if record.missing_evidence:
            sheet.cell(row=number, column=first_figure + 4).fill = RED
    sheet.auto_filter.ref = sheet.dimensions


def value_of(field: Field | None) -> object:
    """A field's value or None."""
    return field.value if field is not None else None


def write_evidence(sheet: Worksheet, records: list[DossierRecord]) -> None:
    """Every value with file, page, snippet and confidence."""
    threshold = get_settings().review_threshold
    header(sheet, ["Mã hồ sơ", "Trường", "Giá trị", "Độ tin cậy", "Tệp", "Trang", "Trích đoạn", "Ghi chú"],
           [14, 30, 24, 10, 36, 7, 70, 40])
    for record in records:
        for path, field in iter_fields(record):
            evidence = field.evidence or []
            first = evidence[0] if evidence else None
            sheet.append([record.dossier_id, path, str(field.value) if field.value is not None else None,
                          round(field.confidence, 2), first.file if first else None, first.page if first else None,
                          first.text if first else None, field.note])
            mark(sheet.cell(row=sheet.max_row, column=3), field, threshold)
    sheet.auto_filter.ref = sheet.dimensions


def iter_fields(record: DossierRecord) -> list[tuple[str, Field]]:
    """Every field of a record with its path."""
    items: list[tuple[str, Field]] = [
        ("enterprise.name", record.enterprise.name), ("enterprise.tax_code", record.enterprise.tax_code),
        ("enterprise.address", record.enterprise.address),
        ("enterprise.factory_address", record.enterprise.factory_address),
        ("product.name", record.product.name), ("product.industry_group", record.product.industry_group),
        ("product.high_tech", record.product.high_tech), ("figures.employees", record.figures.employees),
    ]
    for name in ("product_revenue_vnd", "enterprise_revenue_vnd", "export_usd"):
        for year, field in sorted(getattr(record.figures, name).items()):
            items.append((f"figures.{name}.{year}", field))
    return items


def write_missing(sheet: Worksheet, records: list[DossierRecord]) -> None:
    """One row per missing-evidence item: the raw material of the letters."""
    header(sheet, ["Mã hồ sơ", "Doanh nghiệp", "Mã tài liệu", "Lý do", "Nội dung gửi doanh nghiệp"],
           [14, 36, 36, 12, 90])
    reasons = {"absent": "Thiếu", "expired": "Hết hạn", "unreadable": "Không đọc được", "mismatch": "Không khớp"}
    for record in records:
        for item in record.missing_evidence:
            sheet.append([record.dossier_id, record.enterprise.name.value, item.code, reasons[item.reason],
                          item.message])
            sheet.cell(row=sheet.max_row, column=4).fill = RED
    sheet.auto_filter.ref = sheet.dimensions


def write_worksheet(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path) -> Path:
    """Write the whole workbook atomically."""
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = "Tổng hợp"
    write_overview(overview, records, rubric, rnd)
    write_evidence(book.create_sheet("Chứng cứ"), records)
    write_missing(book.create_sheet("Thiếu hồ sơ"), records)
    target = out / "worksheet.xlsx"
    save_atomic(target, lambda temp: book.save(str(temp)))
    return target
