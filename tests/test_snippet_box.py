"""Evidence boxes: the words that spell a snippet, found on the page."""

from __future__ import annotations

from extractors.base import Word
from extractors.facts import snippet_box


def line(y: float, *texts: str) -> list[Word]:
    return [Word(text=t, bbox=(0.1 + 0.1 * i, y, 0.18 + 0.1 * i, y + 0.02), confidence=0.9)
            for i, t in enumerate(texts)]


def test_year_row_box_is_the_row_not_the_first_year_on_the_page():
    # broke on HN2026-004's scanned form: the 2025 row's box was drawn on the heading's "2025"
    words = line(0.10, "Năm", "2023", "2024", "2025") + line(0.50, "2023", "702,4", "12.600.000") + line(
        0.55, "2024", "868,9", "16.950.000") + line(0.60, "2025", "1.046,3", "21.400.000")
    box = snippet_box(words, "2025 1.046,3 21.400.000")
    assert box is not None and box[1] == 0.60 and box[3] == 0.62


def test_first_occurrence_kept_when_nothing_follows():
    words = line(0.2, "Tổng", "cộng") + line(0.7, "Tổng", "số")
    assert snippet_box(words, "Tổng") == (0.1, 0.2, 0.18, 0.22)
    assert snippet_box(words, "Không có") is None
