"""Export evidence read from its own data, in any layout: a table by year, years across the
columns, a list of customs declarations summed per year of their dates, a multi-page TIFF scan.
The years come from the rows, never from the signing date; totals confirm sums or are doubted;
the form's declared export is cross-checked. Documents are built here and read by the readers."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView
from extractors.fields.documents import extract_export
from extractors.registry import read_document
from pipeline.assemble import Pool

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIGNED = "Hà Nội, ngày 12 tháng 8 năm 2026"


def export_facts(path: Path) -> DocumentFacts:
    """The file read as export evidence (whatever its kind would be)."""
    facts = DocumentFacts(file=path.name, kind="export_evidence", kind_confidence=1.0)
    extract_export(DocView.of(read_document(path, path.name)), facts)
    return facts


def by_year(facts: DocumentFacts) -> dict[str, tuple[int, float]]:
    """year -> (USD, confidence)."""
    return {c.year: (c.value, c.confidence) for c in facts.candidates  # type: ignore[misc]
            if c.base_field == "figures.export_usd"}


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A one-sheet workbook."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def pdf(path: Path, rows: list[str | list[tuple[float, str]]]) -> Path:
    """A text PDF: strings are lines, lists are table rows of (x, text) cells."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    page = canvas.Canvas(str(path), pagesize=(595, 842))
    page.setFont("DejaVu", 9)
    for number, row in enumerate(rows):
        for x, text in ([(40.0, row)] if isinstance(row, str) else row):
            page.drawString(x, 810 - 14 * number, text)
    page.save()
    return path


def test_table_by_year_with_a_count_column(tmp_path):
    """"Năm | Kim ngạch (USD) | Số tờ khai": each year's row; the count of declarations is not money."""
    facts = export_facts(xlsx(tmp_path / "xk.xlsx", [
        ["CÔNG TY CỔ PHẦN PHỤ TÙNG ĐÔNG ANH"], ["BẢNG KÊ KIM NGẠCH XUẤT KHẨU SẢN PHẨM"], ["Đơn vị tính: USD"],
        ["Năm", "Kim ngạch xuất khẩu (USD)", "Số tờ khai", "Thị trường chính"],
        [2023, 4100000, 38, "Indonesia"], [2024, 4560000, 41, "Thái Lan"], [2025, 5240000, 44, "Ấn Độ"],
        [SIGNED]]))
    assert {y: v for y, (v, _) in by_year(facts).items()} == {"2023": 4_100_000, "2024": 4_560_000, "2025": 5_240_000}
    assert all(conf >= 0.8 for _, conf in by_year(facts).values())


def test_years_across_columns_totals_confirmed_by_the_markets(tmp_path):
    """Regression (2023 = 723.500, the last column of the total row, for a list "signed in 2026"):
    each year's column is summed and confirmed by the "Tổng cộng" row; 2026 is not a year of data."""
    facts = export_facts(xlsx(tmp_path / "xk.xlsx", [
        ["BẢNG KÊ KIM NGẠCH XUẤT KHẨU SẢN PHẨM MÂY TRE ĐAN - giai đoạn 2023 - 2025"], ["Đơn vị tính: USD"],
        ["Thị trường", "Năm 2023", "Năm 2024", "Năm 2025"],
        ["Pháp", 230786, 274234, 190357], ["Đức", 248380, 143933, 300056], ["Nhật Bản", 130834, 265833, 233087],
        ["Tổng cộng", 610000, 684000, 723500], [SIGNED]]))
    years = by_year(facts)
    assert {y: v for y, (v, _) in years.items()} == {"2023": 610_000, "2024": 684_000, "2025": 723_500}
    assert min(conf for _, conf in years.values()) >= 0.9
    period = next(c for c in facts.candidates if c.field == "document.period_years")
    assert period.value == [2023, 2024, 2025]


