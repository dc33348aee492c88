"""Registration-form figures read by meaning, in any layout: years across columns or down rows,
units from the nearest scope, figures in running text, English-style numbers, legacy files.

Every document is built here (python-docx, openpyxl, reportlab) and read by the real readers.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import docx
import openpyxl
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView
from extractors.fields.yearly import extract_yearly
from extractors.registry import read_document
from extractors.textnorm import TCVN3_TABLE

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEAD = [
    "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026",
    "Kính gửi: Sở Công Thương thành phố Hà Nội",
    "1. Tên doanh nghiệp: Công ty Cổ phần Thử Nghiệm Hà Tây",
    "2. Mã số thuế: 0100109106",
    "3. Địa chỉ trụ sở chính: Số 5 phố Huế, phường Hai Bà Trưng, thành phố Hà Nội",
    "7. Tổng số lao động: 250 người",
    "1. Tên sản phẩm: Tủ điện hạ thế",
    "5. Doanh thu sản phẩm và kim ngạch xuất khẩu 03 năm gần nhất:",
]
PRODUCT = "figures.product_revenue_vnd"
EXPORT = "figures.export_usd"

Row = str | list[tuple[float, str]]


def pdf_form(path: Path, rows: list[Row]) -> Path:
    """A one-page text PDF: strings are lines, lists are table rows of (x, text) cells."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    page = canvas.Canvas(str(path), pagesize=(595, 842))
    page.setFont("DejaVu", 9.5)
    y = 810.0
    for row in rows:
        for x, text in ([(40.0, row)] if isinstance(row, str) else row):
            page.drawString(x, y, text)
        y -= 15
    page.save()
    return path


def docx_form(path: Path, before: list[str], table: list[list[str]] | None = None, after: list[str] = (),
              font: str | None = None, encode=lambda text: text) -> Path:
    """A Word form: paragraphs, one table, paragraphs; optionally in a legacy font and encoding."""
    document = docx.Document()
    for text in before:
        run = document.add_paragraph().add_run(encode(text))
        if font:
            run.font.name = font
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for cells, row in zip(table, grid.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=True):
                run = cell.paragraphs[0].add_run(encode(text))
                if font:
                    run.font.name = font
    for text in after:
        run = document.add_paragraph().add_run(encode(text))
        if font:
            run.font.name = font
    document.save(path)
    return path


def figures(path: Path) -> dict[str, dict[str, tuple[int, float]]]:
    """metric -> year -> (value, confidence) as the form extractor reads the file."""
    document = read_document(path, path.name)
    found = extract_yearly(DocView.of(document))
    return {metric: {year: (item.value, item.confidence) for year, item in years.items()}
            for metric, years in found.items()}


def form_facts(path: Path) -> DocumentFacts:
    """The registration form's facts through the whole extraction (kinds, splitting, fields)."""
    facts = [f for f in extract_facts(read_document(path, path.name)) if f.kind == "registration_form"]
    assert facts, "the file was not recognised as a registration form"
    return facts[0]


def values(found: dict[str, dict[str, tuple[int, float]]], metric: str) -> dict[str, int]:
    """A metric's values per year."""
    return {year: value for year, (value, _) in found.get(metric, {}).items()}


YEARS_AS_ROWS = [
    ["TT", "Năm", "Doanh thu sản phẩm", "Kim ngạch xuất khẩu", "Tỷ trọng xuất khẩu (%)"],
    ["1", "2023", "24.506", "610.000", "59,2"],
    ["2", "2024", "26.809", "684.000", "63,8"],
    ["3", "2025", "27.908,5", "723.500", "67,4"],
]


def test_years_as_rows_behind_a_tt_column_with_per_metric_units(tmp_path):
    """Regression (forms read nothing): "TT | Năm | …" header, units per metric in the caption."""
    path = docx_form(tmp_path / "form.docx", [*HEAD, "Đơn vị tính: doanh thu - triệu đồng; xuất khẩu - USD"],
                     YEARS_AS_ROWS, ["6. Chứng nhận hệ thống quản lý: Chưa có"])
    found = figures(path)
    assert values(found, PRODUCT) == {"2023": 24_506_000_000, "2024": 26_809_000_000, "2025": 27_908_500_000}
    # the export column is the export, not the share column next to it
    assert values(found, EXPORT) == {"2023": 610_000, "2024": 684_000, "2025": 723_500}
    assert all(conf >= 0.9 for _, conf in found[PRODUCT].values())


