"""A born-digital PDF reads as a viewer displays it: filled form fields and typed annotations
where they stand, rotated pages in rows, nothing invisible, nothing beyond the crop box."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extractors.layout import words_to_text
from extractors.pdf import page_words, read_pdf
from extractors.pdf_safety import check_streams

ROWS = [("So to khai", "Ngay dang ky", "Tri gia USD"), ("305123456789", "12/03/2025", "15000"),
        ("305987654321", "20/05/2025", "27500")]


def text_of(path: Path, index: int = 0) -> str:
    unshown = check_streams(path)
    pdf = pdfium.PdfDocument(str(path))
    try:
        return words_to_text(page_words(pdf[index], unshown))
    finally:
        pdf.close()


def draw_rows(c: canvas.Canvas, top: float) -> None:
    for number, row in enumerate(ROWS):
        for x, cell in zip((60, 250, 420), row, strict=True):
            c.drawString(x, top - 20 * number, cell)


def test_filled_form_fields_read_where_they_stand(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    draw_rows(c, 500)
    c.drawString(72, 760, "Ten doanh nghiep:")
    c.acroForm.textfield(name="ten", value="Cong ty CP Dong A", x=220, y=752, width=250, height=20, borderWidth=0)
    c.drawString(90, 702, "Co hoat dong xuat khau")
    c.acroForm.checkbox(name="xk", x=72, y=700, checked=True, size=12)
    c.drawString(90, 672, "Khong xuat khau")
    c.acroForm.checkbox(name="kxk", x=72, y=670, checked=False, size=12)
    c.showPage()
    c.save()
    lines = text_of(path).split("\n")
    assert lines[:3] == ["Ten doanh nghiep:\tCong ty CP Dong A", "☒ Co hoat dong xuat khau", "☐ Khong xuat khau"]


def add_annotation(path: Path, subtype: int, rect: tuple[float, float, float, float], contents: str,
                   flags: int = 0) -> None:
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[0]
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, subtype)
    box = pdfium_c.FS_RECTF(rect[0], rect[3], rect[2], rect[1])  # left, top, right, bottom
    pdfium_c.FPDFAnnot_SetRect(annot, box)
    text = (contents + "\0").encode("utf-16-le")
    pdfium_c.FPDFAnnot_SetStringValue(annot, b"Contents", ctypes.cast(ctypes.c_char_p(text),
                                                                      ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    if flags:
        pdfium_c.FPDFAnnot_SetFlags(annot, flags)
    pdfium_c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = path.with_suffix(".tmp")
    pdf.save(str(out))
    pdf.close()
    out.replace(path)


def test_typed_text_annotations_read_and_hidden_ones_not(tmp_path: Path) -> None:
    """People fill paper forms with a PDF editor's "add text" tool: FreeText annotations."""
    path = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    draw_rows(c, 500)
    c.drawString(72, 760, "Ma so doanh nghiep:")
    c.showPage()
    c.save()
    add_annotation(path, pdfium_c.FPDF_ANNOT_FREETEXT, (230, 755, 400, 772), "0101234567")
    add_annotation(path, pdfium_c.FPDF_ANNOT_FREETEXT, (230, 720, 400, 737), "ban nhap an", flags=2)
    lines = text_of(path).split("\n")
    assert lines[0] == "Ma so doanh nghiep:\t0101234567"
    assert "ban nhap an" not in text_of(path)


def test_invisible_text_on_born_digital_page_not_read(tmp_path: Path) -> None:
    path = tmp_path / "invisible.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    c.setFont("Helvetica", 12)
    hidden = c.beginText(72, 700)
    hidden.setTextRenderMode(3)
    hidden.textLine("Doanh thu 2025: 999999999999")
    hidden.setTextRenderMode(0)
    c.drawText(hidden)
    draw_rows(c, 500)
    c.showPage()
    c.save()
    assert check_streams(path)
    assert text_of(path).split("\n") == ["\t".join(row) for row in ROWS]


def test_invisible_ocr_layer_over_a_scan_is_kept(tmp_path: Path) -> None:
    """A scanner's OCR layer is invisible text standing for the page image under it."""
    scan = Image.new("L", (620, 877), 255)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    c.drawImage(ImageReader(scan), 0, 0, width=A4[0], height=A4[1])
    layer = c.beginText(60, 500)
    layer.setFont("Helvetica", 12)
    layer.setTextRenderMode(3)
    layer.textLine("Giay chung nhan dang ky doanh nghiep")
    c.drawText(layer)
    c.showPage()
    c.save()
    assert text_of(path) == "Giay chung nhan dang ky doanh nghiep"


def test_text_beyond_the_crop_box_not_read(tmp_path: Path) -> None:
    path = tmp_path / "crop.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    draw_rows(c, 500)
    c.drawString(60, 800, "Ghi chu ngoai vung in")  # cut away by the crop box below
    c.drawString(60, 2000, "Ngoai trang")  # beyond the page itself
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    pdf[0].set_cropbox(30, 300, 560, 700)
    pdf.save(str(tmp_path / "cropped.pdf"))
    pdf.close()
    assert text_of(tmp_path / "cropped.pdf").split("\n") == ["\t".join(row) for row in ROWS]
    assert text_of(path).split("\n") == ["Ghi chu ngoai vung in", *("\t".join(row) for row in ROWS)]


def test_rotated_page_reads_in_rows(tmp_path: Path) -> None:
    """A landscape list printed on a portrait page turned by /Rotate 90."""
    drawn = tmp_path / "drawn.pdf"
    c = canvas.Canvas(str(drawn), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.translate(A4[0], 0)
    c.rotate(90)  # drawn running up the portrait page, so that it shows upright once turned
    for number, row in enumerate(ROWS):
        for x, cell in zip((60, 300, 550), row, strict=True):
            c.drawString(x, A4[0] - 80 - 20 * number, cell)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(drawn))
    pdf[0].set_rotation(90)
    pdf.save(str(tmp_path / "rotated.pdf"))
    pdf.close()
    document = read_pdf(tmp_path / "rotated.pdf", "hs/rotated.pdf")
    assert document.pages[0].text.split("\n") == ["\t".join(row) for row in ROWS]
    first = next(w for w in document.pages[0].words if w.text == "So")
    assert first.bbox[0] < 0.2 and first.bbox[1] < 0.3  # top left of the page as shown


def test_form_values_kept_when_the_page_goes_to_ocr(tmp_path: Path) -> None:
    """A form page with too little text of its own is OCR'd; the render holds no fields."""
    path = tmp_path / "ocrform.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Ten doanh nghiep:")
    c.acroForm.textfield(name="ten", value="Cong ty CP Dong A", x=240, y=752, width=250, height=22, borderWidth=0)
    c.showPage()
    c.save()
    page = read_pdf(path, "hs/ocrform.pdf").pages[0]
    assert page.source == "ocr"
    assert "Cong ty CP Dong A" in page.text
    assert any(w.text == "Cong ty CP Dong A" for w in page.words)
