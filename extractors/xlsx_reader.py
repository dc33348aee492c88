"""Excel (.xlsx, .xlsm) reader: each visible sheet as Excel displays it, one page per sheet.

The package is checked first (``extractors.safety.check_ooxml``: sizes, encryption, no DTD);
openpyxl then streams each sheet (read-only mode, its XML parsed by defusedxml where it parses
whole parts). Macros are never run: openpyxl does not even load them. A sheet's declared size is
ignored (it may lie); rows and cells are first counted by scanning the sheets' XML (fast), then
again as they stream, against ``max_sheet_rows`` and ``max_sheet_cells``; past Excel's own last
row the file is refused as corrupt.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl

from extractors.base import Page, ReadDocument
from extractors.errors import CorruptFileError, DocumentLoadError, LimitExceededError
from extractors.safety import EXCEL_MAX_ROWS, check_deadline, check_ooxml, check_sheet_sizes
from extractors.settings import active
from extractors.textnorm import legacy_font_encoding
from extractors.xlsx_compute import compute_formulas
from extractors.xlsx_sheet import (
    SheetCell,
    SheetData,
    SheetParser,
    Styles,
    hidden_columns,
    merged_ranges,
    render_rows,
    row_hidden,
)


class _Budget:
    """Rows and cells read so far from one workbook, against the limits."""

    def __init__(self) -> None:
        settings = active()
        self.max_rows, self.max_cells = settings.max_sheet_rows, settings.max_sheet_cells
        self.rows = self.cells = 0

    def count(self, sheet_row: int, width: int, empty: bool) -> None:
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
    """Read each visible worksheet as Excel displays it, one page per sheet in tab order.

    Hidden and very hidden sheets, hidden rows and hidden columns are not displayed, so they
    are not read (a firm's working rows and superseded figures stay out; the warnings name
    the hidden sheets). Cells read through their number formats (``extractors.xlsx_format``);
    formulas whose results the file does not hold are computed (``extractors.xlsx_formulas``).
    """
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
            styles = Styles(workbook)
            sheets = [parse_sheet(sheet, workbook, budget) for sheet in workbook.worksheets]
            full_calc = bool(getattr(getattr(workbook, "calculation", None), "fullCalcOnLoad", False))
        except DocumentLoadError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
            raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            workbook.close()
    document.warnings.extend(compute_formulas(sheets, full_calc))
    shown = [s for s in sheets if s.state == "visible"] or [s for s in sheets if s.state == "hidden"]
    for sheet in sheets:
        if sheet not in shown:
            document.warnings.append(f"Trang tính ẩn \"{sheet.title}\" không được đọc (hidden sheet not read)")
    for sheet in shown:
        rows = render_rows(sheet, styles, legacy)
        text = "\n".join("\t".join(r) for r in rows)
        document.pages.append(Page(number=None, label=sheet.title, text=text, source="native", tables=[rows]))
    document.page_count = len(document.pages)
    return document


def legacy_fonts_used(workbook: object) -> bool:
    """Whether the workbook's styles name a legacy Vietnamese font (.VnTime, VNI-Times…)."""
    fonts = getattr(workbook, "_fonts", None) or []
    return legacy_font_encoding([f.name for f in fonts if f is not None and f.name]) is not None


def parse_sheet(sheet: Any, workbook: Any, budget: _Budget) -> SheetData:
    """Stream one worksheet's XML into its stored cells, hidden rows and columns and merges.

    A sheet's declared size is ignored (it may lie): rows are counted as they stream.
    """
    data = SheetData(title=str(getattr(sheet, "title", "")), state=str(getattr(sheet, "sheet_state", "visible")))
    with sheet._get_source() as source:
        parser = SheetParser(source, sheet._shared_strings, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for seen, (number, cells) in enumerate(parser.parse(), 1):
            if seen % 4096 == 0:
                check_deadline(f"dòng {number}")
            hidden = row_hidden(parser, number)
            stored = [SheetCell(c["column"], c["value"], c["style_id"] or 0, c.get("formula"))
                      for c in cells if c["value"] is not None or "formula" in c]
            budget.count(number, len(cells), not stored)
            if hidden:
                data.hidden_rows.add(number)
            if stored:
                data.rows.append((number, stored))
        data.hidden_columns = hidden_columns(parser)
        data.merged = merged_ranges(parser)
        data.shared = parser.shared
    return data
