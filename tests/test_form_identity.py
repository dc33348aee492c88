"""Identity values on forms and registration certificates come out clean: no label remainders,
no words of the next label, a factory "at the head office" resolved, the certificate's legal
representative under its heading. Documents are built here and read by the real readers."""

from __future__ import annotations

from pathlib import Path

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.base import Page, ReadDocument
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, find_tax_codes
from extractors.fields.documents import extract_business_registration
from extractors.fields.labels import find_labels
from extractors.fields.registration import extract_registration
from extractors.registry import read_document

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_lines(path: Path, lines: list[str]) -> Path:
    """A text PDF, one string per line, as a form printed from Word wraps them."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    page = canvas.Canvas(str(path), pagesize=(595, 842))
    page.setFont("DejaVu", 10)
    for number, text in enumerate(lines):
        page.drawString(40, 810 - 15 * number, text)
    page.save()
    return path


def docx_lines(path: Path, lines: list[str]) -> Path:
    """A Word file, one paragraph per line."""
    document = docx.Document()
    for text in lines:
        document.add_paragraph(text)
    document.save(path)
    return path


def read_form(path: Path) -> dict[str, object]:
    """The registration form's identity values (field -> value) and the candidates' notes."""
    facts = DocumentFacts(file=path.name, kind="registration_form", kind_confidence=1.0)
    extract_registration(DocView.of(read_document(path, path.name)), facts)
    return {c.field: c.value for c in facts.candidates} | {f"{c.field}#note": c.note for c in facts.candidates}


FORM_HEAD = [
    "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026",
    "I. THÔNG TIN VỀ DOANH NGHIỆP",
    "1. Tên doanh nghiệp: Công ty Cổ phần Thiết Bị Điện Đông Anh",
    "2. Mã số thuế/Mã số doanh nghiệp: 0100109106",
    "3. Địa chỉ trụ sở chính: Số 12 đường Cao Lỗ, xã Đông Anh, thành phố Hà Nội",
]


def test_factory_at_the_head_office_is_the_head_office_address(tmp_path):
    """Regression (factory read as "Tại"): "Tại trụ sở chính" holds the words of the head-office
    label but is a value: the factory is the head office's address, with a note saying why."""
    form = read_form(docx_lines(tmp_path / "form.docx", [
        *FORM_HEAD, "4. Địa chỉ cơ sở sản xuất (nhà máy): Tại trụ sở chính",
        "5. Người đại diện theo pháp luật: Ông Lê Văn An; chức vụ: Giám đốc"]))
    assert form["enterprise.address"] == "Số 12 đường Cao Lỗ, xã Đông Anh, thành phố Hà Nội"
    assert form["enterprise.factory_address"] == form["enterprise.address"]
    assert "Tại trụ sở chính" in str(form["enterprise.factory_address#note"])
    assert form["enterprise.legal_representative"] == "Ông Lê Văn An"


def test_factory_label_in_two_parts_with_the_value_on_a_tai_line(tmp_path):
    """"Địa chỉ nhà máy/cơ sở sản xuất:" ending its line, the address under it after "Tại:"."""
    form = read_form(docx_lines(tmp_path / "form.docx", [
        *FORM_HEAD, "4. Địa chỉ nhà máy/cơ sở sản xuất:", "Tại: Lô 7, Khu công nghiệp Quang Minh, xã Quang Minh, "
        "thành phố Hà Nội", "5. Người đại diện theo pháp luật: Bà Đỗ Thị Hoa"]))
    assert form["enterprise.factory_address"] == "Lô 7, Khu công nghiệp Quang Minh, xã Quang Minh, thành phố Hà Nội"


def test_legal_representative_does_not_take_the_wrapped_title(tmp_path):
    """Regression ("Bà Trần Thị Thu Hà trị kiêm Tổng Giám đốc"): on a printed page the line that
    wraps belongs to "chức vụ:", the label that ended the name."""
    form = read_form(pdf_lines(tmp_path / "form.pdf", [
        *FORM_HEAD,
        "4. Địa chỉ cơ sở sản xuất (nhà máy): Lô 35, Khu công nghiệp Quang Minh, thị trấn",
        "Quang Minh, huyện Mê Linh, thành phố Hà Nội",
        "5. Người đại diện theo pháp luật: Bà Trần Thị Thu Hà; chức vụ: Chủ tịch Hội đồng quản",
        "trị kiêm Tổng Giám đốc",
        "6. Điện thoại: 024 3556 7788 Email: contact@example.vn"]))
    assert form["enterprise.legal_representative"] == "Bà Trần Thị Thu Hà"
    # a value that reaches the margin still takes its wrapped end
    assert form["enterprise.factory_address"] == ("Lô 35, Khu công nghiệp Quang Minh, thị trấn Quang Minh, huyện Mê "
                                                  "Linh, thành phố Hà Nội")


def test_label_remainders_are_not_values():
    """"s Việt: CÔNG TY …" left by a label whose middle an OCR garbled; a lone "Việt:" after it."""
    lines = ["Tên doanh nghiệp viết bằng tiếng: Việt: CÔNG TY TNHH KỸ THUẬT ĐÔNG Á",
             "Tên doanh nghiệp viết bằng tiến s Việt: CÔNG TY TNHH KỸ THUẬT ĐÔNG Á"]
    for line in lines:
        hits = [h for h in find_labels([line], fuzzy=True) if h.field == "enterprise.name"]
        assert hits and hits[0].value == "CÔNG TY TNHH KỸ THUẬT ĐÔNG Á", line


