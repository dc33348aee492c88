"""Export evidence: the USD a firm exported per year, read from the evidence's own data.

Three layouts, read by meaning rather than by one template:
- a table by year ("Năm | Kim ngạch xuất khẩu (USD)"), one row per year;
- years across the columns ("Thị trường | Năm 2023 | Năm 2024"), one row per market, a total row;
- a list of customs declarations ("Số tờ khai | Ngày đăng ký | Trị giá (USD)"): each row is one
  shipment, summed per year of its date; "Cộng năm 2024" and "Tổng cộng" rows confirm the sums.
The years covered come from the rows (their year cells, their declarations' dates), never from
the signing date. A customs declaration printed from ECUS is read by
:mod:`extractors.fields.customs`; an import list or declaration never gives export figures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.dates import find_dates
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line
from extractors.fields.customs import is_import, read_declaration
from extractors.fields.metrics import EXPORT, YEAR_CELL_RE, cell_amount
from extractors.fields.yearly_text import sentence_values, years_in
from extractors.models import DOUBT_CAP, Finding
from extractors.vnnum import Unit, find_unit, find_unit_phrase, fold, parse_amount

TOTAL_RE = re.compile(r"^\s*(?:tổng\s*cộng|tổng\s*số|tổng|cộng|total|sum)\b", re.I)
VALUE_WORDS = ("kim ngach", "tri gia", "gia tri", "value", "amount", "usd", "thanh tien")
YEAR_HEADER = re.compile(r"^\s*(?:năm|nam|year)\s*(?:\(.*\))?\s*$", re.I)
DATE_CELL = re.compile(r"^\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b")
SIGNING_DATE = re.compile(r"(?i)ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}")
STATED_SENTENCE = re.compile(r"(?i)(?:tổng\s+)?kim ngạch xuất khẩu[^.;:]*?năm\s+(20[0-4]\d)\s*(?:là|đạt|:)\s*")


@dataclass
class Reading:
    """What the rows of an export document say, per year."""

    sums: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first: dict[str, Line] = field(default_factory=dict)
    stated: dict[str, tuple[Decimal, Line]] = field(default_factory=dict)  # a year's own total line
    grand: tuple[Decimal, Line] | None = None  # "Tổng cộng" over every year
    layout: str = ""
    undated: Decimal = Decimal(0)  # rows with no year of their own
    undated_count: int = 0
    undated_line: Line | None = None

    def add(self, year: str, value: Decimal, line: Line) -> None:
        """One row's value for a year."""
        self.sums[year] += value
        self.counts[year] += 1
        self.first.setdefault(year, line)


def read_export(view: DocView, facts: DocumentFacts) -> None:
    """Export turnover in USD per year, each confirmed by the document's own totals where it has them."""
    if read_declaration(view, facts):
        return
    lines = list(view.lines())
    if is_import(lines):
        facts.findings.append(Finding(
            code="import_not_export", severity="warning",
            message="Tài liệu là kê khai hàng nhập khẩu, không phải bằng chứng xuất khẩu; không lấy số liệu."))
        return
    currency = document_currency(lines)
    if currency is not None and currency.currency != "USD":
        facts.findings.append(Finding(
            code="export_not_in_usd", severity="warning",
            message=f"Bảng kê xuất khẩu ghi trị giá bằng «{currency.text}», không phải USD; cần quy đổi và kiểm tra."))
        return
    reading = read_rows(lines, view, currency.scale if currency else 1)
    read_stated_sentences(lines, view, reading)
    if not (reading.sums or reading.grand or reading.undated_count) and read_letter(lines, view, facts):
        return  # no rows: the sentences say it all (a letter), each year by the amount tied to it
    if not reading.sums and not reading.stated and (year := title_year(lines)) is not None:
        # no row names its year: a list titled "… năm 2025" covers that year
        if reading.undated:
            reading.sums[year], reading.counts[year] = reading.undated, reading.undated_count
            reading.first[year] = reading.undated_line  # type: ignore[assignment]
        elif reading.grand is not None:
            reading.stated[year] = reading.grand
    years_read = set(reading.sums) | set(reading.stated)
    if len(years_read) == 1 and reading.grand is not None and not reading.stated:
        # one year's list: its grand total is that year's stated total (checked against the rows)
        reading.stated[years_read.pop()] = reading.grand
    for year in sorted(set(reading.sums) | set(reading.stated)):
        add_year(view, facts, reading, year, currency is None)
    years = sorted(int(y) for y in set(reading.sums) | set(reading.stated))
    if years:
        where = reading.first.get(str(years[0])) or reading.stated[str(years[0])][1]
        facts.candidates.append(view.candidate("document.period_years", years, 0.9, where, where.text, "rows"))


