"""Vietnamese numbers and money (dates are in :mod:`extractors.dates`).

Vietnamese writes ``1.234.567,89`` (dot groups thousands, comma is the decimal mark); some
firms' files use the English ``1,234,567.89``. The convention is decided once per document
(:func:`detect_convention`), never per number alone, because ``1.234`` means one thousand
two hundred and thirty-four in one and one point two three four in the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

Convention = Literal["vi", "en"]

# A number token: optional sign/parentheses, digits with . , or thin-space grouping.
NUMBER_RE = re.compile(r"\(?-?\d[\d.,  ]*\d\)?|\(?-?\d\)?")

_VI_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])")
_EN_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![\d,])")
# "188.407" / "188,407": one group of three, thousands in one convention; weaker evidence
_VI_SINGLE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.\d{3}(?![\d.,])")
_EN_SINGLE = re.compile(r"(?<![\d.,])[1-9]\d{0,2},\d{3}(?![\d.,])")
# a decimal never starts with a zero before its integer digits: "0403.20" is a code (HS heading)
_VI_DECIMAL = re.compile(r"(?<![\d.,])(?:0|[1-9]\d*),\d{1,2}(?![\d.,])")
_EN_DECIMAL = re.compile(r"(?<![\d.,])(?:0|[1-9]\d*)\.\d{1,2}(?![\d.,])")

SCALE_WORDS: dict[str, int] = {
    "nghìn tỷ": 10**12,
    "ngàn tỷ": 10**12,
    "nghìn tỉ": 10**12,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "triệu": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "billion": 10**9,
    "million": 10**6,
    "thousand": 10**3,
    "bn": 10**9,
    "mn": 10**6,
}
HEDGE_WORDS = ("khoảng", "gần", "trên", "hơn", "xấp xỉ", "ước đạt", "ước tính", "dự kiến", "about", "over")


def detect_convention(text: str) -> Convention:
    """Decide the document's number convention from all its numbers (Vietnamese by default)."""
    vi = 2 * len(_VI_GROUPED.findall(text)) + len(_VI_DECIMAL.findall(text)) + len(_VI_SINGLE.findall(text))
    en = 2 * len(_EN_GROUPED.findall(text)) + len(_EN_DECIMAL.findall(text)) + len(_EN_SINGLE.findall(text))
    return "en" if en > vi else "vi"


def parse_number(token: str, convention: Convention = "vi") -> Decimal | None:
    """Parse one number token. ``(1.234)`` is negative; spaces may group thousands.

    Returns None when the token is not a well-formed number in that convention.
    """
    raw = token.strip().replace("\u00a0", " ").replace("\u202f", " ")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    if raw.startswith(("-", "−", "–")):
        negative, raw = True, raw[1:].strip()
    raw = raw.replace(" ", "")
    if not raw or not re.fullmatch(r"\d[\d.,]*", raw) or not raw[-1].isdigit():
        return None
    group, decimal = (".", ",") if convention == "vi" else (",", ".")
    if raw.count(decimal) > 1:
        # "1.234.567" read in the other convention: only legal if it is grouping after all
        return None
    whole, _, frac = raw.partition(decimal)
    if group in whole:
        parts = whole.split(group)
        # a grouped number never starts with a zero group: "0.117" is a decimal written the other way
        if not (1 <= len(parts[0]) <= 3 and not parts[0].startswith("0") and all(len(p) == 3 for p in parts[1:])):
            # A lone "1234.5" in a "vi" document is a decimal point written the English way.
            if whole.count(group) == 1 and not frac:
                try:
                    value = Decimal(whole.replace(group, "."))
                except InvalidOperation:
                    return None
                return -value if negative else value
            return None
        whole = "".join(parts)
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None
    return -value if negative else value


