"""Figures per year from forms: tables with years as columns or as rows, or sentences.

Three layouts, one result: ``{metric: {year: YearValue}}``.
- years as columns: a header row naming years, then rows whose label cell names the metric;
- years as rows: a header row naming metrics and a "Năm" column, then rows holding a year;
- sentences (:mod:`extractors.fields.yearly_text`): "Doanh thu sản phẩm năm 2024 đạt 156,8 tỷ
  đồng, năm 2025 đạt 168,4 tỷ đồng".
Which metric a cell holds comes from the labels (:mod:`extractors.fields.metrics`), never from its
position in one template; which unit covers it, from the nearest scope that states one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.fields.common import DocView, Line
from extractors.fields.metrics import (
    EMPLOYEES,
    EXPORT,
    GROSS,
    PRODUCT,
    YEAR_CELL_RE,
    UnitSource,
    YearValue,
    cell_amount,
    judge,
    metric_of,
    metric_units,
    plausible,
)
from extractors.fields.yearly_text import sentence_values
from extractors.models import DOUBT_CAP, ROUNDING
from extractors.vnnum import Unit, find_unit_phrase, fold

__all__ = ["YEAR_CELL_RE", "YearValue", "extract_yearly", "metric_of"]

Keep = Callable[[str, str, YearValue | None], None]
YEAR_HEADER_RE = re.compile(r"^\s*(?:năm|nam|year|fy|niên độ|kỳ|ky)(?:\s+(?:tài chính|báo cáo))?\s*(?:\(.*\))?\s*$",
                            re.I)
UNIT_LINE_RE = re.compile(r"(?i)đơn\s*vị|\bđvt\b|\bunit\b")
CAPTION_REACH = 4  # a unit line this close above a header is the table's caption


@dataclass
class Scope:
    """Units and context known while walking down a document."""

    units: dict[str | None, Unit] = field(default_factory=dict)  # the last unit line's units
    units_line: int = -99
    product_line: int = -99  # the last heading naming the product's figures

    def caption(self, header_index: int) -> dict[str | None, Unit]:
        """The unit line just above a header: the table's caption (else nothing)."""
        return self.units if 0 <= header_index - self.units_line <= CAPTION_REACH else {}

    def weak(self, header_index: int) -> bool:
        """Whether a bare "Doanh thu" may mean the product's revenue (the heading says so)."""
        return 0 <= header_index - self.product_line <= CAPTION_REACH + 2


@dataclass
class Columns:
    """A header of years across the columns."""

    years: list[str]
    units: dict[str | None, Unit]
    caption: dict[str | None, Unit]
    weak: bool = False  # a bare "Doanh thu" row is the product's (the heading names the product)
    trailing: int = 0  # header cells after the last year ("Tổng 3 năm", "Ghi chú")


@dataclass
class Rows:
    """A header naming a year column and metric columns."""

    year_index: int
    columns: dict[int, tuple[str, Unit | None]]
    caption: dict[str | None, Unit]


def cells_of(text: str) -> list[str]:
    """A line's non-empty cells."""
    return [c.strip() for c in text.split("\t") if c.strip()]