def title_year(lines: list[Line]) -> str | None:
    """The one year a document's title names ("… xuất khẩu năm 2025"); never a signing date
    ("Hà Nội, ngày 12 tháng 8 năm 2026"), and none when the title spans years ("2023 - 2025")."""
    for line in lines[:15]:
        text = SIGNING_DATE.sub(" ", line.text)
        named = {y for _, _, y in years_in(text)}
        if len(named) > 1:
            return None
        if named:
            return named.pop()
    return None


def document_currency(lines: list[Line]) -> Unit | None:
    """The currency the document states: a unit line, or the value column's header."""
    for line in lines[:40]:
        unit = find_unit(line.text)
        if unit is not None:
            return unit
    for line in lines[:40]:
        cells = [c for c in line.text.split("\t") if c.strip()]
        for cell in cells:
            if any(word in fold(cell) for word in ("tri gia", "kim ngach", "gia tri", "value")):
                unit = find_unit_phrase(cell)
                if unit is not None:
                    return unit
    return None


def value_column(cells: list[str]) -> int | None:
    """The index of the value column in a header row."""
    for index, cell in enumerate(cells):
        folded = fold(cell)
        if any(word in folded for word in VALUE_WORDS) and "so to khai" not in folded:
            return index
    return None


def usd(amount: tuple[Decimal, Unit | None, str] | None, scale: int) -> Decimal | None:
    """A cell's value in USD: its own unit when it states one (đồng is not USD), else the document's."""
    if amount is None:
        return None
    value, own, _ = amount
    if own is not None:
        return value * own.scale if own.currency == "USD" else None
    return value * scale


Amount = tuple[Decimal, Unit | None, str]


@dataclass
class Header:
    """The header row a table's rows are read by."""

    cells: list[str]
    years: list[str] = field(default_factory=list)  # years across the columns
    year_positions: list[int] = field(default_factory=list)
    value_col: int | None = None
    year_col: int | None = None


def read_header(cells: list[str]) -> Header | None:
    """A header row: years across the columns, or a value column (and perhaps a year column)."""
    positions = [i for i, c in enumerate(cells) if YEAR_CELL_RE.match(c)]
    if len(positions) >= 2:
        return Header(cells, [YEAR_CELL_RE.match(cells[i]).group(1) for i in positions], positions)  # type: ignore[union-attr]
    value_col = value_column(cells)
    if value_col is None:
        return None
    year_col = next((i for i, c in enumerate(cells) if YEAR_HEADER.match(c)), None)
    return Header(cells, value_col=value_col, year_col=year_col)


def across(cells: list[str], amounts: list[Amount | None], header: Header, scale: int) -> list[Decimal] | None:
    """A row's value under each year of a years-across header, in the header's year order.

    By position when the row has the header's cells. Otherwise (an empty cell left no trace) the
    row is aligned on the right, after dropping a leading row number and a last value that is the
    sum of the others (a "Tổng" column after the years): a row that lacks its first year gives
    the later years only.
    """
    years = len(header.years)
    if len(cells) == len(header.cells):
        picked = [usd(amounts[i], scale) for i in header.year_positions]
        return None if any(v is None for v in picked) else picked  # type: ignore[return-value]
    values = [v for a in amounts if (v := usd(a, scale)) is not None]
    if amounts[0] is not None and re.fullmatch(r"\d{1,3}", cells[0]) and header.year_positions[0] > 0:
        values = values[1:]  # "2 | Myanmar | …": the row number
    has_total = any(not YEAR_CELL_RE.match(c) for c in header.cells[header.year_positions[-1] + 1:])
    if has_total and len(values) >= 3 and agree(sum(values[:-1], Decimal(0)), values[-1]):
        values = values[:-1]
    elif has_total and len(values) > years:
        values = values[:years]
    if not values:
        return None
    return [Decimal(-1)] * (years - len(values)) + values[-years:] if len(values) < years else values[-years:]


