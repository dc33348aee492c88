"""OCR accuracy on committed sample scans, against the text the generator drew on each page.

One dossier's scans (HN2026-013: three 200-dpi pages with skew, noise and a stamp) keep the test
short; ``benchmarks/ocr_cer.py`` measures every sample page for the README.
"""

from __future__ import annotations

import pytest

from extractors.registry import read_document
from pipeline.ocr_accuracy import character_error_rate, source_file, truth_pages, word_recall

from .conftest import SAMPLES

PAGES = [p for p in truth_pages(SAMPLES) if p.dossier_id == "HN2026-013"]


def test_truth_pages_point_at_committed_files():
    pages = truth_pages(SAMPLES)
    assert len(pages) >= 15 and len(PAGES) == 3
    assert all(source_file(SAMPLES, p).is_file() for p in pages)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relpath)
def test_sample_scan_reads_back_within_five_percent_cer(page):
    read = read_document(source_file(SAMPLES, page), page.relpath).pages[page.page - 1]
    assert read.source == "ocr"
    assert character_error_rate(read.text, page.text) < 0.05
    assert word_recall(read.text, page.text) > 0.9
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in read.text  # diacritics survive


def test_measures_on_known_strings():
    assert character_error_rate("Tổng cộng", "Tổng  cộng") == 0
    assert character_error_rate("Tong cong", "Tổng cộng") == pytest.approx(2 / 9)
    assert word_recall("b a c", "a b b") == pytest.approx(2 / 3)
