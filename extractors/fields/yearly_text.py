"""Figures per year written in running text.

"- Doanh thu sản phẩm: năm 2023 đạt 142,30 tỷ đồng; năm 2024 đạt 156,80 tỷ đồng; năm
2025 đạt 168,40 tỷ đồng." holds three figures in one sentence, wrapped over two lines; "các năm
2023, 2024, 2025 lần lượt đạt 142,3; 156,8 và 168,4 tỷ đồng" pairs years and amounts in order;
"đạt 156,8 tỷ đồng năm 2024" puts the year after. A sentence is read as a stream of metric
mentions, years and amounts: each amount goes to the year it is tied to, for the metric named
last before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.fields.common import DocView, Line
from extractors.fields.metrics import (
    EMPLOYEES,
    EXPORT,
    UnitSource,
    YearValue,
    judge,
    metric_mentions,
)
from extractors.models import DOUBT_CAP
from extractors.vnnum import HEDGE_WORDS, Unit, find_unit_phrase, fold, parse_number

NEW_ITEM = re.compile(r"^\s*(?:[-+•*–]|\d+\s*[.)]\s|[IVX]+\s*[.)]\s|[a-zđ]\)\s)")
YEAR_WORD = re.compile(r"(?i)\b(?:năm|nam|year|in|giai đoạn|giai doan|period)\s+(20[0-4]\d)(?!\d)")
YEAR_LIST = re.compile(r"(?i)\s*(,|;|và|and|-|–|đến|to)\s*(?:năm\s+)?(20[0-4]\d)(?![\d.,/])")
NOTHING = re.compile(r"(?i)^\s*(?:[:：]|đạt|là|có)?\s*(?:không có|không phát sinh|chưa có|chưa phát sinh|không)\b")
NO_EXPORT = re.compile(r"(?i)(?:không|chưa)\s+(?:có\s+)?(?:hoạt động\s+)?xuất khẩu")
# words that make an amount something else than the year's figure: a change, a conversion
NOT_THE_FIGURE = re.compile(r"(?i)(?:tăng|giảm|tương đương|quy đổi|chênh lệch|bằng khoảng|vượt)\s*(?:thêm\s*)?"
                            r"(?:khoảng\s*|gần\s*|hơn\s*)?$")
SEPARATOR_ONLY = re.compile(r"(?i)^\s*(?:[,;]|và|and|hoặc)?\s*$")
BACKWARD_GAP = re.compile(r"(?i)^\s*(?:trong|vào|của|cho)?\s*(?:các\s+)?(?:năm|nam|year|in)\s*$")
# a number in prose: spaces group thousands only before exactly three digits ("1 240"), so a list
# of years ("2023, 2024") stays a list
SENTENCE_NUMBER = re.compile(r"\(?-?\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)\)?|\(?-?\d+(?:[.,]\d+)?\)?")
PEOPLE = re.compile(r"(?i)^\s*(?:người|lao động|nhân viên|cán bộ|persons?|employees)\b")


@dataclass
class Amount:
    """A number in the text with the unit it states, where it sits, and its text."""

    value: Decimal
    unit: Unit | None
    start: int
    end: int
    token: str
    people: bool = False
    hedged: bool = False


def paragraphs(lines: list[Line]) -> list[tuple[str, list[tuple[int, Line]]]]:
    """Lines joined back into the sentences a page layout wrapped.

    Returns each paragraph's text and (offset, line) of every line in it. Word paragraphs are
    whole already; on laid-out pages a line joins the previous one unless it starts a new item
    or the previous one ended a sentence.
    """
    out: list[tuple[str, list[tuple[int, Line]]]] = []
    for line in lines:
        text = " ".join(line.text.replace("\t", " ").split())
        if not text:
            continue
        if out and "\t" not in line.text:
            previous_text, parts = out[-1]
            last = parts[-1][1]
            # a Word paragraph is whole, but a line break inside it ("… năm" / "2025 đạt …") is not
            wraps = line.page.source != "native" or text[:1].islower() or text[:1].isdigit()
            if (wraps and last.page is line.page and not previous_text.rstrip().endswith((".", ":", "!", "?"))
                    and not NEW_ITEM.match(text) and "\t" not in last.text):
                parts.append((len(previous_text) + 1, line))
                out[-1] = (f"{previous_text} {text}", parts)
                continue
        out.append((text, [(0, line)]))
    return out


def amounts_in(text: str, view: DocView) -> list[Amount]:
    """Every number in ``text`` that could be a figure, with its stated unit."""
    found = []
    for match in SENTENCE_NUMBER.finditer(text):
        token = match.group(0).strip()
        if re.fullmatch(r"\(?20[0-4]\d\)?", token) or re.match(r"[/.\-]\d", text[match.end():match.end() + 2]):
            continue  # a year, a date, a document number
        if re.match(r"\(?0\d", token):
            continue  # a code ("mã số thuế 0108234564"), never a figure: figures have no leading zero
        if text[max(0, match.start() - 1):match.start()] in ("/", "-", ".") and match.start() > 0:
            continue
        value = parse_number(token, view.convention)
        if value is None:
            continue
        after = text[match.end():match.end() + 30]
        if after.lstrip().startswith("%"):
            continue
        before = text[max(0, match.start() - 30):match.start()]
        if NOT_THE_FIGURE.search(before):
            continue
        unit = None
        people = bool(PEOPLE.match(after))
        phrase = re.match(r"\s*((?:nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn|tr\.?)?\s*(?:đồng|vnđ|vnd|usd|us\$|đ)?)",
                          after, re.I)
        if phrase and phrase.group(1).strip():
            words = phrase.group(1).strip()
            unit = find_unit_phrase(words if re.search(r"(?i)đ|usd|\$|vnd", words) else f"({words})")
        if unit is None and re.search(r"(?i)(?:usd|us\s?\$|\$)\s*$", before):
            unit = find_unit_phrase("USD")  # "US$ 1,250,000"
        if unit is None and not people and not re.match(r"\s*(?:[;,.)]|và\b|and\b|$)", after):
            continue  # a bare number is a figure only where a sentence puts one: before a clause end
        hedged = any(word in before[-16:].lower() for word in HEDGE_WORDS)
        found.append(Amount(value, unit, match.start(), match.end(), token, people, hedged))
    return found


def line_at(parts: list[tuple[int, Line]], offset: int) -> Line:
    """The line of a paragraph that holds character ``offset``."""
    chosen = parts[0][1]
    for start, line in parts:
        if start <= offset:
            chosen = line
    return chosen


UnitsAt = dict[int, tuple[dict[str | None, Unit], str]]


def sentence_values(lines: list[Line], view: DocView, units_at: UnitsAt) -> list[tuple[str, str, YearValue]]:
    """Metric/year/amount triples written in sentences.

    ``units_at`` gives, per line (by ``id``), the units stated above it and whether that unit
    line is the paragraph's caption or farther up the page.
    """
    out: list[tuple[str, str, YearValue]] = []
    no_export: Line | None = None
    for text, parts in paragraphs(lines):
        if (said := NO_EXPORT.search(text)) is not None and no_export is None:
            no_export = line_at(parts, said.start())
        units, where = units_at.get(id(parts[0][1]), ({}, "page"))
        out.extend(read_paragraph(text, parts, view, units, where))
    if no_export is not None:
        out.extend(nothing_exported(out, no_export))
    return out


@dataclass
class Year:
    """A year the text names, where, and the list it belongs to ("các năm 2023, 2024 và 2025")."""

    year: str
    start: int
    end: int
    group: int


def year_mentions(text: str) -> list[Year]:
    """Every year the text names: "năm 2024", and the years listed or spanned after one ("các năm
    2023, 2024 và 2025", "năm 2023 - 2025"), each list sharing one group number."""
    found: dict[tuple[int, int, str], int] = {}
    for group, match in enumerate(YEAR_WORD.finditer(text)):
        found.setdefault((match.start(1), match.end(1), match.group(1)), group)
        position, last = match.end(), int(match.group(1))
        while (more := YEAR_LIST.match(text, position)) is not None:
            year = int(more.group(2))
            if more.group(1) in ("-", "–", "đến", "to") and last < year <= last + 10:
                # "năm 2023 - 2025": the years between are named too
                for between in range(last + 1, year):
                    found.setdefault((more.start(2), more.start(2), str(between)), group)
            found.setdefault((more.start(2), more.end(2), more.group(2)), group)
            position, last = more.end(), year
    return [Year(y, s, e, g) for (s, e, y), g in sorted(found.items())]


def years_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, year) of every year the text names (see :func:`year_mentions`)."""
    return [(y.start, y.end, y.year) for y in year_mentions(text)]


def read_paragraph(text: str, parts: list[tuple[int, Line]], view: DocView, page_units: dict[str | None, Unit],
                   where: str) -> list[tuple[str, str, YearValue]]:
    """The figures one paragraph states."""
    mentions = metric_mentions(text, weak="san pham" in fold(text))
    years = year_mentions(text)
    if not mentions or not years:
        return []
    amounts = amounts_in(text, view)
    events: list[tuple[int, str | Year | Amount]] = [(s, m) for s, _, m in mentions]
    events += [(y.start, y) for y in years] + [(a.start, a) for a in amounts]
    events.sort(key=lambda event: event[0])
    out: list[tuple[str, str, YearValue]] = []
    metric: str | None = None
    pending: list[Year] = []
    loose: Amount | None = None  # the last amount no year claimed yet
    for _, event in events:
        if isinstance(event, str):
            metric = event
        elif isinstance(event, Year):
            if metric and loose is not None and BACKWARD_GAP.match(text[loose_end(text, loose):event.start]):
                # "đạt 156,8 tỷ đồng năm 2024": the year after the amount claims it
                out.extend(figure(metric, event.year, loose, amounts, text, parts, view, page_units, where))
                loose = None
            elif metric and NOTHING.match(text[event.end:event.end + 20]):
                line = line_at(parts, event.start)
                snippet = text[event.start:event.end + 20].strip()
                out.append((metric, event.year, YearValue(0, line, snippet, 0.9, "sentence_none")))
            else:
                pending.append(event)
        elif metric is not None and fits(metric, event):
            if pending:
                year = claimed_year(pending)
                out.extend(figure(metric, year.year, event, amounts, text, parts, view, page_units, where))
                loose = None
            else:
                loose = event
    return out


def claimed_year(pending: list[Year]) -> Year:
    """The year an amount belongs to, taken out of ``pending``: the first unclaimed year of the
    latest list ("các năm 2023, 2024 và 2025 lần lượt đạt A; B và C" → A is 2023), or the latest
    single year; earlier years nobody claimed ("từ năm 2015, doanh thu năm 2025 đạt …") drop out."""
    group = pending[-1].group
    year = next(y for y in pending if y.group == group)
    pending[:] = [y for y in pending if y.group == group and y is not year]
    return year


def loose_end(text: str, amount: Amount) -> int:
    """Where an amount's unit words end (the year that binds backwards comes right after)."""
    tail = re.match(r"(?i)\s*(?:nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|vnđ|vnd|usd|us\$|đ)?",
                    text[amount.end:])
    return amount.end + (tail.end() if tail else 0)


