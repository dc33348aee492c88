import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import vnformat
from extractors.dates import find_dates, parse_date
from extractors.vnnum import (
    detect_convention,
    find_unit,
    join_wrapped,
    parse_amount,
    parse_number,
)


@pytest.mark.parametrize(
    ("token", "convention", "expected"),
    [
        ("1.234.567.890", "vi", Decimal(1234567890)),
        ("1.234.567,89", "vi", Decimal("1234567.89")),
        ("76,8", "vi", Decimal("76.8")),
        ("(1.234.567)", "vi", Decimal(-1234567)),
        ("-28.606.299.076", "vi", Decimal(-28606299076)),
        ("1,234,567.89", "en", Decimal("1234567.89")),
        ("(2,500)", "en", Decimal(-2500)),
        ("1 234 567", "vi", Decimal(1234567)),
        ("1234.5", "vi", Decimal("1234.5")),  # a lone English decimal in a Vietnamese document
        ("12", "vi", Decimal(12)),
    ],
)
def test_parse_number_examples(token, convention, expected):
    assert parse_number(token, convention) == expected


@pytest.mark.parametrize("token", ["1.23.4", "1,234,567", "abc", "", "(", "1..2"])
def test_parse_number_rejects_malformed_vi(token):
    assert parse_number(token, "vi") is None


def vi_format(value: int, decimals: str = "") -> str:
    grouped = f"{value:,}".replace(",", ".")
    return grouped + ("," + decimals if decimals else "")


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", "5", "25", "125"]))
def test_vi_numbers_round_trip(value, decimals):
    text = vi_format(value, decimals)
    expected = Decimal(f"{value}.{decimals}") if decimals else Decimal(value)
    assert parse_number(text, "vi") == expected
    assert parse_number(f"({text})", "vi") == -expected


@given(st.integers(min_value=0, max_value=10**15))
def test_en_numbers_round_trip(value):
    assert parse_number(f"{value:,}", "en") == Decimal(value)
    assert parse_number(f"{value:,}.75", "en") == Decimal(value) + Decimal("0.75")


@given(st.integers(min_value=1000, max_value=10**12))
def test_formatted_integers_round_trip(value):
    assert parse_number(vnformat.integer(value), "vi") == value


def test_convention_decided_per_document():
    assert detect_convention("Doanh thu 1.234.567.890 và 2.345.678.901; tỷ lệ 18,2%") == "vi"
    assert detect_convention("Revenue 1,234,567,890 and 2,345,678,901; ratio 18.25") == "en"
    # one ambiguous number alone: Vietnamese by default
    assert detect_convention("Số lao động: 1.250") == "vi"


@pytest.mark.parametrize(
    ("text", "value", "currency", "hedged"),
    [
        ("76,8 nghìn tỷ đồng", Decimal("76.8") * 10**12, "VND", False),
        ("khoảng 3,6 tỷ USD", Decimal("3.6") * 10**9, "USD", True),
        ("550 triệu USD", Decimal(550) * 10**6, "USD", False),
        ("1.250,5 tỷ đồng", Decimal("1250.5") * 10**9, "VND", False),
        ("ước đạt 12 ngàn tỷ", Decimal(12) * 10**12, None, True),
        ("(1.234.567)", Decimal(-1234567), None, False),
    ],
)
def test_parse_amount(text, value, currency, hedged):
    amount = parse_amount(text, "vi")
    assert amount is not None
    assert amount.value == value
    assert amount.currency == currency
    assert amount.hedged is hedged


