"""A high-tech certificate counts only when it names *this* product and holds on the deadline: a
firm's certificate for its other product does not make this one high-tech."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.extract import extract_facts
from extractors.registry import read_document
from pipeline.assemble import Pool
from pipeline.classify import classify_high_tech
from pipeline.models import Evidence, Field
from pipeline.rubric import load_rubric
from tests.variations.facts import national_header
from tests.variations.render import Doc, Para, Table, write

DEADLINE = dt.date(2026, 9, 30)


def certificate(product: str, signed: str = "20 tháng 5 năm 2024", term: str = "05 năm") -> Doc:
    """A Ministry of Science and Technology high-tech enterprise certificate in a two-column layout
    whose label wraps beside the product it names."""
    return Doc([
        Table([["BỘ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 56/GCN-BKHCN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày " + signed]], widths=(80, 95), grid=False, bold_rows=0),
        Para("GIẤY CHỨNG NHẬN\nDOANH NGHIỆP CÔNG NGHỆ CAO", bold=True, size=13, align="center"),
        Para("BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ"),
        Para("Căn cứ Luật Công nghệ cao ngày 13 tháng 11 năm 2008; xét hồ sơ đề nghị của doanh nghiệp,"),
        Para("CHỨNG NHẬN:", bold=True),
        Table([["Tên doanh nghiệp:", "CÔNG TY CỔ PHẦN CHIẾU SÁNG MINH QUANG"],
               ["Mã số doanh nghiệp:", "0108234564"],
               ["Là doanh nghiệp công nghệ cao sản xuất sản phẩm công nghệ cao:", product],
               ["Thuộc Danh mục:", "Sản phẩm công nghệ cao được khuyến khích phát triển (mục 63 Phụ lục II)"]],
              widths=(55, 120), grid=False, bold_rows=0, valign="MIDDLE"),
        Para(f"Giấy chứng nhận này có hiệu lực {term} kể từ ngày ký."),
        *national_header()[:0],
    ])


def judged(tmp_path, product_on_form: str, doc: Doc) -> Field:
    path = write(doc, "pdf", tmp_path / "gcn_cnc")
    facts = extract_facts(read_document(path, path.name))
    assert [f.kind for f in facts] == ["high_tech_certificate"]
    rubric = load_rubric()
    name = Field(value=product_on_form, confidence=0.9, evidence=[Evidence(file="phieu.docx", page=None, text="")])
    return classify_high_tech(Pool(facts), rubric, name, DEADLINE)


def test_certificate_naming_this_product_makes_it_high_tech(tmp_path):
    field = judged(tmp_path, "Đèn LED chiếu sáng đường phố thông minh",
                   certificate("Đèn LED chiếu sáng đường phố thông minh"))
    assert field.value is True and field.confidence >= 0.9


def test_certificate_for_the_firms_other_product_does_not_count(tmp_path):
    """A firm's high-tech certificate for another of its products once made every product of the
    firm high-tech (10 points and the 10-tỷ floor instead of 100)."""
    field = judged(tmp_path, "Tủ điện điều khiển trung thế", certificate("Đèn LED chiếu sáng đường phố thông minh"))
    assert field.value is False
    assert field.note and "Đèn LED chiếu sáng đường phố thông minh" in field.note


@pytest.mark.parametrize(("signed", "term", "counts"), [
    ("20 tháng 5 năm 2024", "05 năm", True),
    ("20 tháng 5 năm 2021", "05 năm", False),   # ended 19/05/2026, before the deadline
    ("01 tháng 10 năm 2021", "05 năm", True),   # ends 30/09/2026: the deadline itself still counts
    ("20 tháng 5 năm 2021", "10 năm", True),    # the term the certificate states wins over the default
])
def test_certificate_holds_for_its_stated_term_from_signing(tmp_path, signed, term, counts):
    field = judged(tmp_path, "Đèn LED chiếu sáng đường phố thông minh",
                   certificate("Đèn LED chiếu sáng đường phố thông minh", signed, term))
    assert field.value is counts


def test_a_name_on_the_national_list_without_a_certificate_is_only_a_doubt():
    """A product whose name matched the list once became high-tech (the 10-tỷ floor, 10 points)
    with no certificate in the dossier."""
    import csv
    from pathlib import Path

    rubric = load_rubric()
    listed = Path(rubric.source_path).parent / rubric.high_tech_list
    with listed.open(encoding="utf-8") as handle:
        item = next(row for row in csv.DictReader(handle) if row.get("name"))
    name = Field(value=item["name"], confidence=0.9, evidence=[Evidence(file="phieu.docx", page=None, text="")])
    field = classify_high_tech(Pool([]), rubric, name, DEADLINE)
    assert field.value is False and field.confidence < 0.8 and "danh mục" in (field.note or "")
