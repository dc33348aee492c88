"""Word forms read as Word shows them: content controls, check boxes, fields, symbols, tabs."""

from __future__ import annotations

from pathlib import Path

from extractors.docx_reader import read_docx
from tests.docx_build import build_docx, p, r


def lines(path: Path) -> list[str]:
    return read_docx(path, "hs/form.docx").pages[0].text.split("\n")


def test_block_level_content_control_paragraph_and_table_are_read(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='Tên doanh nghiệp'/></w:sdtPr><w:sdtContent>"
        + p(r("Tên doanh nghiệp: Công ty TNHH Cơ khí Đông Anh"))
        + "</w:sdtContent></w:sdt>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tbl><w:tr>"
        "<w:tc>" + p(r("Doanh thu 2024")) + "</w:tc><w:tc>" + p(r("379.097.804.138")) + "</w:tc>"
        "</w:tr></w:tbl></w:sdtContent></w:sdt>"
    )
    document = read_docx(build_docx(tmp_path / "sdt.docx", body), "hs/sdt.docx")
    text = document.pages[0].text
    assert "Tên doanh nghiệp: Công ty TNHH Cơ khí Đông Anh" in text.split("\n")
    assert "Doanh thu 2024\t379.097.804.138" in text.split("\n")
    assert document.pages[0].tables == [[["Doanh thu 2024", "379.097.804.138"]]]


def test_inline_content_control_value_is_read_and_placeholder_prompt_is_not(tmp_path: Path) -> None:
    body = (
        p(r("Mã số doanh nghiệp: "),
          "<w:sdt><w:sdtPr/><w:sdtContent>" + r("0101234567") + "</w:sdtContent></w:sdt>")
        + p(r("Số điện thoại: "),
            "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
            + r("Click or tap here to enter text.") + "</w:sdtContent></w:sdt>")
    )
    assert lines(build_docx(tmp_path / "f.docx", body))[:2] == [
        "Mã số doanh nghiệp: 0101234567", "Số điện thoại: "]