def test_years_as_rows_in_a_pdf_whose_header_cell_wraps(tmp_path):
    """A PDF header cell over two lines ("Tỷ trọng xuất" / "khẩu (%)") and "Doanh thu" with the
    unit in the header ("Doanh thu sản phẩm (triệu đồng)")."""
    rows: list[Row] = [*HEAD,
                       [(40, "TT"), (70, "Năm"), (120, "Doanh thu sản phẩm"), (280, "Kim ngạch xuất"),
                        (420, "Tỷ trọng xuất")],
                       [(120, "(triệu đồng)"), (280, "khẩu (USD)"), (420, "khẩu (%)")],
                       [(40, "1"), (70, "2023"), (120, "310.257"), (280, "3.850.000"), (420, "29,5")],
                       [(40, "2"), (70, "2024"), (120, "402.605"), (280, "4.920.000"), (420, "30,6")],
                       [(40, "3"), (70, "2025"), (120, "486.150"), (280, "6.215.400"), (420, "33,2")],
                       "6. Chứng nhận hệ thống quản lý, chứng nhận sản phẩm:"]
    found = figures(pdf_form(tmp_path / "form.pdf", rows))
    assert values(found, PRODUCT) == {"2023": 310_257_000_000, "2024": 402_605_000_000, "2025": 486_150_000_000}
    assert values(found, EXPORT) == {"2023": 3_850_000, "2024": 4_920_000, "2025": 6_215_400}


def test_figures_in_running_text_wrapped_over_lines(tmp_path):
    """Regression (only 2023 found): several years in one sentence, the last one wrapped."""
    rows: list[Row] = [*HEAD,
                       "- Doanh thu sản phẩm: năm 2023 đạt 142,30 tỷ đồng; năm 2024 đạt 156,80 tỷ đồng; năm",
                       "2025 đạt 168,40 tỷ đồng.",
                       "- Kim ngạch xuất khẩu sản phẩm: năm 2023: 0 USD; năm 2024: 0 USD; năm 2025: 0",
                       "USD (sản phẩm chưa xuất khẩu).",
                       "6. Chứng nhận hệ thống quản lý, chứng nhận sản phẩm:"]
    facts = form_facts(pdf_form(tmp_path / "form.pdf", rows))
    got = {c.field: c.value for c in facts.candidates if c.field.startswith("figures.")}
    assert got[f"{PRODUCT}.2023"] == 142_300_000_000
    assert got[f"{PRODUCT}.2024"] == 156_800_000_000
    assert got[f"{PRODUCT}.2025"] == 168_400_000_000
    # a firm that does not export declares 0, and 0 is a value, not a gap
    assert [got[f"{EXPORT}.{y}"] for y in (2023, 2024, 2025)] == [0, 0, 0]
    assert got["figures.employees"] == 250


def test_a_line_break_inside_a_word_paragraph(tmp_path):
    """A manual line break in a Word paragraph splits a sentence like a page margin does."""
    document = docx.Document()
    for line in HEAD:
        document.add_paragraph(line)
    run = document.add_paragraph().add_run("- Doanh thu sản phẩm: năm 2024 đạt 156,80 tỷ đồng; năm")
    run.add_break()
    run.add_text("2025 đạt 168,40 tỷ đồng.")
    document.save(tmp_path / "form.docx")
    assert values(figures(tmp_path / "form.docx"), PRODUCT) == {"2024": 156_800_000_000, "2025": 168_400_000_000}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Doanh thu sản phẩm các năm 2023, 2024 và 2025 lần lượt đạt 1.352,85; 1.410,2 và 1.500 tỷ đồng.",
         {PRODUCT: {"2023": 1_352_850_000_000, "2024": 1_410_200_000_000, "2025": 1_500_000_000_000}}),
        ("Doanh thu của sản phẩm đạt 156,8 tỷ đồng năm 2024 và 168,4 tỷ đồng năm 2025.",
         {PRODUCT: {"2024": 156_800_000_000, "2025": 168_400_000_000}}),
        ("Kim ngạch xuất khẩu năm 2024 đạt 4,92 triệu USD; năm 2025 đạt 6.215,4 nghìn USD "
         "(tương đương khoảng 161,6 tỷ đồng).",
         {EXPORT: {"2024": 4_920_000, "2025": 6_215_400}}),
        ("Kim ngạch xuất khẩu năm 2025: US$ 1.250.000, tăng 25% so với năm 2024.", {EXPORT: {"2025": 1_250_000}}),
        ("Doanh thu sản phẩm năm 2025 đạt 168,4 tỷ đồng, tăng 12,5 tỷ đồng so với năm 2024.",
         {PRODUCT: {"2025": 168_400_000_000}}),
    ],
)
def test_sentences_name_each_year_once(tmp_path, sentence, expected):
    """Years listed then amounts "lần lượt", the year after its amount, units in words, USD before
    the number; a change ("tăng 12,5 tỷ") or a conversion ("tương đương") is never a year's figure."""
    found = figures(docx_form(tmp_path / "form.docx", [*HEAD, sentence]))
    for metric, years in expected.items():
        assert values(found, metric) == years
    assert set(found) <= set(expected) | {"figures.employees"}