def test_years_across_with_a_total_column_after_the_years(tmp_path):
    """A "Tổng 3 năm" column after the years is not the last year; a row with an empty cell is
    aligned by what the header has after its last year."""
    rows: list[str | list[tuple[float, str]]] = [
        "BẢNG KÊ KIM NGẠCH XUẤT KHẨU", "Đơn vị tính: USD",
        [(40, "STT"), (70, "Thị trường"), (170, "Năm 2023"), (260, "Năm 2024"), (350, "Năm 2025"), (440, "Tổng 3 năm")],
        [(40, "1"), (70, "Lào"), (170, "1.199.654"), (260, "1.250.120"), (350, "1.107.168"), (440, "3.556.942")],
        [(40, "2"), (70, "Myanmar"), (260, "113.752"), (350, "683.853"), (440, "797.605")],
        [(40, "Tổng cộng"), (170, "1.199.654"), (260, "1.363.872"), (350, "1.791.021"), (440, "4.354.547")], SIGNED]
    years = by_year(export_facts(pdf(tmp_path / "xk.pdf", rows)))
    assert {y: v for y, (v, _) in years.items()} == {"2023": 1_199_654, "2024": 1_363_872, "2025": 1_791_021}
    assert min(conf for _, conf in years.values()) >= 0.9


DECLARATIONS = [
    ("307035287860", "23/02/2023", "1.421.022"), ("307232657628", "14/11/2023", "878.978"),
    ("307405346866", "11/01/2024", "1.341.891"), ("305382683808", "06/03/2024", "1.725.064"),
    ("307955477596", "24/01/2025", "2.038.179"), ("307223869788", "24/04/2025", "2.108.946"),
]


def declarations_pdf(path: Path, subtotals: dict[str, str]) -> Path:
    """A list of customs declarations over three years, each year closed by "Cộng năm …"."""
    rows: list[str | list[tuple[float, str]]] = [
        "CÔNG TY CỔ PHẦN THỰC PHẨM THĂNG LONG", SIGNED, "BẢNG KÊ KIM NGẠCH XUẤT KHẨU",
        "Sản phẩm: Phở khô - giai đoạn 2023 - 2025", "Đơn vị tính: USD",
        [(40, "STT"), (80, "Số tờ khai"), (200, "Ngày đăng ký"), (300, "Thị trường"), (420, "Trị giá (USD)")]]
    for number, (declaration, day, value) in enumerate(DECLARATIONS, 1):
        rows.append([(40, str(number)), (80, declaration), (200, day), (300, "Ba Lan"), (420, value)])
        year = day[-4:]
        if number == len(DECLARATIONS) or DECLARATIONS[number][1][-4:] != year:
            rows.append([(40, f"Cộng năm {year}"), (420, subtotals[year])])
    rows.append("Công ty cam kết số liệu kê khai trên là đúng với tờ khai hải quan.")
    return pdf(path, rows)


def test_declarations_summed_per_year_of_their_dates(tmp_path):
    """Regression ("export_evidence:2025 absent" asked of a firm that sent it: the year was taken
    from the signing date): rows are summed per year of their dates, "Cộng năm" confirms each."""
    facts = export_facts(declarations_pdf(tmp_path / "xk.pdf", {"2023": "2.300.000", "2024": "3.066.955",
                                                                 "2025": "4.147.125"}))
    years = by_year(facts)
    assert {y: v for y, (v, _) in years.items()} == {"2023": 2_300_000, "2024": 3_066_955, "2025": 4_147_125}
    assert min(conf for _, conf in years.values()) >= 0.9
    assert "2026" not in years


def test_a_subtotal_that_disagrees_with_its_rows_is_doubted(tmp_path):
    """A row is never a year total; a subtotal its rows do not add up to is kept but doubted."""
    facts = export_facts(declarations_pdf(tmp_path / "xk.pdf", {"2023": "2.300.000", "2024": "3.500.000",
                                                                 "2025": "4.147.125"}))
    candidate = next(c for c in facts.candidates if c.field == "figures.export_usd.2024")
    assert candidate.value == 3_500_000 and candidate.confidence < 0.8
    assert "3.066.955" in str(candidate.note)