def read_rows(lines: list[Line], view: DocView, scale: int) -> Reading:
    """Walk the rows: find the header, then read each row by the layout the header announces."""
    reading = Reading()
    header: Header | None = None
    for line in lines:
        cells = [c.strip() for c in line.text.split("\t") if c.strip()]
        if len(cells) < 2:
            continue
        amounts = [cell_amount(c, view.convention) for c in cells]
        if not any(amounts) and (found := read_header(cells)) is not None:
            header = found
            reading.layout = "years_as_columns" if found.years else reading.layout
            continue
        years_across = header.years if header and header.years else None
        if TOTAL_RE.match(cells[0]) or (TOTAL_RE.match(cells[1]) and amounts[0]):
            read_total(cells, amounts, line, reading, header, scale)
            continue
        if header is not None and years_across is not None:
            values = across(cells, amounts, header, scale)
            for year, value in zip(years_across, values or [], strict=False):
                if value >= 0:  # -1: the row has no cell for that year
                    reading.add(year, value, line)
            continue
        dated = next((d for c in cells if DATE_CELL.match(c) for d in find_dates(c)[:1]), None)
        year_cell = next((i for i, c in enumerate(cells) if YEAR_CELL_RE.match(c)), None)
        row = row_value(cells, amounts, header, year_cell if dated is None else None, scale)
        if row is None:
            continue
        if dated is not None:
            reading.layout = reading.layout or "declarations"
            reading.add(str(dated.date.year), row, line)
        elif year_cell is not None:
            reading.layout = reading.layout or "years_as_rows"
            reading.add(YEAR_CELL_RE.match(cells[year_cell]).group(1), row, line)  # type: ignore[union-attr]
        elif header is not None and amounts[0] is not None:
            reading.undated += row  # "1 | 305…860 | Nhật Bản | 421.030": a row with no date
            reading.undated_count += 1
            reading.undated_line = reading.undated_line or line
    return reading


def row_value(cells: list[str], amounts: list[Amount | None], header: Header | None, year_cell: int | None,
              scale: int) -> Decimal | None:
    """A row's value: the cell under the header's value column (placed by the year cell's offset
    when both have one, by position when the row has the header's cells), else the last
    money-looking cell of the row that is no date, year or declaration number."""
    if header is not None and header.value_col is not None:
        at: int | None = None
        if header.year_col is not None and year_cell is not None:
            at = header.value_col + (year_cell - header.year_col)
        elif len(cells) == len(header.cells):
            at = header.value_col
        if at is not None and 0 <= at < len(cells) and amounts[at] is not None:
            return usd(amounts[at], scale)
    for amount, cell in zip(reversed(amounts), reversed(cells), strict=True):
        if amount is None or DATE_CELL.match(cell) or YEAR_CELL_RE.match(cell):
            continue
        if re.fullmatch(r"\d{10,}", cell.strip()):
            continue  # a declaration number
        return usd(amount, scale)
    return None


def read_total(cells: list[str], amounts: list[Amount | None], line: Line, reading: Reading, header: Header | None,
               scale: int) -> None:
    """A total row: per year across the columns, a year's subtotal ("Cộng năm 2024"), or the grand total."""
    if header is not None and header.years:
        values = across(cells, amounts, header, scale)
        for year, value in zip(header.years, values or [], strict=False):
            if value >= 0:
                reading.stated[year] = (value, line)
        return
    values = [v for a in amounts if (v := usd(a, scale)) is not None]
    if not values:
        return
    named = [y for _, _, y in years_in(cells[0])] or re.findall(r"(?<!\d)(20[0-4]\d)(?!\d)", cells[0])
    if len(named) == 1:
        reading.stated[named[0]] = (values[-1], line)
    else:
        reading.grand = (values[-1], line)