def test_vietnamese_thousands_are_not_read_as_decimals_because_of_an_hs_code(tmp_path):
    """Regression (product revenue 1 000× too small at 0.95): "210.502" in triệu đồng is 210 502
    triệu; the only English-looking number in the form was its HS code "0403.20"."""
    table = [["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025"],
             ["Doanh thu sản phẩm đăng ký (triệu đồng)", "210.502", "236.804", "262.404"],
             ["Kim ngạch xuất khẩu (USD)", "0", "0", "0"]]
    head = [*HEAD[:-1], "4. Mã HS (nếu xuất khẩu): 0403.20", HEAD[-1]]
    found = figures(docx_form(tmp_path / "form.docx", head, table))
    assert values(found, PRODUCT) == {"2023": 210_502_000_000, "2024": 236_804_000_000, "2025": 262_404_000_000}
    assert values(found, EXPORT) == {"2023": 0, "2024": 0, "2025": 0}


def test_the_nearest_unit_covers_a_cell_and_a_stated_unit_is_never_overridden(tmp_path):
    """Caption says tỷ đồng; the export row says USD in its unit column; one cell states its own
    scale ("156.800 triệu"); growth rows are not figures; a bare "Doanh thu" under a heading that
    names the product's revenue is the product's."""
    table = [["TT", "Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024", "Năm 2025"],
             ["1", "Doanh thu", "tỷ đồng", "142,3", "156.800 triệu", "168,4"],
             ["2", "Kim ngạch xuất khẩu", "USD", "1.200.000", "1.350.000", "1.500.000"],
             ["3", "Tăng trưởng doanh thu sản phẩm", "%", "", "10,2", "7,4"]]
    found = figures(docx_form(tmp_path / "form.docx", [*HEAD, "Đơn vị tính: tỷ đồng"], table))
    assert values(found, PRODUCT) == {"2023": 142_300_000_000, "2024": 156_800_000_000, "2025": 168_400_000_000}
    assert values(found, EXPORT) == {"2023": 1_200_000, "2024": 1_350_000, "2025": 1_500_000}


def test_a_total_column_after_the_years_is_not_a_year(tmp_path):
    """"Chỉ tiêu | Năm 2023 | Năm 2024 | Năm 2025 | Tổng 3 năm": the last number is the total."""
    table = [["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025", "Tổng 3 năm"],
             ["Doanh thu sản phẩm (tỷ đồng)", "142,3", "156,8", "168,4", "467,5"],
             ["Kim ngạch xuất khẩu (USD)", "0", "0", "0", "0"]]
    found = figures(docx_form(tmp_path / "form.docx", HEAD, table))
    assert values(found, PRODUCT) == {"2023": 142_300_000_000, "2024": 156_800_000_000, "2025": 168_400_000_000}


def test_a_guessed_unit_is_doubtful(tmp_path):
    """No unit anywhere: the figures are read as written but stay below the review threshold."""
    table = [["Chỉ tiêu", "Năm 2024", "Năm 2025"], ["Doanh thu sản phẩm", "156.800", "168.400"]]
    found = figures(docx_form(tmp_path / "form.docx", HEAD[:-1], table))
    assert values(found, PRODUCT) == {"2024": 156_800, "2025": 168_400}
    assert all(conf < 0.8 for _, conf in found[PRODUCT].values())


