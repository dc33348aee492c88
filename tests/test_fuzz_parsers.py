"""Property-based fuzzing of the number, amount, date and tax-code parsers.

Every parser must answer (a value or None) for any text, quickly, and must read back what the
Vietnamese and English conventions write. ``SPCNCL_FUZZ_EXAMPLES`` raises the number of examples
for a longer run (see ``docs/security.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.vn import mst

from extractors import vnformat
from extractors.dates import find_dates, parse_date
from extractors.fields.common import find_tax_codes, parse_count
from extractors.vnnum import (
    detect_convention,
    find_unit,
    parse_amount,
    parse_number,
    split_glued,
)

EXAMPLES = int(os.environ.get("SPCNCL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like what the parsers meet: digits, separators, Vietnamese words, noise
ALPHABET = st.sampled_from([*"0123456789.,  ()-−–/:;đĐ$", "tỷ", "triệu", "nghìn", "đồng", "USD", "ngày", "tháng",
                            "năm", "VND", "MST", "\n", "\t", "a", "Ă", "ữ", "\u0301", "\x00", "\ufffd"])
TEXTISH = st.lists(ALPHABET, max_size=120).map("".join) | st.text(max_size=200)


@FUZZ
@given(TEXTISH, st.sampled_from(["vi", "en"]))
def test_number_parsers_always_answer(text, convention):
    value = parse_number(text, convention)
    assert value is None or isinstance(value, Decimal)
    amount = parse_amount(text, convention)
    assert amount is None or amount.currency in (None, "VND", "USD")
    assert detect_convention(text) in ("vi", "en")
    count = parse_count(text, convention)
    assert count is None or count >= 0
    glued = split_glued(text, convention)
    if glued is not None:
        assert "".join(glued) == text and len(glued) >= 2
    unit = find_unit(text)
    assert unit is None or unit.scale >= 1


@FUZZ
@given(st.integers(min_value=0, max_value=10**18))
def test_whole_numbers_read_back_in_both_conventions(number):
    assert parse_number(vnformat.integer(number), "vi") == number
    assert parse_number(f"{number:,}", "en") == number
    assert parse_number(f"({vnformat.integer(number)})", "vi") == -number


@FUZZ
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_decimals_read_back(whole, cents):
    vi = f"{vnformat.integer(whole)},{cents:02d}"
    en = f"{whole:,}.{cents:02d}"
    expected = Decimal(f"{whole}.{cents:02d}")
    assert parse_number(vi, "vi") == expected
    assert parse_number(en, "en") == expected


@FUZZ
@given(TEXTISH)
def test_date_finder_always_answers_with_real_dates(text):
    for found in find_dates(text):
        assert 1900 <= found.date.year <= 2100
        assert text[found.start : found.end] == found.text
    parse_date(text)


@FUZZ
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_read_back_in_every_written_form(day):
    assert parse_date(f"Hà Nội, ngày {day.day} tháng {day.month} năm {day.year}") == day
    assert parse_date(f"cấp ngày {day:%d/%m/%Y}") == day
    assert parse_date(f"issued {day.isoformat()}") == day
    assert parse_date(f"valid until {day:%B} {day.day}, {day.year}") == day


@FUZZ
@given(TEXTISH)
def test_tax_code_finder_always_answers(text):
    for code, valid, raw in find_tax_codes(text):
        assert code.replace("-", "").isdigit() and raw
        assert valid == bool(mst.is_valid(code))


@FUZZ
@given(st.integers(min_value=0, max_value=10**8), st.one_of(st.none(), st.integers(min_value=1, max_value=999)))
def test_valid_tax_codes_are_found(stem, branch):
    base = f"{stem:09d}"
    code = base + mst.calc_check_digit(base)
    assume(len(code) == 10 and mst.is_valid(code))  # a check digit of 10 is never issued
    written = code + (f"-{branch:03d}" if branch is not None else "")
    found = find_tax_codes(f"Mã số thuế: {written}; ĐT: 024 3825 1234")
    assert (written, True) in [(c, v) for c, v, _ in found]


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None)
@given(st.sampled_from(["1.", "1,", "ngày 1", "((", "1 ", "tháng", "0/", "- "]), st.integers(1000, 20000))
def test_no_parser_is_quadratic_on_long_repetitive_text(unit, repeat):
    text = unit * repeat
    started = time.perf_counter()
    find_dates(text)
    detect_convention(text)
    find_tax_codes(text)
    parse_amount(text)
    assert time.perf_counter() - started < 2.0
