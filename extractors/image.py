"""Page images for OCR: image files (.jpg, .png, .tif, .bmp, .webp; every frame a page) and
rendered PDF pages.

Phone photos carry their orientation in EXIF instead of in the pixels, so the EXIF rotation
is applied first; scans at low resolution are enlarged towards 300 dpi, where Tesseract's
Vietnamese model reads diacritics best. Sizes are checked before any pixel is decoded, so a
decompression bomb is refused instead of filling the memory.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractors.base import Page, ReadDocument
from extractors.errors import CorruptFileError, DocumentLoadError, LimitExceededError, UnsupportedFormatError
from extractors.ocr import collect, ocr_many
from extractors.settings import active

log = logging.getLogger("extractors.ocr")  # the OCR log, as extractors.ocr writes it

FORMATS = {"JPEG", "PNG", "TIFF", "BMP", "WEBP", "MPO"}  # MPO: multi-picture JPEG from cameras
A4_LONG_SIDE_INCHES = 11.69  # used to guess the resolution when the file states none
TARGET_DPI = 300
MIN_DPI_TO_UPSCALE = 170  # below this, enlarge: Tesseract loses diacritics on small glyphs (at
# 200 dpi enlarging measured no gain and cost 50 % more time)
MAX_UPSCALE = 2.0
MAX_DPI = 450  # above this, shrink to TARGET_DPI
MIN_NATIVE_DPI = 190  # PDF scans at least this fine are OCR'd at their own resolution, not enlarged
# A pixel whose red exceeds both green and blue by this much is red ink: a seal stamped over the
# signature, the date or the firm's name. Greyed by luminance it stays as dark as the text under
# it; its own red channel is nearly paper-white. On the sample scans this took the pooled CER from
# 3.7 % to 2.4 % (benchmarks/ocr_cer.py); black and blue ink are left as they are.
RED_INK_MARGIN = 25
STRIP_ROWS = 256  # pages are converted in strips, to keep the transient arrays small


def to_grey(image: Image.Image) -> Image.Image:
    """Grey for OCR, with red ink (stamps) turned to paper when ``ocr_drop_red_ink`` is on."""
    if image.mode not in ("RGB", "RGBA", "RGBX") or not active().ocr_drop_red_ink:
        return image.convert("L")
    pixels = np.asarray(image.convert("RGB") if image.mode != "RGB" else image)
    return Image.fromarray(grey_without_red(pixels[..., 0], pixels[..., 1], pixels[..., 2]))


def bitmap_to_grey(bitmap: pdfium.PdfBitmap) -> Image.Image:
    """A rendered page as grey for OCR, read in place from pdfium's buffer (no colour copy)."""
    if bitmap.n_channels == 1:
        return bitmap.to_pil().convert("L")
    rows = np.frombuffer(bitmap.buffer, dtype=np.uint8).reshape(bitmap.height, bitmap.stride)
    pixels = rows[:, : bitmap.width * bitmap.n_channels].reshape(bitmap.height, bitmap.width, bitmap.n_channels)
    red, blue = (0, 2) if bitmap.rev_byteorder else (2, 0)  # pdfium's own order is BGR(A)
    return Image.fromarray(grey_without_red(pixels[..., red], pixels[..., 1], pixels[..., blue]))


def grey_without_red(red: np.ndarray, green: np.ndarray, blue: np.ndarray) -> np.ndarray:
    """Luminance (ITU-R 601, as Pillow computes it), red-ink pixels replaced by their red channel.

    Works through the page in strips so the temporary arrays stay a few megabytes.
    """
    grey = np.empty(red.shape, dtype=np.uint8)
    for top in range(0, red.shape[0], STRIP_ROWS):
        rows = slice(top, top + STRIP_ROWS)
        r, g, b = red[rows].astype(np.int32), green[rows].astype(np.int32), blue[rows].astype(np.int32)
        strip = (r * 299 + g * 587 + b * 114 + 500) // 1000
        ink = r - np.maximum(g, b) > RED_INK_MARGIN
        strip[ink] = r[ink]
        grey[rows] = strip
    return grey


def _check_pixels(width: int, height: int, limit: int) -> None:
    if width * height > limit:
        raise LimitExceededError(f"{width}×{height} px > {limit} px")


def _guess_dpi(image: Image.Image) -> float:
    """The scan's resolution: the stated one when plausible, else from an A4 page's length.

    Cameras write 72 dpi whatever the photo, so a stated value only counts when the implied
    page is no bigger than A3.
    """
    stated = image.info.get("dpi")
    long_side = max(image.size)
    if stated:
        try:
            dpi = float(stated[0])
        except (TypeError, ValueError, IndexError):
            dpi = 0.0
        if 100 <= dpi <= 1200 and long_side / dpi <= 16.6:
            return dpi
    return max(50.0, long_side / A4_LONG_SIDE_INCHES)


