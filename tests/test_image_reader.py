"""read_image: real scans, EXIF-rotated phone photos, multi-page TIFF, limits and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import image as image_reader
from extractors import ocr
from extractors.errors import CorruptFileError, LimitExceededError
from extractors.image import read_image
from extractors.settings import Settings, activate


def realdoc(name: str, folder: str) -> Path:
    """A real document: the copy vendored in tests/resources, else the shared collection."""
    vendored = Path(__file__).resolve().parent / "resources" / "realdocs" / name
    return vendored if vendored.exists() else Path("/work/shared/realdocs") / folder / name


QTP_JPG = realdoc("QTP_2024_BCDKT_page6.jpg", "financial")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def text_image(lines: list[str], size: int = 34) -> Image.Image:
    font = ImageFont.truetype(FONT, size)
    page = Image.new("RGB", (1400, 120 + int(size * 1.8) * len(lines)), "white")
    draw = ImageDraw.Draw(page)
    for index, line in enumerate(lines):
        draw.text((60, 60 + int(size * 1.8) * index), line, font=font, fill="black")
    return page


@pytest.fixture
def settings_env(monkeypatch):
    def apply(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"SPCNCL_{key.upper()}", value)
        activate(Settings())

    activate(None)
    yield apply
    activate(None)


@pytest.mark.skipif(not QTP_JPG.exists(), reason="realdocs missing")
def test_real_balance_sheet_scan() -> None:
    document = read_image(QTP_JPG, "financial/QTP_page6.jpg")
    assert document.format == "image" and document.page_count == 1
    page = document.pages[0]
    assert page.number == 1 and page.source == "ocr"
    for phrase in ["NHIỆT ĐIỆN QUẢNG NINH", "Tiền và các khoản tương đương tiền", "Đầu tư tài chính ngắn hạn",
                   "Phải thu ngắn hạn của khách hàng", "Hàng tồn kho", "Giá trị hao mòn lũy kế",
                   "xây dựng cơ bản dở dang", "Tài sản dài hạn khác"]:
        assert phrase in page.text
    row = next(line for line in page.text.splitlines() if "Phải thu ngắn hạn khác" in line)
    assert "197.740.961.966" in row and "193.244.394.433" in row
    assert page.confidence > 0.75


def test_exif_rotated_phone_photo(tmp_path: Path, monkeypatch) -> None:
    lines = ["GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "Mã số doanh nghiệp: 0101234567",
             "Địa chỉ trụ sở chính: phường Cầu Giấy, Hà Nội"]
    upright = text_image(lines)
    stored = upright.rotate(90, expand=True)  # the sensor's pixels, sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes())

    def no_osd(*args, **kwargs):
        raise AssertionError("EXIF orientation should have made the page upright")

    monkeypatch.setattr(ocr, "detect_orientation", no_osd)
    document = read_image(path, "hs/photo.jpg")
    text = document.pages[0].text
    assert text.splitlines() == lines


def test_multipage_tiff(tmp_path: Path) -> None:
    first = text_image(["Trang một: Báo cáo tài chính năm 2024"]).convert("1")
    second = text_image(["Trang hai: Doanh thu thuần 379.062.817.565 đồng"]).convert("L")
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate", dpi=(300, 300))
    document = read_image(path, "hs/scan.tif")
    assert document.page_count == 2
    assert [p.number for p in document.pages] == [1, 2]
    assert document.pages[0].text == "Trang một: Báo cáo tài chính năm 2024"
    assert document.pages[1].text == "Trang hai: Doanh thu thuần 379.062.817.565 đồng"


def test_transparent_png_on_white(tmp_path: Path) -> None:
    page = text_image(["Chứng nhận ISO 9001:2015 hiệu lực đến 30/09/2027"]).convert("RGBA")
    clear = [(0, 0, 0, 0) if px[0] > 128 else (0, 0, 0, 255) for px in page.getdata()]
    page.putdata(clear)  # black text on a fully transparent (black, alpha 0) background
    path = tmp_path / "cert.png"
    page.save(path)
    assert read_image(path, "hs/cert.png").pages[0].text == "Chứng nhận ISO 9001:2015 hiệu lực đến 30/09/2027"


def test_decompression_bomb_refused_before_decoding(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (10_000, 10_000)).save(path)  # 100 Mpx in a few kB
    assert path.stat().st_size < 100_000

    def no_decode(*args, **kwargs):
        raise AssertionError("pixels must not be decoded")

    monkeypatch.setattr(image_reader, "prepare", no_decode)
    with pytest.raises(LimitExceededError):
        read_image(path, "hs/bomb.png")


def test_pixel_limit_is_a_setting(tmp_path: Path, settings_env) -> None:
    path = tmp_path / "small.png"
    text_image(["x"]).save(path)
    settings_env(max_image_pixels="1000")
    with pytest.raises(LimitExceededError):
        read_image(path, "hs/small.png")


def test_truncated_and_fake_images(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    text_image(["Hà Nội"]).save(good, "JPEG")
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(good.read_bytes()[:400])
    with pytest.raises(CorruptFileError):
        read_image(truncated, "hs/truncated.jpg")
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10)
    with pytest.raises(CorruptFileError):
        read_image(fake, "hs/fake.png")
