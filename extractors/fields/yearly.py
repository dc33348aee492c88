"""Figures per year from forms: tables with years as columns or as rows, or sentences.

Three layouts, one result: ``{metric: {year: YearValue}}``.
- years as columns: a header row naming years, then rows whose label cell names the metric;
- years as rows: a header row naming metrics, then rows that start with a year;
- sentences: "Doanh thu sản phẩm năm 2025 đạt 1.250,5 tỷ đồng".
Units come from the row (a unit cell, "(triệu đồng)" in the label), a scale word after the
number, the header, or a "Đơn vị tính" line above the table; a figure whose unit had to be
guessed is doubtful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.fields.common import DocView, Line
from extractors.vnnum import NUMBER_RE, SCALE_WORDS, Unit, find_unit, fold, parse_amount, parse_number

YEAR_RE = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
YEAR_CELL_RE = re.compile(r"^\s*(?:năm|nam|year|fy)?\s*(20[0-4]\d)\s*(?:\(.*\))?\s*$", re.I)

# metric -> folded label phrases; the first metric whose phrase is in a label wins
METRICS: dict[str, list[str]] = {
    "figures.export_usd": ["kim ngach xuat khau", "gia tri xuat khau", "doanh thu xuat khau", "xuat khau",
                           "export"],
    "figures.product_revenue_vnd": ["doanh thu san pham", "doanh thu cua san pham", "doanh thu tu san pham",
                                    "doanh thu ban san pham", "doanh thu sp", "product revenue"],
    "figures.gross_revenue_vnd": ["tong doanh thu", "doanh thu doanh nghiep", "doanh thu cua doanh nghiep",
                                  "doanh thu toan doanh nghiep"],
    "figures.employees": ["so lao dong", "lao dong binh quan", "tong so lao dong", "so nguoi lao dong",
                          "employees"],
}


@dataclass
class YearValue:
    """One metric's value for one year, where it was read and how sure we are."""

    value: int
    line: Line
    snippet: str
    confidence: float
    method: str


def metric_of(label: str) -> str | None:
    """Which metric a row or column label names, if any."""
    folded = fold(label)
    for metric, phrases in METRICS.items():
        if any(phrase in folded for phrase in phrases):
            return metric
    return None


_UNIT_WORDS = re.compile(
    r"(nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn)?\s*(đồng|vnđ|vnd|usd|us\$|đ)\b|\b(người|lao động)\b", re.I)


def unit_in(text: str) -> Unit | None:
    """A unit written in a label, a unit cell or a header: "(triệu đồng)", "USD", "tỷ đồng"."""
    explicit = find_unit(text)
    if explicit:
        return explicit
    match = _UNIT_WORDS.search(text)
    if not match:
        return None
    if match.group(3):
        return Unit(scale=1, currency="VND", text=match.group(0))  # head counts: no scaling
    scale = SCALE_WORDS.get((match.group(1) or "").lower(), 1)
    currency = "USD" if match.group(2).lower() in ("usd", "us$") else "VND"
    return Unit(scale=scale, currency=currency, text=match.group(0))  # type: ignore[arg-type]


def number_cell(cell: str, view: DocView) -> Decimal | None:
    """A cell that holds one number (and at most a unit word), else None."""
    text = cell.strip()
    match = NUMBER_RE.match(text)
    if not match or YEAR_CELL_RE.match(text):
        return None
    rest = text[match.end():].strip()
    if rest and not _UNIT_WORDS.fullmatch(rest) and fold(rest) not in ("", "%"):
        return None
    return parse_number(match.group(0), view.convention)


def plausible(metric: str, value: int) -> bool:
    """Whether a figure is in a believable range; a guessed unit must land here."""
    if metric == "figures.export_usd":
        return 0 <= value <= 50_000_000_000
    if metric == "figures.employees":
        return 0 < value < 1_000_000
    return 0 <= value <= 5 * 10**15


def judge(metric: str, value: Decimal, unit: Unit | None, line: Line, method: str, snippet: str) -> YearValue | None:
    """Scale a figure by its unit and judge it: without a stated unit it is a guess."""
    if metric == "figures.employees":
        if value != value.to_integral_value():
            return None
        return YearValue(int(value), line, snippet, 0.9, method)
    scale = unit.scale if unit else 1
    whole = int((value * scale).to_integral_value())
    confidence = 0.95 if unit else 0.55
    if unit and metric == "figures.export_usd" and unit.currency != "USD":
        confidence = 0.5  # export stated in đồng: the record keeps USD
    if unit is None and metric != "figures.export_usd" and value < 10**7:
        confidence = 0.35  # "1.250" with no unit: tỷ, triệu or nghìn đồng?
    return YearValue(whole, line, snippet, confidence, method)


class Table:
    """What is known while walking down a table."""

    def __init__(self) -> None:
        self.page_unit: Unit | None = None
        self.years: list[str] | None = None  # years as columns
        self.header_unit: Unit | None = None
        self.metric_columns: list[tuple[str, Unit | None]] | None = None  # years as rows


