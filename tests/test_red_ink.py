"""Red stamps are read as paper before OCR; black and blue ink stay."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from extractors.image import bitmap_to_grey, to_grey

from .conftest import SAMPLES


def stamped() -> Image.Image:
    page = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((20, 40, 180, 50), fill=(15, 15, 15))  # a line of black text
    draw.ellipse((60, 10, 140, 90), outline=(200, 35, 45), width=8)  # the seal's ring over it
    draw.rectangle((20, 70, 50, 80), fill=(30, 40, 160))  # blue ink (a signature)
    return page


def test_red_ink_turns_light_and_other_ink_stays(limits):
    grey = np.asarray(to_grey(stamped()))
    assert grey[10, 100] == 200  # top of the red ring: its own red channel, near paper
    assert grey[45, 100] <= 20  # black text under the ring stays black
    assert grey[75, 30] < 80  # blue ink stays dark
    limits(ocr_drop_red_ink="false")
    assert np.asarray(to_grey(stamped()))[10, 100] < 100  # plain luminance when turned off


def test_rendered_page_greyed_in_place_equals_the_pillow_path():
    pdf = pdfium.PdfDocument(str(SAMPLES / "inbox" / "HN2026-004" / "scan0001.pdf"))
    try:
        bitmap = pdf[1].render(scale=200 / 72)  # the page with the company seal
        in_place = np.asarray(bitmap_to_grey(bitmap))
        assert np.array_equal(in_place, np.asarray(to_grey(bitmap.to_pil())))
        plain = np.asarray(bitmap.to_pil().convert("L"))
        assert (in_place > plain).sum() > 1000  # the seal's pixels were lightened
    finally:
        pdf.close()
