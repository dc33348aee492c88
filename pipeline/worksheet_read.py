"""Read a reviewer's worksheet back and merge what they typed into ``overrides.json``.

Each input cell is compared with what spcncl wrote into it (the very hidden ``_spcncl`` sheet
keeps that snapshot), so only real edits become entries: a copy handed to a second reviewer
never undoes the first reviewer's work, and reading the same file twice adds nothing. Rows are
found by their key columns (dossier id and field path or criterion), whatever their order.
A cleared cell becomes a *revert* entry; a cell that cannot be read becomes an entry with an
``error`` — kept, shown on the audit sheet and in its cell, never applied.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from extractors.errors import WorksheetError
from extractors.vnnum import parse_amount, parse_number
from pipeline.overrides import Overrides, PointsOverride, ValueOverride, shown_points, shown_values
from pipeline.rubric import ManualRule, Rubric
from pipeline.writers import worksheet_layout as L

Key = tuple[str, str, str]  # (kind, dossier id, field path or criterion id)


@dataclass
class Typed:
    """What one input row of the worksheet holds now."""

    kind: str
    dossier: str
    key: str
    value: object
    reason: str
    reviewer: str
    shown: object  # the value in force next to it ("Giá trị" / "Điểm máy"): the old value


@dataclass
class WorksheetContent:
    """The input rows, the snapshot written with the workbook (None if absent), its metadata."""

    typed: list[Typed]
    snapshot: dict[Key, tuple[object, str, str]] | None
    meta: dict[str, str] = field(default_factory=dict)
    author: str = ""


@dataclass
class MergeResult:
    """How many entries a worksheet added, and the cells that could not be used."""

    added: int = 0
    problems: list[str] = field(default_factory=list)


def text(value: object) -> str:
    """A cell as stripped text ("" for empty)."""
    return "" if value is None else str(value).strip()


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
              shown_title: str) -> list[Typed]:
    """The input rows of one sheet."""
    if sheet_name not in book.sheetnames:
        return []
    sheet = book[sheet_name]
    found = header_map(sheet, (L.DOSSIER, key_title, *inputs))
    if found is None:
        raise WorksheetError(f"trang «{sheet_name}»: không thấy dòng tiêu đề ({L.DOSSIER}, {key_title}, {inputs[0]})")
    header, titles = found
    rows = []
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        def get(title: str, row: tuple = row) -> object:
            index = titles.get(title)
            return row[index] if index is not None and index < len(row) else None
        dossier, key = text(get(L.DOSSIER)), text(get(key_title))
        if not dossier or not key:
            continue
        rows.append(Typed(kind, dossier, key, get(inputs[0]), text(get(inputs[1])), text(get(inputs[2])),
                          get(shown_title)))
    return rows


def read_worksheet(path: Path) -> WorksheetContent:
    """Everything a reviewer can have typed, and the snapshot to compare it with."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorksheetError(f"{path}: {exc}") from exc
    try:
        typed = read_rows(book, L.SCORES, "points", L.CRITERION, (L.POINTS_INPUT, L.POINTS_REASON, L.POINTS_WHO),
                          L.MACHINE_POINTS)
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


def same(a: object, b: object) -> bool:
    """Two cell values mean the same (empty = empty, 16 = 16.0, text compared stripped)."""
    if empty(a) and empty(b):
        return True
    if empty(a) or empty(b):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return text(a) == text(b)


def parse_points(value: object) -> float | None:
    """Points typed as a number or text ("7,5", "7.5")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    raw = text(value).replace(" ", "")
    number = parse_number(raw, "vi") if "," in raw or raw.count(".") != 1 else parse_number(raw, "en")
    return float(number) if number is not None else None


def parse_value(path: str, value: object) -> tuple[object, str | None]:
    """A reviewer's value for a field, or (None, why it cannot be used)."""
    kind = L.value_type(path)
    if kind is None:
        return None, f"trường «{L.field_label(path)}» không sửa trực tiếp được"
    if kind == "int":
        if isinstance(value, int | float) and not isinstance(value, bool):
            number: float | None = float(value)
        else:
            amount = parse_amount(text(value), "vi")
            number = float(amount.value) if amount is not None else None
        if number is None:
            return None, f"«{text(value)}» không phải là số"
        if number < 0:
            return None, "số không được âm"
        return round(number), None
    if path == "enterprise.tax_code" and isinstance(value, int | float):
        return f"{int(value):010d}", None  # Excel dropped the leading zero
    return text(value), None