@pytest.mark.parametrize(
    ("text", "scale", "currency"),
    [
        ("Đơn vị tính: đồng", 1, "VND"),
        ("Đơn vị tính: VND", 1, "VND"),
        ("ĐVT: triệu đồng", 10**6, "VND"),
        ("Đơn vị tính : nghìn đồng", 10**3, "VND"),
        ("Đơn vị: tỷ đồng", 10**9, "VND"),
        ("Đơn vị tính: USD", 1, "USD"),
    ],
)
def test_find_unit(text, scale, currency):
    unit = find_unit(text)
    assert unit is not None and unit.scale == scale and unit.currency == currency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Nội, ngày 05 tháng 01 năm 2023", dt.date(2023, 1, 5)),
        ("cấp ngày 05/01/2023", dt.date(2023, 1, 5)),
        ("5/1/2023", dt.date(2023, 1, 5)),
        ("05-01-2023", dt.date(2023, 1, 5)),
        ("2024-03-12", dt.date(2024, 3, 12)),
        ("Issue date: March 12, 2024", dt.date(2024, 3, 12)),
        ("Expiry: 11 March 2027", dt.date(2027, 3, 11)),
        ("valid until 11th Mar 2027", dt.date(2027, 3, 11)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_document_numbers_are_not_dates():
    assert find_dates("Quyết định số 2023/QĐ-UBND về việc") == []
    assert find_dates("ngày 31/02/2024") == []  # impossible date dropped


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_round_trip_every_form(day):
    forms = [
        f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        day.isoformat(),
        day.strftime("%B %d, %Y"),
        day.strftime("%d %B %Y"),
    ]
    for form in forms:
        assert parse_date(form) == day, form


@pytest.mark.parametrize(
    ("token", "pieces"),
    [
        ("2.382.324.473.4252.103.467.812.450", ["2.382.324.473.425", "2.103.467.812.450"]),
        ("425.00012.103", ["425.000", "12.103"]),
        ("1.234.567", None),  # one ordinary number
        ("1.2345", None),
    ],
)
def test_glued_statement_amounts_are_split(token, pieces):
    from extractors.vnnum import split_glued

    assert split_glued(token, "vi") == pieces


def test_convention_not_swayed_by_codes():
    """Regression (product revenue 1 000× too small): thousands grouped once ("210.502") are
    Vietnamese evidence, and an HS code with a leading zero ("0403.20") is no English decimal."""
    text = "Mã HS (nếu xuất khẩu): 0403.20\nDoanh thu sản phẩm (triệu đồng)\t210.502\t236.804\t262.404"
    assert detect_convention(text) == "vi"
    assert detect_convention("Revenue 412,307 and 455,806; margin 12.5%") == "en"


def test_a_grouped_number_never_starts_with_a_zero_group():
    assert parse_number("0.117", "vi") == Decimal("0.117")
    assert parse_number("0,75", "en") == Decimal("0.75")
    assert parse_number("17.654", "vi") == Decimal(17654)


@pytest.mark.parametrize(
    ("text", "scale", "currency"),
    [
        ("Doanh thu (tỷ đồng)", 10**9, "VND"),
        ("Kim ngạch (US$)", 1, "USD"),
        ("Kim ngạch xuất khẩu (triệu USD)", 10**6, "USD"),
        ("nghìn USD", 10**3, "USD"),
        ("Doanh thu (tỷ)", 10**9, "VND"),
        ("ĐVT: 1.000 đồng", 10**3, "VND"),
        ("12 tr.đ", 10**6, "VND"),
        ("VNĐ", 1, "VND"),
    ],
)
def test_unit_phrases(text, scale, currency):
    from extractors.vnnum import find_unit_phrase

    unit = find_unit_phrase(text)
    assert unit is not None and (unit.scale, unit.currency) == (scale, currency)


@pytest.mark.parametrize("text", ["Số lao động (người, có hợp đồng)", "đồng hồ đo điện", "Năm 2025"])
def test_words_that_are_not_units(text):
    from extractors.vnnum import find_unit_phrase

    assert find_unit_phrase(text) is None


def test_amount_with_currency_before_and_scale_after():
    amount = parse_amount("US$ 1,2 triệu", "vi")
    assert amount is not None and amount.value == Decimal(1_200_000) and amount.currency == "USD"


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("1.102.400.000.", "000", "1.102.400.000.000"),  # wrapped after a group separator
        ("1.102.400.0", "00.000", "1.102.400.000.000"),  # wrapped inside a group
        ("1.102.400", ".000,5", "1.102.400.000,5"),
        ("1,245,180,0", "00", "1,245,180,000"),
        ("1.234.567", "890", None),  # two whole numbers stacked in a column
        ("2.", "3.", None),  # row numbers
        ("1,102,400.0", "00", None),  # a wrap never falls inside a decimal part
        ("2025.", "000", None),  # a year ending a sentence
        ("1.102.400.0", "Nam", None),
    ],
)
def test_a_number_wrapped_in_a_narrow_cell_is_joined_only_when_its_pieces_are_one(head, tail, joined):
    assert join_wrapped(head, tail) == joined
