"""Legacy Vietnamese encodings (TCVN3/ABC, VNI) → Unicode, and no damage to real Unicode."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from extractors.ocr_numbers import join_split_numbers, repair_number
from extractors.textnorm import (
    TCVN3_TABLE,
    VNI_TABLE,
    decode_legacy,
    detect_legacy_encoding,
    fix_legacy,
    is_syllable,
    normalise_text,
)


def realdoc(name: str, folder: str) -> Path:
    """A real document: the copy vendored in tests/resources, else the shared collection."""
    vendored = Path(__file__).resolve().parent / "resources" / "realdocs" / name
    return vendored if vendored.exists() else Path("/work/shared/realdocs") / folder / name


CONG_BAO = realdoc("CongBao_379-380_2015_TT199-2014-BTC.pdf", "other")

SENTENCE = (
    "Công ty cổ phần Cơ khí Đông Anh, địa chỉ: số 18 đường Nguyễn Văn Cừ, quận Long Biên, Hà Nội. "
    "Doanh thu thuần về bán hàng năm 2024 đạt 379.097.804.138 đồng; lợi nhuận sau thuế tăng 18,2%."
)


def to_tcvn3(text: str) -> str:
    """Encode lower-case-toned Vietnamese the way an ABC keyboard with .VnTime stores it."""
    inverse = {v: k for k, v in TCVN3_TABLE.items() if k not in "\u03bc\u2212"}
    return "".join(inverse.get(c, c) for c in text)


def to_vni(text: str) -> str:
    """Encode Vietnamese the way VNI-Times stores it (base letter + mark byte)."""
    inverse: dict[str, str] = {}
    for source, target in VNI_TABLE.items():
        same_case = (source == source.lower() and target == target.lower()) or (
            source == source.upper() and target == target.upper())
        if target not in inverse or same_case:
            inverse[target] = source
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def test_tcvn3_table_spot_checks() -> None:
    assert decode_legacy("C«ng ty cæ phÇn", "tcvn3") == "Công ty cổ phần"
    assert decode_legacy("Hµ Néi", "tcvn3") == "Hà Nội"
    assert decode_legacy("®­êng", "tcvn3") == "đường"  # 0xAD (soft hyphen) is ư
    assert decode_legacy("§iÒu", "tcvn3") == "Điều"
    assert decode_legacy("c«ng", "tcvn3h") == "CÔNG"  # .VnTimeH draws lower-case codes in capitals
    # pdfium/poppler name ABC glyphs: Greek mu for à and the minus sign for ư
    assert decode_legacy("tμi", "tcvn3") == "tài"
    assert decode_legacy("Ng−êi", "tcvn3") == "Người"


def test_vni_table_spot_checks() -> None:
    assert decode_legacy("Vieät Nam", "vni") == "Việt Nam"
    assert decode_legacy("Thaønh phoá Hoà Chí Minh", "vni") == "Thành phố Hồ Chí Minh"
    assert decode_legacy("ñöôøng, nöôùc, naêm, Coâng ty", "vni") == "đường, nước, năm, Công ty"
    assert decode_legacy("NGÖÔØI ÑAÏI DIEÄN", "vni") == "NGƯỜI ĐẠI DIỆN"
    assert decode_legacy("quyù, kyõ thuaät, hoïc", "vni") == "quý, kỹ thuật, học"
    assert decode_legacy("chæ, nghóa, lôïi, ñòa", "vni") == "chỉ, nghĩa, lợi, địa"
    with pytest.raises(ValueError):
        decode_legacy("x", "viqr")


@pytest.mark.parametrize("encoder,name", [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_round_trip_by_statistics(encoder, name) -> None:
    legacy = encoder(SENTENCE)
    assert legacy != SENTENCE
    assert detect_legacy_encoding(legacy) == name
    assert normalise_text(legacy) == SENTENCE


@pytest.mark.parametrize("encoder,font", [(to_tcvn3, ".VnTime"), (to_vni, "VNI-Times")])
def test_round_trip_by_font_on_short_text(encoder, font) -> None:
    # One word is not enough evidence alone, but the font name settles it.
    word = encoder("cộng")
    assert normalise_text(word) == word
    assert normalise_text(word, [font]) == "cộng"


def test_uppercase_abc_font() -> None:
    assert normalise_text("b¸o c¸o tµi chÝnh", [".VnTimeH"]) == "BÁO CÁO TÀI CHÍNH"
    # with both plain and capital ABC fonts the run is unknown: convert, keep the case
    assert normalise_text("b¸o c¸o tµi chÝnh", [".VnTime", ".VnTimeH"]) == "báo cáo tài chính"


def test_unicode_font_named_but_text_is_unicode() -> None:
    # A style may name .VnTime while the runs hold Unicode: nothing must change.
    text = "Tên công ty: Công ty TNHH Hà Nội; có 120 lao động; cá, cà, ô tô."
    assert normalise_text(text, [".VnTime", "Times New Roman"]) == text


def test_mixed_line_converts_only_legacy_words() -> None:
    assert fix_legacy("1. Phải trả dµi h¹n người bán 331") == "1. Phải trả dài hạn người bán 331"
    assert fix_legacy("29- Doanh thu ho¹t ®éng tµi chÝnh (Mã số 22) Năm nay") == (
        "29- Doanh thu hoạt động tài chính (Mã số 22) Năm nay")


def test_mixed_document_lines() -> None:
    text = "BÁO CÁO TÀI CHÍNH\nTªn c«ng ty: C«ng ty TNHH Hµ Néi\nTổng cộng tài sản"
    assert normalise_text(text) == "BÁO CÁO TÀI CHÍNH\nTên công ty: Công ty TNHH Hà Nội\nTổng cộng tài sản"


UNTOUCHABLE = [
    "© 2024 Müller GmbH, Zürich — 5 µm ± 0,2 °C; ½ × 3 ÷ 2",
    "độ dày 5 µm ± 10 µm và 3 μm; a − b = x − y",
    "« Bonjour » dit José à São Paulo; naïve façade; Straße; señor; año; Noël; Öl; für; über",
    "The Company's shares are registered for trading on the UpCOM with the stock code QTP.",
    "1.234.567.890 đồng (1,234,567.89 USD) 18,2% 05/01/2023 0101234567-001 2023/QĐ-UBND",
    "Hoà Bình, Thuỷ lợi, Khoẻ mạnh, hoá chất, Quý khách, HOÀ, hóa",
    "cá có cò cà cú, bà ba, ô tô, ý kiến, ê a",
    "Ông Nguyễn Văn A, Bà Trần Thị B, CÔNG TY TNHH MỘT THÀNH VIÊN",
    "Peña Ñuñoa España Muñoz; Ångström Øresund Ærø; ÉCOLE ÉLÉMENTAIRE, ÉTÉ",
    "µm µg µs ë ë ñ ñ",
    "Mr. Nguyen Tuan Anh, Chairman; Mrs. Tran Thi Kim Chi, Member",
]


@pytest.mark.parametrize("text", UNTOUCHABLE)
def test_no_damage_to_unicode_english_numbers(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert normalise_text(text) == unicodedata.normalize("NFC", text)
    for word in text.split():
        assert normalise_text(word) == unicodedata.normalize("NFC", word)


def test_nfc_and_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Tiền và các khoản")
    assert normalise_text(decomposed + "\u00a0\u2003x\r\ny") == "Tiền và các khoản x\ny"


def test_syllable_shape() -> None:
    assert all(is_syllable(w) for w in ["nghiêng", "Đường", "khuyến", "quý", "giữa", "TỔNG"])
    assert not any(is_syllable(w) for w in ["company", "strength", "café", "Müller", "nd"])


@pytest.mark.skipif(not CONG_BAO.exists(), reason="realdocs missing")
def test_cong_bao_embedded_tcvn3_and_unicode_untouched() -> None:
    """The official gazette is Unicode with TCVN3 tables pasted in: fix those, nothing else."""
    raw = subprocess.run(["pdftotext", "-layout", str(CONG_BAO), "-"], capture_output=True, text=True,
                         check=True).stdout
    raw = unicodedata.normalize("NFC", raw)
    fixed = fix_legacy(raw)
    changed = [(a, b) for a, b in zip(raw.split("\n"), fixed.split("\n"), strict=True) if a != b]
    assert 20 <= len(changed) <= 40
    for before, after in changed:
        assert any(c in before for c in "¸µμ¶·¹¨»¾¼½ÆÇÈÉËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞß«¬®ª−§äåæçëîïñö÷øûüþ")
        assert not any(c in after for c in "¸µμ¶¹¨»¾¼½®«¬−")
    joined = "\n".join(after for _, after in changed)
    for phrase in ["tài sản ngắn hạn", "Người lập biểu", "Kế toán trưởng", "Giám đốc",
                   "(Ký, họ tên, đóng dấu)", "Lãi tiền gửi, tiền cho vay", "Cổ tức, lợi nhuận được chia"]:
        assert phrase in joined


def test_ocr_number_repair() -> None:
    assert repair_number("I23") == "123"
    assert repair_number("§82.092.912.598") == "882.092.912.598"
    assert repair_number("(I.785.593.198)") == "(1.785.593.198)"
    assert repair_number("S.522.242.671") == "5.522.242.671"
    for keep in ["III", "V.1", "10b", "I4I", "2I", "Ol", "l", "V.S", "B01-DN", "2024"]:
        assert repair_number(keep) == keep


def test_split_numbers_rejoined_only_when_grouping_proves_it() -> None:
    items = [
        ("Phải", (0, 0, 40, 20), 0.9), ("197.740.96", (100, 0, 200, 20), 0.9), ("1.966", (205, 0, 250, 20), 0.8),
        ("193.244.394.433", (300, 0, 400, 20), 0.9),
        ("21.196.", (0, 50, 60, 70), 0.9), ("591.203.438", (65, 50, 150, 70), 0.9),
        ("12", (200, 50, 220, 70), 0.9), ("3.456", (225, 50, 270, 70), 0.9),
        ("1.500.000.000", (300, 50, 400, 70), 0.9), ("1.500.000.000", (405, 50, 500, 70), 0.9),
        ("(18.396.", (0, 100, 50, 120), 0.9), ("335.", (55, 100, 80, 120), 0.9), ("519.", (85, 100, 110, 120), 0.9),
        ("322)", (115, 100, 140, 120), 0.9), ("1.234.56", (300, 100, 380, 120), 0.9),
        ("7.890.123", (460, 100, 540, 120), 0.9),  # a wide gap: another column, not the same number
    ]
    assert [text for text, _, _ in join_split_numbers(items)] == [
        "Phải", "197.740.961.966", "193.244.394.433", "21.196.591.203.438", "12", "3.456",
        "1.500.000.000", "1.500.000.000", "(18.396.335.519.322)", "1.234.56", "7.890.123"]
    joined = join_split_numbers(items)[1]
    assert joined[1] == (100, 0, 250, 20) and joined[2] == 0.8


def test_pdf_words_follow_their_converted_line() -> None:
    from extractors.base import Word
    from extractors.textnorm import fix_legacy_words

    line = ["1.", "Phải", "trả", "dµi", "h¹n", "người", "bán", "331"]
    words = [Word(text=t, bbox=(0.05 * i, 0.1, 0.05 * i + 0.04, 0.12)) for i, t in enumerate(line)]
    words.append(Word(text="Tæng", bbox=(0.0, 0.5, 0.04, 0.52)))  # alone on its line: no evidence
    fixed = fix_legacy_words(words)
    assert [w.text for w in fixed] == ["1.", "Phải", "trả", "dài", "hạn", "người", "bán", "331", "Tæng"]
    assert fixed[3].bbox == words[3].bbox