def test_a_list_without_subtotals_is_summed_per_year_and_checked_by_its_grand_total(tmp_path):
    """Declarations of two years and one "Tổng cộng": each year is the sum of its dated rows."""
    document = docx.Document()
    document.add_paragraph("BẢNG KÊ TỜ KHAI HẢI QUAN HÀNG HÓA XUẤT KHẨU NĂM 2024 - 2025")
    rows = [["STT", "Số tờ khai", "Ngày đăng ký", "Nước nhập khẩu", "Trị giá hóa đơn (USD)"],
            ["1", "305413731017", "05/02/2024", "Nhật Bản", "124.909,00"],
            ["2", "306927915888", "28/04/2024", "Hoa Kỳ", "120.409,00"],
            ["3", "306045034445", "13/06/2025", "Nhật Bản", "60.541,50"],
            ["Tổng cộng", "", "", "", "305.859,50"]]
    table = document.add_table(rows=len(rows), cols=5)
    for cells, row in zip(rows, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    document.add_paragraph(SIGNED)
    document.save(tmp_path / "xk.docx")
    years = by_year(export_facts(tmp_path / "xk.docx"))
    assert {y: v for y, (v, _) in years.items()} == {"2024": 245_318, "2025": 60_542}
    assert min(conf for _, conf in years.values()) >= 0.8


def test_an_import_list_gives_no_export_figures(tmp_path):
    """A list of import declarations is not export evidence, whatever kind it was given."""
    facts = export_facts(xlsx(tmp_path / "nk.xlsx", [
        ["BẢNG KÊ TỜ KHAI HÀNG HÓA NHẬP KHẨU NĂM 2025"],
        ["STT", "Số tờ khai", "Ngày đăng ký", "Trị giá (USD)"], [1, "107762119250", "02/12/2025", 13747]]))
    assert by_year(facts) == {}
    assert any(f.code == "import_not_export" for f in facts.findings)


def test_export_in_dong_is_not_recorded_as_usd(tmp_path):
    """"Đơn vị tính: VNĐ" over a list: not USD, so no export figure, and a finding says why."""
    facts = export_facts(xlsx(tmp_path / "xk.xlsx", [
        ["BẢNG KÊ KIM NGẠCH XUẤT KHẨU"], ["Đơn vị tính: VNĐ"], ["Năm", "Kim ngạch xuất khẩu"],
        [2025, 13_000_000_000]]))
    assert by_year(facts) == {}
    assert any(f.code == "export_not_in_usd" for f in facts.findings)


def test_a_customs_confirmation_letter_states_the_export_in_sentences(tmp_path):
    """Regression (nothing read): a customs office's letter has no table, only sentences, wrapped
    over the page's lines; each year's total is the USD amount tied to it. The firm's tax code and
    the number of declarations in the same sentences are no figures."""
    facts = export_facts(pdf(tmp_path / "xn.pdf", [
        "CỤC HẢI QUAN THÀNH PHỐ HÀ NỘI", "Số: 2210/HQHN-GSQL", "XÁC NHẬN KIM NGẠCH XUẤT KHẨU",
        "Cục Hải quan thành phố Hà Nội xác nhận: Công ty Cổ phần Thiết Bị Điện Đông Anh, mã số thuế",
        "0100109106, kim ngạch xuất khẩu năm 2025 đạt 5.240.000 USD (12 tờ khai); năm 2024 đạt",
        "4.870.500 USD.", SIGNED, "KT. CỤC TRƯỞNG"]))
    assert by_year(facts) == {"2025": (5_240_000, 0.9), "2024": (4_870_500, 0.9)}
    assert [c.value for c in facts.candidates if c.field == "document.period_years"] == [[2024, 2025]]


def test_a_letter_figure_without_its_currency_is_doubted(tmp_path):
    facts = export_facts(pdf(tmp_path / "xn.pdf", [
        "XÁC NHẬN KIM NGẠCH XUẤT KHẨU", "Kim ngạch xuất khẩu của doanh nghiệp năm 2025 đạt 5.240.000.", SIGNED]))
    assert by_year(facts) == {"2025": (5_240_000, 0.6)}


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_multi_page_tiff_scan_by_year(tmp_path):
    """A two-page TIFF scan: the title and two years on page 1, the last year on page 2."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 34)

    def page(lines: list[list[tuple[int, str]]]) -> Image.Image:
        image = Image.new("L", (1700, 900), 255)
        draw = ImageDraw.Draw(image)
        for number, cells in enumerate(lines):
            for x, text in cells:
                draw.text((x, 80 + 70 * number), text, font=font, fill=0)
        return image

    first = page([[(80, "BẢNG KÊ KIM NGẠCH XUẤT KHẨU")], [(80, "Đơn vị tính: USD")],
                  [(80, "Năm"), (380, "Kim ngạch xuất khẩu"), (1000, "Thị trường chính")],
                  [(80, "2023"), (380, "410.000"), (1000, "Nhật Bản")],
                  [(80, "2024"), (380, "465.000"), (1000, "Nhật Bản")]])
    second = page([[(80, "2025"), (380, "520.000"), (1000, "Nhật Bản")], [(80, SIGNED)]])
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], dpi=(200, 200))
    years = by_year(export_facts(path))
    assert {y: v for y, (v, _) in years.items()} == {"2023": 410_000, "2024": 465_000, "2025": 520_000}


def form_docx(path: Path, export_2025: str) -> Path:
    """A registration form declaring exports per year."""
    document = docx.Document()
    for line in ["PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026",
                 "1. Tên doanh nghiệp: Công ty Cổ phần Phụ Tùng Đông Anh", "2. Mã số thuế: 0100109106",
                 "5. Doanh thu sản phẩm và kim ngạch xuất khẩu 03 năm gần nhất:"]:
        document.add_paragraph(line)
    rows = [["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025"],
            ["Doanh thu sản phẩm đăng ký (triệu đồng)", "412.307", "455.806", "486.209"],
            ["Kim ngạch xuất khẩu (USD)", "4.100.000", "4.560.000", export_2025]]
    table = document.add_table(rows=3, cols=4)
    for cells, row in zip(rows, table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    document.save(path)
    return path


@pytest.mark.parametrize("declared", ["5.240.000", "5.420.000"])
def test_form_and_evidence_cross_checked(tmp_path, declared):
    """Agreement between the form's export and the evidence raises confidence and gives the year
    its evidence; disagreement is a finding and the value drops below review."""
    evidence = xlsx(tmp_path / "xk.xlsx", [
        ["BẢNG KÊ KIM NGẠCH XUẤT KHẨU SẢN PHẨM"], ["Đơn vị tính: USD"], ["Năm", "Kim ngạch xuất khẩu (USD)"],
        [2023, 4100000], [2024, 4560000], [2025, 5240000]])
    facts = [f for path in (form_docx(tmp_path / "phieu.docx", declared), evidence)
             for f in extract_facts(read_document(path, path.name))]
    assert {f.kind for f in facts} == {"registration_form", "export_evidence"}
    field, findings = Pool(facts).choose("figures.export_usd.2025", "figures.export_usd")
    files = {e.file for e in field.evidence}
    if declared == "5.240.000":
        assert field.value == 5_240_000 and field.confidence >= 0.95 and files == {"phieu.docx", "xk.xlsx"}
        assert not findings
    else:
        assert field.value == 5_420_000 and field.confidence < 0.8
        assert [f.code for f in findings] == ["disagreement:figures.export_usd.2025"]