def read_stated_sentences(lines: list[Line], view: DocView, reading: Reading) -> None:
    """"Tổng kim ngạch xuất khẩu năm 2025: 1.234.567 USD." under a list confirms that year's sum."""
    for line in lines:
        match = STATED_SENTENCE.search(line.text)
        if match is None or match.group(1) in reading.stated:
            continue
        amount = parse_amount(line.text[match.end():], view.convention)
        if amount is not None and amount.currency in (None, "USD"):
            reading.stated[match.group(1)] = (amount.value, line)


def read_letter(lines: list[Line], view: DocView, facts: DocumentFacts) -> bool:
    """Export stated in sentences, with no table: a customs office's confirmation letter ("… trong
    năm 2025 với tổng kim ngạch xuất khẩu là 10.560.000 USD"). Sentences are read as the forms'
    running text is (:mod:`extractors.fields.yearly_text`); a figure with no USD of its own is
    doubted."""
    found = [(year, item) for metric, year, item in sentence_values(lines, view, {}) if metric == EXPORT]
    for year, item in found:
        confidence, note = min(item.confidence, 0.9), item.note
        facts.candidates.append(view.candidate(f"figures.export_usd.{year}", item.value, confidence, item.line,
                                               item.snippet, "export_sentence", note))
    if found:
        first = found[0][1].line
        facts.candidates.append(view.candidate("document.period_years", sorted({int(y) for y, _ in found}), 0.85,
                                               first, first.text, "sentence"))
    return bool(found)


def agree(a: Decimal, b: Decimal) -> bool:
    """Equal to the unit, or to a thousandth for large sums printed rounded."""
    return abs(a - b) <= max(Decimal(1), abs(b) / 1000)


def add_year(view: DocView, facts: DocumentFacts, reading: Reading, year: str, unstated: bool) -> None:
    """One year's candidate from its rows and totals, as sure as their agreement makes it."""
    summed = reading.sums.get(year)
    count = reading.counts.get(year, 0)
    stated = reading.stated.get(year)
    note = None
    if stated is not None and summed is not None and count > 1:
        value, line = stated
        if agree(summed, value):
            confidence = 0.95
        else:
            confidence = 0.5
            note = (f"Dòng cộng năm {year} ghi {value:,.0f} nhưng cộng {count} dòng được {summed:,.0f}; "
                    "cần kiểm tra.").replace(",", ".")
    elif stated is not None:
        value, line = stated
        confidence = 0.9 if summed is None or agree(summed, value) else 0.5
    else:
        value, line = summed, reading.first[year]  # type: ignore[assignment]
        confidence, note = confirm_by_grand(reading, year, count)
    if unstated:
        confidence = min(confidence, DOUBT_CAP)
        note = "Bảng kê không ghi đơn vị tiền tệ; hiểu là USD, cần kiểm tra."
    total = int(value.to_integral_value())
    if total < 0:
        return
    method = {"declarations": "export_declarations", "years_as_rows": "export_by_year",
              "years_as_columns": "export_by_year"}.get(reading.layout, "export_total")
    facts.candidates.append(view.candidate(f"figures.export_usd.{year}", total, confidence, line, line.text, method,
                                           note))


def confirm_by_grand(reading: Reading, year: str, count: int) -> tuple[float, str | None]:
    """A year summed from its rows with no line of its own: the grand total confirms it when it
    equals the sum of every year."""
    if reading.layout == "years_as_rows" and count == 1:
        if reading.grand is None or agree(sum(reading.sums.values(), Decimal(0)), reading.grand[0]):
            return 0.9, None
        return 0.6, "Dòng tổng cộng khác tổng các năm; cần kiểm tra."
    if reading.grand is not None and agree(sum(reading.sums.values(), Decimal(0)), reading.grand[0]):
        return (0.95 if len(reading.sums) == 1 else 0.85), None
    if reading.grand is not None:
        return 0.5, "Dòng tổng cộng khác tổng các dòng; cần kiểm tra."
    return 0.75, f"Không có dòng cộng; cộng {count} dòng của năm {year}."
