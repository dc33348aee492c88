"""Which PDF text layers are kept and which are sent to OCR."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.layout import words_to_text
from extractors.pdf import page_words
from extractors.textnorm import fold
from extractors.textquality import judge_text_layer

VIETNAMESE = (
    "Doanh thu bán hàng và cung cấp dịch vụ\t01\t379.097.804.138\t337.281.245.652\n"
    "Các khoản giảm trừ doanh thu\t02\t34.986.573\t15.189.112\n"
    "Doanh thu thuần về bán hàng và cung cấp dịch vụ\t10\t379.062.817.565\t337.266.056.540\n"
    "Giá vốn hàng bán\t11\t371.027.648.807\t263.600.339.339\n"
    "Lợi nhuận gộp về bán hàng và cung cấp dịch vụ\t20\t8.035.168.758\t73.665.717.201\n"
    "Người lập biểu\tKế toán trưởng\tTổng giám đốc\n"
)
ENGLISH = (
    "Quang Ninh Thermal Power Joint Stock Company is a joint stock company established under Business "
    "Registration Certificate No. 5700434869, issued by the Quang Ninh Department of Planning and "
    "Investment on December 16, 2002. BOARD OF DIRECTORS: Mr. Nguyen Tuan Anh, Chairman; Mr. Ngo Sinh "
    "Nghia, Member; Mr. Nguyen Quang Huy, Member; Mr. Nguyen Viet Dung, Member; Mr. Tran Duc Hung, Member."
)


def realdoc(name: str, folder: str) -> Path:
    """A real document: the copy vendored in tests/resources, else the shared collection."""
    vendored = Path(__file__).resolve().parent / "resources" / "realdocs" / name
    return vendored if vendored.exists() else Path("/work/shared/realdocs") / folder / name


def layer(path: Path, index: int = 0) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return words_to_text(page_words(pdf[index]))
    finally:
        pdf.close()


def test_normal_pages_are_kept() -> None:
    assert judge_text_layer(VIETNAMESE).usable
    assert judge_text_layer(ENGLISH).usable
    assert judge_text_layer("Số đầu năm ........................ Số cuối năm ........................" * 3).usable


def test_vietnamese_without_any_diacritic_is_a_lost_layer() -> None:
    stripped = fold(VIETNAMESE)
    assert stripped.startswith("doanh thu ban hang")
    verdict = judge_text_layer(stripped)
    assert not verdict.usable and verdict.reason == "lost_diacritics"
    # English with Vietnamese names and no diacritics at all is still English
    assert judge_text_layer(fold(ENGLISH)).usable


def test_empty_symbol_and_salad_layers() -> None:
    assert judge_text_layer("  12  ").reason == "no_text_layer"
    assert judge_text_layer("¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿" * 4).reason == "garbage_text_layer"
    assert judge_text_layer("\ue001\ue002\ue003 \ue004\ue005" * 20).reason == "garbage_text_layer"
    salad = "Taisanc6djnhhltuhinh mOn140 Thu6dinh phAi nAm c8d TAisan v5tu dugc2b " * 5
    assert judge_text_layer(salad).reason == "garbage_text_layer"
    shifted = "Dqqxdo uhsruw ri wkh erdug ri gluhfwruv iru wkh ilqdqfldo bhdu hqghg " * 4  # broken font map
    assert judge_text_layer(shifted).reason == "garbage_text_layer"


def test_tcvn3_layer_is_judged_as_its_unicode() -> None:
    tcvn3 = "Doanh thu b¸n hµng vµ cung cÊp dÞch vô\t01\t379.097.804.138\nGi¸ vèn hµng b¸n\t11\t371.027.648.807\n" * 3
    assert judge_text_layer(tcvn3).usable


@pytest.mark.parametrize("name,pages,usable,reason", [
    ("financial/QTP_2024_BCDKT_scan_ocrlayer_VI.pdf", [0], False, "lost_diacritics"),
    ("financial/KQKD_income_statement_crop_unknownco_tesseract.pdf", [0], True, None),
    ("financial/QTP_2024_audited_FS_EN_excerpt5p_scan_ocrlayer.pdf", [0, 1, 2, 3, 4], True, None),
    ("financial/BCDKT_longterm_assets_crop_unknownco_tesseract.pdf", [0], True, None),
    ("financial/TM_bonus_welfare_funds_crop_unknownco_tesseract.pdf", [0], True, None),
    ("financial/TM_financial_instruments_2021_crop_unknownco_tesseract.pdf", [0], True, None),
    ("other/Vietravel_branch_list_crop_tesseract.pdf", [0], True, None),
    ("other/CongBao_379-380_2015_TT199-2014-BTC.pdf", [0, 1, 41, 42, 43, 69, 70, 71, 75], True, None),
])
def test_real_layers(name: str, pages: list[int], usable: bool, reason: str | None) -> None:
    folder, _, filename = name.partition("/")
    path = realdoc(filename, folder)
    if not path.exists():
        pytest.skip(f"{name} not available")
    for index in pages:
        verdict = judge_text_layer(layer(path, index))
        assert (verdict.usable, verdict.reason) == (usable, reason), (name, index)
