"""Dates in every style the dossiers write them, day first, and what is never a date."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from extractors import dates
from extractors.dates import find_dates, parse_date

D = dt.date(2027, 3, 14)


@pytest.mark.parametrize(
    "text",
    [
        "ngày 14 tháng 03 năm 2027",
        "Hà Nội, ngày 14 tháng 3 năm 2027",
        "14/03/2027",
        "14-3-2027",
        "2027-03-14",
        "14.03.2027",
        "14 March 2027",
        "March 14, 2027",
        "14-Mar-2027",
        "14-March-2027",
        "14th March 2027",
        "14th of March, 2027",
        "14 Mar. 2027",
        "Mar 14th, 2027",
        "ngày 14 tháng Ba năm 2027",  # the month in words
        "ngay 14 thang 3 nam 2027",  # OCR that lost the accents
        "2O27-03-14",  # OCR read a zero as the letter o
        "l4/03/2027",  # and a one as the letter l
    ],
)
def test_every_written_style_reads_the_same_day(text):
    assert parse_date(text) == D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/2026", dt.date(2026, 1, 5)),  # day first, never the American month first
        ("5-1-2026", dt.date(2026, 1, 5)),
        ("ngày 05 tháng 01 năm 2026", dt.date(2026, 1, 5)),
        ("14-October-2027", dt.date(2027, 10, 14)),
        ("Sept 5th, 2024", dt.date(2024, 9, 5)),
        ("ngày 1 tháng Mười Hai năm 2025", dt.date(2025, 12, 1)),
        ("ngày 20 tháng Năm năm 2025", dt.date(2025, 5, 20)),  # "Năm" the month, then "năm" the year
    ],
)
def test_day_first_and_month_words(text, expected):
    assert parse_date(text) == expected


def test_month_first_numeric_date_is_not_flipped():
    assert find_dates("03/14/2027") == []


@pytest.mark.parametrize(
    "text",
    [
        "ISO 9001:2015", "TCVN ISO 14001:2015 (ISO 14001:2015)", "1.234.567.890 đồng", "12.500.000", "2.025",
        "Certificate VN24/81102", "Số/No: QMS.2451.24", "VNC-9001-24-1235", "HACCP-2207/22",
        "Quyết định số 2023/QĐ-UBND", "Tel: 024 3756 2027", "UKAS MANAGEMENT SYSTEMS 0008", "VICAS 001",
        "ngày 31/02/2024", "2024-12-001", "Doanh thu 2025: 1.352,85 tỷ",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert find_dates(text) == []


def test_offsets_point_into_the_original_text():
    text = "Ngày cấp / Date of issue:\tngày 26 tháng 8 năm 2024; Có hiệu lực đến: 25.08.2027"
    found = find_dates(text)
    assert [d.date for d in found] == [dt.date(2024, 8, 26), dt.date(2027, 8, 25)]
    assert [text[d.start : d.end] for d in found] == [d.text for d in found] == ["ngày 26 tháng 8 năm 2024",
                                                                                   "25.08.2027"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ Hai, 14 tháng 3, 2027", D),
        ("2027, March 14", D),
        ("14 tháng ba 2027", D),
    ],
)
def test_long_tail_read_by_dateparser(text, expected):
    assert parse_date(text) == expected


def test_dateparser_only_sees_a_month_in_words_next_to_a_free_year(monkeypatch):
    calls: list[str] = []

    def spy(piece: str) -> dt.date | None:
        calls.append(piece)
        return None

    monkeypatch.setattr(dates, "_dateparser", spy)
    for text in ["ISO 9001:2015 Quality Management System", "Doanh thu năm 2025: 1.234.567.890",
                 "Expiry date: 14/03/2027", "14 March 2027", "Số 2023/QĐ-UBND ngày 05/01/2023",
                 "Scope: manufacture of LED lamps (2019 design)"]:
        find_dates(text)
    assert calls == []
    find_dates("Certified on Monday the 14, March of 2027")
    assert calls and all("2027" in piece for piece in calls)


def test_dateparser_never_invents_a_day():
    # "March 2027" has no day: dateparser would default one, the reader must not
    assert find_dates("Audit planned for March 2027") == []


def test_fast_enough_on_many_lines():
    lines = [
        "Ngày cấp / Date of issue:\t15/03/2024", "Certificate No.: VN012880", "ISO 9001:2015",
        "Subject to the continued satisfactory operation of the organization's\t28-Jan-2027",
        "Doanh thu thuần về bán hàng\t10\t1.234.567.890.123\t1.111.222.333.444",
        "Date of original certification:\t22 April 2022", "Hà Nội, ngày 05 tháng 01 năm 2026",
        "Scope of certification: production of instant rice noodles, dried pho", "Tel: 024 3756 1234",
        "Certified on Monday the 14, March of 2027",  # reaches dateparser (cached after the first)
    ] * 300
    find_dates(lines[-1])  # dateparser's one-off loading is not what is measured
    started = time.perf_counter()
    for line in lines:
        find_dates(line)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.5, f"{len(lines)} lines took {elapsed:.2f} s"
