"""The "Chứng cứ" sheet: every value with its file, page, snippet and confidence, and the cells
where a reviewer corrects a value (with a reason and a name).

Each round year of each yearly figure has a row even when it was not found (red), so a
reviewer can key in a figure from a paper the firm brought. Certificates are listed too
(their points are corrected on the "Chấm điểm" sheet).
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import Certificate, DossierRecord, Evidence, Field
from pipeline.overrides import active_values, shown_values, who
from pipeline.writers import worksheet_layout as L
from pipeline.writers.doubt import certificate_reasons
from pipeline.writers.evidence_files import href
from pipeline.writers.worksheet_fields import (
    SheetContext,
    display_value,
    document_evidence,
    doubts,
    iter_fields,
    reviewed,
    where,
)
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_FONT,
    CONFIDENCE,
    ENTERED,
    INPUT,
    LOCKED,
    NUMBER,
    RED,
    RED_FONT,
    TEXT,
    Column,
    add_row,
    col,
    finish_sheet,
    link,
    paint,
    start_sheet,
)

COLUMNS = [
    Column(L.DOSSIER, 13),
    Column("Trường", 30),
    Column(L.FIELD_PATH, 22, note="Mã kỹ thuật của trường (spcncl dùng để đọc lại giá trị sửa)."),
    Column(L.VALUE, 26),
    Column("Độ tin cậy", 8, CONFIDENCE, center=True),
    Column("Tệp", 28),
    Column("Trang", 6, center=True),
    Column("Trích đoạn", 54),
    Column("Nguồn khác", 26, note="Các tài liệu khác ghi cùng giá trị."),
    Column("Ghi chú", 34),
    Column(L.VALUE_INPUT, 20, note="Nhập giá trị đúng (số: 1.234.567 hoặc «120 tỷ»). Để trống = giữ giá trị máy đọc; "
           "xóa giá trị đã nhập = hủy sửa."),
    Column(L.VALUE_REASON, 28, TEXT, "Vì sao sửa: tài liệu và trang đối chiếu."),
    Column(L.VALUE_WHO, 16, TEXT, "Họ tên người sửa."),
]


Links = Mapping[tuple[str, str], str]


def write_evidence(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext,
                   links: Links | None = None) -> None:
    """Write the sheet; ``links`` maps (dossier id, file in the dossier) to the file relative to the workbook."""
    links = links or {}
    start_sheet(sheet, f"Chứng cứ của từng giá trị — vòng {ctx.rnd.year}",
                "Mỗi giá trị kèm tệp, trang, trích đoạn và độ tin cậy. Sửa giá trị ở cột «Giá trị sửa» "
                "(ghi lý do và người sửa); nền xám: không sửa ở đây.", COLUMNS, freeze_columns=2)
    for record in records:
        reasons = doubts(record, ctx.threshold)
        entries = ctx.overrides.for_dossier(record.dossier_id)
        shown, active = shown_values(entries), active_values(entries)
        for path, field in iter_fields(record, ctx.rnd.years):
            row = value_row(sheet, record, path, field, ctx, links)
            value = sheet.cell(row=row, column=col(COLUMNS, L.VALUE))
            if reviewed(field):
                paint(value, ENTERED, field.note)
            elif field.value is None and not path.startswith("figures.export_usd"):
                paint(value, RED, "Không tìm thấy trong hồ sơ.", RED_FONT)
            elif path in reasons:
                paint(value, AMBER, "\n".join(reasons[path]), AMBER_FONT)
            if field.value is not None and field.confidence < ctx.threshold and not reviewed(field):
                paint(sheet.cell(row=row, column=col(COLUMNS, "Độ tin cậy")), AMBER, None, AMBER_FONT)
            input_cells(sheet, row, record.dossier_id, path, shown, active, ctx)
        for index, certificate in enumerate(record.certificates):
            certificate_row(sheet, record, index, certificate, links, ctx.threshold)
    finish_sheet(sheet, COLUMNS)


def link_file(sheet: Worksheet, row: int, dossier_id: str, evidence: Evidence | None, links: Links) -> None:
    """The file's cell opens the file, at the page for a PDF."""
    target = links.get((dossier_id, evidence.file)) if evidence is not None else None
    if evidence is not None and target is not None:
        link(sheet.cell(row=row, column=col(COLUMNS, "Tệp")), href(target, evidence.page))


