"""Income statements as firms send them: Excel (numeric cells or "1,234,567" text), Word tables,
English audited statements, and a scan OCR'd through the real reader; and who the report is for.
"""

from __future__ import annotations

import io

import pytest
from stdnum.vn import mst

from extractors.extract import extract_facts
from extractors.registry import read_document
from tests.statement_docs import B02, B02_EN, LAST_YEAR, THIS_YEAR, Layout, statement_pdf, text_document
from tests.test_statement_layouts import REVENUE, values

TAX_CODE = "010123456" + mst.calc_check_digit("010123456")


def workbook(as_text: bool) -> bytes:
    """An income statement sheet: amounts as numbers, or as English-style text ("1,234,567,890")."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["CÔNG TY CỔ PHẦN CƠ KHÍ MINH HÒA", None, None, "Mẫu số B 02 - DN"])
    sheet.append(["BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH"])
    sheet.append(["Năm 2025"])
    sheet.append([None, None, None, "Đơn vị tính: VND"])
    sheet.append(["CHỈ TIÊU", "Mã số", "Thuyết minh", "Năm nay", "Năm trước"])
    for code, label, note in B02:
        this, last = THIS_YEAR.get(code, 0), LAST_YEAR.get(code, 0)
        cells = (f"{this:,}", f"{last:,}") if as_text else (this, last)
        sheet.append([label, code, note or None, *cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def both_years(got: dict) -> bool:
    """Line 10 of both columns read exactly and with confidence, each for its own year."""
    return (got[f"{REVENUE}.2025"], got[f"{REVENUE}.2024"]) == ((THIS_YEAR["10"], 0.95), (LAST_YEAR["10"], 0.95))


@pytest.mark.parametrize("as_text", [False, True])
def test_excel_statement(tmp_path, as_text):
    path = tmp_path / "bctc_2025.xlsx"
    path.write_bytes(workbook(as_text))
    assert both_years(values(extract_facts(read_document(path, path.name))))


def test_word_table_statement(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("CÔNG TY CỔ PHẦN CƠ KHÍ MINH HÒA")
    document.add_paragraph("BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH")
    document.add_paragraph("Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025")
    document.add_paragraph("Đơn vị tính: đồng")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Chỉ tiêu", "Mã số", "Thuyết minh", "Năm trước", "Năm nay"],
                          strict=True):
        cell.text = text
    for code, label, note in B02:
        row = table.add_row().cells
        for cell, text in zip(row, [label, code, note, f"{LAST_YEAR.get(code, 0):,}".replace(",", "."),
                                    f"{THIS_YEAR.get(code, 0):,}".replace(",", ".")], strict=True):
            cell.text = text
    path = tmp_path / "bctc_2025.docx"
    document.save(str(path))
    assert both_years(values(extract_facts(read_document(path, path.name))))


def test_english_audited_statement(tmp_path):
    layout = Layout(title="INCOME STATEMENT", period="for the year ended 31 December 2025", unit="Unit: VND",
                    headings=("Current year", "Previous year"), header_cells=("ITEMS", "Code", "Note"),
                    rows=list(B02_EN), english=True, company="MINH HOA MECHANICAL JOINT STOCK COMPANY")
    path = tmp_path / "fs_2025_en.pdf"
    path.write_bytes(statement_pdf(layout, pages_before=[[
        "MINH HOA MECHANICAL JOINT STOCK COMPANY", "CORPORATE INFORMATION",
        "The Company was established under Enterprise Registration Certificate No.",
        f"{TAX_CODE}, issued by the Hanoi Department of Planning and Investment on 5 March 2010."]]))
    facts = extract_facts(read_document(path, path.name))
    got = values(facts)
    assert both_years(got)
    assert got["statement.line_01.current"][0] == THIS_YEAR["01"]
    assert got["enterprise.tax_code"][0] == TAX_CODE


def test_registration_number_before_the_enterprise_code_is_skipped():
    # an old business-registration number (not a valid tax code) stands before the code
    page = "\n".join(["Thông tin về Công ty", "Giấy Chứng nhận",
                      "Đăng ký Doanh nghiệp số 4103001932\tngày 20 tháng 11 năm 2003",
                      f"{TAX_CODE}\tngày 13 tháng 8 năm 2025", "Điện thoại: 0243 826 4455"])
    got = values(extract_facts(text_document(page, "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH")))
    assert got["enterprise.tax_code"][0] == TAX_CODE


def test_codes_named_in_the_notes_are_not_the_firms():
    notes = "\n".join(["THUYẾT MINH BÁO CÁO TÀI CHÍNH", "Công ty con", "Công ty TNHH Minh Hòa Phụ Tùng",
                       "Giấy chứng nhận đăng ký doanh nghiệp số 0101234560 ngày 2/3/2015"])
    facts = extract_facts(text_document("BÁO CÁO TÀI CHÍNH\nCông ty Cổ phần Cơ khí Minh Hòa",
                                        "xx\n" * 14 + notes))
    assert "enterprise.tax_code" not in values(facts)


def test_scanned_statement_read_through_ocr(tmp_path):
    # a PDF of our own rasterised at 200 dpi and read back by OCR: wrapped labels, formulas
    # whose "=" OCR may drop, codes misread — line 10 of both years must still come out
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(statement_pdf(Layout(label_width=170)))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    path = tmp_path / "scan_bctc.png"
    image.save(path)
    document = read_document(path, path.name)
    assert document.pages[0].source == "ocr"
    got = values(extract_facts(document))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2024"][0] == LAST_YEAR["10"]
    assert got[f"{REVENUE}.2025"][1] >= 0.8  # confirmed by the statement's own arithmetic


def test_consolidated_report_names_the_parent_firm():
    page = "Công ty Cổ phần Cơ khí Minh Hòa và các công ty con\nBÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH HỢP NHẤT"
    got = values(extract_facts(text_document(page)))
    assert got["enterprise.name"][0] == "Công ty Cổ phần Cơ khí Minh Hòa"