def extract_yearly(view: DocView) -> dict[str, dict[str, YearValue]]:
    """Every metric's yearly values in the view, best reading per (metric, year)."""
    found: dict[str, dict[str, YearValue]] = {}

    def keep(metric: str, year: str, item: YearValue | None) -> None:
        if item is None or not plausible(metric, item.value):
            return
        current = found.setdefault(metric, {}).get(year)
        if current is None or item.confidence > current.confidence:
            found[metric][year] = item

    table = Table()
    for line in view.lines():
        cells = [c.strip() for c in line.text.split("\t") if c.strip()]
        if not cells:
            continue
        unit_line = find_unit(line.text)
        if unit_line and len(cells) <= 2 and not metric_of(line.text):
            table.page_unit = unit_line
            continue
        year_cells = [m.group(1) for c in cells if (m := YEAR_CELL_RE.match(c))]
        numbers = [n for c in cells if (n := number_cell(c, view)) is not None]
        if len(year_cells) >= 2 and not numbers:
            table.years, table.header_unit, table.metric_columns = year_cells, unit_in(line.text), None
            continue
        if table.metric_columns and not numbers and all(unit_in(c) for c in cells) \
                and len(cells) == len(table.metric_columns):
            # units on a line of their own under the header: "(tỷ đồng) | (USD) | (người)"
            table.metric_columns = [(m, u or unit_in(c)) for (m, u), c in zip(table.metric_columns, cells,
                                                                              strict=True)]
            continue
        metric_cells = [(metric_of(c), unit_in(c)) for c in cells[1:]]
        if (fold(cells[0]).startswith(("nam", "year")) and sum(1 for m, _ in metric_cells if m) >= 1
                and not numbers):
            table.metric_columns = [(m, u) for m, u in metric_cells if m]
            table.years = None
            continue
        if table.years and read_years_as_columns(cells, line, view, table, keep):
            continue
        if table.metric_columns and read_years_as_rows(cells, line, view, table, keep):
            continue
        for metric, year, item in sentence_values(line, view, table.page_unit):
            keep(metric, year, item)
    return found


def read_years_as_columns(cells: list[str], line: Line, view: DocView, table: Table, keep) -> bool:  # type: ignore[no-untyped-def]
    """A data row under a header of years: label cell, optional unit cell, one number per year."""
    assert table.years is not None
    label_index = next((i for i, c in enumerate(cells) if metric_of(c)), None)
    if label_index is None:
        return False
    metric = metric_of(cells[label_index])
    assert metric is not None
    rest = cells[label_index + 1:]
    unit_cells = [u for c in rest if number_cell(c, view) is None and (u := unit_in(c))]
    values = [n for c in rest if (n := number_cell(c, view)) is not None]
    if not values:
        return False
    unit = unit_in(cells[label_index]) or (unit_cells[0] if unit_cells else None) or table.header_unit \
        or table.page_unit
    count = len(table.years)
    if len(values) >= count:
        pairs = list(zip(table.years, values[-count:], strict=True))
        confidence_cut = 1.0
    else:
        # cells went missing (an empty cell in a PDF): align to the right, and doubt it
        pairs = list(zip(table.years[-len(values):], values, strict=True))
        confidence_cut = 0.5
    for year, value in pairs:
        item = judge(metric, value, unit, line, "table_years_as_columns", line.text)
        if item is not None:
            item.confidence = round(min(item.confidence, confidence_cut), 3)
        keep(metric, year, item)
    return True


def read_years_as_rows(cells: list[str], line: Line, view: DocView, table: Table, keep) -> bool:  # type: ignore[no-untyped-def]
    """A data row under a header of metrics: a year, then one number per metric column."""
    assert table.metric_columns is not None
    match = YEAR_CELL_RE.match(cells[0])
    if not match:
        return False
    values = [n for c in cells[1:] if (n := number_cell(c, view)) is not None]
    if len(values) < len(table.metric_columns):
        return False
    for (metric, unit), value in zip(table.metric_columns, values, strict=False):
        keep(metric, match.group(1), judge(metric, value, unit or table.page_unit, line, "table_years_as_rows",
                                           line.text))
    return True


NOTHING_RE = re.compile(r"^\s*(?:[:：]|đạt|là)?\s*(?:không có|không phát sinh|chưa có|không)\s*(?:[.;,(]|$)", re.I)
_SENTENCE_YEAR = re.compile(r"(?:năm|nam|year)\s*(20[0-4]\d)", re.I)


def sentence_values(line: Line, view: DocView, page_unit: Unit | None) -> list[tuple[str, str, YearValue]]:
    """Metric/year/amount triples written as a sentence on one line."""
    out = []
    for clause in re.split(r"[;]|\t", line.text):
        metric = metric_of(clause)
        year = _SENTENCE_YEAR.search(clause)
        if not metric or not year:
            continue
        rest = clause[year.end():]
        if NOTHING_RE.match(rest):
            out.append((metric, year.group(1), YearValue(0, line, clause.strip(), 0.9, "sentence_none")))
            continue
        number = NUMBER_RE.search(rest)
        amount = parse_amount(rest, view.convention)
        if amount is None or number is None:
            continue
        raw = parse_number(number.group(0), view.convention) or Decimal(0)
        scaled = amount.value != raw
        unit = unit_in(rest[number.end():number.end() + 20]) if not scaled else None
        if metric == "figures.employees":
            item = judge(metric, raw, None, line, "sentence", clause.strip())
        elif scaled:
            item = YearValue(int(amount.value.to_integral_value()), line, clause.strip(), 0.93, "sentence")
        else:
            item = judge(metric, raw, unit or page_unit, line, "sentence", clause.strip())
        if item is not None and amount.hedged:
            item.confidence = min(item.confidence, 0.6)
        if item is not None:
            out.append((metric, year.group(1), item))
    return out
