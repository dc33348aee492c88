"""The "Tổng hợp" sheet: one row per dossier — firm, product, status, points, key figures.

Points per criterion are formulas over the "Chấm điểm" sheet (SUMIFS by dossier and
criterion, so sorting that sheet breaks nothing), the total sums them over the row, and
"Đề xuất" follows the total and the pass rule while the council types. Missing values are
red, doubtful ones amber with the reason in a comment — and so are the points, the total and the
proposal that rest on them (``doubt.py``); a prerequisite not met is violet, a total within the
pass rule's ``borderline_margin`` of its mark is framed.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from extractors import vnformat
from extractors.vnformat import points as vn_points
from pipeline.figures import compute_figure
from pipeline.models import DossierRecord, Field
from pipeline.overrides import active_points, active_values
from pipeline.writers import worksheet_layout as L
from pipeline.writers.doubt import MISSED, Doubts, sheet_doubts
from pipeline.writers.labels import firm_name
from pipeline.writers.letter_items import letter_items, needs_letter
from pipeline.writers.records import record_filename
from pipeline.writers.worksheet_fields import SheetContext, doubts, reviewed
from pipeline.writers.worksheet_scores import COLUMNS as SCORE_COLUMNS
from pipeline.writers.worksheet_style import (
    AMBER,
    AMBER_BOLD_FONT,
    AMBER_FONT,
    BOLD,
    BORDERLINE_FONT,
    BORDERLINE_SIDE,
    ENTERED,
    NOT_MET,
    NOT_MET_FONT,
    NUMBER,
    PERCENT,
    POINTS,
    PROPOSED_FONT,
    RED,
    RED_FONT,
    TEXT,
    TODO,
    Column,
    add_row,
    col,
    finish_sheet,
    fit_row,
    letter,
    link,
    note,
    paint,
    start_sheet,
)

PASSED_VI = {True: "Đạt", False: "Không đạt", None: "Chưa rõ"}


def overview_columns(ctx: SheetContext) -> list[Column]:
    """The columns, which depend on the rubric's criteria and prerequisites and the round's years."""
    rnd, rubric = ctx.rnd, ctx.rubric
    latest, first = rnd.latest, min(rnd.years)
    rule = rubric.pass_rule
    sign = "≥" if rule.inclusive else ">"
    return [
        Column(L.DOSSIER, 13),
        Column("Doanh nghiệp", 32),
        Column("Mã số thuế", 12, TEXT),
        Column("Sản phẩm", 32),
        Column("Nhóm ngành", 16),
        Column("Trạng thái", 12, center=True),
        Column("Đề xuất", 8, note=f"Công thức: hồ sơ đầy đủ, đạt mọi điều kiện và tổng điểm {sign} "
               f"{vn_points(rule.min_total)}. Tính lại khi Hội đồng nhập điểm. Nền vàng: đề xuất có thể đổi khi "
               f"kiểm tra "
               "các giá trị cần kiểm tra (xem ghi chú).", center=True),
        Column("Tổng điểm", 8, POINTS, f"Công thức: tổng điểm các tiêu chí (tối đa "
                                       f"{vn_points(rubric.max_total)}). Chữ cam, "
               f"khung cam: sát ngưỡng (cách {vn_points(rule.min_total)} không quá "
               f"{vn_points(rule.borderline_margin)} điểm). "
               "Nền vàng: có điểm dựa trên giá trị cần kiểm tra.", True),
        *[Column(c.id, 6, POINTS, f"{c.id}. {c.name} (tối đa {vn_points(c.max)} điểm)", True) for c in rubric.criteria],
        *[Column(p.column_title, 10, note=p.name, center=True)
          for p in rubric.prerequisites],
        Column(f"DT sản phẩm {latest} (đ)", 19, NUMBER),
        Column(f"Tăng trưởng {first}–{latest}", 10, PERCENT, "Tăng trưởng bình quân năm (kép) của doanh thu sản phẩm."),
        Column(f"DT doanh nghiệp {latest} (đ)", 19, NUMBER),
        Column(f"Xuất khẩu {latest} (USD)", 15, NUMBER),
        Column("Lao động", 9, NUMBER),
        Column("Mục thiếu", 8, NUMBER, "Số mục trong thư gửi doanh nghiệp: tài liệu phải bổ sung và điều kiện "
               "không đạt (chi tiết ở trang «Thiếu hồ sơ»).", True),
        Column("Đã sửa", 7, NUMBER, "Số giá trị và điểm người thẩm định đang sửa (xem «Nhật ký sửa»).", True),
        Column("Thư gửi DN", 18),
    ]


def write_overview(sheet: Worksheet, records: list[DossierRecord], ctx: SheetContext, scores_last: int) -> None:
    """Write the sheet."""
    rnd, rubric = ctx.rnd, ctx.rubric
    columns = overview_columns(ctx)
    rule = rubric.pass_rule
    local = ctx.local(ctx.written_at)
    written = f"{vnformat.clock(local)} {vnformat.date(local)}"
    start_sheet(sheet, f"Tổng hợp hồ sơ xét chọn năm {rnd.year} — {rubric.name}",
                f"Hạn nộp {vnformat.date(rnd.deadline)}; số liệu các năm {', '.join(map(str, rnd.years))}; "
                f"đề xuất khi đạt mọi điều kiện và tổng điểm {'≥' if rule.inclusive else '>'} "
                f"{vn_points(rule.min_total)}. "
                f"Đỏ: thiếu; vàng: cần kiểm tra (xem ghi chú của ô); tím: không đạt điều kiện; xanh lá: người thẩm "
                f"định đã sửa; khung cam: tổng điểm sát ngưỡng. Lập lúc {written}.",
                columns, freeze_columns=2, paper_a3=True)
    sums = score_ranges(scores_last)
    first_point, last_point = col(columns, rubric.criteria[0].id), col(columns, rubric.criteria[-1].id)
    for record in records:
        row = add_row(sheet, columns, [None] * len(columns))
        fill_row(sheet, row, record, ctx, columns, sums)
        total = sheet.cell(row=row, column=col(columns, "Tổng điểm"),
                           value=f"=SUM({letter_of(sheet, row, first_point)}:{letter_of(sheet, row, last_point)})")
        total.font = BOLD
        proposal = sheet.cell(row=row, column=col(columns, "Đề xuất"),
                              value=proposed_formula(record, ctx, columns, row))
        decision_cells(total, proposal, record, ctx, sheet_doubts(record, ctx))
        fit_row(sheet, row, columns)
    last = max(sheet.max_row, L.FIRST_ROW)
    target = f"{letter(columns, 'Đề xuất')}{L.FIRST_ROW}:{letter(columns, 'Đề xuất')}{last}"
    sheet.conditional_formatting.add(target, CellIsRule(operator="equal", formula=['"Có"'], font=PROPOSED_FONT))
    totals = letter(columns, "Tổng điểm")
    frame = Border(left=BORDERLINE_SIDE, right=BORDERLINE_SIDE, top=BORDERLINE_SIDE, bottom=BORDERLINE_SIDE)
    sheet.conditional_formatting.add(f"{totals}{L.FIRST_ROW}:{totals}{last}", FormulaRule(
        formula=[f"AND(ISNUMBER({totals}{L.FIRST_ROW}),ABS({totals}{L.FIRST_ROW}-{rule.min_total:g})"
                 f"<={rule.borderline_margin:g})"], font=BORDERLINE_FONT, border=frame))
    finish_sheet(sheet, columns)


def decision_cells(total: Cell, proposal: Cell, record: DossierRecord, ctx: SheetContext, found: Doubts) -> None:
    """The total and the proposal: amber with the reasons when they rest on doubtful values; the
    total's comment also says when it lies within the pass rule's margin of the mark."""
    rule = ctx.rubric.pass_rule
    lines = list(found.total)
    if rule.borderline(record.score.total):
        sign = "≥" if rule.inclusive else ">"
        lines.append(f"Sát ngưỡng: {vn_points(record.score.total)} điểm, ngưỡng đề xuất {sign} "
                     f"{vn_points(rule.min_total)} "
                     f"(cách không quá {vn_points(rule.borderline_margin)} điểm).")
    if found.total:
        paint(total, AMBER, "\n".join(lines), AMBER_BOLD_FONT)
    elif lines:
        note(total, "\n".join(lines))
    if found.proposal:
        paint(proposal, AMBER, "\n".join(["Đề xuất có thể thay đổi khi kiểm tra:", *found.proposal]), AMBER_FONT)


def letter_of(sheet: Worksheet, row: int, column: int) -> str:
    """A cell's coordinate."""
    return str(sheet.cell(row=row, column=column).coordinate)


