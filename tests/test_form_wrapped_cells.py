"""Table cells that wrap in a PDF, put back together from the words' boxes: a figure too wide
for its cell ("1.102.400.000." over "000"), a label wrapped around its value, a value wrapped
around its label. Each page is drawn here with reportlab at chosen positions (a vertically
centred row prints its one-line cell between the lines of the wrapped one) and read by the real
PDF reader."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView
from extractors.fields.documents import extract_business_registration
from extractors.fields.registration import extract_registration
from extractors.registry import read_document

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LEADING = 11.0  # points between two lines of one cell

# (x, y, text): y from the top of the page; x < 0 draws right-aligned at -x (numbers in their cells)
Text = tuple[float, float, str]


def pdf_at(path: Path, texts: list[Text]) -> Path:
    """A one-page text PDF with every text where the tuple puts it."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    page = canvas.Canvas(str(path), pagesize=(595, 842))
    page.setFont("DejaVu", 8.5)
    for x, y, text in texts:
        if x < 0:
            page.drawRightString(-x, 842 - y, text)
        else:
            page.drawString(x, 842 - y, text)
    page.save()
    return path


def lines(top: float, *texts: str, x: float = 40.0) -> list[Text]:
    """Paragraph lines from ``top`` down."""
    return [(x, top + 16 * number, text) for number, text in enumerate(texts)]


FORM_TOP = lines(40, "PHIẾU ĐĂNG KÝ SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026",
                 "Kính gửi: Sở Công Thương thành phố Hà Nội", "1. Tên sản phẩm: Tủ điện hạ thế",
                 "III. KẾT QUẢ SẢN XUẤT, KINH DOANH 03 NĂM GẦN NHẤT")
YEAR_COLUMNS = (330.0, 420.0, 510.0)  # right edges of three narrow year columns


def year_table(rows: list[tuple[str, list[tuple[str, str]] | list[str]]]) -> list[Text]:
    """A years-across table under the form's top: each row a label and, per year, either a whole
    figure or a figure wrapped in two pieces (printed above and below the centred label)."""
    out: list[Text] = [(60, 120, "Chỉ tiêu"), (200, 120, "Đơn vị tính")]
    out += [(-right, 120, f"Năm {year}") for right, year in zip(YEAR_COLUMNS, (2023, 2024, 2025), strict=True)]
    y = 145.0
    for label, cells in rows:
        out += [(60, y, label), (200, y, "đồng" if "lao động" not in label else "người")]
        for right, cell in zip(YEAR_COLUMNS, cells, strict=True):
            if isinstance(cell, tuple):
                out += [(-right, y - LEADING / 2, cell[0]), (-right, y + LEADING / 2, cell[1])]
            else:
                out.append((-right, y, cell))
        y += 2.5 * LEADING
    return out


def form_facts(path: Path) -> DocumentFacts:
    """The registration form's facts through the whole extraction."""
    facts = [f for f in extract_facts(read_document(path, path.name)) if f.kind == "registration_form"]
    assert facts, "the file was not recognised as a registration form"
    return facts[0]


def best(facts: DocumentFacts, field: str) -> tuple[object, float] | None:
    """The most confident candidate's (value, confidence) for a field."""
    found = [c for c in facts.candidates if c.field == field]
    top = max(found, key=lambda c: c.confidence) if found else None
    return (top.value, top.confidence) if top else None


def test_a_figure_wrapped_in_a_narrow_cell_is_joined_again(tmp_path):
    rows = [("Doanh thu sản phẩm", [("1.102.400.000.", "000"), ("1.245.180.0", "00.000"), "985.000.000"]),
            ("Số lao động", ["385", "398", "412"])]
    path = pdf_at(tmp_path / "form.pdf", FORM_TOP + year_table(rows))
    text = read_document(path, path.name).pages[0].text
    assert "Doanh thu sản phẩm\tđồng\t1.102.400.000.000\t1.245.180.000.000\t985.000.000" in text
    facts = form_facts(path)
    assert best(facts, "figures.product_revenue_vnd.2023") == (1_102_400_000_000, 0.95)
    assert best(facts, "figures.product_revenue_vnd.2024") == (1_245_180_000_000, 0.95)
    assert best(facts, "figures.product_revenue_vnd.2025") == (985_000_000, 0.95)