def certificate(lines: list[str], source: str = "ocr") -> dict[str, object]:
    """A business registration certificate's values, read from its page's lines."""
    document = ReadDocument(file="gcn.pdf", format="pdf",
                            pages=[Page(number=1, text="\n".join(lines), source=source, confidence=0.95)])
    facts = DocumentFacts(file="gcn.pdf", kind="business_registration", kind_confidence=1.0)
    extract_business_registration(DocView.of(document), facts)
    return {c.field: c.value for c in facts.candidates}


def test_certificate_legal_representative_is_the_name_under_its_heading():
    """"4. Người đại diện theo pháp luật của công ty" heads a block; the name is its "Họ và tên:"."""
    found = certificate([
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "CÔNG TY CỔ PHẦN", "Mã số doanh nghiệp: 0100109106",
        "1. Tên công ty", "Tên công ty viết bằng tiếng Việt: CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH",
        "2. Địa chỉ trụ sở chính", "Số 12 đường Cao Lỗ, xã Đông Anh, thành phố Hà Nội",
        "4. Người đại diện theo pháp luật của công ty", "Họ và tên: LÊ VĂN AN\tGiới tính: Nam",
        "Chức danh: Giám đốc"])
    assert found["enterprise.legal_representative"] == "LÊ VĂN AN"
    assert found["enterprise.name"] == "CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH"
    assert found["enterprise.address"] == "Số 12 đường Cao Lỗ, xã Đông Anh, thành phố Hà Nội"


def test_branch_certificate_labels():
    """A branch's certificate: "Mã số chi nhánh", "Tên chi nhánh viết bằng tiếng Việt", "Địa chỉ
    chi nhánh" heading with the address under it; the parent's block further down does not win."""
    found = certificate([
        "GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH", "Mã số chi nhánh: 0100109106-001",
        "1. Tên chi nhánh", "Tên chi nhánh viết bằng tiếng Việt: CHI NHÁNH CÔNG TY CỔ PHẦN ĐÔNG ANH TẠI HÀ NỘI",
        "2. Địa chỉ chi nhánh", "Lô 12, Khu công nghiệp Phú Nghĩa, xã Phú Nghĩa, thành phố Hà Nội",
        "4. Thông tin về doanh nghiệp chủ quản", "Tên doanh nghiệp: CÔNG TY CỔ PHẦN ĐÔNG ANH",
        "Mã số doanh nghiệp: 0100109106"])
    assert found["enterprise.tax_code"] == "0100109106-001"
    assert found["enterprise.name"] == "CHI NHÁNH CÔNG TY CỔ PHẦN ĐÔNG ANH TẠI HÀ NỘI"
    assert found["enterprise.address"] == "Lô 12, Khu công nghiệp Phú Nghĩa, xã Phú Nghĩa, thành phố Hà Nội"


def test_a_name_in_capitals_on_the_line_after_its_label_is_no_heading(tmp_path):
    """Regression (name dropped): "Tên doanh nghiệp:" ending its line, the name under it in
    capitals was taken for a section heading. A firm's name opens with its legal form, an address
    holds a number; a numbered or unnumbered heading under an empty label is still no value."""
    form = read_form(pdf_lines(tmp_path / "form.pdf", [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026", "I. THÔNG TIN VỀ DOANH NGHIỆP",
        "1. Tên doanh nghiệp:", "CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH", "2. Mã số thuế:", "0100109106",
        "3. Địa chỉ trụ sở chính:", "SỐ 12 ĐƯỜNG CAO LỖ, XÃ ĐÔNG ANH, THÀNH PHỐ HÀ NỘI",
        "4. Người đại diện theo pháp luật:", "II. THÔNG TIN VỀ SẢN PHẨM ĐĂNG KÝ", "1. Tên sản phẩm: Tủ điện"]))
    assert form["enterprise.name"] == "CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH"
    assert form["enterprise.address"] == "SỐ 12 ĐƯỜNG CAO LỖ, XÃ ĐÔNG ANH, THÀNH PHỐ HÀ NỘI"
    assert "enterprise.legal_representative" not in form
    blank = read_form(docx_lines(tmp_path / "blank.docx", [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC", "Tên doanh nghiệp:", "THÔNG TIN VỀ SẢN PHẨM ĐĂNG KÝ"]))
    assert "enterprise.name" not in blank


def test_a_tax_code_spaced_4_3_3_after_its_label(tmp_path):
    """Regression (code missed): "0100 109 106" after "Mã số thuế:". The grouping is a mobile
    number's too, so it is read only after a tax-code label and only with a valid check digit."""
    form = read_form(docx_lines(tmp_path / "form.docx", [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC", "1. Tên doanh nghiệp: Công ty Cổ phần Thiết Bị Điện Đông Anh",
        "2. Mã số thuế: 0100 109 106", "3. Điện thoại: 0912 345 001"]))
    assert form["enterprise.tax_code"] == "0100109106"
    wrong = read_form(docx_lines(tmp_path / "wrong.docx", [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC", "2. Mã số thuế: 0100 109 107",
        "3. Điện thoại: 0912 345 001"]))  # a bad check digit; a phone number with a valid one
    assert "enterprise.tax_code" not in wrong
    assert find_tax_codes("Điện thoại: 0912 345 001") == []
    assert find_tax_codes("Mã số thuế: 0912 345 001", labelled=True) == [("0912345001", True, "0912 345 001")]


def test_the_rest_of_a_wrapped_label_is_not_its_value():
    """Regression (name read as "viết bằng tiếng" at 0.93): a label wrapped around its value leaves
    its middle words on the label's first line; words that only go on with the label are no value."""
    found = certificate(["GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "Tên doanh nghiệp viết bằng tiếng",
                         "CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH", "Việt", "Mã số doanh nghiệp: 0100109106"])
    assert found.get("enterprise.name") in (None, "CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH")
    assert found["enterprise.tax_code"] == "0100109106"
