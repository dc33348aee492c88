"""Dates in every style Vietnamese and English documents write them.

``ngày 05 tháng 01 năm 2026``, ``05/01/2026``, ``5-1-2026``, ``14.03.2027``, ``2027-03-14``,
``14 March 2027``, ``March 14, 2027``, ``14-Mar-2027``, ``14-October-2027``, ``14th March 2027``,
``ngày 14 tháng Ba năm 2027``. Numeric dates are always read day first, the Vietnamese way.

Our own strict patterns read these; ``dateparser`` (Vietnamese and English, day first, strict,
absolute dates only) reads the long tail behind them ("the 14th day of March, 2027"). It is
called only on the stretch of a line that names a month in words next to a four-digit year
the strict patterns left unread, so a standard ("ISO 9001:2015"), an amount or a document
number never reaches it, and lines without such a stretch cost nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from extractors.vnnum import fold_same_length

MONTHS_EN = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
# "tháng Ba", "tháng Mười Hai" (folded): the month in words, as some letters and decrees write it
MONTHS_VI = {"gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7,
             "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_EN = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_VI = "|".join(sorted((m.replace(" ", r"\s+") for m in MONTHS_VI), key=len, reverse=True))
_YEAR = r"((?:19|20)\d\d|2100)"
_DAY = r"(\d{1,2})"
_SEP = r"\s*[-/.]\s*"

# Patterns run on the folded text (lower case, no diacritics, same length as the original), so
# OCR that lost the accents ("ngay 14 thang 5 nam 2024") reads like the printed text.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("vi_words", re.compile(
        rf"(?:ngay\s*)?(?<!\d){_DAY}\s*thang\s*(\d{{1,2}}|{_VI})\s*[,/]?\s*nam\s*{_YEAR}(?!\d)")),
    ("iso", re.compile(rf"(?<![\w.,/-]){_YEAR}-(\d{{1,2}})-(\d{{1,2}})(?![\w/-])")),
    ("dmy", re.compile(rf"(?<![\w.,/:-]){_DAY}{_SEP}(\d{{1,2}}){_SEP}{_YEAR}(?![\w/-]|\.\d)")),
    ("en_dmy", re.compile(
        rf"(?<![\w.,/:-]){_DAY}(?:st|nd|rd|th)?(?:\s+(?:day\s+)?of)?[\s\-/.,]*({_EN})\b\.?[\s\-/.,]*{_YEAR}(?!\d)")),
    ("en_mdy", re.compile(rf"\b({_EN})\b\.?[\s\-/.]*{_DAY}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}(?!\d)")),
]
# OCR reads a 0 as "o" and a 1 as "l" inside figures ("2O27", "l4/03/2027"): mended for matching only
_OCR_ZERO = re.compile(r"(?<=\d)o(?=\d)|(?<=\d)o(?=[/.-]\d)|(?<=\d[/.-])o(?=\d)")
_OCR_ONE = re.compile(r"(?<=\d)[l|](?=\d)|(?<![\w])[l|](?=\d[/.-]\d)")

# The long tail: a month in words near a year that no strict pattern read.
_WORD_MONTH = re.compile(rf"\b(?:{_EN}|thang)\b")
_FREE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                       "PARSERS": ["absolute-time"], "RETURN_AS_TIMEZONE_AWARE": False}
MAX_FALLBACK_WINDOWS = 8


class FoundDate(BaseModel):
    """A date found in text, with where it was (character offsets) and the matched snippet."""

    date: dt.date
    start: int
    end: int
    text: str


def matching_text(text: str) -> str:
    """``text`` folded for date matching, with OCR's "o"/"l" in figures mended; same offsets."""
    folded = _OCR_ZERO.sub("0", fold_same_length(text))
    return _OCR_ONE.sub("1", folded)


def _month(token: str) -> int:
    """A month written as a number, an English name or a Vietnamese word."""
    token = re.sub(r"\s+", " ", token.strip().rstrip("."))
    if token.isdigit():
        return int(token)
    return MONTHS_EN.get(token) or MONTHS_VI[token]


