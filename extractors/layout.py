"""Rebuild reading lines from positioned words.

Scanned statements and many PDFs store a table column by column, so their raw text order
loses the rows ("Doanh thu… 01 … 379.097.804.138" becomes three separate blocks). Grouping
words by their vertical position restores each row; a wide horizontal gap becomes a tab so
downstream parsers can tell cells apart. Works the same for text-layer and OCR words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extractors.base import Word
from extractors.wrapped_numbers import CELL_GAP_FACTOR, join_wrapped_numbers


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Group words into lines, top to bottom, each line's words left to right.

    A word joins a line when its vertical centre falls inside the line's current band; bands
    are the running union of member boxes, so slightly skewed rows still group.
    """
    # Runs once per page on every word, so boxes are read once and sorts use prebuilt keys.
    boxes = [w.bbox for w in words]
    centres = [(box[1] + box[3]) / 2 for box in boxes]
    keys = [(centre, box[0]) for centre, box in zip(centres, boxes, strict=True)]
    lines: list[list[Any]] = []  # [band top, band bottom, member indices]
    for position in sorted(range(len(boxes)), key=keys.__getitem__):
        box = boxes[position]
        top, bottom = box[1], box[3]
        centre = centres[position]
        for line in lines[:-4:-1]:  # the last three lines, newest first
            band_top, band_bottom = line[0], line[1]
            if band_top <= centre <= band_bottom:
                line[2].append(position)
                height = band_bottom - band_top
                # Let the band grow a little but never swallow the next row.
                line[0] = min(band_top, top + 0.25 * height)
                line[1] = max(band_bottom, bottom - 0.25 * height)
                break
        else:
            lines.append([top, bottom, [position]])
    lefts = [box[0] for box in boxes]
    return [[words[i] for i in sorted(members, key=lefts.__getitem__)] for _, _, members in lines]


def _median(values: list[float]) -> float:
    """``statistics.median`` without its generality (same result for a non-empty list)."""
    data = sorted(values)
    middle = len(data) // 2
    return data[middle] if len(data) % 2 else (data[middle - 1] + data[middle]) / 2


def line_text(line: Sequence[Word]) -> str:
    """Join a line's words, with a tab where the gap is wide enough to be a cell border."""
    if not line:
        return ""
    boxes = [w.bbox for w in line]
    height = _median([box[3] - box[1] for box in boxes])
    wide = CELL_GAP_FACTOR * height
    parts = [line[0].text.strip()]
    for index in range(1, len(line)):
        gap = boxes[index][0] - boxes[index - 1][2]
        parts.append("\t" if height > 0 and gap > wide else " ")
        parts.append(line[index].text.strip())
    return "".join(parts).strip()


def words_to_text(words: Sequence[Word]) -> str:
    """Page text rebuilt from words: one line per row, cells separated by tabs; a number a narrow
    cell wrapped over two lines is joined back on its row's line."""
    return "\n".join(line_text(line) for line in join_wrapped_numbers(group_lines(words)) if line)