def merge_worksheet(path: Path, overrides: Overrides, rubric: Rubric, year: int | None = None) -> MergeResult:
    """Add every edit found in the worksheet to ``overrides`` (in place); returns what was added.

    A worksheet written for another round (``year``) is refused.
    """
    content = read_worksheet(path)
    written_for = content.meta.get("round")
    if year is not None and written_for and written_for != str(year):
        raise WorksheetError(f"{path.name}: phiếu của vòng {written_for}, không phải vòng {year}")
    when = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    criteria = {c.id: c for c in rubric.criteria}
    result = MergeResult()
    for row in content.typed:
        entries = overrides.for_dossier(row.dossier)
        shown_map: dict = (shown_points if row.kind == "points" else shown_values)(entries)
        current = shown_map.get(row.key)
        if content.snapshot is not None:
            baseline = content.snapshot.get((row.kind, row.dossier, row.key), (None, "", ""))
        else:  # a workbook without its snapshot: compare with the entries on record
            baseline = shown_cell(current)
        if same(row.value, baseline[0]) and row.reason == baseline[1] and row.reviewer == baseline[2]:
            continue
        if empty(row.value):
            if empty(baseline[0]) or current is None or current.revert:
                continue  # a reason or a name without a value changes nothing
            entry = revert_entry(row, current)
        elif row.kind == "points":
            entry = points_entry(row, criteria, current)
        else:
            entry = value_entry(row, current)
        entry.at, entry.source = when, path.name
        entry.reviewer = entry.reviewer or content.author
        if current is not None and not current.revert and same_entry(current, entry):
            continue
        overrides.add(row.dossier, entry)
        result.added += 1
        if entry.error:
            result.problems.append(f"{row.dossier} {row.key}: {entry.error}")
    return result


def shown_cell(current: ValueOverride | PointsOverride | None) -> tuple[object, str, str]:
    """What the worksheet shows for an entry: typed value, reason, reviewer."""
    if current is None:
        return None, "", ""
    if current.error is not None:
        return current.raw, current.reason, current.reviewer
    value = current.points if isinstance(current, PointsOverride) else current.value
    return value, current.reason, current.reviewer


def revert_entry(row: Typed, current: ValueOverride | PointsOverride) -> ValueOverride | PointsOverride:
    """The reviewer cleared a cell: back to the machine's value."""
    if isinstance(current, PointsOverride):
        return PointsOverride(criterion=row.key, points=None, revert=True, old=current.points, manual=current.manual,
                              reason=row.reason, reviewer=row.reviewer)
    return ValueOverride(path=row.key, value=None, revert=True, old=current.value, reason=row.reason,
                         reviewer=row.reviewer)


def points_entry(row: Typed, criteria: dict, current: PointsOverride | None) -> PointsOverride:  # type: ignore[type-arg]
    """Points typed for a criterion (manual or an override), checked against its maximum."""
    criterion = criteria.get(row.key)
    points = parse_points(row.value)
    old = current.points if current is not None and current.error is None else parse_points(row.shown)
    error = None
    if criterion is None:
        error = f"tiêu chí «{row.key}» không có trong bộ tiêu chí"
    elif points is None:
        error = f"«{text(row.value)}» không phải là số điểm"
    elif not 0 <= points <= criterion.max:
        error = f"{points:g} điểm nằm ngoài khoảng 0–{criterion.max:g}"
    manual = criterion is not None and isinstance(criterion.rule, ManualRule)
    return PointsOverride(criterion=row.key, points=None if error else points, old=old, manual=manual,
                          reason=row.reason, reviewer=row.reviewer, error=error,
                          raw=text(row.value) if error else None)


def value_entry(row: Typed, current: ValueOverride | None) -> ValueOverride:
    """A value typed for a field, read by the field's type."""
    value, error = parse_value(row.key, row.value)
    old = current.value if current is not None and current.error is None else row.shown
    if isinstance(old, dt.datetime | dt.date):
        old = old.isoformat()
    return ValueOverride(path=row.key, value=value, old=old if isinstance(old, str | int | float | bool) else None,  # type: ignore[arg-type]
                         reason=row.reason, reviewer=row.reviewer, error=error, raw=text(row.value) if error else None)


def same_entry(a: ValueOverride | PointsOverride, b: ValueOverride | PointsOverride) -> bool:
    """An entry that would change nothing (same value, reason and author as the one shown)."""
    if a.error != b.error or a.reason != b.reason or a.reviewer != b.reviewer:
        return False
    if isinstance(a, PointsOverride) and isinstance(b, PointsOverride):
        return same(a.points, b.points) and a.raw == b.raw
    if isinstance(a, ValueOverride) and isinstance(b, ValueOverride):
        return same(a.value, b.value) and a.raw == b.raw
    return False
