"""Read a reviewer's worksheet back: every input row with the addresses of its cells, the
machine's cells beside them, and the snapshot of what spcncl wrote (``pipeline.worksheet_merge``
turns the differences into entries).

The very hidden ``_spcncl`` sheet keeps what each input cell was written with, and the workbook's
identity (its generation, round and output folder). Rows are found by their key columns (dossier
id and field path or criterion), whatever their order.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from extractors.errors import WorksheetError
from pipeline.entry_checks import text
from pipeline.writers import worksheet_layout as L

Key = tuple[str, str, str]  # (kind, dossier id, field path or criterion id)
MachineCells = Callable[[dict[str, str]], dict[Key, object] | None]  # a workbook's metadata → what spcncl wrote


@dataclass
class Typed:
    """What one input row of the worksheet holds now, and where."""

    kind: str
    dossier: str
    key: str
    value: object
    reason: str
    reviewer: str
    shown: object  # the value in force next to it ("Giá trị" / "Điểm máy"): the old value
    sheet: str = ""
    cells: dict[str, str] = field(default_factory=dict)  # header title → cell address ("K45")
    formula: object = None  # "Điểm tính": a formula unless someone typed over it


@dataclass
class WorksheetContent:
    """The input rows, the snapshot written with the workbook (None if absent), its metadata."""

    typed: list[Typed]
    snapshot: dict[Key, tuple[object, str, str]] | None
    meta: dict[str, str] = field(default_factory=dict)
    author: str = ""


def empty(value: object) -> bool:
    """An empty cell (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def header_map(sheet: Worksheet, required: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The header row (searched in the first rows) and each title's column index (0-based)."""
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=12, values_only=True), start=1):
        titles = {text(v): i for i, v in enumerate(row) if not empty(v)}
        if all(t in titles for t in required):
            return number, titles
    return None


def read_rows(book, sheet_name: str, kind: str, key_title: str, inputs: tuple[str, str, str],  # type: ignore[no-untyped-def]
              shown_title: str, formula_title: str | None = None) -> list[Typed]:
    """The input rows of one sheet, each with the addresses of its cells."""
    if sheet_name not in book.sheetnames:
        return []
    sheet = book[sheet_name]
    found = header_map(sheet, (L.DOSSIER, key_title, *inputs))
    if found is None:
        raise WorksheetError(f"trang «{sheet_name}»: không thấy dòng tiêu đề ({L.DOSSIER}, {key_title}, {inputs[0]})")
    header, titles = found
    wanted = [t for t in (*inputs, shown_title, formula_title) if t is not None and t in titles]
    rows = []
    for number, row in enumerate(sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        def get(title: str | None, row: tuple = row) -> object:
            index = titles.get(title) if title is not None else None
            return row[index] if index is not None and index < len(row) else None
        dossier, key = text(get(L.DOSSIER)), text(get(key_title))
        if not dossier or not key:
            continue
        cells = {t: f"{get_column_letter(titles[t] + 1)}{number}" for t in wanted}
        rows.append(Typed(kind, dossier, key, get(inputs[0]), text(get(inputs[1])), text(get(inputs[2])),
                          get(shown_title), sheet_name, cells, get(formula_title)))
    return rows


def read_worksheet(path: Path) -> WorksheetContent:
    """Everything a reviewer can have typed, and the snapshot to compare it with."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorksheetError(f"{path}: {exc}") from exc
    try:
        typed = read_rows(book, L.SCORES, "points", L.CRITERION, (L.POINTS_INPUT, L.POINTS_REASON, L.POINTS_WHO),
                          L.MACHINE_POINTS, L.EFFECTIVE_POINTS)
        typed += read_rows(book, L.EVIDENCE, "value", L.FIELD_PATH, (L.VALUE_INPUT, L.VALUE_REASON, L.VALUE_WHO),
                           L.VALUE)
        meta: dict[str, str] = {}
        snapshot: dict[Key, tuple[object, str, str]] | None = None
        if L.STATE in book.sheetnames:
            snapshot = {}
            in_table = False
            for row in book[L.STATE].iter_rows(values_only=True):
                cells = [*row, None, None, None, None, None, None][:6]
                if not in_table:
                    if text(cells[0]) == "kind" and text(cells[1]) == "dossier":
                        in_table = True
                    elif not empty(cells[0]):
                        meta[text(cells[0])] = text(cells[1])
                    continue
                snapshot[(text(cells[0]), text(cells[1]), text(cells[2]))] = (cells[3], text(cells[4]),
                                                                               text(cells[5]))
        author = text(book.properties.lastModifiedBy) if book.properties else ""
    finally:
        book.close()
    return WorksheetContent(typed=typed, snapshot=snapshot, meta=meta, author=author)


def read_meta(path: Path) -> dict[str, str]:
    """Only the workbook's identity (generation, round, output folder) from its hidden sheet; {} if absent."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}
    try:
        meta: dict[str, str] = {}
        if L.STATE in book.sheetnames:
            for row in book[L.STATE].iter_rows(values_only=True):
                if not row or text(row[0]) == "kind":
                    break
                if len(row) > 1 and not empty(row[0]):
                    meta[text(row[0])] = text(row[1])
        return meta
    finally:
        book.close()


def same(a: object, b: object) -> bool:
    """Two cell values mean the same (empty = empty, 16 = 16.0, text compared stripped)."""
    if empty(a) and empty(b):
        return True
    if empty(a) or empty(b):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return text(a) == text(b)
