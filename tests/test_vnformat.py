"""Numbers and dates the Vietnamese way, from the one formatting module (extractors/vnformat.py)."""

from __future__ import annotations

import datetime as dt
import re

from extractors import vnformat
from pipeline.decisions import score_dossier
from pipeline.figures import FIGURES
from tests.test_decisions import hanoi, make_record  # noqa: F401  (hanoi is a fixture)

# A number written the English way: a comma before a group of exactly three digits and then a
# point ("6,100,000", "1,072.9") — "26,000" read the Vietnamese way is twenty-six.
ENGLISH_GROUPING = re.compile(r"\d,\d{3}(?:[,.]\d|\b)")


def test_numbers_group_with_points_and_mark_decimals_with_commas():
    assert vnformat.integer(6_100_000) == "6.100.000"
    assert vnformat.integer(26_000) == "26.000"
    assert vnformat.decimal(1072.9) == "1.072,9"
    assert vnformat.decimal(1500.0) == "1.500"
    assert vnformat.decimal(7, keep_zeros=True) == "7,0"
    assert vnformat.percent(0.58654) == "58,7 %"
    assert vnformat.seconds(7) == "7,0 giây"


def test_dates_are_day_month_year():
    assert vnformat.date(dt.date(2026, 3, 5)) == "05/03/2026"
    assert vnformat.date_time(dt.datetime(2026, 3, 5, 14, 7)) == "05/03/2026 14:07"
    assert vnformat.clock(dt.datetime(2026, 3, 5, 14, 7)) == "14:07"
    assert vnformat.long_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vnformat.long_date(dt.date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"


def test_export_share_basis_no_longer_writes_26000_the_english_way(hanoi):  # noqa: F811
    """It wrote "6,100,000 USD × 26,000 đ/USD ÷ 1,072,9 tỷ đồng": one ``.replace(".", ",")`` over the
    whole sentence turned every grouping point into a comma."""
    rubric, rnd = hanoi
    record = make_record(product={"2023": 900e9, "2024": 1000e9, "2025": 1_072_900_000_000},
                         export={"2025": 6_100_000})
    text = FIGURES["export_share"].compute(record, rubric, rnd).text
    assert text == "xuất khẩu 6.100.000 USD × 26.000 đ/USD ÷ 1.072,9 tỷ đồng = 14,8 %"


def test_no_basis_sentence_writes_a_number_the_english_way(hanoi):  # noqa: F811
    """Every criterion's basis for a firm with large figures: grouped with points, decimals with commas."""
    rubric, rnd = hanoi
    record = make_record(product={"2023": 900e9, "2024": 1000e9, "2025": 1_072_900_000_000},
                         enterprise={"2023": 1200e9, "2024": 1300e9, "2025": 1_450_500_000_000},
                         export={"2025": 6_100_000}, employees=2380)
    bases = [criterion.basis for criterion in score_dossier(record, rubric, rnd).criteria]
    assert bases and not [b for b in bases if ENGLISH_GROUPING.search(b)]
    assert any("2.380 lao động" in b for b in bases)