def test_english_style_numbers_in_an_excel_form(tmp_path):
    """A form kept in Excel with "1,234,567,890" text numbers: the document's convention decides."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[line] for line in HEAD] + [
        ["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025"],
        ["Doanh thu sản phẩm (VND)", "1,234,567,890", "2,345,678,901", "3,456,789,012"],
        ["Kim ngạch xuất khẩu (USD)", "1,250,000.50", "1,300,000", "1,400,000"],
    ]:
        sheet.append(row)
    book.save(tmp_path / "form.xlsx")
    found = figures(tmp_path / "form.xlsx")
    assert values(found, PRODUCT) == {"2023": 1_234_567_890, "2024": 2_345_678_901, "2025": 3_456_789_012}
    assert values(found, EXPORT)["2024"] == 1_300_000


def test_a_number_readable_both_ways_is_doubted(tmp_path):
    """"412,307" in a Vietnamese form under "triệu đồng": 412,307 triệu or 412 307 triệu? Doubt it."""
    table = [["Chỉ tiêu", "Năm 2024", "Năm 2025"], ["Doanh thu sản phẩm (triệu đồng)", "412,307", "455,806"]]
    found = figures(docx_form(tmp_path / "form.docx", [*HEAD, "Vốn điều lệ: 12.000.000.000 đồng"], table))
    assert found[PRODUCT]["2025"][1] < 0.8


def test_legacy_doc_form_figures_survive_libreoffice(tmp_path):
    """Regression (a .doc form gave nothing): the figures table of a Word 97 form is read.

    The .doc is written by LibreOffice's Word 97 filter from an HTML table (its import of
    python-docx tables flattens them, which a real .doc never is).
    """
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in YEARS_AS_ROWS)
    paragraphs = "".join(f"<p>{line}</p>" for line in [*HEAD, "Đơn vị tính: doanh thu - triệu đồng; xuất khẩu - USD"])
    source = tmp_path / "form.html"
    source.write_text(f'<html><head><meta charset="utf-8"></head><body>{paragraphs}<table border="1">{cells}'
                      "</table><p>6. Chứng nhận hệ thống quản lý: Chưa có</p></body></html>", encoding="utf-8")
    profile = Path("/tmp") / f"spcncl-test-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                        "--infilter=HTML (StarWriter)", "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    found = figures(tmp_path / "form.doc")
    assert values(found, PRODUCT) == {"2023": 24_506_000_000, "2024": 26_809_000_000, "2025": 27_908_500_000}
    assert values(found, EXPORT) == {"2023": 610_000, "2024": 684_000, "2025": 723_500}


def test_tcvn3_form_figures(tmp_path):
    """A form typed in TCVN3 (.VnTime): text and table come out as Unicode and the figures are read."""
    inverse = {v: k for k, v in TCVN3_TABLE.items() if k not in "\u03bc\u2212"}
    table = [["Chỉ tiêu", "Năm 2023", "Năm 2024", "Năm 2025"],
             ["Doanh thu sản phẩm đăng ký (triệu đồng)", "560.408", "640.251", "735.809"],
             ["Kim ngạch xuất khẩu (USD)", "5.820.000", "7.460.500", "9.812.300"]]
    path = docx_form(tmp_path / "form.docx", HEAD, table, font=".VnTime",
                     encode=lambda text: "".join(inverse.get(c, c) for c in text))
    found = figures(path)
    assert values(found, PRODUCT) == {"2023": 560_408_000_000, "2024": 640_251_000_000, "2025": 735_809_000_000}
    assert values(found, EXPORT)["2025"] == 9_812_300


def test_figures_that_contradict_each_other_are_doubted(tmp_path):
    """A unit slip shows between the form's own figures: export of 3,85 million USD cannot come
    from a product that sold 310 million đồng (the "triệu đồng" of the caption was lost)."""
    table = [["Chỉ tiêu", "Năm 2024", "Năm 2025"],
             ["Doanh thu sản phẩm (đồng)", "310.257.000", "402.605.000"],
             ["Kim ngạch xuất khẩu (USD)", "3.850.000", "4.920.000"],
             ["Tổng doanh thu của doanh nghiệp (đồng)", "500.000.000.000", "300.000.000"]]
    facts = form_facts(docx_form(tmp_path / "form.docx", HEAD, table))
    doubted = {c.field: c for c in facts.candidates if c.field.startswith(("figures.product", "figures.export"))}
    assert all(c.confidence <= 0.6 and c.note for c in doubted.values())
    assert "lớn hơn doanh thu sản phẩm" in str(doubted[f"{EXPORT}.2025"].note)


def test_an_earlier_year_named_in_passing_claims_no_figure(tmp_path):
    """"Sản xuất từ năm 2015; doanh thu năm 2025 đạt …": the figure is 2025's, not 2015's; a period
    "giai đoạn 2023 - 2025" lists its years for amounts given "lần lượt"."""
    found = figures(docx_form(tmp_path / "form.docx", [
        *HEAD, "Sản phẩm được sản xuất từ năm 2015; doanh thu sản phẩm năm 2025 đạt 168,4 tỷ đồng.",
        "Kim ngạch xuất khẩu giai đoạn 2023 - 2025 lần lượt là 1,1; 1,25 và 1,4 triệu USD."]))
    assert values(found, PRODUCT) == {"2025": 168_400_000_000}
    assert values(found, EXPORT) == {"2023": 1_100_000, "2024": 1_250_000, "2025": 1_400_000}


def test_a_product_not_exported_declares_zero(tmp_path):
    """"Sản phẩm chưa xuất khẩu" with no export figures: 0 for each year the form gives figures
    for, as a firm that does not export declares; inferred, so reviewed."""
    facts = form_facts(docx_form(tmp_path / "form.docx", [
        *HEAD, "- Doanh thu sản phẩm năm 2024: 156,8 tỷ đồng", "- Doanh thu sản phẩm năm 2025: 168,4 tỷ đồng",
        "- Kim ngạch xuất khẩu: sản phẩm chưa xuất khẩu."]))
    export = {c.field: c for c in facts.candidates if c.field.startswith(EXPORT)}
    assert {f: c.value for f, c in export.items()} == {f"{EXPORT}.2024": 0, f"{EXPORT}.2025": 0}
    assert all(c.confidence < 0.8 and c.note for c in export.values())