def fits(metric: str, amount: Amount) -> bool:
    """Whether an amount can be the metric's figure: head counts for staff, USD for export,
    đồng for revenue (an amount in the other currency is a conversion, not the figure)."""
    if metric == EMPLOYEES:
        return amount.unit is None
    if amount.people:
        return False
    if amount.unit is None:
        return True
    return (amount.unit.currency == "USD") == (metric == EXPORT)


def shared_unit(amount: Amount, amounts: list[Amount], text: str) -> Unit | None:
    """The unit written once after a list of bare amounts: "142,3; 156,8 và 168,4 tỷ đồng"."""
    end = amount.end
    for following in amounts[amounts.index(amount) + 1:]:
        if not SEPARATOR_ONLY.match(text[end:following.start]):
            return None
        if following.unit is not None:
            return following.unit
        end = following.end
    return None


def figure(metric: str, year: str, amount: Amount, amounts: list[Amount], text: str,
           parts: list[tuple[int, Line]], view: DocView, page_units: dict[str | None, Unit], where: str
           ) -> list[tuple[str, str, YearValue]]:
    """Judge one amount as the metric's figure for the year."""
    line = line_at(parts, amount.start)
    snippet = text[max(0, amount.start - 60):amount.end + 20].strip()
    if amount.unit is not None:
        source = UnitSource(amount.unit, "cell")
    elif (shared := shared_unit(amount, amounts, text)) is not None:
        source = UnitSource(shared, "row")
    else:
        unit = page_units.get(metric) or page_units.get(None)
        source = UnitSource(unit, where if unit else None)
    item = judge(metric, amount.value, source, line, "sentence", snippet, amount.token, view.convention)
    if item is None:
        return []
    if amount.hedged:
        item.confidence = min(item.confidence, DOUBT_CAP)
        item.note = "Số liệu ghi kèm từ ước lượng («khoảng», «ước đạt»); cần kiểm tra."
    return [(metric, year, item)]


def nothing_exported(found: list[tuple[str, str, YearValue]], where: Line) -> list[tuple[str, str, YearValue]]:
    """"Sản phẩm chưa xuất khẩu" with no yearly export figures: zero for each year the form
    gives other figures for (a firm that does not export declares 0)."""
    export_years = {year for metric, year, _ in found if metric == EXPORT}
    years = sorted({year for metric, year, _ in found if metric != EXPORT and metric != EMPLOYEES} - export_years)
    note = "Phiếu ghi sản phẩm không xuất khẩu; kim ngạch năm này hiểu là 0."
    return [(EXPORT, year, YearValue(0, where, where.text, 0.75, "sentence_none", note)) for year in years]
