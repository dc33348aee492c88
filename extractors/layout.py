"""Rebuild reading lines from positioned words.

Scanned statements and many PDFs store a table column by column, so their raw text order
loses the rows ("Doanh thu… 01 … 379.097.804.138" becomes three separate blocks). Grouping
words by their vertical position restores each row; a wide horizontal gap becomes a tab so
downstream parsers can tell cells apart. Works the same for text-layer and OCR words.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from extractors.base import Word

CELL_GAP_FACTOR = 1.6  # gap wider than this × line height separates two cells


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Group words into lines, top to bottom, each line's words left to right.

    A word joins a line when its vertical centre falls inside the line's current band; bands
    are the running union of member boxes, so slightly skewed rows still group.
    """
    ordered = sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0]))
    lines: list[tuple[float, float, list[Word]]] = []
    for word in ordered:
        top, bottom = word.bbox[1], word.bbox[3]
        centre = (top + bottom) / 2
        for index in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            band_top, band_bottom, members = lines[index]
            if band_top <= centre <= band_bottom:
                members.append(word)
                height = band_bottom - band_top
                # Let the band grow a little but never swallow the next row.
                lines[index] = (
                    min(band_top, top + 0.25 * height),
                    max(band_bottom, bottom - 0.25 * height),
                    members,
                )
                break
        else:
            lines.append((top, bottom, [word]))
    return [sorted(members, key=lambda w: w.bbox[0]) for _, _, members in lines]


def line_text(line: Sequence[Word]) -> str:
    """Join a line's words, with a tab where the gap is wide enough to be a cell border."""
    if not line:
        return ""
    heights = [w.bbox[3] - w.bbox[1] for w in line]
    height = median(heights) if heights else 0.0
    parts = [line[0].text.strip()]
    for previous, word in pairwise(line):
        gap = word.bbox[0] - previous.bbox[2]
        separator = "\t" if height > 0 and gap > CELL_GAP_FACTOR * height else " "
        parts.append(separator)
        parts.append(word.text.strip())
    return "".join(parts).strip()


def words_to_text(words: Sequence[Word]) -> str:
    """Page text rebuilt from words: one line per row, cells separated by tabs."""
    return "\n".join(line_text(line) for line in group_lines(words) if line)
