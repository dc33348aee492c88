"""A Word file reads as Word displays it: tracked changes as they stand, hidden text left out,
text boxes, notes and headers read, comments not, each run decoded from its own font."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

from extractors.docx_reader import read_docx
from tests.docx_build import build_docx, p, r
from tests.test_legacy_fonts_docx import tcvn3

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def text_of(path: Path) -> str:
    return read_docx(path, "hs/x.docx").pages[0].text


def test_tracked_insertions_read_and_deletions_not(tmp_path: Path) -> None:
    body = (
        p(r("Doanh thu năm 2024: "),
          "<w:del w:id='1' w:author='KT'><w:r><w:delText>350.000.000.000</w:delText></w:r></w:del>",
          "<w:ins w:id='2' w:author='KT'>" + r("379.097.804.138") + "</w:ins>", r(" đồng"))
        + p("<w:moveFrom w:id='3' w:author='KT'>" + r("Ghi chú cũ") + "</w:moveFrom>", r("Hết"))
        + "<w:tbl><w:tr><w:tc>" + p(r("Năm 2023")) + "</w:tc></w:tr>"
        "<w:tr><w:trPr><w:del w:id='4' w:author='KT'/></w:trPr><w:tc>" + p(r("Dòng đã xoá")) + "</w:tc></w:tr>"
        "</w:tbl>"
    )
    document = read_docx(build_docx(tmp_path / "track.docx", body), "hs/t.docx")
    text = document.pages[0].text
    assert "Doanh thu năm 2024: 379.097.804.138 đồng" in text.split("\n")
    assert "350.000.000.000" not in text and "Ghi chú cũ" not in text and "Dòng đã xoá" not in text
    assert document.pages[0].tables == [[["Năm 2023"]]]


def test_hidden_text_by_run_or_style_is_not_read(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("GhiChuAn", 2)  # a character style that hides its runs
    style.font.hidden = True
    paragraph = document.add_paragraph("Số lao động: ")
    paragraph.add_run("(bản nháp: 120) ").font.hidden = True
    paragraph.add_run("(cũ: 98) ", style="GhiChuAn")
    paragraph.add_run("135 người")
    hidden_paragraph = document.add_paragraph()
    hidden_paragraph.add_run("Đoạn ẩn hoàn toàn").font.hidden = True
    document.add_paragraph("Hết")
    path = tmp_path / "hidden.docx"
    document.save(str(path))
    assert text_of(path).split("\n") == ["Số lao động: 135 người", "Hết"]


def test_text_boxes_read_after_their_anchor_once(tmp_path: Path) -> None:
    """A DrawingML text box stores a VML fallback copy; only one copy is read."""
    box = (p(r("ĐÃ ĐỐI CHIẾU BẢN CHÍNH")))
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor><a:graphic>"
        "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>" + box + "</w:txbxContent></wps:txbx>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" + box + "</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    vml = ("<w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p(r("Số: 15/2026/GCN"))
           + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    body = p(r("GIẤY CHỨNG NHẬN"), drawing) + p(r("Cấp cho: Công ty A"), vml)
    assert text_of(build_docx(tmp_path / "box.docx", body)).split("\n") == [
        "GIẤY CHỨNG NHẬN", "ĐÃ ĐỐI CHIẾU BẢN CHÍNH", "Cấp cho: Công ty A", "Số: 15/2026/GCN"]


def test_footnotes_read_after_body_and_comments_not_read(tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = p(r("Doanh thu xuất khẩu: 12,5 triệu USD"), "<w:r><w:footnoteReference w:id='2'/></w:r>",
             "<w:commentRangeStart w:id='0'/>", r(" (đã kiểm toán)"), "<w:commentRangeEnd w:id='0'/>",
             "<w:r><w:commentReference w:id='0'/></w:r>")
    path = build_docx(tmp_path / "notes.docx", body)
    from tests.docx_build import add_part
    add_part(path, "footnotes.xml",
             f"<w:footnotes xmlns:w='{w}'><w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/>"
             "</w:r></w:p></w:footnote><w:footnote w:id='2'><w:p><w:r><w:t>Theo tờ khai hải quan năm 2025.</w:t>"
             "</w:r></w:p></w:footnote><w:footnote w:id='3'><w:p><w:r><w:t>Chú thích không còn dùng</w:t>"
             "</w:r></w:p></w:footnote></w:footnotes>",
             f"{RT}/footnotes", f"{CT}.footnotes+xml")
    add_part(path, "comments.xml",
             f"<w:comments xmlns:w='{w}'><w:comment w:id='0' w:author='SCT'><w:p><w:r>"
             "<w:t>Số liệu chưa khớp báo cáo</w:t></w:r></w:p></w:comment></w:comments>",
             f"{RT}/comments", f"{CT}.comments+xml")
    lines = text_of(path).split("\n")
    assert lines[0] == "Doanh thu xuất khẩu: 12,5 triệu USD (đã kiểm toán)"  # no footnote mark glued on
    assert "Theo tờ khai hải quan năm 2025." in lines
    assert not any("không còn dùng" in line or "chưa khớp" in line for line in lines)


def test_header_table_and_first_page_header_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Nội dung")
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header_table = section.first_page_header.add_table(rows=1, cols=2, width=Pt(400))
    header_table.cell(0, 0).text = "CÔNG TY CP ĐÔNG Á"
    header_table.cell(0, 1).text = "Mẫu 01/SPCNCL"
    section.header.add_paragraph("Trang sau")
    document.add_section()  # a second section linked to the first: its headers are the same
    path = tmp_path / "head.docx"
    document.save(str(path))
    lines = text_of(path).split("\n")
    assert lines.count("CÔNG TY CP ĐÔNG Á\tMẫu 01/SPCNCL") == 1
    assert lines.count("Trang sau") == 1


def test_vntimeh_title_in_capitals_next_to_vntime_and_unicode_runs(tmp_path: Path) -> None:
    """A registration form's title in .VnTimeH, body in .VnTime, one edit in Unicode."""
    vntimeh = "<w:rFonts w:ascii='.VnTimeH' w:hAnsi='.VnTimeH'/>"
    vntime = "<w:rFonts w:ascii='.VnTime' w:hAnsi='.VnTime'/>"
    unicode_font = "<w:rFonts w:ascii='Times New Roman' w:hAnsi='Times New Roman'/>"
    body = (p(r(tcvn3("phiếu đăng ký sản phẩm"), vntimeh))
            + p(r(tcvn3("1. Tên doanh nghiệp: "), vntime), r(tcvn3("công ty cổ phần thăng long"), vntimeh))
            + p(r(tcvn3("Địa chỉ: "), vntime), r("Số 5 phố Huế, Hà Nội", unicode_font)))
    assert text_of(build_docx(tmp_path / "fonts.docx", body)).split("\n")[:3] == [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM",
        "1. Tên doanh nghiệp: CÔNG TY CỔ PHẦN THĂNG LONG",
        "Địa chỉ: Số 5 phố Huế, Hà Nội"]


def test_legacy_font_from_paragraph_style_decodes_runs(tmp_path: Path) -> None:
    """The font is set once in a paragraph style; runs name none."""
    document = docx.Document()
    style = document.styles.add_style("TieuDeVn", 1)
    style.font.name = ".VnTimeH"
    document.add_paragraph(tcvn3("báo cáo tài chính"), style="TieuDeVn")
    normal = document.styles["Normal"]
    normal.font.name = ".VnTime"
    document.add_paragraph(tcvn3("Tổng cộng tài sản"))
    path = tmp_path / "styles.docx"
    document.save(str(path))
    assert text_of(path).split("\n")[:2] == ["BÁO CÁO TÀI CHÍNH", "Tổng cộng tài sản"]


def test_all_caps_runs_read_in_capitals(tmp_path: Path) -> None:
    body = p(r("giấy chứng nhận đăng ký doanh nghiệp", "<w:caps/>"))
    assert text_of(build_docx(tmp_path / "caps.docx", body)).split("\n")[0] == "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"
