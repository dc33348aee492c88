"""Management-system certificates of other bodies' layouts, built here as real files and read
through the real readers: numbers after any label, dates by their labels wherever the layout
puts them, the body's name without the page's noise, and a scanned copy read by OCR."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from docx import Document
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.certificates import extract_certificate
from extractors.fields.common import DocView
from extractors.registry import read_document
from pipeline.models import Certificate

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEADLINE = dt.date(2026, 9, 30)
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

# A line is a string at the left margin, or (left, right) for a label cell and a value cell,
# or (None, right) for a value alone in the right-hand column.
Row = str | tuple[str | None, str]


def new_page(path: Path) -> canvas.Canvas:
    """An A4 canvas with a font that has the Vietnamese letters."""
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    return canvas.Canvas(str(path), pagesize=A4)


def build_pdf(path: Path, rows: list[Row], *, size: int = 11, gap: float = 19) -> Path:
    """A text PDF certificate: one row per line, label and value cells in two columns."""
    page = new_page(path)
    page.setFont("DejaVuSans", size)
    y = A4[1] - 70
    for row in rows:
        if isinstance(row, str):
            page.drawString(60, y, row)
        else:
            left, right = row
            if left:
                page.drawString(60, y, left)
            page.drawString(340, y, right)
        y -= gap
    page.save()
    return path


def build_wrapped_label_pdf(path: Path, head: list[str], wrapped: tuple[str, str, str], tail: list[Row]) -> Path:
    """A certificate whose first date label wraps over two lines in the left column, with the
    date in the right column between them (so the reader sees label, date, end of label)."""
    page = new_page(path)
    page.setFont("DejaVuSans", 11)
    y = A4[1] - 70
    for text in head:
        page.drawString(60, y, text)
        y -= 19
    first, date, second = wrapped
    page.drawString(60, y, first)
    page.drawString(340, y - 12, date)
    page.drawString(60, y - 24, second)
    y -= 48
    for row in tail:
        if isinstance(row, str):
            page.drawString(60, y, row)
        else:
            if row[0]:
                page.drawString(60, y, row[0])
            page.drawString(340, y, row[1])
        y -= 19
    page.save()
    return path


def scanned(pdf: Path, target: Path, *, photo: bool = False, seed: int = 3) -> Path:
    """The certificate printed and scanned at 200 dpi (tilt, noise, blur, JPEG), or, with
    ``photo``, photographed (warm light, stronger tilt, uneven light), saved as a JPEG."""
    rng = np.random.default_rng(seed)
    tilt = random.Random(seed).uniform(0.6, 1.2) * (2.0 if photo else 1.0)
    image = pdfium.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil().convert("L")
    image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    pixels += rng.normal(0, 14, pixels.shape)
    if photo:
        ramp = np.linspace(0.78, 1.0, pixels.shape[1])[None, :]  # light falling off to one side
        pixels *= ramp
    gray = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    if photo:
        warm = Image.merge("RGB", [gray.point(lambda v: min(255, int(v * 1.0 + 8))), gray,
                                   gray.point(lambda v: int(v * 0.82))])
        warm.save(target, "JPEG", quality=70)
        return target
    buffer = io.BytesIO()
    gray.save(buffer, "JPEG", quality=60)
    Image.open(buffer).save(target, "PDF", resolution=200)
    return target


def build_docx(path: Path, before: list[str], table: list[list[str]], after: list[str]) -> Path:
    """A Word certificate: paragraphs, a table of labels and dates, paragraphs."""
    document = Document()
    for text in before:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def certificate_of(path: Path) -> Certificate:
    """The one quality certificate read from a file by the real reader and extractor."""
    facts = extract_facts(read_document(path, path.name))
    found = [c for f in facts if f.kind == "quality_certificate" for c in f.certificates]
    assert len(found) == 1, [f.kind for f in facts]
    return found[0]


BV_ROWS: list[Row] = [
    "BUREAU VERITAS",
    "Certification",
    "CERTIFICATE",
    "Certificate No.: VN077315",
    "This is to certify that the Management System of",
    "CÔNG TY TNHH CƠ KHÍ CHÍNH XÁC HỒNG HÀ",
    "Lô 7, Khu công nghiệp Nam Thăng Long, quận Bắc Từ Liêm, Hà Nội",
    "has been assessed and found to conform to the requirements of",
    "ISO 9001:2015",
    "Scope of certification: Manufacture of precision machined parts",
    ("Original cycle start date:", "03-May-2016"),
    ("Expiry date of previous cycle:", "02-October-2026"),
    ("Certification / Recertification Audit date:", "11-March-2025"),
    ("Certification / Recertification cycle start date:", "03-May-2025"),
    "Subject to the continued satisfactory operation of the organization's",
    (None, "02-May-2028"),
    "Management System, this certificate expires on:",
    "Signed on behalf of Bureau Veritas Certification",
    "Local Technical Manager",
    "UKAS MANAGEMENT SYSTEMS 0008",
]


def test_label_after_the_date_and_previous_cycle_expiry_never_taken(tmp_path):
    """Bureau Veritas style: the expiry's label is on the line after it; the previous cycle's
    expiry, the original cycle start and the audit date are labelled and must not be taken."""
    certificate = certificate_of(build_pdf(tmp_path / "bv.pdf", BV_ROWS))
    assert certificate.standard == "ISO 9001" and certificate.number == "VN077315"
    assert (certificate.issued, certificate.expires) == ("2025-05-03", "2028-05-02")
    assert certificate.issuer == "BUREAU VERITAS"
    assert certificate.holder == "CÔNG TY TNHH CƠ KHÍ CHÍNH XÁC HỒNG HÀ"
    assert certificate.confidence >= 0.8  # labelled and confirmed: three years less a day


SGS_ROWS: list[Row] = [  # no letterhead: the body is named only where the certificate is signed
    "CERTIFICATE",
    "Certificate VN26/90417",
    "This is to certify that the Management System of",
    "HONG HA PRECISION MECHANICS COMPANY LIMITED",
    "Lot 7, Nam Thang Long Industrial Park, Ha Noi, Viet Nam",
    "has been assessed and found to conform to the requirements of",
    "HACCP - CODEX CXC 1-1969, Rev. 2022",
    "Date of original certification:",
    "7th March 2019",
    "Date of issue:",
    "March 7, 2025",
    "Expiry date:",
    "6 March 2028",
    "Signed on behalf of SGS Vietnam Ltd.",
    "UKAS MANAGEMENT SYSTEMS 0005",
]


def test_bare_certificate_number_and_labels_above_the_dates(tmp_path):
    """SGS style: "Certificate VN26/90417" without "No.", each date under its label, English
    month names; the issuer is the body, not "Signed on behalf of …"."""
    certificate = certificate_of(build_pdf(tmp_path / "sgs.pdf", SGS_ROWS))
    assert (certificate.standard, certificate.number) == ("HACCP", "VN26/90417")
    assert (certificate.issued, certificate.expires) == ("2025-03-07", "2028-03-06")
    assert certificate.issuer == "SGS Vietnam Ltd."
    assert certificate.holder == "HONG HA PRECISION MECHANICS COMPANY LIMITED"


def test_wrapped_label_around_its_date_and_vietnamese_dates(tmp_path):
    """VINACERT style: "Ngày chứng nhận lần đầu / Initial certification" ⏎ date ⏎ "date:" is
    the original certification, not this issue; "Có hiệu lực đến" is the expiry."""
    path = build_wrapped_label_pdf(
        tmp_path / "vinacert.pdf",
        ["© VINACERT", "GIẤY CHỨNG NHẬN", "CERTIFICATE", "Số/No: VNC-22000-25-0311",
         "Chứng nhận hệ thống quản lý của / This is to certify that the management system of",
         "CÔNG TY CỔ PHẦN THỰC PHẨM XANH", "SƠN TÂY", "Địa chỉ / Address: Thôn Đông, xã Sơn Tây, Hà Nội",
         "ISO 22000:2018"],
        ("Ngày chứng nhận lần đầu / Initial certification", "ngày 09 tháng 7 năm 2019", "date:"),
        [("Ngày cấp / Date of issue:", "ngày 09 tháng 7 năm 2025"),
         ("Có hiệu lực đến / Valid until:", "ngày 08 tháng 7 năm 2028"),
         "Công ty CP Chứng nhận và Giám định VINACERT, Hoàng Mai, Hà Nội", "BoA VICAS 006"],
    )
    certificate = certificate_of(path)
    assert (certificate.standard, certificate.number) == ("ISO 22000", "VNC-22000-25-0311")
    assert (certificate.issued, certificate.expires) == ("2025-07-09", "2028-07-08")
    assert certificate.issuer == "VINACERT"
    assert certificate.holder == "CÔNG TY CỔ PHẦN THỰC PHẨM XANH SƠN TÂY"


def test_docx_table_with_a_header_row_of_labels(tmp_path):
    """A Word certificate whose dates sit in a table under a row of labels."""
    path = build_docx(
        tmp_path / "cert.docx",
        ["@® QUACERT", "GIẤY CHỨNG NHẬN", "Số chứng nhận: HACCP-2207/22.", "Chứng nhận rằng",
         "CÔNG TY TNHH THỰC PHẨM HỒNG HÀ", "áp dụng hệ thống HACCP phù hợp TCVN 5603:2008"],
        [["Ngày cấp lần đầu", "Ngày cấp", "Ngày hết hạn"], ["05/01/2019", "5-1-2025", "04.01.2028"]],
        ["Trung tâm Chứng nhận Phù hợp - QUACERT"],
    )
    certificate = certificate_of(path)
    assert (certificate.standard, certificate.number) == ("HACCP", "HACCP-2207/22")
    assert (certificate.issued, certificate.expires) == ("2025-01-05", "2028-01-04")
    assert certificate.issuer == "QUACERT"


QUACERT_ROWS: list[Row] = [
    "GIẤY CHỨNG NHẬN",
    "CERTIFICATE",
    "Số/No: QMS.5120.24",
    "Chứng nhận hệ thống quản lý của / This is to certify that the management system of",
    "CÔNG TY CỔ PHẦN NHỰA KỸ THUẬT HỒNG HÀ",
    "Địa chỉ / Address: Cụm công nghiệp Ngọc Hồi, huyện Thanh Trì, Hà Nội",
    "ISO 14001:2015",
    ("Ngày cấp lần đầu / Original date:", "12/11/2018"),
    ("Ngày cấp / Date of issue:", "12/11/2024"),
    ("Ngày hết hạn / Expiry date:", "11/11/2027"),
    "Trung tâm Chứng nhận Phù hợp - QUACERT, số 8 Hoàng Quốc Việt, Hà Nội",
    "BoA VICAS 001",
]


@needs_ocr
def test_scanned_certificate_read_by_ocr(tmp_path):
    """The same layout printed and scanned: the real reader OCRs it and the values hold."""
    pdf = build_pdf(tmp_path / "quacert.pdf", QUACERT_ROWS, size=13, gap=24)
    certificate = certificate_of(scanned(pdf, tmp_path / "scan_0007.pdf"))
    assert (certificate.standard, certificate.number) == ("ISO 14001", "QMS.5120.24")
    assert (certificate.issued, certificate.expires) == ("2024-11-12", "2027-11-11")
    assert certificate.issuer == "Trung tâm Chứng nhận Phù hợp - QUACERT"


def test_unlabelled_dates_are_ordered_but_doubtful(tmp_path):
    path = build_pdf(tmp_path / "plain.pdf", [
        "CERTIFICATE", "Certificate No.: QMS.0420.24", "This is to certify that",
        "HONG HA MECHANICS JOINT STOCK COMPANY", "ISO 9001:2015",
        "Ha Noi, 15/03/2024", "Reference 14/03/2027", "Bureau Veritas Certification"])
    certificate = certificate_of(path)
    assert (certificate.issued, certificate.expires) == ("2024-03-15", "2027-03-14")
    assert certificate.confidence < 0.8 and "thứ tự ngày" in (certificate.note or "")


def test_expiry_before_issue_is_never_certain(tmp_path):
    path = build_pdf(tmp_path / "odd.pdf", [
        "CERTIFICATE", "Certificate No.: QMS.0421.24", "ISO 9001:2015", "SGS",
        ("Date of issue:", "15/03/2024"), ("Expiry date:", "14/03/2014")])
    certificate = certificate_of(path)
    assert certificate.expires == "2014-03-14"
    assert certificate.confidence < 0.8 and "không khớp" in (certificate.note or "")


def test_registration_certificate_taken_for_a_quality_certificate_gives_none(tmp_path):
    """A document with no standard at all (a branch registration certificate) must not show
    its dates (a director's birth date) as a certificate's."""
    path = build_pdf(tmp_path / "gcn.pdf", [
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH", "Mã số chi nhánh: 0100109106-001",
        "Đăng ký lần đầu: ngày 12 tháng 04 năm 2023", "Người đứng đầu chi nhánh: Nguyễn Văn A",
        "Sinh ngày: 22/03/1974"])
    facts = DocumentFacts(file="gcn.pdf", kind="quality_certificate", kind_confidence=0.6)
    extract_certificate(DocView.of(read_document(path, "gcn.pdf")), facts)
    assert facts.certificates == []
    assert [f.code for f in facts.findings] == ["quality_certificate_without_standard"]