def _strict(text: str, folded: str) -> list[FoundDate]:
    """The dates our own patterns read, in text order, none overlapping another."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in DATE_PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = match.groups()
            try:
                if name == "iso":
                    year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
                elif name == "en_mdy":
                    month, day, year = _month(groups[0]), int(groups[1]), int(groups[2])
                else:
                    day, month, year = int(groups[0]), _month(groups[1]), int(groups[2])
                value = dt.date(year, month, day)
            except (ValueError, KeyError):
                continue
            found.append(FoundDate(date=value, start=start, end=end, text=text[start:end]))
            taken.append((start, end))
    return found


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text`` in any common Vietnamese or English form, in text order.

    Document numbers such as ``2023/QĐ-UBND`` are not dates: a date needs day, month and
    year, and impossible dates are dropped. Numeric dates are day first.
    """
    folded = matching_text(text)
    found = _strict(text, folded)
    found += _long_tail(text, folded, [(d.start, d.end) for d in found])
    return sorted((d for d in found if 1900 <= d.date.year <= 2100), key=lambda d: d.start)


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def _long_tail(text: str, folded: str, taken: list[tuple[int, int]]) -> list[FoundDate]:
    """Dates the strict patterns missed, read by ``dateparser`` on the few stretches worth it.

    A stretch is the text up to a free four-digit year that has a month in words within 30
    characters before it (or just after it: "2027, March 14"). Its words are tried from the
    longest suffix down, and a reading counts only if its day, month and year are written in
    the stretch, so dateparser never invents a part.
    """
    if not _FREE_YEAR.search(folded) or not _WORD_MONTH.search(folded):
        return []
    found: list[FoundDate] = []
    windows = 0
    for year in _FREE_YEAR.finditer(folded):
        if any(s <= year.start() < e for s, e in taken):
            continue
        lo, hi = max(0, year.start() - 30), min(len(text), year.end() + 12)
        if not _WORD_MONTH.search(folded, lo, hi):
            continue
        windows += 1
        if windows > MAX_FALLBACK_WINDOWS:
            break
        lo = max([lo] + [e for s, e in taken if e <= year.start()])
        hit = _parse_window(text, folded, lo, year.start(), year.end(), hi)
        if hit is not None and not any(s < hit.end and hit.start < e for s, e in taken):
            found.append(hit)
            taken.append((hit.start, hit.end))
    return found


def _parse_window(text: str, folded: str, lo: int, year_start: int, year_end: int, hi: int) -> FoundDate | None:
    """The longest stretch ending at (or, for "year, month day", starting at) the year that parses."""
    spans = [(lo, year_end)] + [(lo + m.end(), year_end) for m in re.finditer(r"\s+", folded[lo:year_start])]
    after = re.match(r"[^\n\t]*?\d{1,2}(?:st|nd|rd|th)?\b", folded[year_end:hi])
    if after:
        spans.append((year_start, year_end + after.end()))
    for start, end in spans:
        piece = text[start:end].strip(" ,;:(")
        if len(piece) < 8:
            continue
        value = _dateparser(piece)
        if value is None or not _written_in(value, matching_text(piece)):
            continue
        offset = text.index(piece, start)
        return FoundDate(date=value, start=offset, end=offset + len(piece), text=piece)
    return None


def _written_in(value: dt.date, folded_piece: str) -> bool:
    """Whether the day and the year of a reading are written in the piece (no invented part)."""
    numbers = {int(n) for n in re.findall(r"\d+", folded_piece)}
    return value.year in numbers and value.day in numbers


@lru_cache(maxsize=2048)
def _dateparser(piece: str) -> dt.date | None:
    """``dateparser``'s strict reading of a short stretch (cached: certificates repeat lines)."""
    parser = _parser()
    if parser is None:
        return None
    try:
        data = parser.get_date_data(piece)
    except (ValueError, TypeError, OverflowError):
        return None
    return data.date_obj.date() if data and data.date_obj else None


def warm_up() -> None:
    """Load dateparser's languages now (about 0.2 s), in a process that forks readers."""
    _parser()


@lru_cache(maxsize=1)
def _parser() -> Any:
    """One dateparser instance for Vietnamese and English (None when dateparser is missing)."""
    try:
        from dateparser.date import DateDataParser  # heavy: dateparser (~0.5 s to load), only for dates in words
    except ImportError:  # optional at run time: the strict patterns read every common form
        return None
    return DateDataParser(languages=["vi", "en"], settings=DATEPARSER_SETTINGS)