def split_glued(token: str, convention: Convention = "vi") -> list[str] | None:
    """Split two grouped numbers printed without a gap ("2.382.324.473.4252.103.467.812.450").

    Narrow statement columns glue amounts together. Grouped numbers end in a three-digit group,
    so a group of 4–6 digits in the middle must be the end of one number (its first three
    digits) and the start of the next. Returns None when the token is not such a pair.
    """
    group = "." if convention == "vi" else ","
    if token.count(group) < 2 or not re.fullmatch(rf"\d+(?:\{group}\d+)+", token):
        return None
    parts = token.split(group)
    numbers: list[list[str]] = [[parts[0]]]
    for part in parts[1:]:
        if len(part) == 3:
            numbers[-1].append(part)
        elif 4 <= len(part) <= 6:
            numbers[-1].append(part[:3])
            numbers.append([part[3:]])
        else:
            return None
    if len(numbers) < 2 or any(len(n[0]) > 3 or len(n) < 2 for n in numbers):
        return None
    return [group.join(n) for n in numbers]


_PIECE = re.compile(r"\d[\d.,]*|[.,]\d[\d.,]*")
# a whole number on its own: plain ("0", "412", "1,5"), or grouped in threes in either convention
_WHOLE = re.compile(r"(?:0|[1-9]\d*)(?:[.,]\d+)?|[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_GROUPED_BY_MARK = {",": re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"),  # keyed by the decimal mark
                    ".": re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")}


def join_wrapped(head: str, tail: str) -> str | None:
    """The number a narrow cell wrapped over two lines, or None when the two pieces are not one.

    "1.102.400.000." over "000" and "1.102.400.0" over "00.000" are one number: joined they
    group in threes, and one piece alone is no whole number (it ends in a separator, breaks
    its grouping, starts with a zero or a separator). Two whole numbers stacked in a column
    ("1.234.567" over "890") stay two, and a wrap never falls inside a decimal part
    ("1,102,400.0" over "00").
    """
    if not (_PIECE.fullmatch(head) and _PIECE.fullmatch(tail)) or not head[0].isdigit():
        return None
    if _WHOLE.fullmatch(head) and _WHOLE.fullmatch(tail):
        return None
    joined = head + tail
    for decimal, pattern in _GROUPED_BY_MARK.items():
        if pattern.fullmatch(joined):
            return joined if decimal not in head else None
    return None


class Amount(BaseModel):
    """A parsed amount: value in base units (đồng or USD), its currency and whether hedged."""

    value: Decimal
    currency: Literal["VND", "USD"] | None = None
    hedged: bool = False
    text: str = ""


_CURRENCY_RE = re.compile(r"(USD|US\s?\$|\$|đô la|VNĐ|VND|đồng(?!\s*hồ)|đ(?!\w))", re.IGNORECASE)