def extract_yearly(view: DocView) -> dict[str, dict[str, YearValue]]:
    """Every metric's yearly values in the view, best reading per (metric, year)."""
    found: dict[str, dict[str, YearValue]] = {}

    def keep(metric: str, year: str, item: YearValue | None) -> None:
        if item is None or not plausible(metric, item.value):
            return
        current = found.setdefault(metric, {}).get(year)
        if current is None or item.confidence > current.confidence:
            found[metric][year] = item

    lines = list(view.lines())
    scope = Scope()
    table: Columns | Rows | None = None
    prose: list[Line] = []
    prose_units: dict[int, tuple[dict[str | None, Unit], str]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        cells = cells_of(line.text)
        folded = fold(line.text)
        if "\t" not in line.text and "san pham" in folded and ("doanh thu" in folded or "xuat khau" in folded):
            scope.product_line = index
        if UNIT_LINE_RE.search(line.text) and len(cells) <= 2:
            units = metric_units(line.text)
            if units:
                scope.units, scope.units_line = units, index
                index += 1
                continue
        header, used = read_header(lines, index, view, scope)
        if header is not None:
            table = header
            index += used
            continue
        if isinstance(table, Rows) and unit_row(cells, table):
            index += 1
            continue
        consumed = False
        if "\t" in line.text and isinstance(table, Columns):
            consumed = read_years_as_columns(cells, line, view, table, scope, keep)
        elif "\t" in line.text and isinstance(table, Rows):
            consumed = read_years_as_rows(cells, line, view, table, scope, keep)
        if not consumed:
            prose.append(line)
            near = 0 <= index - scope.units_line <= CAPTION_REACH + 2
            prose_units[id(line)] = (scope.units, "caption" if near else "page")
        index += 1
    for metric, year, item in sentence_values(prose, view, prose_units):
        keep(metric, year, item)
    cross_check(found)
    return found


MIN_RATE = 20_000  # đồng per USD: below every rate of the years a dossier covers


def cross_check(found: dict[str, dict[str, YearValue]]) -> None:
    """The form's figures against each other: the product's export cannot exceed the product's
    revenue, nor the product's revenue the firm's. A unit slip (×1 000) breaks one of them; the
    figures involved are then doubted, never kept confident."""
    product, export, gross = found.get(PRODUCT, {}), found.get(EXPORT, {}), found.get(GROSS, {})
    for year, revenue in product.items():
        sold = export.get(year)
        if sold is not None and revenue.value > 0 and sold.value * MIN_RATE > revenue.value * 1.2:
            note = (f"Năm {year}: kim ngạch xuất khẩu quy ra đồng lớn hơn doanh thu sản phẩm; có thể sai đơn vị, "
                    "cần kiểm tra.")
            for item in (revenue, sold):
                item.confidence, item.note = min(item.confidence, DOUBT_CAP), note
        firm = gross.get(year)
        if firm is not None and revenue.value > firm.value * (1 + ROUNDING):
            revenue.confidence = min(revenue.confidence, DOUBT_CAP)
            revenue.note = f"Năm {year}: doanh thu sản phẩm lớn hơn tổng doanh thu doanh nghiệp ghi trên phiếu."


def read_header(lines: list[Line], index: int, view: DocView, scope: Scope) -> tuple[Columns | Rows | None, int]:
    """A table header starting at ``lines[index]`` and how many lines it spans (header cells that
    wrap onto the next line are joined back)."""
    cells = cells_of(lines[index].text)
    if len(cells) < 2 or any(cell_amount(c, view.convention) for c in cells):
        return None, 0
    years = [m.group(1) for c in cells if (m := YEAR_CELL_RE.match(c))]
    if len(years) >= 2:
        units = metric_units(lines[index].text)
        last = max(i for i, c in enumerate(cells) if YEAR_CELL_RE.match(c))
        return Columns(years, units, scope.caption(index), scope.weak(index), len(cells) - last - 1), 1
    year_index = next((i for i, c in enumerate(cells) if YEAR_HEADER_RE.match(c)), None)
    if year_index is None:
        return None, 0
    used = 1
    for following in lines[index + 1:index + 3]:
        more = cells_of(following.text)
        if not more or any(cell_amount(c, view.convention) for c in more) or YEAR_CELL_RE.match(more[0]):
            break
        if len(more) > len(cells):
            break
        # wrapped header cells sit under the last (widest) columns: "Tỷ trọng xuất" / "khẩu (%)",
        # "Doanh thu sản phẩm | Xuất khẩu" / "(tỷ đồng) | (USD)"
        start = len(cells) - len(more)
        cells = cells[:start] + [f"{a} {b}" for a, b in zip(cells[start:], more, strict=True)]
        used += 1
    weak = scope.weak(index)
    columns: dict[int, tuple[str, Unit | None]] = {}
    for position, cell in enumerate(cells):
        metric = metric_of(cell, weak=weak)
        if position != year_index and metric:
            own = metric_units(cell)
            columns[position] = (metric, own.get(metric) or own.get(None))
    if not columns:
        return None, 0
    return Rows(year_index, columns, scope.caption(index)), used


def unit_row(cells: list[str], table: Rows) -> bool:
    """Units on a line of their own under a years-as-rows header: "(tỷ đồng) | (USD) | (người)"."""
    if not cells or any(cell_amount(c, "vi") for c in cells):
        return False
    units = [find_unit_phrase(c) or (Unit(scale=1, currency="VND", text=c) if re.search(r"(?i)người", c) else None)
             for c in cells]
    if not all(units) or len(units) != len(table.columns):
        return False
    for position, unit in zip(sorted(table.columns), units, strict=True):
        metric, own = table.columns[position]
        table.columns[position] = (metric, own or (None if metric == EMPLOYEES else unit))
    return True


def unit_for(metric: str, own: Unit | None, row: Unit | None, column: Unit | None,
             caption: dict[str | None, Unit], scope: Scope) -> UnitSource:
    """The nearest unit that covers a number: its cell, its row, its column, the caption, the page."""
    if own is not None:
        return UnitSource(own, "cell")
    if row is not None:
        return UnitSource(row, "row")
    if column is not None:
        return UnitSource(column, "column")
    for units, where in ((caption, "caption"), (scope.units, "page")):
        unit = units.get(metric) or units.get(None)
        if unit is not None:
            return UnitSource(unit, where)
    return UnitSource(None, None)


def read_years_as_columns(cells: list[str], line: Line, view: DocView, table: Columns, scope: Scope,
                          keep: Keep) -> bool:
    """A data row under a header of years: label cell, optional unit cell, one number per year."""
    label_index = next((i for i, c in enumerate(cells)
                        if metric_of(c, table.weak) and not cell_amount(c, view.convention)), None)
    if label_index is None:
        return False
    metric = metric_of(cells[label_index], table.weak)
    assert metric is not None
    rest = cells[label_index + 1:]
    amounts = [a for c in rest if (a := cell_amount(c, view.convention)) is not None]
    if not amounts:
        return False
    label_units = metric_units(cells[label_index])
    row_unit = label_units.get(metric) or label_units.get(None)
    if row_unit is None:
        row_unit = next((u for c in rest if cell_amount(c, view.convention) is None
                         and (u := find_unit_phrase(c))), None)
    column_unit = table.units.get(metric) or table.units.get(None)
    count = len(table.years)
    if len(amounts) > count and table.trailing:
        amounts = amounts[:len(amounts) - min(table.trailing, len(amounts) - count)]  # a "Tổng" column
    if len(amounts) >= count:
        pairs = list(zip(table.years, amounts[-count:], strict=True))
        cut = 1.0
    else:
        # cells went missing (an empty cell in a PDF): align to the right, and doubt it
        pairs = list(zip(table.years[-len(amounts):], amounts, strict=True))
        cut = 0.5
    for year, (value, own, token) in pairs:
        source = unit_for(metric, own, row_unit, column_unit, table.caption, scope)
        item = judge(metric, value, source, line, "table_years_as_columns", line.text, token, view.convention)
        if item is not None and cut < 1:
            item.confidence = min(item.confidence, cut)
            item.note = "Bảng thiếu ô; số được gióng theo cột bên phải, cần kiểm tra."
        keep(metric, year, item)
    return True


def read_years_as_rows(cells: list[str], line: Line, view: DocView, table: Rows, scope: Scope,
                       keep: Keep) -> bool:
    """A data row under a header of metrics: a year cell, then the metrics' numbers in their columns.

    Cells are matched to header columns by their offset from the year cell, so a leading "TT"
    column or a trailing share column does not shift the figures.
    """
    year_at = next((i for i, c in enumerate(cells) if YEAR_CELL_RE.match(c)), None)
    if year_at is None:
        return False
    year = YEAR_CELL_RE.match(cells[year_at]).group(1)  # type: ignore[union-attr]
    offset = year_at - table.year_index
    read = False
    for position, (metric, column_unit) in table.columns.items():
        at = position + offset
        if not 0 <= at < len(cells):
            continue
        amount = cell_amount(cells[at], view.convention)
        if amount is None:
            continue
        value, own, token = amount
        source = unit_for(metric, own, None, column_unit, table.caption, scope)
        keep(metric, year, judge(metric, value, source, line, "table_years_as_rows", line.text, token,
                                 view.convention))
        read = True
    return read
