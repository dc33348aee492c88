"""Words Tesseract drops inside a line are read again: the sample scan's factory address once lost
"Ngọc" ("xã N Hồi"), and the address was shown with a word missing."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from extractors.ocr import ocr_image
from extractors.ocr_gaps import inked_gaps, lines_of, reread_lost_words

from .conftest import SAMPLES


def test_the_scanned_forms_factory_address_keeps_every_word():
    pdf = pdfium.PdfDocument(SAMPLES / "inbox" / "HN2026-004" / "scan0001.pdf")
    image = pdf[0].render(scale=300 / 72).to_pil()
    lines = [line for line in ocr_image(image, 300).text.splitlines() if "cơ sở sản xuất" in line]
    assert lines and "xã Ngọc Hồi, Thành phố Hà Nội" in lines[0]


def page_with_ink_between(blank: bool) -> Image.Image:
    image = Image.new("L", (600, 60), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 20, 60, 50), fill=0)  # a word
    if not blank:
        draw.rectangle((140, 20, 220, 50), fill=0)  # ink where a word was dropped
    draw.rectangle((300, 20, 360, 50), fill=0)  # the next word
    return image


ITEMS = [("xã", (10, 20, 60, 50), 0.95), ("N", (70, 20, 90, 50), 0.9), ("Hồi,", (300, 20, 360, 50), 0.95)]


def test_only_a_gap_with_ink_in_it_is_read_again():
    inked = np.asarray(page_with_ink_between(blank=False))
    blank = np.asarray(page_with_ink_between(blank=True))
    line = lines_of(ITEMS)[0]
    assert [(ITEMS[a][0], ITEMS[b][0]) for a, b in inked_gaps(ITEMS, line, inked)] == [("N", "Hồi,")]
    assert inked_gaps(ITEMS, line, blank) == []  # a blank gap is a column boundary, not a lost word


def test_words_read_into_the_gap_replace_the_stub_when_sure():
    def read_line(crop: Image.Image) -> list:
        return [("Ngọc", (5, 5, 90, 35), 0.96), ("Hồi,", (230, 5, 290, 35), 0.5)]

    fixed = reread_lost_words(ITEMS, page_with_ink_between(blank=False), read_line)
    assert sorted(t for t, _, _ in fixed) == sorted(["xã", "Ngọc", "Hồi,"])

    def unsure(crop: Image.Image) -> list:
        return [("Ngoe", (5, 5, 90, 35), 0.4), ("Hồi,", (230, 5, 290, 35), 0.9)]

    assert reread_lost_words(ITEMS, page_with_ink_between(blank=False), unsure) == ITEMS
