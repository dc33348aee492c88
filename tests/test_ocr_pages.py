"""OCR of generated Vietnamese pages (skewed, noisy, upside down, sideways) and real scans."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extractors import image as image_module
from extractors import ocr
from extractors.errors import DocumentTimeoutError
from extractors.pdf import read_pdf
from extractors.settings import Settings, activate
from pipeline.ocr_accuracy import character_error_rate as cer

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
def realdoc(name: str, folder: str) -> Path:
    """A real document: the copy vendored in tests/resources, else the shared collection."""
    vendored = Path(__file__).resolve().parent / "resources" / "realdocs" / name
    return vendored if vendored.exists() else Path("/work/shared/realdocs") / folder / name


QTP_PDF = realdoc("QTP_2024_BCDKT_scan_ocrlayer_VI.pdf", "financial")
LINES = [
    "CÔNG TY CỔ PHẦN CƠ KHÍ ĐÔNG ANH",
    "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH",
    "Năm 2024 - Đơn vị tính: đồng",
    "Doanh thu bán hàng và cung cấp dịch vụ   01   379.097.804.138",
    "Các khoản giảm trừ doanh thu             02       34.986.573",
    "Giá vốn hàng bán                         11   371.027.648.807",
    "Lợi nhuận gộp về bán hàng                20     8.035.168.758",
    "Người lập biểu        Kế toán trưởng        Tổng giám đốc",
]
pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def render(lines: list[str] = LINES, *, skew: float = 0.0, noise: float = 0.0, turn: int = 0,
           seed: int = 0) -> Image.Image:
    """A page of text at ~300 dpi glyph size, tilted by ``skew``°, with speckle and blur."""
    font = ImageFont.truetype(FONT, 34)
    page = Image.new("L", (1500, 130 + 62 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for index, line in enumerate(lines):
        draw.text((70, 60 + 62 * index), line, font=font, fill=0)
    if skew:
        page = page.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rng = np.random.default_rng(seed)
        pixels = np.asarray(page, dtype=np.float32) + rng.normal(0, noise * 255, (page.height, page.width))
        pixels[rng.random(pixels.shape) < 0.002] = 0  # dust specks
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    return page.rotate(turn, expand=True) if turn else page




@pytest.fixture
def settings_env(monkeypatch):
    def apply(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"SPCNCL_{key.upper()}", value)
        activate(Settings())

    activate(None)
    yield apply
    activate(None)


def test_cer_helper() -> None:
    assert cer("Tổng cộng", "Tổng cộng") == 0
    assert cer("Tong cong", "Tổng cộng") == pytest.approx(2 / 9)


def test_skewed_noisy_page() -> None:
    result = ocr.ocr_image(render(skew=1.5, noise=0.12), dpi=300)
    assert result.skew == pytest.approx(-1.5, abs=0.2)
    assert result.rotation == 0
    assert cer(result.text, "\n".join(LINES)) < 0.03
    row = result.text.splitlines()[3]  # the label, its code and its amount stay on one row
    assert row.startswith("Doanh thu bán hàng") and row.endswith("01 379.097.804.138")
    assert 0.8 < result.confidence <= 1
    assert result.confidence == pytest.approx(sum(w.confidence for w in result.words) / len(result.words), abs=1e-3)
    for word in result.words:
        left, top, right, bottom = word.bbox
        assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1


def test_upside_down_page_is_turned_and_boxes_point_at_the_page_as_filed() -> None:
    lines = LINES[:5]
    result = ocr.ocr_image(render(lines, skew=1.5, noise=0.12, turn=180, seed=1), dpi=300)
    assert result.rotation == 180
    assert cer(result.text, "\n".join(lines)) < 0.04
    first = next(w for w in result.words if w.text == "CÔNG")
    assert first.bbox[1] > 0.6 and first.bbox[0] > 0.6  # the title sits bottom-right in the file


def test_sideways_page(settings_env) -> None:
    lines = LINES[:4]
    result = ocr.ocr_image(render(lines, noise=0.05, turn=90, seed=2), dpi=300)
    assert result.rotation == 90
    assert cer(result.text, "\n".join(lines)) < 0.04


def test_orientation_fallback_without_osd_model(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "installed_languages", lambda: frozenset({"vie", "eng"}))
    lines = LINES[:4]
    result = ocr.ocr_image(render(lines, noise=0.05, turn=180, seed=3), dpi=300)
    assert result.rotation == 180
    assert cer(result.text, "\n".join(lines)) < 0.04


def test_ocr_many_parallel_memo_and_thread_limit(monkeypatch, settings_env) -> None:
    settings_env(ocr_workers="2")
    ocr.clear_memo()
    calls: list[dict[str, str]] = []
    active, peak = [0], [0]
    lock = threading.Lock()
    real_run = ocr.subprocess.run

    def spy(command, **kwargs):
        with lock:
            calls.append(kwargs["env"])
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            return real_run(command, **kwargs)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(ocr.subprocess, "run", spy)
    page_a, page_b = render(LINES[:3]), render(LINES[3:6])
    results = dict(ocr.ocr_many([(1, page_a, 300), (2, page_b, 300), (3, page_a.copy(), 300)]))
    assert len(calls) == 2  # the identical third page was not read again
    assert peak[0] == 2  # the two distinct pages ran at the same time
    assert all(env["OMP_THREAD_LIMIT"] == "1" for env in calls)
    assert results[1] is results[3]
    assert "Giá vốn hàng bán" in results[2].text
    again = dict(ocr.ocr_many([(7, page_b, 300)]))  # a later document with the same page
    assert len(calls) == 2 and again[7] is results[2]


@pytest.mark.skipif(not QTP_PDF.exists(), reason="realdocs missing")
def test_garbled_layer_pdf_is_ocred() -> None:
    document = read_pdf(QTP_PDF, "financial/QTP.pdf")
    page = document.pages[0]
    assert page.source == "ocr" and page.layer_rejected == "lost_diacritics"
    for phrase in ["TÀI SẢN", "Tiền và các khoản tương đương tiền", "Phải thu ngắn hạn của khách hàng",
                   "Hàng tồn kho", "Tài sản cố định", "Thuế giá trị gia tăng được khấu trừ"]:
        assert phrase in page.text
    assert "Mã" in page.text and "số" in page.text
    assert "7.422.915.123.664" in page.text  # total assets, end of year
    assert page.confidence > 0.75 and len(page.words) > 150
    row = next(line for line in page.text.splitlines() if "Phải thu ngắn hạn khác" in line)
    assert "197.740.961.966" in row  # the figure stayed on its label's row


@pytest.mark.skipif(not QTP_PDF.exists(), reason="realdocs missing")
def test_ocr_timeout_is_reported(settings_env) -> None:
    settings_env(ocr_timeout="0.01")
    ocr.clear_memo()
    with pytest.raises(DocumentTimeoutError):
        image_module.ocr_pdf_pages(QTP_PDF, [1])
    document = read_pdf(QTP_PDF, "financial/QTP.pdf")  # the reader records it, keeps going
    assert document.pages[0].source == "text_layer" and document.pages[0].text == ""
    assert any("thời gian" in w for w in document.warnings)


def test_english_page_is_read_again_with_all_languages(monkeypatch, settings_env) -> None:
    settings_env(ocr_languages="vie+eng")
    english = [("The", (10, 10, 60, 40), 0.8), ("Company", (70, 10, 200, 40), 0.8), ("is", (210, 10, 230, 40), 0.8),
               ("a", (240, 10, 250, 40), 0.8), ("joint", (260, 10, 320, 40), 0.8), ("stock", (330, 10, 400, 40), 0.8),
               ("company", (410, 10, 520, 40), 0.8), ("of", (530, 10, 550, 40), 0.8)]
    languages: list[str] = []

    def fake_read(image, dpi, langs):
        languages.append(langs)
        return ocr._Read(size=image.size, items=[(t, b, 0.95 if "+" in langs else c) for t, b, c in english])

    monkeypatch.setattr(ocr, "read_tsv", fake_read)
    result = ocr.ocr_image(Image.new("L", (600, 60), 255), dpi=300)
    assert languages == ["vie", "vie+eng"]
    assert result.confidence == pytest.approx(0.95)
    assert result.text == "The Company is a joint stock company of"
    languages.clear()
    vietnamese = [("Tổng", (10, 10, 60, 40), 0.9), ("cộng", (70, 10, 130, 40), 0.9)]
    monkeypatch.setattr(ocr, "read_tsv", lambda image, dpi, langs: languages.append(langs) or ocr._Read(
        size=image.size, items=vietnamese))
    assert ocr.ocr_image(Image.new("L", (600, 60), 255), dpi=300).text == "Tổng cộng"
    assert languages == ["vie"]  # Vietnamese pages are read once, with the Vietnamese model alone


def test_document_deadline_stops_ocr() -> None:
    from extractors.safety import deadline

    ocr.clear_memo()
    with deadline(0.0), pytest.raises(DocumentTimeoutError):
        dict(ocr.ocr_many([(1, render(LINES[:2]), 300)]))


@pytest.mark.skipif(not QTP_PDF.exists(), reason="realdocs missing")
def test_scans_keep_their_resolution_unless_too_coarse(tmp_path: Path) -> None:
    (_, qtp, qtp_dpi), = image_module.render_pdf_pages(QTP_PDF, [1], 300)
    assert qtp_dpi == 300 and qtp.size[0] > 2400  # a 150-dpi scan is enlarged for the diacritics
    page = tmp_path / "scan200.pdf"
    render(LINES[:3]).save(page, resolution=200.0)
    (_, image, dpi), = image_module.render_pdf_pages(page, [1], 300)
    assert dpi == 200 and abs(image.size[0] - 1500) <= 1 and abs(image.size[1] - 316) <= 1  # read as it is