class CharTable(dict[int, int | str | None]):
    """A ``str.translate`` table that maps each character through ``rule`` the first time it
    is met, so per-character Python work is paid once per distinct character, not per use."""

    def __init__(self, rule: Callable[[str], str | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> str | None:
        value = self.rule(chr(code))
        self[code] = value
        return value


def fold_char(char: str) -> str:
    """One character lower-cased without diacritics (đ → d; OCR's "ƒ" → f), always exactly one."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char.lower())
    first = base[0] if base else char
    return "f" if first == "ƒ" else first


_FOLD_CHARS = CharTable(fold_char)


def fold_same_length(text: str) -> str:
    """``text`` lower-cased without diacritics, character for character: an offset in the result
    is the same offset in ``text`` (:func:`fold` may change the length)."""
    return text.lower() if text.isascii() else text.translate(_FOLD_CHARS)


_DROP_NON_SPACING = CharTable(lambda c: None if unicodedata.category(c) == "Mn" else c)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ → d): for matching labels written without accents."""
    # Extractors fold the same lines several times over, so short texts are cached; whole
    # pages are not, to keep the cache small.
    return _fold_line(text) if len(text) <= 256 else _fold(text)


def _fold(text: str) -> str:
    """:func:`fold`, uncached."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return text if text.isascii() else text.translate(_DROP_NON_SPACING)


_fold_line = lru_cache(maxsize=8192)(_fold)


def parse_amount(text: str, convention: Convention = "vi", default_scale: int = 1) -> Amount | None:
    """Parse ``"76,8 nghìn tỷ đồng"``, ``"khoảng 3,6 triệu USD"``, ``"(1.234.567)"``.

    A scale word after the number multiplies it; without one, ``default_scale`` (from a
    table's "Đơn vị tính") applies.
    """
    match = NUMBER_RE.search(text)
    if not match:
        return None
    value = parse_number(match.group(0), convention)
    if value is None:
        return None
    after = text[match.end() : match.end() + 24].lower()
    before = text[max(0, match.start() - 16) : match.start()].lower()
    scale = default_scale
    for word, factor in SCALE_WORDS.items():
        if re.match(rf"\s*{re.escape(word)}\b", after):
            scale = factor
            break
    currency_match = _CURRENCY_RE.search(text[match.end() : match.end() + 30]) or _CURRENCY_RE.search(before)
    currency: Literal["VND", "USD"] | None = None
    if currency_match:
        word = currency_match.group(1).lower()
        currency = "USD" if ("usd" in word or "$" in word or word == "đô la") else "VND"
    hedged = any(h in before for h in HEDGE_WORDS)
    return Amount(value=value * scale, currency=currency, hedged=hedged, text=text.strip())


class Unit(BaseModel):
    """A table's unit line: multiply figures by ``scale``; ``currency`` VND or USD."""

    scale: int
    currency: Literal["VND", "USD"]
    text: str


_SCALE_PATTERN = (r"nghìn\s+tỷ|ngàn\s+tỷ|nghìn\s+tỉ|nghìn|ngàn|triệu|tr\.?(?=\s*đ)|tỷ|tỉ|thousand|million|billion")
# "hợp đồng" (a contract) and "đồng hồ" hold the word "đồng" but are not money
_CURRENCY_PATTERN = r"(?:đồng(?!\s*hồ)|vnđ|vnd|usd|us\s?\$|\$|đ)(?!\w)"
_UNIT_RE = re.compile(
    r"(?:đơn\s*vị\s*(?:tính)?|đvt|unit|currency)\s*[:.]?\s*"
    rf"((?:{_SCALE_PATTERN})?\s*{_CURRENCY_PATTERN}|1[.,]000(?:[.,]000)?\s*{_CURRENCY_PATTERN})",
    re.IGNORECASE,
)
_PHRASE_RE = re.compile(
    rf"(?<![\w$])(?<!hợp )(?<!hợp\s\s)((?:{_SCALE_PATTERN})\s*)?({_CURRENCY_PATTERN})"
    rf"|\(\s*({_SCALE_PATTERN})\s*\)",
    re.IGNORECASE,
)


def _unit_of(words: str, text: str) -> Unit:
    """The unit a phrase such as "triệu đồng", "nghìn USD" or "1.000 đồng" names."""
    words = re.sub(r"\s+", " ", words.lower()).strip()
    scale = 1
    if re.match(r"1[.,]000[.,]000", words):
        scale = 10**6
    elif re.match(r"1[.,]000", words):
        scale = 10**3
    elif re.match(r"tr\.?\s*đ", words):
        scale = 10**6  # "tr.đ", "tr đồng": triệu
    else:
        for word, factor in SCALE_WORDS.items():
            if words.startswith(word):
                scale = factor
                break
    currency: Literal["VND", "USD"] = "USD" if ("usd" in words or "$" in words) else "VND"
    return Unit(scale=scale, currency=currency, text=text)


def find_unit(text: str) -> Unit | None:
    """Find "Đơn vị tính: triệu đồng" (or "ĐVT: USD", "Unit: VND", "ĐVT: 1.000 đồng") and return its
    scale."""
    match = _UNIT_RE.search(text)
    if not match:
        return None
    return _unit_of(match.group(1), match.group(0))


def find_unit_phrase(text: str) -> Unit | None:
    """The first unit phrase anywhere in ``text``: "(triệu đồng)", "tỷ đồng", "USD", "nghìn USD",
    "US$", or a bare scale in brackets "(tỷ)" (đồng understood). Money only: head counts are not
    units here."""
    labelled = find_unit(text)
    if labelled is not None:
        return labelled
    match = _PHRASE_RE.search(text)
    if not match:
        return None
    if match.group(3):
        return _unit_of(match.group(3) + " đồng", match.group(0))
    return _unit_of((match.group(1) or "") + match.group(2), match.group(0))
