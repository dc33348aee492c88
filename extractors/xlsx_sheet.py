"""One worksheet streamed from its XML with what Excel needs to display it.

openpyxl's read-only worksheet yields values only; displaying a sheet also takes the cells'
number formats (``extractors.xlsx_format``), which rows and columns are hidden, which cells a
merge covers, and the formulas of cells whose results the file does not hold
(``extractors.xlsx_formulas``). This module streams the sheet with openpyxl's own parser (the
same defused XML parsing as before) and keeps those facts alongside the values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from extractors.textnorm import normalise_text
from extractors.xlsx_format import general_number, render_date, render_number, render_text

_TRUE = {"1", "true"}


@dataclass
class SheetCell:
    """A stored cell: its column, value (the cached result for a formula), style and formula."""

    column: int
    value: Any
    style: int
    formula: tuple[str, str | None, str | None, str] | None = None  # text, type, shared id, ref


@dataclass
class SheetData:
    """A worksheet's stored rows and what hides or covers its cells."""

    title: str
    state: str
    rows: list[tuple[int, list[SheetCell]]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min col, min row, max col, max row
    shared: dict[str, tuple[str, str]] = field(default_factory=dict)  # shared formula id → (text, origin)
    _index: dict[tuple[int, int], SheetCell] | None = None

    def cell(self, row: int, column: int) -> SheetCell | None:
        """The stored cell at (row, column), if any (indexed on first use)."""
        return self.index().get((row, column))

    def index(self) -> dict[tuple[int, int], SheetCell]:
        """All stored cells by (row, column)."""
        if self._index is None:
            self._index = {(number, c.column): c for number, cells in self.rows for c in cells}
        return self._index

    def formula_text(self, cell: SheetCell) -> str | None:
        """The cell's formula as written (a shared formula translated to this cell)."""
        if cell.formula is None:
            return None
        text, kind, shared_id, ref = cell.formula
        if text:
            return "=" + text
        if kind == "shared" and shared_id in self.shared:
            master, origin = self.shared[shared_id]
            try:
                return str(Translator("=" + master, origin).translate_formula(ref))
            except Exception:  # the translator raises bare errors on formulas it cannot parse
                return None
        return None

    def column_hidden(self, column: int) -> bool:
        """Whether the column is hidden."""
        return any(low <= column <= high for low, high in self.hidden_columns)


class SheetParser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's streaming parser, also keeping each cell's formula next to its cached value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, data_only=True, **kwargs)
        self.shared: dict[str, tuple[str, str]] = {}

    def parse_cell(self, element: Any) -> dict[str, Any]:
        """The cell as openpyxl reads it, plus ``formula`` when it has one."""
        cell: dict[str, Any] = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if formula is not None:
            ref = element.get("r") or ""
            kind, shared_id = formula.get("t"), formula.get("si")
            if kind == "shared" and formula.text and shared_id is not None:
                self.shared[shared_id] = (formula.text, ref)
            if kind != "dataTable":
                cell["formula"] = (formula.text or "", kind, shared_id, ref)
        return cell


def hidden_columns(parser: WorkSheetParser) -> list[tuple[int, int]]:
    """Column ranges the sheet marks hidden."""
    out = []
    for attrs in parser.column_dimensions.values():
        if str(attrs.get("hidden", "")).lower() in _TRUE:
            try:
                out.append((int(attrs["min"]), int(attrs.get("max", attrs["min"]))))
            except (KeyError, ValueError):
                continue
    return out


def merged_ranges(parser: WorkSheetParser) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min col, min row, max col, max row)."""
    out = []
    for merge in getattr(parser.merged_cells, "mergeCell", None) or []:
        try:
            bounds = range_boundaries(merge.ref)
        except (TypeError, ValueError):
            continue
        if None not in bounds:
            out.append(bounds)
    return out


def row_hidden(parser: WorkSheetParser, number: int) -> bool:
    """Whether row ``number`` (just parsed) is hidden; its attributes are dropped to save memory."""
    attrs = parser.row_dimensions.pop(str(number), None)
    return bool(attrs) and str(attrs.get("hidden", "")).lower() in _TRUE


class Styles:
    """Number formats and fonts of a workbook's cell styles, looked up by style index."""

    def __init__(self, workbook: Any) -> None:
        """Read from an openpyxl workbook's parsed stylesheet."""
        self.cell_styles = list(getattr(workbook, "_cell_styles", []) or [])
        self.number_formats = list(getattr(workbook, "_number_formats", []) or [])
        self.fonts = list(getattr(workbook, "_fonts", []) or [])
        self._formats: dict[int, tuple[str, int]] = {}

    def number_format(self, style: int) -> tuple[str, int]:
        """(format code, format id) of a style index; General when unknown."""
        cached = self._formats.get(style)
        if cached is None:
            fmt_id = 0
            if 0 <= style < len(self.cell_styles):
                fmt_id = int(getattr(self.cell_styles[style], "numFmtId", 0) or 0)
            if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                code = BUILTIN_FORMATS.get(fmt_id, "General")
            else:
                index = fmt_id - BUILTIN_FORMATS_MAX_SIZE
                code = self.number_formats[index] if 0 <= index < len(self.number_formats) else "General"
            cached = self._formats[style] = (str(code), fmt_id)
        return cached

    def font(self, style: int) -> list[str] | None:
        """The style's font name as a list (what ``normalise_text`` takes), if it has one."""
        if 0 <= style < len(self.cell_styles):
            font_id = int(getattr(self.cell_styles[style], "fontId", 0) or 0)
            if 0 <= font_id < len(self.fonts) and getattr(self.fonts[font_id], "name", None):
                return [self.fonts[font_id].name]
        return None


def display_text(value: Any, style: int, styles: Styles) -> str:
    """The cell as displayed, before text normalisation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    fmt, fmt_id = styles.number_format(style)
    if isinstance(value, str):
        return render_text(value, fmt) if ";" in fmt else value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return render_date(value, fmt, fmt_id)
    if isinstance(value, int | float):
        shown = render_number(value, fmt)
        return shown if shown is not None else general_number(value)
    return str(value)


def render_rows(sheet: SheetData, styles: Styles, legacy: bool) -> list[list[str]]:
    """The sheet's visible, non-empty rows as cell texts: hidden rows and columns left out,
    a merged range's value once (in its first cell), line breaks inside a cell as spaces."""
    covered: set[tuple[int, int]] = set()
    for min_col, min_row, max_col, max_row in sheet.merged:
        if (max_col - min_col + 1) * (max_row - min_row + 1) <= 100_000:
            covered.update((r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1))
            covered.discard((min_row, min_col))
    rows: list[list[str]] = []
    for number, cells in sheet.rows:
        if number in sheet.hidden_rows:
            continue
        texts: list[str] = []
        for cell in cells:
            if sheet.hidden_columns and sheet.column_hidden(cell.column):
                continue
            text = display_text(cell.value, cell.style, styles) if (number, cell.column) not in covered else ""
            if text:
                text = " ".join(normalise_text(text, styles.font(cell.style) if legacy else None).split())
            position = cell.column - 1
            if sheet.hidden_columns:
                position -= sum(min(high, cell.column - 1) - low + 1 for low, high in sheet.hidden_columns
                                if low < cell.column)
            while len(texts) < position:
                texts.append("")
            texts.append(text)
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            rows.append(texts)
    return rows
