"""Look and print set-up shared by the worksheet's sheets: colours, number formats, headers.

Number formats carry the Vietnamese locale tag ``[$-42A]``: LibreOffice then shows
``1.234.567`` and ``7,5`` whatever the computer's language, and Excel uses the computer's own
separators (Vietnamese ones on a Vietnamese Windows). Cell values stay numeric.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.writers.worksheet_layout import FIRST_ROW, HEADER_ROW

RED = PatternFill("solid", fgColor="FFC7CE")  # missing evidence / value not found
RED_FONT = Font(color="9C0006")
AMBER = PatternFill("solid", fgColor="FFEB9C")  # doubtful: low confidence or a failed cross-check
AMBER_FONT = Font(color="9C5700")
AMBER_BOLD_FONT = Font(bold=True, color="9C5700")  # a doubtful total stays as bold as the others
INPUT = PatternFill("solid", fgColor="DDEBF7")  # a reviewer may type here
ENTERED = PatternFill("solid", fgColor="C6EFCE")  # a reviewer's entry in force
TODO = PatternFill("solid", fgColor="FCE4D6")  # manual criterion still waiting for the council
LOCKED = PatternFill("solid", fgColor="F2F2F2")  # cannot be edited here
NOT_MET = PatternFill("solid", fgColor="E4DFEC")  # a prerequisite not met / a dossier not eligible (no doubt)
NOT_MET_FONT = Font(color="5B3C88")
PROPOSED_FONT = Font(bold=True, color="1F4E78")  # "Có" in the proposal column (never a reviewer's green)
BORDERLINE_SIDE = Side(style="thin", color="C65911")  # a total within the pass rule's margin of its mark
BORDERLINE_FONT = Font(bold=True, italic=True, color="C65911")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
SUBTITLE_FONT = Font(italic=True, size=10, color="595959")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)

NUMBER = "[$-42A]#,##0"
POINTS = "[$-42A]General"
PERCENT = "[$-42A]0.0%"
CONFIDENCE = "[$-42A]0%"
TEXT = "@"
DATETIME = "dd/mm/yyyy hh:mm"
AUTHOR = "spcncl"


@dataclass(frozen=True)
class Column:
    """One column: header title, width in characters, number format, header note."""

    title: str
    width: float
    number_format: str | None = None
    note: str | None = None
    center: bool = False


def note(cell: Cell, text: str, width: int = 320) -> None:
    """A comment sized to its text (openpyxl's default box is tiny)."""
    lines = sum(1 + len(line) // 45 for line in text.splitlines() or [""])
    cell.comment = Comment(text, AUTHOR, width=width, height=min(400, 22 + 16 * lines))


def start_sheet(sheet: Worksheet, title: str, subtitle: str, columns: Sequence[Column], freeze_columns: int = 1,
                paper_a3: bool = False) -> None:
    """Title, subtitle, header row, widths, frozen panes and print set-up of a list sheet."""
    sheet["A1"] = title
    sheet["A1"].font = TITLE_FONT
    sheet["A2"] = subtitle
    sheet["A2"].font = SUBTITLE_FONT
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.note:
            note(cell, column.note)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{FIRST_ROW}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A3 if paper_a3 else sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.left.text = "spcncl — &A"
    sheet.oddFooter.right.text = "Trang &P/&N"


_STYLES: weakref.WeakKeyDictionary[Workbook, dict[tuple, tuple[StyleArray, list[object]]]] = (
    weakref.WeakKeyDictionary())


def set_style(cell: Cell, **attrs: object) -> None:
    """Set style attributes (``font``, ``fill``, ``border``, ``alignment``, ``number_format``) on a cell.

    openpyxl hashes every style object on each assignment (2 s of a 50-dossier worksheet); a
    combination already made in this workbook is copied as the cell's style array instead. The
    values are kept with it, so their ``id`` in the key can never be another object's.
    """
    cache = _STYLES.setdefault(cell.parent.parent, {})
    current = tuple(cell._style) if cell._style is not None else ()
    key = (current, tuple((name, id(value)) for name, value in attrs.items()))
    made = cache.get(key)
    if made is not None:
        cell._style = copy(made[0])
        return
    for name, value in attrs.items():
        setattr(cell, name, value)
    cache[key] = (copy(cell._style), list(attrs.values()))


def add_row(sheet: Worksheet, columns: Sequence[Column], values: Sequence[object]) -> int:
    """Append a data row with borders, wrapping and each column's number format; returns its number."""
    # openpyxl's max_row scans every cell on each call (quadratic over a sheet); the sheet keeps
    # the highest row it has created a cell in, which is the same number
    row = max(sheet._current_row + 1, FIRST_ROW)
    for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = sheet.cell(row=row, column=index, value=value)
        if column.number_format:
            set_style(cell, border=GRID, alignment=CENTER if column.center else WRAP,
                      number_format=column.number_format)
        else:
            set_style(cell, border=GRID, alignment=CENTER if column.center else WRAP)
    fit_row(sheet, row, columns)
    return row


def fit_row(sheet: Worksheet, row: int, columns: Sequence[Column], cap: int = 6) -> None:
    """Give a row the height its wrapped text needs (spreadsheet programs do not always do it
    on opening a file): lines estimated from each text's length and its column's width."""
    lines = 1
    for index, column in enumerate(columns, start=1):
        value = sheet.cell(row=row, column=index).value
        if not isinstance(value, str) or value.startswith("="):
            continue
        letters = [c for c in value if c.isalpha()]
        upper = sum(c.isupper() for c in letters) / len(letters) if letters else 0
        per_line = max(1, int(column.width * (0.85 if upper > 0.6 else 1.25)))
        needed = sum(math.ceil(max(1, len(part)) / per_line) for part in value.split("\n"))
        lines = max(lines, min(needed, cap))
    sheet.row_dimensions[row].height = 15 * lines if lines > 1 else None


def finish_sheet(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Filters over the header and the data rows."""
    last = max(sheet.max_row, HEADER_ROW + 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"


def col(columns: Sequence[Column], title: str) -> int:
    """The 1-based index of a column by its title."""
    return next(i for i, c in enumerate(columns, start=1) if c.title == title)


def letter(columns: Sequence[Column], title: str) -> str:
    """The letter of a column by its title."""
    return get_column_letter(col(columns, title))


def link(cell: Cell, target: str) -> None:
    """A hyperlink to a file beside the workbook, keeping the cell's grid and alignment."""
    cell.hyperlink = target
    cell.style = "Hyperlink"
    cell.border, cell.alignment = GRID, WRAP


def paint(cell: Cell, fill: PatternFill, text: str | None = None, font: Font | None = None) -> None:
    """Fill a cell, optionally with a font and an explanatory comment."""
    if font is not None:
        set_style(cell, fill=fill, font=font)
    else:
        set_style(cell, fill=fill)
    if text:
        note(cell, text)
