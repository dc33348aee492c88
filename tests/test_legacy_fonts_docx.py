"""Word files typed in TCVN3 (.VnTime) or VNI (VNI-Times) come out of read_docx as Unicode."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx

from extractors.docx_reader import read_docx
from extractors.textnorm import TCVN3_TABLE, VNI_TABLE

BODY = [
    "Công ty cổ phần Cơ khí Đông Anh",
    "Địa chỉ trụ sở chính: số 18 đường Nguyễn Văn Cừ, quận Long Biên, Hà Nội",
    "Mã số doanh nghiệp: 0101234567",
    "Doanh thu bán hàng và cung cấp dịch vụ năm 2024: 379.097.804.138 đồng",
]
TABLE = [
    ["Chỉ tiêu", "Mã số", "Năm nay", "Năm trước"],
    ["Doanh thu thuần về bán hàng", "10", "379.062.817.565", "337.266.056.540"],
    ["Lợi nhuận sau thuế thu nhập doanh nghiệp", "60", "26.877.572.442", "31.044.202.259"],
    ["Tổng cộng", "", "", ""],
]


def tcvn3(text: str) -> str:
    inverse = {v: k for k, v in TCVN3_TABLE.items() if k not in "\u03bc\u2212"}
    return "".join(inverse.get(c, c) for c in text)


def vni(text: str) -> str:
    inverse: dict[str, str] = {}
    for source, target in VNI_TABLE.items():
        same_case = (source == source.lower() and target == target.lower()) or (
            source == source.upper() and target == target.upper())
        if target not in inverse or same_case:
            inverse[target] = source
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def build(path: Path, encode, font: str, title: tuple[str, str] | None = None) -> Path:
    """A statement-like .docx whose runs use ``font`` and hold ``encode``d text."""
    document = docx.Document()
    if title:
        run = document.add_paragraph().add_run(title[0])
        run.font.name = title[1]
    for line in BODY:
        run = document.add_paragraph().add_run(encode(line))
        run.font.name = font
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            paragraph.add_run(encode(value)).font.name = font
    document.save(str(path))
    return path


def check(document, expected_title: str | None = None) -> None:
    text = document.pages[0].text
    for line in BODY:
        assert line in text
    if expected_title:
        assert text.startswith(expected_title)
    assert document.pages[0].tables[0] == TABLE
    assert "\t".join(TABLE[1]) in text


def test_vntime_docx_reads_as_unicode(tmp_path: Path) -> None:
    path = build(tmp_path / "tcvn3.docx", tcvn3, ".VnTime")
    raw = docx.Document(str(path)).paragraphs[0].text
    assert raw == "C«ng ty cæ phÇn C¬ khÝ §«ng Anh"  # what Word stores: mojibake
    document = read_docx(path, "hs/tcvn3.docx")
    assert ".VnTime" in document.fonts
    check(document)


def test_vni_times_docx_reads_as_unicode(tmp_path: Path) -> None:
    path = build(tmp_path / "vni.docx", vni, "VNI-Times")
    raw = docx.Document(str(path)).paragraphs[0].text
    assert raw == "Coâng ty coå phaàn Cô khí Ñoâng Anh"
    document = read_docx(path, "hs/vni.docx")
    check(document)


def test_unicode_title_with_vntime_body(tmp_path: Path) -> None:
    """An old file edited later: a Unicode heading above a .VnTime body."""
    path = build(tmp_path / "mixed.docx", tcvn3, ".VnTime",
                 title=("BÁO CÁO TÀI CHÍNH NĂM 2024", "Times New Roman"))
    check(read_docx(path, "hs/mixed.docx"), expected_title="BÁO CÁO TÀI CHÍNH NĂM 2024")


def test_plain_unicode_docx_untouched(tmp_path: Path) -> None:
    path = build(tmp_path / "unicode.docx", lambda s: s, "Times New Roman")
    check(read_docx(path, "hs/unicode.docx"))
