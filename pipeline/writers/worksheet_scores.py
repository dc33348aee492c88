"""The "Chấm điểm" sheet: one row per dossier and criterion, where the council enters manual
points and reviewers override points, each with a reason and a name.

"Điểm tính" is a formula (the entry when there is one, else the machine's points) and "Tổng
điểm hồ sơ" sums it over the dossier's rows, so totals stay right while people type. Entries
already in ``overrides.json`` are written back into their cells. Machine points that rest on a
doubtful value are amber with the reason, and so is the dossier's total (``doubt.py``).
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from extractors.vnformat import points as vn_points
from pipeline.models import DossierRecord
from pipeline.overrides import PointsOverride, active_points, shown_points, who
from pipeline.rubric import ManualRule
from pipeline.writers import worksheet_layout as L
from pipeline.writers.doubt import MISSED, sheet_doubts
from pipeline.writers.labels import firm_name
from pipeline.writers.worksheet_fields import SheetContext
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_FONT,
    BOLD,
    ENTERED,
    INPUT,
    POINTS,
    RED,
    RED_FONT,
    TEXT,
    TODO,
    Column,
    add_row,
    col,
    finish_sheet,
    letter,
    paint,
    start_sheet,
)

COLUMNS = [
    Column(L.DOSSIER, 14),
    Column("Doanh nghiệp", 26),
    Column("Sản phẩm", 26),
    Column(L.CRITERION, 8, center=True),
    Column("Nội dung tiêu chí", 30),
    Column("Cách chấm", 11, center=True),
    Column("Điểm tối đa", 8, POINTS, center=True),
    Column(L.MACHINE_POINTS, 8, POINTS, "Điểm do spcncl chấm theo bộ tiêu chí (0 với tiêu chí Hội đồng chấm).", True),
    Column("Căn cứ chấm điểm", 58),
    Column(L.POINTS_INPUT, 9, POINTS, "Hội đồng nhập điểm tiêu chí chấm tay; người thẩm định nhập điểm điều chỉnh. "
           "Để trống = dùng điểm máy. Xóa điểm đã nhập = hủy điều chỉnh.", True),
    Column(L.POINTS_REASON, 30, TEXT, "Vì sao điều chỉnh (bắt buộc khi điều chỉnh điểm máy)."),
    Column(L.POINTS_WHO, 16, TEXT, "Họ tên người chấm hoặc người điều chỉnh."),
    Column(L.EFFECTIVE_POINTS, 8, POINTS, "Công thức: điểm nhập nếu có, nếu không là điểm máy.", True),
    Column("Tổng điểm hồ sơ", 10, POINTS, "Công thức: tổng điểm tính của mọi tiêu chí của hồ sơ.", True),
]
REPEAT = Font(color="8C8C8C")
DOSSIER_TOP = Border(top=Side(style="medium", color="1F4E78"))


def write_scores(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext) -> int:
    """Write the sheet; returns the last data row (the overview's formulas sum over it)."""
    rnd = ctx.rnd
    start_sheet(sheet, f"Chấm điểm theo tiêu chí — vòng {rnd.year}",
                "Ô nền xanh nhạt: nhập điểm, lý do, người chấm. Cột «Điểm tính» và «Tổng điểm hồ sơ» là công thức; "
                "chạy «spcncl review worksheet.xlsx» để xét lại trạng thái và đề xuất.", COLUMNS)
    manual = {c.id for c in ctx.rubric.criteria if isinstance(c.rule, ManualRule)}
    first = L.FIRST_ROW
    last = first + sum(len(r.score.criteria) for r in records) - 1
    effective, dossier_col = letter(COLUMNS, L.EFFECTIVE_POINTS), letter(COLUMNS, L.DOSSIER)
    for record in records:
        shown = shown_points(ctx.overrides.for_dossier(record.dossier_id))
        active = active_points(ctx.overrides.for_dossier(record.dossier_id))
        doubt = sheet_doubts(record, ctx)
        for index, criterion in enumerate(record.score.criteria):
            entry = shown.get(criterion.id)
            machine = ctx.machine(record, criterion.id, criterion.points)
            typed: object = None
            if entry is not None:
                typed = entry.raw if entry.error is not None else entry.points
            row = add_row(sheet, COLUMNS, [
                record.dossier_id, firm_name(record.enterprise.name.value), record.product.name.value, criterion.id,
                criterion.name, "Hội đồng chấm" if criterion.id in manual else "Máy chấm", criterion.max, machine,
                criterion.basis, typed, entry.reason if entry else None, entry.reviewer if entry else None,
                None, None,
            ])
            ctx.remember("points", record.dossier_id, criterion.id, typed, entry.reason if entry else "",
                         entry.reviewer if entry else "")
            style_row(sheet, row, criterion.id in manual, criterion.basis, entry, active.get(criterion.id), ctx)
            if criterion.id in doubt.criteria:
                paint(sheet.cell(row=row, column=col(COLUMNS, L.MACHINE_POINTS)), AMBER,
                      "\n".join([f"{vn_points(machine)} điểm dựa trên giá trị cần kiểm "
                                 f"tra:", *doubt.criteria[criterion.id]]),
                      AMBER_FONT)
            j, g, h = (f"{letter(COLUMNS, t)}{row}" for t in (L.POINTS_INPUT, "Điểm tối đa", L.MACHINE_POINTS))
            sheet.cell(row=row, column=col(COLUMNS, L.EFFECTIVE_POINTS),
                       value=f"=IF(ISNUMBER({j}),MIN(MAX({j},0),{g}),{h})")
            total = sheet.cell(row=row, column=col(COLUMNS, "Tổng điểm hồ sơ"),
                               value=f"=SUMIFS(${effective}${first}:${effective}${last},"
                                     f"${dossier_col}${first}:${dossier_col}${last},{dossier_col}{row})")
            total.font = BOLD
            if doubt.total:
                paint(total, AMBER, "\n".join(doubt.total), AMBER_FONT)
            if index > 0:  # the firm and product again, greyed: rows stay whole when sorted or filtered
                for title in ("Doanh nghiệp", "Sản phẩm"):
                    sheet.cell(row=row, column=col(COLUMNS, title)).font = REPEAT
            else:
                for cell in sheet[row]:
                    cell.border = Border(left=cell.border.left, right=cell.border.right, bottom=cell.border.bottom,
                                         top=DOSSIER_TOP.top)
    add_validation(sheet, first, max(last, first))
    finish_sheet(sheet, COLUMNS)
    return max(last, first)


def style_row(sheet: Worksheet, row: int, manual: bool, basis: str, shown: PointsOverride | None,
              active: PointsOverride | None, ctx: SheetContext) -> None:
    """Input cells blue; an entry in force green; an unusable entry red; manual rows waiting orange."""
    inputs = [sheet.cell(row=row, column=col(COLUMNS, t)) for t in (L.POINTS_INPUT, L.POINTS_REASON, L.POINTS_WHO)]
    for cell in inputs:
        cell.fill = INPUT
    typed = inputs[0]
    if shown is not None and shown.error is not None:
        paint(typed, RED, f"Không dùng được: {shown.error}", RED_FONT)
    elif active is not None:
        when = ctx.when(active.at)
        old = "" if active.old is None else f"; trước đó {vn_points(active.old)} điểm"
        paint(typed, ENTERED, f"{'Chấm tay' if manual else 'Điều chỉnh'} bởi {who(active)}{when}{old}.")
    elif manual:
        paint(typed, TODO, "Tiêu chí do Hội đồng chấm: nhập điểm (0 điểm cho đến khi nhập).")
    machine = sheet.cell(row=row, column=col(COLUMNS, L.MACHINE_POINTS))
    if not manual and basis.startswith(MISSED):
        paint(machine, RED, basis, RED_FONT)


def add_validation(sheet: Worksheet, first: int, last: int) -> None:
    """Points typed must lie between 0 and the criterion's maximum (Excel and LibreOffice check)."""
    target, limit = letter(COLUMNS, L.POINTS_INPUT), letter(COLUMNS, "Điểm tối đa")
    rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{limit}{first}",
                          allow_blank=True, showErrorMessage=True, errorStyle="stop",
                          errorTitle="Điểm không hợp lệ", error="Điểm phải từ 0 đến điểm tối đa của tiêu chí.",
                          promptTitle="Điểm nhập", prompt="Từ 0 đến điểm tối đa; để trống = điểm máy.",
                          showInputMessage=True)
    rule.add(f"{target}{first}:{target}{last}")
    sheet.add_data_validation(rule)
    effective = letter(COLUMNS, L.EFFECTIVE_POINTS)
    machine = letter(COLUMNS, L.MACHINE_POINTS)
    sheet.conditional_formatting.add(
        f"{effective}{first}:{effective}{last}",
        FormulaRule(formula=[f"{effective}{first}<>{machine}{first}"], fill=ENTERED, font=BOLD),
    )
