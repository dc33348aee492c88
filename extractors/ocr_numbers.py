"""Figures read by OCR: letters Tesseract takes for digits, and amounts it split in two.

Figures and line codes are what the pipeline reads from scans, and Tesseract's commonest
slips on them are letters for digits and a number split in two at a wide glyph gap.
"""

from __future__ import annotations

import re

from extractors.base import Word
from extractors.layout import group_lines

_DIGIT_LOOKALIKES = str.maketrans({"I": "1", "l": "1", "O": "0", "o": "0", "§": "8", "ó": "6", "S": "5",
                                   "$": "5", "Š": "5"})
_NUMBERISH = re.compile(r"\(?-?[0-9IlOo§óS$Š][0-9IlOo§óS$Š.,]*\)?")
_GROUPED = re.compile(r"\(?-?\d{1,3}(?:[.,]\d{3})+\)?")  # 1.234.567 or (1,234,567)
_OPEN_GROUP = re.compile(r"\(?-?\d{1,3}(?:[.,]\d{3})*[.,]\d{0,2}")  # "197.740.96", "21.196."
OcrItem = tuple[str, tuple[int, int, int, int], float]  # word text, pixel box, confidence


def repair_number(token: str) -> str:
    """Fix letters Tesseract confuses with digits, but only inside a token that is a number.

    Figures and line codes are what the pipeline needs ("I23" → "123", "§82.092" → "882.092",
    "ó66" → "666"); a token qualifies only if it is made of digits, separators and those
    look-alikes and at least 60 % of its characters are real digits, so "III", "V.1" or "10b"
    are never touched.
    """
    if not _NUMBERISH.fullmatch(token):
        return token
    core = [c for c in token if c not in ".,()-"]
    digits = sum(c.isdigit() for c in core)
    if digits < 2 or digits < 0.6 * len(core):
        return token
    return token.translate(_DIGIT_LOOKALIKES)


def join_split_numbers(items: list[OcrItem]) -> list[OcrItem]:
    """Rejoin amounts Tesseract split at a wide glyph gap ("197.740.96" + "1.966").

    Pieces are joined only while the text so far stops inside a digit group, and only up to
    where it forms a properly grouped number, so two neighbouring amounts or a line code
    beside an amount stay apart.
    """
    words = [Word(text=t, bbox=(float(b[0]), float(b[1]), float(b[2]), float(b[3]))) for t, b, _ in items]
    index = {id(word): i for i, word in enumerate(words)}
    joined: dict[int, OcrItem] = {}
    dropped: set[int] = set()
    for line in group_lines(words):
        order = [index[id(word)] for word in line]
        position = 0
        while position < len(order):
            text, end = items[order[position]][0], None
            probe = position + 1
            while _OPEN_GROUP.fullmatch(text) and probe < len(order):
                left, right = items[order[probe - 1]][1], items[order[probe]][1]
                if right[0] - left[2] > max(left[3] - left[1], right[3] - right[1]):
                    break  # a gap wider than a glyph is high separates two table cells
                candidate = text + items[order[probe]][0]
                if not (_OPEN_GROUP.fullmatch(candidate) or _GROUPED.fullmatch(candidate)):
                    break
                text, probe = candidate, probe + 1
                if _GROUPED.fullmatch(text):
                    end = probe
            if end is None:
                position += 1
                continue
            parts = [items[i] for i in order[position:end]]
            box = (min(p[1][0] for p in parts), min(p[1][1] for p in parts),
                   max(p[1][2] for p in parts), max(p[1][3] for p in parts))
            joined[order[position]] = ("".join(p[0] for p in parts), box, min(p[2] for p in parts))
            dropped.update(order[position + 1:end])
            position = end
    return [joined.get(i, item) for i, item in enumerate(items) if i not in dropped]
