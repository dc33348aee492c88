"""station.pages: page images in the evidence frame, sheets and Word files as escaped HTML."""

from __future__ import annotations

import re
import shutil

import docx
import openpyxl
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors.base import Word
from extractors.pdf import page_words
from station.pages import PageRenderError, RenderedPage, docx_html, page_image, preview_kind, sheet_html
from tests.conftest import REALDOCS, SAMPLES

INBOX = SAMPLES / "inbox"
GCN = INBOX / "HN2026-001" / "01_Phap ly" / "GCN DKDN 2024.pdf"  # born-digital, one page
SCAN_PDF = INBOX / "HN2026-001" / "03_Chung chi" / "scan0003.pdf"  # a scan with an OCR text layer
PHOTO = INBOX / "HN2026-004" / "IMG_20260812_093155.jpg"  # landscape pixels, EXIF orientation 6
XK = INBOX / "HN2026-001" / "Bang ke XK 2025.xlsx"
FORM = INBOX / "HN2026-001" / "Phieu dang ky SPCNCL 2026 - DAIE.docx"
SHA = "0123456789abcdef" * 4
DARK = 128
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def grey(rendered: RenderedPage) -> Image.Image:
    with Image.open(rendered.path) as image:
        return image.convert("L")


def pixel_box(image: Image.Image, bbox: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = bbox
    return (int(x0 * image.width), int(y0 * image.height),
            max(int(x0 * image.width) + 1, round(x1 * image.width)),
            max(int(y0 * image.height) + 1, round(y1 * image.height)))


def dark_share(image: Image.Image, bbox: tuple[float, float, float, float]) -> float:
    region = image.crop(pixel_box(image, bbox))
    values = list(region.getdata())
    return sum(v < DARK for v in values) / max(1, len(values))


def inked(image: Image.Image, words: list[Word]) -> float:
    """Share of the words whose box holds dark ink in the image."""
    return sum(dark_share(image, w.bbox) > 0.02 for w in words) / len(words)


def blank_margin(words: list[Word]) -> tuple[float, float, float, float]:
    """The widest strip between the page edge and the text, kept 1 % clear of both."""
    left = min(w.bbox[0] for w in words)
    top = min(w.bbox[1] for w in words)
    right = max(w.bbox[2] for w in words)
    bottom = max(w.bbox[3] for w in words)
    strips = {left: (0.01, 0.05, left - 0.01, 0.95), top: (0.05, 0.01, 0.95, top - 0.01),
              1 - right: (right + 0.01, 0.05, 0.99, 0.95), 1 - bottom: (0.05, bottom + 0.01, 0.95, 0.99)}
    room = max(strips)
    assert room > 0.05, "the page has no margin to check"
    return strips[room]


def evidence_boxes(value: object) -> list[dict]:
    """Every evidence record with a box, anywhere in a dumped read result."""
    found: list[dict] = []
    if isinstance(value, dict):
        if value.get("bbox") and "file" in value and "text" in value:
            found.append(value)
        for item in value.values():
            found.extend(evidence_boxes(item))
    elif isinstance(value, list | tuple):
        for item in value:
            found.extend(evidence_boxes(item))
    return found


# --- page images -----------------------------------------------------------------------------

def test_pdf_page_renders_at_width_and_page_aspect(tmp_path):
    rendered = page_image(GCN, SHA, 1, tmp_path / "cache")
    assert rendered.path == tmp_path / "cache" / f"{SHA}-1-1100.png"
    assert (rendered.width, rendered.pages) == (1100, 1)
    with pdfium.PdfDocument(str(GCN)) as pdf:
        width, height = pdf[0].get_size()
    assert abs(rendered.height - 1100 * height / width) <= 1
    with Image.open(rendered.path) as png:
        assert png.format == "PNG" and png.size == (rendered.width, rendered.height)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [rendered.path.name]  # no temp file left


def test_cached_page_is_served_without_opening_the_source(tmp_path, monkeypatch):
    source = tmp_path / "GCN.pdf"
    shutil.copy(GCN, source)
    first = page_image(source, SHA, 1, tmp_path / "cache", width_px=600)
    assert first.width == 600

    def refuse(*args, **kwargs):
        raise AssertionError("the source was opened")

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    monkeypatch.setattr("station.pages.sniff_format", refuse)
    source.unlink()
    assert page_image(source, SHA, 1, tmp_path / "cache", width_px=600) == first


def test_word_box_from_the_reader_lands_on_ink(tmp_path):
    with pdfium.PdfDocument(str(GCN)) as pdf:
        words = page_words(pdf[0])
    number = next(w for w in words if w.text == "0101227448")
    image = grey(page_image(GCN, SHA, 1, tmp_path))
    assert dark_share(image, number.bbox) > 0.1
    # the ink spans the box: no horizontal offset between the reader's frame and the image
    x0, y0, x1, y1 = pixel_box(image, number.bbox)
    columns = [x for x in range(x0, x1) if any(image.getpixel((x, y)) < DARK for y in range(y0, y1))]
    assert columns[0] - x0 <= 3 and x1 - columns[-1] <= 3
    assert inked(image, words) > 0.97
    margin = blank_margin(words)
    assert dark_share(image, margin) == 0.0


def test_rotated_and_cropped_page_keeps_boxes_on_ink(tmp_path):
    turned = tmp_path / "turned.pdf"
    with pdfium.PdfDocument(str(GCN)) as pdf:
        upright = page_words(pdf[0])
        page = pdf[0]
        page.set_rotation(90)
        page.set_cropbox(30, 40, 500, 800)
        words = page_words(page)
        pdf.save(str(turned))
    rendered = page_image(turned, SHA, 1, tmp_path / "cache")
    assert rendered.width == 1100 and abs(rendered.height - 1100 * 470 / 760) <= 1  # shown: 760 × 470 pt
    image = grey(rendered)
    assert inked(image, words) > 0.97
    assert inked(image, upright) < 0.8  # boxes of the unturned frame would miss: the frame matters
    assert dark_share(image, blank_margin(words)) == 0.0


def test_scanned_pdf_evidence_lands_on_ink(tmp_path):
    from pipeline.extraction import read_and_extract
    from pipeline.inbox import InputFile

    result = read_and_extract(InputFile(path=SCAN_PDF, relpath=SCAN_PDF.name))
    evidence = [e for e in evidence_boxes(result.model_dump(mode="python")) if e["page"] == 1]
    number = next(e for e in evidence if e["text"].startswith("Certificate No."))
    image = grey(page_image(SCAN_PDF, result.entry.sha256, 1, tmp_path))
    assert dark_share(image, tuple(number["bbox"])) > 0.05
    with pdfium.PdfDocument(str(SCAN_PDF)) as pdf:
        words = page_words(pdf[0], unshown=True)  # the OCR layer, kept on a scanned page
    assert inked(image, words) > 0.97
    lowest = max(w.bbox[3] for w in words)
    assert dark_share(image, (0.1, lowest + 0.02, 0.9, 0.9)) == 0.0  # blank paper under the text


def test_photo_is_shown_upright_as_the_reader_reads_it(tmp_path):
    from extractors.image import prepare
    from extractors.settings import active

    rendered = page_image(PHOTO, SHA, 1, tmp_path)
    with Image.open(PHOTO) as raw:
        assert raw.size == (1280, 960)  # stored sideways
        prepared, _ = prepare(raw.copy(), active().max_image_pixels)
    assert (rendered.width, rendered.height, rendered.pages) == (1100, round(1100 * 1280 / 960), 1)
    shown = grey(rendered)
    ocr_input = prepared.resize(shown.size)
    diff = sum(abs(a - b) for a, b in zip(shown.getdata(), ocr_input.getdata(), strict=True)) / (1100 * 1467)
    flipped = ocr_input.transpose(Image.Transpose.ROTATE_180)
    diff_flipped = sum(abs(a - b) for a, b in zip(shown.getdata(), flipped.getdata(), strict=True)) / (1100 * 1467)
    assert diff < 8 < diff_flipped  # the very picture OCR read, not a turned one


@needs_tesseract
def test_photo_ocr_boxes_land_on_ink(tmp_path):
    from extractors.image import read_image

    page = read_image(PHOTO, PHOTO.name).pages[0]
    words = [w for w in page.words if len(w.text) >= 3 and w.confidence >= 0.9]
    assert len(words) > 40
    image = grey(page_image(PHOTO, SHA, 1, tmp_path))
    assert inked(image, words) > 0.95
    certificate = next(w for w in words if w.text == "CERTIFICATE")
    assert dark_share(image, certificate.bbox) > 0.2


def test_multi_frame_tiff_pages_and_renamed_png(tmp_path):
    tiff = tmp_path / "scan.tif"
    first, second = Image.new("L", (400, 600), 255), Image.new("L", (800, 400), 0)
    first.save(tiff, save_all=True, append_images=[second])
    page_two = page_image(tiff, SHA, 2, tmp_path / "cache", width_px=200)
    assert (page_two.width, page_two.height, page_two.pages) == (200, 100, 2)
    assert grey(page_two).getpixel((100, 50)) == 0
    with pytest.raises(PageRenderError) as error:
        page_image(tiff, SHA, 3, tmp_path / "cache")
    assert error.value.message_vi == "Tệp chỉ có 2 trang, không có trang 3"
    # a PNG scan saved as .jpg: its content decides
    fpt = page_image(REALDOCS / "FPT_2022_BCTC_rieng_p2_BGD_report_scan.jpg", SHA, 1, tmp_path / "cache")
    assert (fpt.width, fpt.height, fpt.pages) == (1100, round(1100 * 2238 / 1510), 1)
    # transparent pixels (black underneath) are shown on white paper, as OCR reads them
    clear = tmp_path / "clear.png"
    layer = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    layer.paste((0, 0, 0, 255), (0, 0, 100, 200))
    layer.save(clear)
    with Image.open(page_image(clear, SHA, 1, tmp_path / "cache", width_px=150).path) as png:
        assert png.mode == "RGB" and png.getpixel((20, 50)) == (0, 0, 0) and png.getpixel((120, 50)) == (255, 255, 255)


def test_unreadable_files_and_missing_pages(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(PageRenderError) as error:
        page_image(bad, SHA, 1, tmp_path)
    assert error.value.message_vi.startswith("Không mở được tệp x.pdf")
    assert "x.pdf" in str(error.value)
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog" * 3)
    with pytest.raises(PageRenderError) as error:
        page_image(truncated, SHA, 1, tmp_path)
    assert error.value.message_vi == "Không mở được tệp cut.pdf: Tệp PDF bị hỏng hoặc không đầy đủ"
    with pytest.raises(PageRenderError) as error:
        page_image(GCN, SHA, 2, tmp_path)
    assert error.value.message_vi == "Tệp chỉ có 1 trang, không có trang 2"
    assert str(error.value) == "The file has 1 page(s), no page 2"
    for page, sha in ((0, SHA), (1, "../../etc")):
        with pytest.raises(PageRenderError):
            page_image(GCN, sha, page, tmp_path)
    assert not list(tmp_path.glob("*.png"))
    for render in (lambda: sheet_html(bad, None, ""), lambda: docx_html(bad, "")):
        with pytest.raises(PageRenderError) as error:
            render()
        assert error.value.message_vi.startswith("Không mở được tệp x.pdf")


# --- sheets and Word files -------------------------------------------------------------------

def hit_row(page: str) -> str:
    match = re.search(r'<tr[^>]*id="hit"[^>]*>(.*?)</tr>', page)
    assert match, "no row marked"
    return match.group(1)


def test_sheet_row_from_the_reader_is_marked():
    from extractors.xlsx_reader import read_xlsx

    rows = read_xlsx(XK, XK.name).pages[0].tables[0]
    wanted = next(r for r in rows if "305635246405" in r)
    page = sheet_html(XK, "XK 2025", " ".join(c for c in wanted if c))
    assert page.startswith('<table class="sheet"><caption>XK 2025</caption>')
    row = hit_row(page)
    assert row.startswith("<th>27</th>") and '<td class="hit">305635246405</td>' in row
    assert '<td class="hit">16/12/2025</td>' in row and '<td class="hit">3532347</td>' in row
    assert page.count('id="hit"') == 1
    assert "<th>A</th>" in page and "<th>H</th>" in page and "<th>I</th>" not in page
    total = hit_row(sheet_html(XK, None, "TỔNG CỘNG 64820500"))  # the record's evidence text
    assert total.startswith("<th>28</th>") and '<td class="hit">64820500</td>' in total


def test_sheet_escapes_and_windows_large_sheets(tmp_path):
    path = tmp_path / "big.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    for number in range(1, 1001):
        sheet.append([f"dòng {number}", number * 1.5, None, *range(60)])
    sheet["A700"] = "<script>alert('x')</script> Tổng & cộng"
    sheet["C5"] = __import__("datetime").date(2025, 3, 9)
    workbook.create_sheet("Khác").append(["khác"])
    workbook.save(path)
    page = sheet_html(path, "không có", "<SCRIPT>alert('x')</script> tổng & CỘNG", max_rows=50, max_cols=10)
    assert "<script>" not in page
    row = hit_row(page)
    assert row.startswith("<th>700</th>")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Tổng &amp; cộng" in row
    assert re.findall(r"<tr[^>]*><th>(\d+)</th>", page)[0] == "675"
    assert len(re.findall(r"<tr[^>]*><th>\d+</th>", page)) == 50
    assert "Không hiển thị 674 dòng phía trên" in page
    assert "Không hiển thị 276 dòng phía dưới" in page
    assert "Không hiển thị 53 cột bên phải" in page
    top = sheet_html(path, "Dữ liệu", "", max_rows=10)
    assert "09/03/2025" in top and "<td>7.5</td>" in top and 'id="hit"' not in top
    assert sheet_html(path, "khác", "khác").count('<td class="hit">khác</td>') == 1  # names match loosely


def test_docx_paragraph_and_table_row_are_marked(tmp_path):
    page = docx_html(FORM, "1. Tên doanh nghiệp: Công ty Cổ phần Điện tử Công nghiệp Đông Anh")
    assert '<p class="hit" id="hit">1. Tên doanh nghiệp: Công ty Cổ phần Điện tử Công nghiệp Đông Anh</p>' in page
    assert page.count('id="hit"') == 1
    assert page.index("PHIẾU ĐĂNG KÝ") < page.index('id="hit"') < page.index("Doanh thu của sản phẩm")
    row = hit_row(docx_html(FORM, "2 Doanh thu của sản phẩm đăng ký tỷ đồng 1.684,25 1.902,60 2.215,75"))
    assert "<td>Doanh thu của sản phẩm đăng ký</td>" in row and "<td>2.215,75</td>" in row

    path = tmp_path / "escape.docx"
    document = docx.Document()
    document.add_paragraph("Mở đầu")
    document.add_paragraph("<b>Tom & Jerry</b> có vốn 5 tỷ")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Vốn", "<i>10</i>"
    document.save(path)
    page = docx_html(path, "<b>tom & jerry</b> CÓ VỐN 5 TỶ")
    assert '<p class="hit" id="hit">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; có vốn 5 tỷ</p>' in page
    assert "<td>&lt;i&gt;10&lt;/i&gt;</td>" in page and "<b>" not in page and "<i>" not in page
    assert 'id="hit"' not in docx_html(path, "hoàn toàn khác hẳn")


def test_preview_kind():
    assert [preview_kind(n) for n in ("a.PDF", "b.jpg", "c.tiff", "d.webp", "e.xlsx", "f.xlsm", "g.docx",
                                      "h.doc", "i.xls", "j.zip", "noext")] == [
        "image", "image", "image", "image", "sheet", "sheet", "docx", "none", "none", "none", "none"]