def test_numbers_stacked_in_a_column_stay_apart(tmp_path):
    # two whole figures one above the other in a column are two rows, not one wrapped figure; a
    # row number "1." over a code "10" is no number either
    texts = [*FORM_TOP, (40, 160, "1."), (-300, 160, "1.234.567"), (40, 171, "10"), (-300, 171, "890"),
             (40, 182, "2."), (-300, 182, "000")]
    path = pdf_at(tmp_path / "stack.pdf", texts)
    rows = read_document(path, path.name).pages[0].text.splitlines()[-3:]
    assert rows == ["1.\t1.234.567", "10\t890", "2.\t000"]


def test_the_head_count_row_of_a_year_table_gives_the_latest_year_not_the_last_cell(tmp_path):
    # newest year first: the row's last number is the oldest year's head count
    texts = [*FORM_TOP, (60, 120, "Chỉ tiêu"), (60, 140, "Số lao động (người)")]
    texts += [(-right, 120, f"Năm {year}") for right, year in zip(YEAR_COLUMNS, (2025, 2024, 2023), strict=True)]
    texts += [(-right, 140, count) for right, count in zip(YEAR_COLUMNS, ("412", "398", "385"), strict=True)]
    facts = form_facts(pdf_at(tmp_path / "staff.pdf", texts))
    counts = [(c.value, c.confidence) for c in facts.candidates if c.field == "figures.employees"]
    assert counts == [(412, 0.88)]


def test_a_head_count_row_no_year_table_explains_is_only_a_doubtful_fallback(tmp_path):
    # several figures on the "Số lao động" row but no header of years: the last one, in review
    texts = [*FORM_TOP, (60, 140, "Số lao động"), (-330, 140, "385"), (-420, 140, "398"), (-510, 140, "412")]
    facts = form_facts(pdf_at(tmp_path / "staff.pdf", texts))
    counts = [(c.value, c.confidence) for c in facts.candidates if c.field == "figures.employees"]
    assert counts == [(412, 0.6)]


CERTIFICATE_TOP = lines(40, "SỞ TÀI CHÍNH THÀNH PHỐ HÀ NỘI", "PHÒNG ĐĂNG KÝ KINH DOANH",
                        "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "CÔNG TY CỔ PHẦN",
                        "Đăng ký lần đầu: ngày 06 tháng 5 năm 2016")
NAME = "CÔNG TY CỔ PHẦN THIẾT BỊ ĐO LƯỜNG SÓC SƠN"
ADDRESS = "Số 7 đường Núi Đôi, xã Sóc Sơn, Thành phố Hà Nội, Việt Nam"


def test_a_label_cell_wrapped_around_its_value_in_a_two_column_table(tmp_path):
    # the label's two lines sit above and below its one-line value: "viết bằng tiếng" is the
    # label's, not the name
    texts = [
        *CERTIFICATE_TOP,
        (60, 140, "Tên doanh nghiệp viết bằng tiếng"), (230, 140 + LEADING / 2, NAME), (60, 140 + LEADING, "Việt"),
        (60, 170, "Mã số doanh nghiệp"), (230, 170, "0100109106"),
        (60, 190, "Địa chỉ trụ sở chính"), (230, 190, ADDRESS),
        (40, 215, "Vốn điều lệ: 45.000.000.000 đồng"), (450, 240, "TRƯỞNG PHÒNG"),
    ]
    path = pdf_at(tmp_path / "bizreg.pdf", texts)
    facts = DocumentFacts(file=path.name, kind="business_registration", kind_confidence=1.0)
    extract_business_registration(DocView.of(read_document(path, path.name)), facts)
    names = [(c.value, c.confidence) for c in facts.candidates if c.field == "enterprise.name"]
    assert names == [(NAME, 0.93)]
    assert best(facts, "enterprise.tax_code") == ("0100109106", 0.97)
    assert best(facts, "enterprise.address") == (ADDRESS, 0.93)