def score_ranges(last: int) -> tuple[str, str, str]:
    """Absolute ranges of the scoring sheet's effective points, dossier ids and criterion ids."""
    def span(title: str) -> str:
        column = letter(SCORE_COLUMNS, title)
        return f"'{L.SCORES}'!${column}${L.FIRST_ROW}:${column}${last}"
    return span(L.EFFECTIVE_POINTS), span(L.DOSSIER), span(L.CRITERION)


def proposed_formula(record: DossierRecord, ctx: SheetContext, columns: list[Column], row: int) -> str:
    """"Có" when complete, every prerequisite passes and the total passes; a formula on the total."""
    rule = ctx.rubric.pass_rule
    prerequisites_ok = all(p.passed for p in record.prerequisites) or not rule.prerequisites_must_pass
    if record.status != "complete" or not prerequisites_ok:
        return "Không"
    total = f"{letter(columns, 'Tổng điểm')}{row}"
    return f'=IF({total}{">=" if rule.inclusive else ">"}{rule.min_total:g},"Có","Không")'


def fill_row(sheet: Worksheet, row: int, record: DossierRecord, ctx: SheetContext, columns: list[Column],
             sums: tuple[str, str, str]) -> None:
    """Every cell of a dossier's row, with its colour and comment."""
    rubric, rnd = ctx.rubric, ctx.rnd
    reasons = doubts(record, ctx.threshold)
    groups = {g.code: g.name for g in rubric.industry_groups}
    latest = str(rnd.latest)

    def put(title: str, value: object, field: Field | None = None, path: str | None = None,
            required: bool = True) -> None:
        cell = sheet.cell(row=row, column=col(columns, title), value=value)
        if field is None:
            return
        if field.value is None:
            if required:
                paint(cell, RED, "Không tìm thấy trong hồ sơ.", RED_FONT)
        elif reviewed(field):
            paint(cell, ENTERED, entered_note(field, path, record, ctx))
        elif path in reasons:
            paint(cell, AMBER, "\n".join(reasons[path]), AMBER_FONT)

    put(L.DOSSIER, record.dossier_id)
    put("Doanh nghiệp", firm_name(record.enterprise.name.value), record.enterprise.name, "enterprise.name")
    put("Mã số thuế", record.enterprise.tax_code.value, record.enterprise.tax_code, "enterprise.tax_code")
    put("Sản phẩm", record.product.name.value, record.product.name, "product.name")
    group = record.product.industry_group
    put("Nhóm ngành", groups.get(str(group.value), group.value), group, "product.industry_group")
    put("Trạng thái", L.STATUS_VI[record.status])
    status = sheet.cell(row=row, column=col(columns, "Trạng thái"))
    if record.status == "ineligible":  # decided, not doubtful: the prerequisites' own colour
        paint(status, NOT_MET, None, NOT_MET_FONT)
    elif record.status != "complete":
        paint(status, RED, None, RED_FONT)
    points_cells(sheet, row, record, ctx, columns, sums)
    shaky = sheet_doubts(record, ctx).prerequisites
    for spec in rubric.prerequisites:
        found = next((p for p in record.prerequisites if p.id == spec.id), None)
        cell = sheet.cell(row=row, column=col(columns, spec.column_title),
                          value=PASSED_VI[found.passed] if found else None)
        if found is None:
            continue
        if found.passed is None or spec.id in shaky:
            why = "\n".join(["Dựa trên giá trị cần kiểm tra:", *shaky[spec.id]]) if spec.id in shaky else ""
            paint(cell, AMBER, "\n".join(x for x in (found.detail, why) if x), AMBER_FONT)
        elif found.passed is False:
            paint(cell, NOT_MET, found.detail, NOT_MET_FONT)
        else:
            note(cell, found.detail)
    figures = record.figures
    first, last = min(rnd.years), rnd.latest
    for title, table, path in (
        (f"DT sản phẩm {last} (đ)", figures.product_revenue_vnd, f"figures.product_revenue_vnd.{latest}"),
        (f"DT doanh nghiệp {last} (đ)", figures.enterprise_revenue_vnd, f"figures.enterprise_revenue_vnd.{latest}"),
        (f"Xuất khẩu {last} (USD)", figures.export_usd, f"figures.export_usd.{latest}"),
    ):
        field = table.get(latest) or Field()
        put(title, field.value, field, path, required="Xuất khẩu" not in title)
    growth = compute_figure("product_revenue_growth", record, rubric, rnd)
    put(f"Tăng trưởng {first}–{last}", growth.value if isinstance(growth.value, float) else None)
    note(sheet.cell(row=row, column=col(columns, f"Tăng trưởng {first}–{last}")), growth.text)
    put("Lao động", figures.employees.value, figures.employees, "figures.employees")
    items = letter_items(record, rubric)
    missing = sheet.cell(row=row, column=col(columns, "Mục thiếu"), value=len(items))
    if record.missing_evidence:
        paint(missing, RED, None, RED_FONT)
    elif items:
        paint(missing, NOT_MET, None, NOT_MET_FONT)
    entries = ctx.overrides.for_dossier(record.dossier_id)
    sheet.cell(row=row, column=col(columns, "Đã sửa"), value=len(active_values(entries)) + len(active_points(entries)))
    if needs_letter(record):
        name = f"{record_filename(record.dossier_id)}.docx"
        cell = sheet.cell(row=row, column=col(columns, "Thư gửi DN"), value=name)
        link(cell, f"letters/{name}")


