"""Excel (.xlsx, .xlsm) reader: every sheet, cached formula values, one page per sheet.

The package is checked first (``extractors.safety.check_ooxml``: sizes, encryption, no DTD);
openpyxl then streams each sheet (read-only mode, its XML parsed by defusedxml where it parses
whole parts). Macros are never run: openpyxl does not even load them. A sheet's declared size is
ignored (it may lie); rows and cells are first counted by scanning the sheets' XML (fast), then
again as they stream, against ``max_sheet_rows`` and ``max_sheet_cells``; past Excel's own last
row the file is refused as corrupt.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from pathlib import Path

import openpyxl

from extractors.base import Page, ReadDocument
from extractors.safety import EXCEL_MAX_ROWS, check_deadline, check_ooxml, check_sheet_sizes
from extractors.textnorm import legacy_font_encoding, normalise_text
from pipeline.errors import CorruptFileError, DocumentLoadError, LimitExceededError
from pipeline.settings import get_settings


def cell_text(value: object) -> str:
    """A cell as text. Numbers keep ``.`` as decimal mark and no grouping, so they are never
    mistaken for Vietnamese thousands; dates become ``dd/mm/yyyy``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _Budget:
    """Rows and cells read so far from one workbook, against the limits."""

    def __init__(self) -> None:
        settings = get_settings()
        self.max_rows, self.max_cells = settings.max_sheet_rows, settings.max_sheet_cells
        self.rows = self.cells = 0

    def count(self, sheet_row: int, width: int, empty: bool) -> None:
        if sheet_row % 4096 == 0:
            check_deadline(f"dòng {sheet_row}")
        if sheet_row > EXCEL_MAX_ROWS:
            raise CorruptFileError(f"> {EXCEL_MAX_ROWS}", message_vi="Bảng tính có số dòng vượt giới hạn của Excel",
                                   message_en="Sheet rows beyond Excel's limit")
        self.cells += width
        self.rows += not empty
        if self.rows > self.max_rows:
            raise LimitExceededError(f"> {self.max_rows}", message_vi=f"Bảng tính có hơn {self.max_rows} dòng",
                                     message_en="Too many rows")
        if self.cells > self.max_cells:
            raise LimitExceededError(f"> {self.max_cells}", message_vi=f"Bảng tính có hơn {self.max_cells} ô",
                                     message_en="Too many cells")


def read_xlsx(path: Path, relpath: str) -> ReadDocument:
    """Read each worksheet's used cells (values as last computed by Excel)."""
    warnings = check_ooxml(path)
    try:
        check_sheet_sizes(path)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error) as exc:
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    document = ReadDocument(file=relpath, format="xlsx", warnings=warnings)
    budget = _Budget()
    # a file object, not a name: openpyxl refuses names whose extension it does not know,
    # and firms rename files freely
    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_vba=False)
        except DocumentLoadError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # openpyxl raises a variety of parser errors
            raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
        try:
            legacy = legacy_fonts_used(workbook)
            for sheet in workbook.worksheets:
                document.pages.append(read_sheet(sheet, budget, legacy))
        finally:
            workbook.close()
    document.page_count = len(document.pages)
    return document


def cell_font(cell: object) -> list[str] | None:
    """The cell's font name as a list (what ``normalise_text`` takes), if it has one."""
    font = getattr(cell, "font", None)
    name = getattr(font, "name", None)
    return [name] if name else None


def legacy_fonts_used(workbook: object) -> bool:
    """Whether the workbook's styles name a legacy Vietnamese font (.VnTime, VNI-Times…)."""
    fonts = getattr(workbook, "_fonts", None) or []
    return legacy_font_encoding([f.name for f in fonts if f is not None and f.name]) is not None


def read_sheet(sheet: object, budget: _Budget, legacy: bool = False) -> Page:
    """One worksheet as a page: its non-empty rows as tab-separated text and as a table.

    When the workbook uses a legacy font, each cell is converted by its own font: a short
    TCVN3 cell ("M· sè") carries too little text for statistics alone to recognise it.
    """
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a declared size may lie: never pad rows to it
    rows: list[list[str]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=not legacy), 1):  # type: ignore[attr-defined]
        if legacy:
            cells = [normalise_text(cell_text(c.value), cell_font(c)).strip() for c in row]
        else:
            cells = [normalise_text(cell_text(v)).strip() for v in row]
        while cells and not cells[-1]:
            cells.pop()
        budget.count(number, len(row), not cells)
        if cells:
            rows.append(cells)
    text = "\n".join("\t".join(c for c in r) for r in rows)
    return Page(number=None, label=str(getattr(sheet, "title", "")), text=text, source="native", tables=[rows])