def test_values_wrapped_around_their_centred_labels_in_a_narrow_table(tmp_path):
    # a two-line name with its label between its lines, a three-line address around its label,
    # then a signature in the value column's reach that is no part of the table
    name_lines = ("CÔNG TY CỔ PHẦN THIẾT BỊ", "ĐO LƯỜNG SÓC SƠN")
    address_lines = ("Số 7 đường Núi Đôi, xã", "Sóc Sơn, Thành phố Hà Nội,", "Việt Nam")
    texts = [
        *FORM_TOP[:2], *lines(80, "I. THÔNG TIN VỀ DOANH NGHIỆP"),
        (340, 110 - LEADING / 2, name_lines[0]), (140, 110, "Tên doanh nghiệp"),
        (340, 110 + LEADING / 2, name_lines[1]),
        (140, 135, "Mã số thuế"), (340, 135, "0100109106"),
        (340, 160 - LEADING, address_lines[0]), (140, 160, "Địa chỉ trụ sở chính"), (340, 160, address_lines[1]),
        (340, 160 + LEADING, address_lines[2]),
        (140, 190, "Người đại diện theo pháp luật"), (340, 190, "Trần Thị Thu"),
        (140, 210, "Tên sản phẩm đăng ký"), (340, 210, "Đồng hồ đo điện"),
        (480, 240, "GIÁM ĐỐC"), (420, 256, "(Ký, ghi rõ họ tên, đóng dấu)"),
    ]
    path = pdf_at(tmp_path / "form.pdf", texts)
    facts = DocumentFacts(file=path.name, kind="registration_form", kind_confidence=1.0)
    extract_registration(DocView.of(read_document(path, path.name)), facts)
    assert best(facts, "enterprise.name") == (" ".join(name_lines), 0.9)
    assert best(facts, "enterprise.address") == (" ".join(address_lines), 0.88)
    assert best(facts, "enterprise.tax_code") == ("0100109106", 0.95)
    assert best(facts, "product.name") == ("Đồng hồ đo điện", 0.88)


def test_rows_that_cannot_be_told_apart_give_doubtful_values(tmp_path):
    # top-aligned cells with no padding between rows: every line is one leading apart, so the
    # value lines under a row could close it or open the row below (a bottom-aligned table looks
    # the same). No value from such a table is taken without review.
    texts = [
        *FORM_TOP[:2], *lines(80, "I. THÔNG TIN VỀ DOANH NGHIỆP"),
        (140, 110, "Tên doanh nghiệp"), (340, 110, "CÔNG TY CỔ PHẦN THIẾT BỊ"), (340, 121, "ĐO LƯỜNG SÓC SƠN"),
        (140, 132, "Mã số thuế"), (340, 132, "0100109106"),
        (140, 143, "Địa chỉ trụ sở chính"), (340, 143, "Số 7 đường Núi Đôi, xã"),
        (340, 154, "Sóc Sơn, Thành phố Hà Nội"),
        (140, 165, "Người đại diện theo pháp luật"), (340, 165, "Trần Thị Thu"),
    ]
    path = pdf_at(tmp_path / "form.pdf", texts)
    facts = DocumentFacts(file=path.name, kind="registration_form", kind_confidence=1.0)
    extract_registration(DocView.of(read_document(path, path.name)), facts)
    text_fields = [c for c in facts.candidates if c.field in ("enterprise.name", "enterprise.address",
                                                              "enterprise.legal_representative")]
    assert len(text_fields) == 3
    assert all(c.confidence < 0.8 and "bảng hai cột" in str(c.note) for c in text_fields)
    assert best(facts, "enterprise.name") == ("CÔNG TY CỔ PHẦN THIẾT BỊ ĐO LƯỜNG SÓC SƠN", 0.6)  # read as Word lays out
    assert best(facts, "enterprise.tax_code") == ("0100109106", 0.95)  # its check digit vouches for it