def points_cells(sheet: Worksheet, row: int, record: DossierRecord, ctx: SheetContext, columns: list[Column],
                 sums: tuple[str, str, str]) -> None:
    """Criterion points as SUMIFS over the scoring sheet, coloured by what they rest on."""
    effective, dossiers, criteria = sums
    dossier_cell = f"$A{row}"
    manual = {c.id for c in ctx.rubric.criteria if c.rule.type == "manual"}
    active = active_points(ctx.overrides.for_dossier(record.dossier_id))
    shaky = sheet_doubts(record, ctx).criteria
    for criterion in record.score.criteria:
        try:
            column = col(columns, criterion.id)
        except StopIteration:
            continue
        header = f"{get_column_letter(column)}${L.HEADER_ROW}"
        formula = f"=SUMIFS({effective},{dossiers},{dossier_cell},{criteria},{header})"
        cell = sheet.cell(row=row, column=column, value=formula)
        if criterion.id in active:
            paint(cell, ENTERED, criterion.basis)
        elif criterion.id in manual:
            paint(cell, TODO, "Chờ Hội đồng chấm (trang «Chấm điểm»).")
        elif criterion.basis.startswith(MISSED):
            paint(cell, RED, criterion.basis, RED_FONT)
        elif criterion.id in shaky:
            paint(cell, AMBER, "\n".join([f"{vn_points(criterion.points)} điểm dựa trên giá trị cần kiểm tra:",
                                           *shaky[criterion.id]]), AMBER_FONT)


def entered_note(field: Field, path: str | None, record: DossierRecord, ctx: SheetContext) -> str | None:
    """A reviewer's value's comment, its time in the secretariat's zone (the record keeps the moment as
    the worksheet was read)."""
    entry = active_values(ctx.overrides.for_dossier(record.dossier_id)).get(path or "")
    if field.note is None or entry is None or entry.at is None:
        return field.note
    return field.note.replace(f" lúc {vnformat.date_time(entry.at)}", ctx.when(entry.at))