def value_row(sheet: Worksheet, record: DossierRecord, path: str, field: Field, ctx: SheetContext,
              links: Links) -> int:
    """The row of one value: where it was read, how sure, what to check."""
    evidence = document_evidence(field)
    first = evidence[0] if evidence else None
    others = "; ".join(where(e) for e in evidence[1:4]) or None
    shown_value = display_value(path, field, ctx.rubric)
    row = add_row(sheet, COLUMNS, [
        record.dossier_id, L.field_label(path), path, shown_value,
        round(field.confidence, 2) if field.value is not None else None,
        first.file if first else None, first.page if first else None, first.text if first else None, others,
        field.note, None, None, None,
    ])
    if L.value_type(path) == "int":
        sheet.cell(row=row, column=col(COLUMNS, L.VALUE)).number_format = NUMBER
    link_file(sheet, row, record.dossier_id, first, links)
    return row


def input_cells(sheet: Worksheet, row: int, dossier: str, path: str, shown: dict, active: dict,
                ctx: SheetContext) -> None:
    """The reviewer's three cells for a value: filled again from the entries in force."""
    cells = [sheet.cell(row=row, column=col(COLUMNS, t)) for t in (L.VALUE_INPUT, L.VALUE_REASON, L.VALUE_WHO)]
    kind = L.value_type(path)
    if kind is None:
        for cell in cells:
            cell.fill = LOCKED
        return
    for cell in cells:
        cell.fill = INPUT
    cells[0].number_format = NUMBER if kind == "int" else TEXT
    entry = shown.get(path)
    typed: object = None
    if entry is not None:
        typed = entry.raw if entry.error is not None else entry.value
        cells[0].value, cells[1].value, cells[2].value = typed, entry.reason or None, entry.reviewer or None
        if entry.error is not None:
            paint(cells[0], RED, f"Không dùng được: {entry.error}", RED_FONT)
        elif path in active:
            when = ctx.when(entry.at)
            paint(cells[0], ENTERED, f"Sửa bởi {who(entry)}{when}.")
    ctx.remember("value", dossier, path, typed, entry.reason if entry else "", entry.reviewer if entry else "")


def certificate_row(sheet: Worksheet, record: DossierRecord, index: int, certificate: Certificate,
                    links: Links, threshold: float) -> None:
    """A certificate as one row (read-only here); read with low confidence or its holder not checked,
    it is amber with the reason, as the points resting on it are."""
    validity = {True: "còn hiệu lực", False: "không hợp lệ tại hạn nộp", None: "chưa rõ hiệu lực"}[certificate.valid]
    value = (f"{certificate.standard} số {certificate.number or '?'}; cấp {certificate.issued or '?'}; "
             f"hết hạn {certificate.expires or '?'}; {validity}")
    first = certificate.evidence[0] if certificate.evidence else None
    row = add_row(sheet, COLUMNS, [
        record.dossier_id, f"Chứng nhận {certificate.standard}", f"certificates.{index}", value,
        round(certificate.confidence, 2), first.file if first else None, first.page if first else None,
        first.text if first else None, None,
        "; ".join(x for x in (f"Chủ chứng nhận: {certificate.holder}" if certificate.holder else "",
                              f"Tổ chức chứng nhận: {certificate.issuer}" if certificate.issuer else "",
                              certificate.note or "") if x) or None,
        None, None, None,
    ])
    link_file(sheet, row, record.dossier_id, first, links)
    if certificate.valid is not True or certificate.holder_matches is False:
        paint(sheet.cell(row=row, column=col(COLUMNS, L.VALUE)), AMBER,
              certificate.note or "Chứng nhận không được tính điểm.", AMBER_FONT)
    reasons = certificate_reasons(certificate, threshold)
    if reasons:
        cell = sheet.cell(row=row, column=col(COLUMNS, L.VALUE))
        earlier = cell.comment.text if cell.comment else ""
        paint(cell, AMBER, "\n".join([earlier, *reasons] if earlier else reasons), AMBER_FONT)
        if certificate.confidence < threshold:
            paint(sheet.cell(row=row, column=col(COLUMNS, "Độ tin cậy")), AMBER, None, AMBER_FONT)
    for title in (L.VALUE_INPUT, L.VALUE_REASON, L.VALUE_WHO):
        sheet.cell(row=row, column=col(COLUMNS, title)).fill = LOCKED
