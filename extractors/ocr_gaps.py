"""Words Tesseract dropped inside a line, found by the ink they left and read again.

In sparse-text mode Tesseract now and then reads a word's first letter and drops the rest
("xã N Hồi" for "xã Ngọc Hồi"), leaving a gap far wider than a space *with ink in it*. A gap
between table columns is as wide but blank. Each inked gap is read again as a single text line
(psm 7) on a crop from the word before it to the word after it — short, so a slight skew does
not spoil it; the words read into the gap replace the word before it only when the second
reading finds both neighbours again and every gained word is read with confidence.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from statistics import median

import numpy as np
from PIL import Image

from extractors.base import Word
from extractors.layout import group_lines

OcrItem = tuple[str, tuple[int, int, int, int], float]  # word text, pixel box, confidence
GAP_HEIGHTS = 1.6  # a gap wider than this many line heights is more than a space between words
INK_SHARE = 0.03  # share of dark pixels in a gap that says a word stood there
DARK = 128  # grey level under which a pixel is ink
REREAD_CONFIDENCE = 0.8  # a line read again must be read at least this well to replace the first
MAX_REREADS = 12  # lines per page read again: a page full of gaps is a layout, not lost words


def lines_of(items: list[OcrItem]) -> list[list[int]]:
    """Indices of ``items`` grouped into lines, left to right (the page layout's own grouping)."""
    words = [Word(text=text, bbox=(float(box[0]), float(box[1]), float(box[2]), float(box[3])))
             for text, box, _ in items]
    position = {id(word): index for index, word in enumerate(words)}
    return [[position[id(word)] for word in line] for line in group_lines(words)]


def inked_gaps(items: list[OcrItem], line: list[int], page: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of neighbouring words of the line whose gap is wide and holds ink (a word was dropped)."""
    heights = [items[i][1][3] - items[i][1][1] for i in line]
    height = median(heights) if heights else 0
    gaps: list[tuple[int, int]] = []
    if height <= 0:
        return gaps
    for left, right in itertools.pairwise(line):
        start, end = items[left][1][2], items[right][1][0]
        if end - start <= GAP_HEIGHTS * height:
            continue
        # the gap's middle, a margin off each word so that their own serifs do not count
        margin = int(0.3 * height)
        top = min(items[left][1][1], items[right][1][1])
        bottom = max(items[left][1][3], items[right][1][3])
        strip = page[top:bottom, start + margin:max(start + margin + 1, end - margin)]
        if strip.size and float((strip < DARK).mean()) >= INK_SHARE:
            gaps.append((left, right))
    return gaps


def reread_lost_words(items: list[OcrItem], image: Image.Image,
                      read_line: Callable[[Image.Image], list[OcrItem]]) -> list[OcrItem]:
    """``items`` with the words around each inked gap replaced by a second, single-line reading
    of just that stretch (short, so a slight skew does not spoil it).

    ``read_line`` reads one cropped image (its boxes in the crop's frame).
    """
    if not items:
        return items
    page = np.asarray(image.convert("L"))
    out: list[OcrItem | None] = list(items)
    added: list[OcrItem] = []
    gaps = [gap for line in lines_of(items) if len(line) >= 2 for gap in inked_gaps(items, line, page)]
    for left, right in gaps[:MAX_REREADS]:
        if out[left] is None or out[right] is None:
            continue
        a, b = items[left][1], items[right][1]
        height = max(a[3], b[3]) - min(a[1], b[1])
        pad = max(4, height // 2)
        box = (max(0, a[0] - pad), max(0, min(a[1], b[1]) - pad), min(image.width, b[2] + pad),
               min(image.height, max(a[3], b[3]) + pad))
        again = read_line(image.crop(box))
        if not again:
            continue
        # the words read into the gap: from the left word's reading up to the right word's
        first, second = items[left][0].rstrip(",.;:"), items[right][0].rstrip(",.;:")
        texts = [text for text, _, _ in again]
        start = next((i for i, t in enumerate(texts) if t.startswith(first)), None)
        end = next((i for i in range(len(texts) - 1, -1, -1) if texts[i].startswith(second)), None)
        if start is None or end is None or end <= start:
            continue
        gained = again[start:end]
        if (len("".join(t for t, _, _ in gained)) > len(items[left][0])
                and min(c for _, _, c in gained) >= REREAD_CONFIDENCE):
            out[left] = None
            added.extend((t, (x0 + box[0], y0 + box[1], x1 + box[0], y1 + box[1]), c)
                         for t, (x0, y0, x1, y1), c in gained)
    return [item for item in out if item is not None] + added
