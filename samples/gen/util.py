"""Formatting helpers: Vietnamese/English numbers, dates, tax codes, number words, seeded randomness."""

from __future__ import annotations

import random
import zlib
from datetime import date
from decimal import Decimal

ROUND_YEAR = 2026
YEARS = (2023, 2024, 2025)
DEADLINE = date(2026, 9, 30)
USD_RATE = {2022: 23_300, 2023: 23_800, 2024: 25_000, 2025: 26_000}
MASTER_SEED = "spcncl-samples-v1"

UNIT_FACTOR = {"dong": 1, "nghin": 10**3, "trieu": 10**6, "ty": 10**9}
UNIT_LABEL = {"dong": "đồng", "nghin": "nghìn đồng", "trieu": "triệu đồng", "ty": "tỷ đồng"}
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def rng_for(*parts: object) -> random.Random:
    """Return a `random.Random` seeded deterministically from the master seed and `parts`."""
    return random.Random(":".join([MASTER_SEED, *map(str, parts)]))


def int_seed(*parts: object) -> int:
    """Return a stable 32-bit integer seed (for numpy) derived from `parts`."""
    return zlib.crc32(":".join([MASTER_SEED, *map(str, parts)]).encode("utf-8"))


def group_digits(n: int, sep: str) -> str:
    """Group the digits of a non-negative integer by thousands with `sep`."""
    s = str(abs(n))
    out = []
    while len(s) > 3:
        out.insert(0, s[-3:])
        s = s[:-3]
    out.insert(0, s)
    return ("-" if n < 0 else "") + sep.join(out)


def vn_int(n: int, paren: bool = True) -> str:
    """Vietnamese integer: `1.234.567`; negatives in parentheses when `paren`."""
    if n < 0 and paren:
        return "(" + group_digits(-n, ".") + ")"
    return group_digits(n, ".")


def en_int(n: int, paren: bool = True) -> str:
    """English-convention integer: `1,234,567`."""
    if n < 0 and paren:
        return "(" + group_digits(-n, ",") + ")"
    return group_digits(n, ",")


def vn_dec(value: Decimal | int, decimals: int | None = None) -> str:
    """Vietnamese decimal: `1.250,5` (thousands `.`, decimal `,`); trailing zeros kept only if asked."""
    value = Decimal(value)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    value = abs(value)
    text = format(value, "f")
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    out = sign + group_digits(int(whole), ".")
    return out + ("," + frac if frac else "")


def en_dec(value: Decimal | int, decimals: int) -> str:
    """English decimal with fixed decimals: `1,234.50`."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    whole, _, frac = format(abs(value), "f").partition(".")
    return ("-" if value < 0 else "") + group_digits(int(whole), ",") + ("." + frac if frac else "")


def in_unit(vnd: int, unit: str) -> Decimal:
    """Express a whole-VND amount in `unit` ('dong', 'trieu', 'ty'); it must be exact."""
    return Decimal(vnd) / Decimal(UNIT_FACTOR[unit])


def fmt_amount(vnd: int, unit: str, decimals: int | None = None) -> str:
    """Format an amount in a unit the Vietnamese way (`1.250,5`), checking no precision is lost."""
    val = in_unit(vnd, unit)
    text = vn_dec(val, decimals)
    back = Decimal(text.replace(".", "").replace(",", "."))
    if back * UNIT_FACTOR[unit] != vnd:
        raise ValueError(f"{vnd} cannot be written exactly in {unit} as {text}")
    return text


def d_slash(d: date) -> str:
    """`05/01/2023`."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def d_slash_short(d: date) -> str:
    """`5/1/2023`."""
    return f"{d.day}/{d.month}/{d.year}"


def d_dash(d: date) -> str:
    """`05-01-2023`."""
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def d_vn(d: date, pad: bool = True) -> str:
    """`ngày 05 tháng 01 năm 2023` (or without zero padding)."""
    if pad:
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def d_en_long(d: date) -> str:
    """`March 12, 2024`."""
    return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"


def d_en_dmy(d: date) -> str:
    """`12 March 2024`."""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def fmt_date(d: date, style: str) -> str:
    """Format a date in one of the named styles used on certificates."""
    return {
        "slash": d_slash,
        "short": d_slash_short,
        "dash": d_dash,
        "iso": date.isoformat,
        "vn": d_vn,
        "en_long": d_en_long,
        "en_dmy": d_en_dmy,
        "dot": lambda x: f"{x.day:02d}.{x.month:02d}.{x.year}",
    }[style](d)


def place_date(d: date, place: str = "Hà Nội", pad: bool = True) -> str:
    """`Hà Nội, ngày 15 tháng 8 năm 2026` as written under the national motto."""
    return f"{place}, {d_vn(d, pad)}"


MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def mst_check_digit(first9: str) -> int | None:
    """Check digit of a Vietnamese tax code, or None when the 9 digits cannot carry one (value 10)."""
    total = sum(w * int(c) for w, c in zip(MST_WEIGHTS, first9, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def make_mst(rng: random.Random, prefix: str = "01") -> str:
    """Draw a valid 10-digit tax code starting with `prefix` (skipping bodies whose check would be 10)."""
    while True:
        body = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = mst_check_digit(body)
        if check is not None:
            return body + str(check)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, full: bool) -> str:
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = []
    if full or h:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u and (full or h):
            words.append("linh")
    elif t == 1:
        words.append("mười")
    else:
        words += [_DIGITS[t], "mươi"]
    if u:
        if u == 1 and t > 1:
            words.append("mốt")
        elif u == 5 and t > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[u])
    return " ".join(words)


def vn_words(n: int) -> str:
    """Spell a non-negative integer in Vietnamese (`120000000000` → `Một trăm hai mươi tỷ`)."""
    if n == 0:
        return "Không"
    units = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words.append(_three(g, full=i != len(groups) - 1))
        if units[i]:
            words.append(units[i])
    text = " ".join(words)
    return text[0].upper() + text[1:]
