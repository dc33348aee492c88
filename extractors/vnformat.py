"""Numbers, amounts and dates as a Vietnamese reader writes them — the one place that formats them.

Every sentence a person reads (the scoring basis, letters, the report, the worksheet's comments, the
console) goes through here, so "26.000 đ/USD" never comes out as "26,000" (which a Vietnamese reader
takes for twenty-six). Built on Babel's ``vi_VN`` locale: "." groups thousands, "," marks decimals;
dates are dd/mm/yyyy. Babel rounds half to even on the number's shortest decimal form.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "vi_VN"
Number = int | float | Decimal


def integer(value: Number) -> str:
    """A whole number, thousands grouped: 1234567 → "1.234.567" (decimals rounded away)."""
    return format_decimal(value, format="#,##0", locale=LOCALE)


def decimal(value: Number, digits: int = 1, keep_zeros: bool = False) -> str:
    """A number with at most ``digits`` decimals: 76.8 → "76,8", 1500 → "1.500"; with
    ``keep_zeros`` always ``digits`` of them: 7 → "7,0"."""
    pattern = "#,##0" + ("." + ("0" if keep_zeros else "#") * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def points(value: Number) -> str:
    """Points as the worksheet and report write them: 7 → "7", 7.5 → "7,5"."""
    return decimal(value, 2)


def percent(fraction: Number, digits: int = 1, keep_zeros: bool = True) -> str:
    """A fraction as a percentage with a space before the sign: 0.125 → "12,5 %", 0.2 → "20,0 %"."""
    return f"{decimal(Decimal(str(fraction)) * 100, digits, keep_zeros)} %"


def seconds(value: Number) -> str:
    """A duration: 7.0 → "7,0 giây"."""
    return f"{decimal(value, 1, keep_zeros=True)} giây"


def date(day: dt.date) -> str:
    """A date: "05/03/2026"."""
    return format_date(day, "dd/MM/yyyy", locale=LOCALE)


def date_time(moment: dt.datetime) -> str:
    """A moment as the worksheet's comments write it: "05/03/2026 14:07" (in the moment's own zone)."""
    return format_datetime(moment, "dd/MM/yyyy HH:mm", tzinfo=moment.tzinfo, locale=LOCALE)


def clock(moment: dt.datetime) -> str:
    """The time of day: "14:07"."""
    return format_datetime(moment, "HH:mm", tzinfo=moment.tzinfo, locale=LOCALE)


def long_date(day: dt.date) -> str:
    """"ngày 05 tháng 3 năm 2026", as Nghị định 30/2020 writes dates in documents: a zero before
    days under 10 and before months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
