"""Excel (.xlsx) reader: every sheet, cached formula values, one page per sheet."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl

from extractors.base import Page, ReadDocument
from extractors.textnorm import normalise_text
from pipeline.errors import CorruptFileError, LimitExceededError
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


def read_xlsx(path: Path, relpath: str) -> ReadDocument:
    """Read each worksheet's used cells (values as last computed by Excel)."""
    settings = get_settings()
    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # openpyxl raises a variety of parser errors
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    document = ReadDocument(file=relpath, format="xlsx")
    cells_seen = 0
    try:
        for sheet in workbook.worksheets:
            rows: list[list[str]] = []
            for row in sheet.iter_rows(values_only=True):
                cells_seen += len(row)
                if cells_seen > settings.max_sheet_cells:
                    raise LimitExceededError(f"> {settings.max_sheet_cells} ô")
                cells = [normalise_text(cell_text(v)).strip() for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
            text = "\n".join("\t".join(c for c in r) for r in rows)
            document.pages.append(
                Page(number=None, label=sheet.title, text=text, source="native", tables=[rows])
            )
    finally:
        workbook.close()
    document.page_count = len(document.pages)
    return document