def test_rows_and_cells_inside_content_controls_are_read(tmp_path: Path) -> None:
    """Repeating sections wrap table rows (and sometimes cells) in content controls."""
    body = (
        "<w:tbl><w:tr><w:tc>" + p(r("Năm")) + "</w:tc><w:tc>" + p(r("Doanh thu")) + "</w:tc></w:tr>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tr>"
        "<w:tc>" + p(r("2024")) + "</w:tc>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tc>" + p(r("12.500")) + "</w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    document = read_docx(build_docx(tmp_path / "rows.docx", body), "hs/rows.docx")
    assert document.pages[0].tables == [[["Năm", "Doanh thu"], ["2024", "12.500"]]]


def test_checkbox_content_controls_read_as_their_checked_state(tmp_path: Path) -> None:
    def box(checked: bool, glyph: str) -> str:
        return (f"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val='{int(checked)}'/></w14:checkbox>"
                f"</w:sdtPr><w:sdtContent>{r(glyph)}</w:sdtContent></w:sdt>")

    body = p(box(True, "☒"), r(" Cơ khí chế tạo")) + p(box(False, "☐"), r(" Dệt may"))
    assert lines(build_docx(tmp_path / "cb.docx", body))[:2] == ["☒ Cơ khí chế tạo", "☐ Dệt may"]


def test_wingdings_symbols_read_as_ticks_and_boxes(tmp_path: Path) -> None:
    """Forms tick a group with Insert Symbol: Wingdings þ/¨, or a w:sym element."""
    wingdings = "<w:rFonts w:ascii='Wingdings' w:hAnsi='Wingdings'/>"
    body = (
        p("<w:r><w:sym w:font='Wingdings' w:char='F0FE'/></w:r>", r(" Điện tử - tin học"))
        + p(r("¨", wingdings), r(" Chế biến thực phẩm"))
        + p("<w:r><w:sym w:font='Wingdings 2' w:char='F053'/></w:r>", r(" ISO 9001"))
        + p("<w:r><w:sym w:font='Wingdings' w:char='F0FC'/></w:r>", r(" Đạt"))
    )
    assert lines(build_docx(tmp_path / "sym.docx", body))[:4] == [
        "☑ Điện tử - tin học", "☐ Chế biến thực phẩm", "☒ ISO 9001", "✓ Đạt"]


def test_legacy_form_fields_read_as_state_and_text_result(tmp_path: Path) -> None:
    def checkbox(checked: bool) -> str:
        return ("<w:r><w:fldChar w:fldCharType='begin'><w:ffData><w:name w:val='C'/><w:checkBox>"
                f"<w:sizeAuto/><w:default w:val='0'/><w:checked w:val='{int(checked)}'/></w:checkBox>"
                "</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>"
                "<w:r><w:fldChar w:fldCharType='end'/></w:r>")

    text_field = ("<w:r><w:fldChar w:fldCharType='begin'><w:ffData><w:textInput/></w:ffData></w:fldChar></w:r>"
                  "<w:r><w:instrText> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>"
                  + r("Công ty CP Đông Á") + "<w:r><w:fldChar w:fldCharType='end'/></w:r>")
    dropdown = ("<w:r><w:fldChar w:fldCharType='begin'><w:ffData><w:ddList><w:result w:val='1'/>"
                "<w:listEntry w:val='Doanh nghiệp nhỏ'/><w:listEntry w:val='Doanh nghiệp vừa'/></w:ddList>"
                "</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r>"
                "<w:r><w:fldChar w:fldCharType='end'/></w:r>")
    body = (p(checkbox(True), r(" Có xuất khẩu")) + p(checkbox(False), r(" Không"))
            + p(r("Tên: "), text_field) + p(r("Quy mô: "), dropdown))
    assert lines(build_docx(tmp_path / "ff.docx", body))[:4] == [
        "☒ Có xuất khẩu", "☐ Không", "Tên: Công ty CP Đông Á", "Quy mô: Doanh nghiệp vừa"]


def test_field_codes_hidden_and_field_results_read(tmp_path: Path) -> None:
    nested = ("<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
              "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>MERGEFIELD Ten</w:instrText></w:r>"
              "<w:r><w:fldChar w:fldCharType='separate'/></w:r>" + r("«Ten»")
              + "<w:r><w:fldChar w:fldCharType='end'/></w:r><w:r><w:instrText> = \"\" \"x\" </w:instrText></w:r>"
              "<w:r><w:fldChar w:fldCharType='separate'/></w:r>" + r("Hà Nội")
              + "<w:r><w:fldChar w:fldCharType='end'/></w:r>")
    body = (p(r("Ngày lập: "), "<w:fldSimple w:instr=' DATE \\@ &quot;dd/MM/yyyy&quot; '>"
              + r("21/07/2026") + "</w:fldSimple>")
            + p(r("Nơi cấp: "), nested)
            + p(r("Không có kết quả: "), "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
                "<w:r><w:instrText>TC \"mục lục\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>",
                r("hết")))
    assert lines(build_docx(tmp_path / "fld.docx", body))[:3] == [
        "Ngày lập: 21/07/2026", "Nơi cấp: Hà Nội", "Không có kết quả: hết"]


def test_field_result_spanning_paragraphs_is_read(tmp_path: Path) -> None:
    body = (p("<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>TOC \\o</w:instrText></w:r>"
              "<w:r><w:fldChar w:fldCharType='separate'/></w:r>", r("1. Thông tin doanh nghiệp"))
            + p(r("2. Thông tin sản phẩm"), "<w:r><w:fldChar w:fldCharType='end'/></w:r>")
            + p(r("Nội dung")))
    assert lines(build_docx(tmp_path / "toc.docx", body))[:3] == [
        "1. Thông tin doanh nghiệp", "2. Thông tin sản phẩm", "Nội dung"]


def test_tab_between_label_and_value_is_a_cell_boundary(tmp_path: Path) -> None:
    body = (p(r("Vốn điều lệ:"), "<w:r><w:tab/></w:r>", r("50.000.000.000 đồng"))
            + p(r("Địa chỉ: số 5"), "<w:r><w:br/></w:r>", r("phường Phúc Xá"))
            + p(r("Mã HS 8504"), "<w:r><w:noBreakHyphen/></w:r>", r("40"), "<w:r><w:softHyphen/></w:r>", r("00")))
    assert lines(build_docx(tmp_path / "tab.docx", body))[:4] == [
        "Vốn điều lệ:\t50.000.000.000 đồng", "Địa chỉ: số 5", "phường Phúc Xá", "Mã HS 8504-4000"]