def prepare(frame: Image.Image, limit: int) -> tuple[Image.Image, int]:
    """A grey, upright copy of one frame at a resolution Tesseract likes, and its dpi."""
    dpi = _guess_dpi(frame)
    frame = ImageOps.exif_transpose(frame) or frame
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        # Transparent areas are black in the raw channels: put the page on white paper.
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit and float scans: stretch to 8 bits (a plain convert would clip to white).
        values = np.asarray(frame, dtype=np.float64)
        top = float(values.max()) or 1.0
        frame = Image.fromarray((np.clip(values, 0, None) * (255 / top)).astype(np.uint8))
    gray = to_grey(frame)
    factor = 1.0
    if dpi < MIN_DPI_TO_UPSCALE:
        factor = min(MAX_UPSCALE, TARGET_DPI / dpi)
    elif dpi > MAX_DPI:  # 48-Mpx phone photos: Tesseract time grows with pixels, not accuracy
        factor = TARGET_DPI / dpi
    size = (round(gray.width * factor), round(gray.height * factor))
    if factor != 1.0 and size[0] * size[1] <= limit:
        gray = gray.resize(size, Image.Resampling.LANCZOS if factor > 1 else Image.Resampling.BOX)
        dpi *= factor
    return gray, round(dpi)


def _pages(path: Path, limit: int, max_pages: int) -> Iterator[tuple[int, Image.Image, int]]:
    """Each page of the file (a TIFF may hold many), checked against the limits before its
    pixels are decoded, prepared for OCR one at a time so a long TIFF never sits in memory."""
    with Image.open(path) as image:
        if image.format not in FORMATS:
            raise UnsupportedFormatError(str(image.format))
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= max_pages:
                raise LimitExceededError(f"> {max_pages} trang")
            _check_pixels(frame.width, frame.height, limit)
            frame.load()
            gray, dpi = prepare(frame.copy(), limit)
            yield index + 1, gray, dpi
            if image.format != "TIFF":
                break  # animated WEBP/PNG: the first frame is the document


def read_image(path: Path, relpath: str) -> ReadDocument:
    """OCR every page of an image file into a ``ReadDocument`` (pages numbered from 1)."""
    settings = active()
    document = ReadDocument(file=relpath, format="image")
    try:
        good, bad = collect(ocr_many(_pages(path, settings.max_image_pixels, settings.max_pages)))
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise CorruptFileError(str(exc)) from exc
    except DocumentLoadError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or malformed data
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # Pillow's decoders and EXIF parser raise assorted errors on bad input
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    if bad and not good:
        raise next(iter(bad.values()))
    numbers = sorted(good.keys() | bad.keys())
    document.page_count = len(numbers)
    for number in numbers:
        if number in good:
            document.pages.append(good[number].to_page(number))
        else:
            document.warnings.append(f"trang {number}: {bad[number].user_message()}")
    return document


def render_pdf_pages(path: Path, page_numbers: list[int], dpi: int) -> Iterator[tuple[int, Image.Image, int]]:
    """Render PDF pages (numbered from 1) for OCR at ``dpi`` (grey, see :func:`to_grey`), shrunk to
    the pixel limit if huge."""
    limit = active().max_image_pixels
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise CorruptFileError(str(exc)) from exc
    try:
        for number in page_numbers:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                scan = _scan_dpi(page, width * height)
                # A scan is read at its own resolution when that is fine enough: enlarging a
                # 200-dpi image to 300 adds no detail, only pixels for Tesseract to wade through.
                scale = (scan if scan and MIN_NATIVE_DPI <= scan < dpi else dpi) / 72
                if width * height * scale * scale > limit:  # an absurd page size: keep memory bounded
                    scale = math.sqrt(limit / (width * height))
                bitmap = page.render(scale=scale, grayscale=not active().ocr_drop_red_ink)
                image = bitmap_to_grey(bitmap)
                bitmap.close()
            except pdfium.PdfiumError as exc:
                raise CorruptFileError(f"trang {number}: {exc}") from exc
            finally:
                page.close()
            yield number, image, max(1, round(scale * 72))
    finally:
        pdf.close()


def _scan_dpi(page: pdfium.PdfPage, page_area: float) -> float | None:
    """Resolution of the one image that fills the page (a scanned page), else None."""
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    if len(images) != 1:
        return None
    left, bottom, right, top = images[0].get_bounds()
    covered = (right - left) * (top - bottom)
    if page_area <= 0 or covered < 0.85 * page_area:
        return None
    px_width, px_height = images[0].get_px_size()
    return math.sqrt(px_width * px_height / covered) * 72


def ocr_pdf_pages(path: Path, page_numbers: list[int]) -> dict[int, Page]:
    """Render the given pages (numbered from 1) and OCR them in parallel.

    A page whose OCR fails (timeout) is left out, so the reader keeps it as a rejected layer;
    only when every page fails is the error raised for the reader to record.
    """
    good, bad = collect(ocr_many(render_pdf_pages(path, page_numbers, active().ocr_dpi)))
    for number, error in sorted(bad.items()):
        log.warning("OCR failed on %s page %d: %s", path.name, number, error.detail)
    if bad and not good:
        raise next(iter(bad.values()))
    return {number: result.to_page(number) for number, result in sorted(good.items())}
