"""The reviewers' worksheet, opened with openpyxl: content, colours, comments, formulas, set-up."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from pipeline.models import Finding
from pipeline.round import load_round
from pipeline.writers import worksheet_layout as L
from pipeline.writers.letter_items import letter_items
from pipeline.writers.records import read_records
from pipeline.writers.worksheet import write_worksheet
from pipeline.writers.worksheet_errors import ERRORS
from pipeline.writers.worksheet_questions import QUESTIONS
from pipeline.writers.worksheet_style import AMBER, INPUT, RED

from .test_review_helpers import BASE, base_round, find, rows, titles


@pytest.fixture(scope="module")
def round_out(tmp_path_factory):
    _, out = base_round(tmp_path_factory)
    return out, read_records(out), load_workbook(out / "worksheet.xlsx")


def fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type else ""


def test_sheets_and_overview_rows(round_out):
    _, records, book = round_out
    rubric, _ = load_round(None, 2026)
    assert book.sheetnames == [L.OVERVIEW, L.SCORES, L.EVIDENCE, L.MISSING, ERRORS, QUESTIONS, L.AUDIT, L.GUIDE,
                               L.STATE]
    assert book[L.STATE].sheet_state == "veryHidden"
    overview = book[L.OVERVIEW]
    data = rows(overview)
    assert [r[L.DOSSIER] for r in data] == list(BASE)
    for record, row in zip(records, data, strict=True):
        assert row["Doanh nghiệp"] == record.enterprise.name.value.upper()
        assert row["Mã số thuế"] == record.enterprise.tax_code.value
        assert row["Sản phẩm"] == record.product.name.value
        assert row["Trạng thái"] == L.STATUS_VI[record.status]
        assert row["DT sản phẩm 2025 (đ)"] == record.figures.product_revenue_vnd["2025"].value
        assert row["Lao động"] == record.figures.employees.value
        assert row["Mục thiếu"] == len(letter_items(record, rubric))
    first = find(overview, **{L.DOSSIER: "HN2026-001"})
    assert first["Tổng điểm"].value == f"=SUM(I{first['A1'].row}:S{first['A1'].row})"
    assert first["A1"].value.startswith("=SUMIFS('Chấm điểm'!$M$4:$M$")
    assert first["Đề xuất"].value == f'=IF(H{first["A1"].row}>70,"Có","Không")'
    assert find(overview, **{L.DOSSIER: "HN2026-007"})["Đề xuất"].value == "Không"
    assert find(overview, **{L.DOSSIER: "HN2026-007"})["Thư gửi DN"].hyperlink.target == "letters/HN2026-007.docx"


def test_print_setup_filters_frozen_header_and_vietnamese_number_formats(round_out):
    _, _, book = round_out
    for name in (L.OVERVIEW, L.SCORES, L.EVIDENCE, L.MISSING, L.AUDIT):
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.freeze_panes.endswith("4")
        assert sheet.auto_filter.ref.startswith("A3:")
        assert all(sheet.cell(row=3, column=c).value for c in range(1, 4))
    overview = book[L.OVERVIEW]
    cell = find(overview, **{L.DOSSIER: "HN2026-001"})["DT sản phẩm 2025 (đ)"]
    assert isinstance(cell.value, int) and cell.number_format == "[$-42A]#,##0"
    assert overview.column_dimensions["B"].width >= 30


def test_missing_values_red_and_doubtful_values_amber_with_reason(round_out, tmp_path):
    _, records, _ = round_out
    rubric, rnd = load_round(None, 2026)
    doubtful = records[0].model_copy(deep=True)
    doubtful.enterprise.tax_code.confidence = 0.4
    doubtful.enterprise.tax_code.note = "Chữ số cuối bị mờ trên bản chụp."
    doubtful.findings.append(Finding(code="disagreement:enterprise.name", severity="warning",
                                     message="Tên trên giấy đăng ký khác tên trên phiếu."))
    doubtful.figures.enterprise_revenue_vnd.pop("2025")
    write_worksheet([doubtful], rubric, rnd, tmp_path)
    book = load_workbook(tmp_path / "worksheet.xlsx")
    row = find(book[L.OVERVIEW], **{L.DOSSIER: doubtful.dossier_id})
    assert fill(row["Mã số thuế"]) == AMBER.fgColor.rgb[-6:]
    assert "Chữ số cuối bị mờ" in row["Mã số thuế"].comment.text
    assert fill(row["Doanh nghiệp"]) == AMBER.fgColor.rgb[-6:]
    assert "khác tên trên phiếu" in row["Doanh nghiệp"].comment.text
    assert fill(row["DT doanh nghiệp 2025 (đ)"]) == RED.fgColor.rgb[-6:]
    assert fill(row["Sản phẩm"]) == ""
    evidence = find(book[L.EVIDENCE], **{L.FIELD_PATH: "enterprise.tax_code"})
    assert fill(evidence[L.VALUE]) == AMBER.fgColor.rgb[-6:] and "bị mờ" in evidence[L.VALUE].comment.text
    missing = find(book[L.EVIDENCE], **{L.FIELD_PATH: "figures.enterprise_revenue_vnd.2025"})
    assert missing[L.VALUE].value is None and fill(missing[L.VALUE]) == RED.fgColor.rgb[-6:]


def test_evidence_sheet_every_value_with_file_page_snippet_confidence(round_out):
    _, records, book = round_out
    sheet = book[L.EVIDENCE]
    listed = {(r[L.DOSSIER], r[L.FIELD_PATH]): r for r in rows(sheet)}
    checked = 0
    for record in records:
        for name in ("product_revenue_vnd", "enterprise_revenue_vnd", "export_usd"):
            for year, field in getattr(record.figures, name).items():
                row = listed[(record.dossier_id, f"figures.{name}.{year}")]
                assert row[L.VALUE] == field.value
                assert row["Tệp"] == field.evidence[0].file and row["Trang"] == field.evidence[0].page
                assert row["Trích đoạn"] == field.evidence[0].text
                assert row["Độ tin cậy"] == round(field.confidence, 2)
                checked += 1
        for index, certificate in enumerate(record.certificates):
            assert certificate.standard in listed[(record.dossier_id, f"certificates.{index}")][L.VALUE]
    assert checked >= 20
    tax = find(sheet, **{L.DOSSIER: "HN2026-001", L.FIELD_PATH: "enterprise.tax_code"})
    assert fill(tax[L.VALUE_INPUT]) == INPUT.fgColor.rgb[-6:] and tax[L.VALUE_INPUT].number_format == "@"


def test_scoring_sheet_formulas_validation_and_machine_points(round_out):
    _, records, book = round_out
    sheet = book[L.SCORES]
    head = titles(sheet)
    data = rows(sheet)
    assert len(data) == sum(len(r.score.criteria) for r in records)
    for record in records:
        mine = [r for r in data if r[L.DOSSIER] == record.dossier_id]
        assert sum(r[L.MACHINE_POINTS] for r in mine) == record.score.total
    row = find(sheet, **{L.DOSSIER: "HN2026-001", L.CRITERION: "A1"})
    n = row[L.POINTS_INPUT].row
    assert row[L.EFFECTIVE_POINTS].value == f"=IF(ISNUMBER(J{n}),MIN(MAX(J{n},0),G{n}),H{n})"
    last = sheet.max_row
    assert row["Tổng điểm hồ sơ"].value == f"=SUMIFS($M$4:$M${last},$A$4:$A${last},A{n})"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "decimal" and validation.formula1 == "0" and validation.formula2 == "G4"
    assert str(validation.sqref) == f"J4:J{last}"
    assert head[L.POINTS_INPUT] == 10


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_computes_the_same_totals_and_proposals(round_out, tmp_path):
    """The formulas, recalculated by a spreadsheet program, give the pipeline's totals. The workbook is
    first saved again by openpyxl, which drops the results spcncl stores beside each formula: LibreOffice
    must compute every total itself, not read ours back."""
    out, records, _ = round_out
    bare = tmp_path / "worksheet.xlsx"
    load_workbook(out / "worksheet.xlsx").save(bare)
    stored = find(load_workbook(bare, data_only=True)[L.OVERVIEW], **{L.DOSSIER: records[0].dossier_id})
    assert stored["Tổng điểm"].value is None  # nothing of ours left to read back
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo-out"), str(bare)],
                   check=True, capture_output=True, timeout=120)
    book = load_workbook(tmp_path / "lo-out" / "worksheet.xlsx", data_only=True)
    for record in records:
        row = find(book[L.OVERVIEW], **{L.DOSSIER: record.dossier_id})
        assert row["Tổng điểm"].value == pytest.approx(record.score.total)
        assert row["Đề xuất"].value == ("Có" if record.proposed else "Không")
        for criterion in record.score.criteria:
            assert row[criterion.id].value == pytest.approx(criterion.points)


def test_every_unusable_file_is_a_line_saying_who_acts(round_out, tmp_path):
    # a reader timeout used to reach only the record's findings: nobody saw it on the worksheet
    _, records, _ = round_out
    rubric, rnd = load_round(None, 2026)
    record = next(r for r in records if r.dossier_id == "HN2026-007").model_copy(deep=True)
    broken, slow = record.documents[0], record.documents[1]
    broken.error, broken.error_code = "Tệp PDF bị hỏng hoặc không đầy đủ", "corrupt_file"
    slow.error, slow.error_code = "Đọc tệp quá thời gian cho phép", "timeout"
    write_worksheet([record], rubric, rnd, tmp_path)
    sheet = load_workbook(tmp_path / "worksheet.xlsx")[ERRORS]
    lines = {row["Tệp"]: row for row in rows(sheet)}
    assert set(lines) == {broken.file, slow.file}
    assert lines[broken.file]["Ai xử lý"].startswith("Doanh nghiệp")
    assert lines[broken.file]["Thư gửi DN"] == "HN2026-007.docx"
    assert lines[slow.file]["Ai xử lý"].startswith("Ban thư ký")
    assert lines[slow.file]["Thư gửi DN"] == "Không đưa vào thư"
    assert lines[slow.file]["Mã lỗi"] == "timeout"
