"""Merge what reviewers typed in a worksheet into ``overrides.json``, checked as the sheet promises.

Each input cell is compared with what spcncl wrote into it (the snapshot), so only real edits
become entries: a copy handed to a second reviewer never undoes the first reviewer's work, and
reading the same file twice adds nothing. A cleared cell becomes a *revert* entry.

An entry that breaks the sheet's promise (``pipeline.entry_checks``: no reason or no name where the
header asks for them, an approximate amount, text where a number belongs, points over the
maximum, a grey cell) is kept with its ``error`` and the cell it was typed in: never applied,
shown red in its cell and on the audit sheet, and reported on every pass until a later entry
replaces it (:func:`outstanding_refusals`). A figure typed over one of spcncl's own cells («Giá
trị», «Điểm máy», the «Điểm tính» formula) is not dropped: it is read as if typed in the row's
input cell, and the move is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from extractors.errors import WorksheetError
from pipeline.entry_checks import missing_parts, not_editable, parse_points, parse_value, text
from pipeline.overrides import Overrides, PointsOverride, ValueOverride, shown_points, shown_values
from pipeline.rubric import ManualRule, Rubric
from pipeline.worksheet_read import Key, MachineCells, Typed, empty, read_worksheet, same
from pipeline.writers import worksheet_layout as L

Entry = ValueOverride | PointsOverride
INPUT_TITLE = {"points": L.POINTS_INPUT, "value": L.VALUE_INPUT}
MACHINE_TITLE = {"points": L.MACHINE_POINTS, "value": L.VALUE}


@dataclass
class MergeResult:
    """How many entries a worksheet added and what a person must hear about it: ``problems`` holds
    every line; ``notes`` the ones :func:`outstanding_refusals` will not repeat (figures typed over
    spcncl's cells, grey cells)."""

    added: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def merge_worksheet(path: Path, overrides: Overrides, rubric: Rubric, year: int | None = None,
                    machine: MachineCells | None = None) -> MergeResult:
    """Add every edit found in the worksheet to ``overrides`` (in place); returns what was added and
    what must be reported. A worksheet written for another round (``year``) is refused.

    ``machine`` gives, for the workbook's metadata, what spcncl wrote in its own value cells (None
    when it cannot know, e.g. for an older copy): a difference there is a reviewer typing over them.
    """
    content = read_worksheet(path)
    written_for = content.meta.get("round")
    if year is not None and written_for and written_for != str(year):
        raise WorksheetError(f"{path.name}: phiếu của vòng {written_for}, không phải vòng {year}")
    when = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    criteria = {c.id: c for c in rubric.criteria}
    expected = machine(content.meta) if machine is not None else None
    result = MergeResult()
    for row in content.typed:
        entries = overrides.for_dossier(row.dossier)
        current = (shown_points if row.kind == "points" else shown_values)(entries).get(row.key)
        if content.snapshot is not None:
            baseline = content.snapshot.get((row.kind, row.dossier, row.key), (None, "", ""))
        else:  # a workbook without its snapshot: compare with the entries on record
            baseline = shown_cell(current)
        moved = typed_over(row, expected) if same(row.value, baseline[0]) else None
        if moved is not None:
            row.value, row.shown = moved[1], moved[2]
        elif same(row.value, baseline[0]) and row.reason == baseline[1] and row.reviewer == baseline[2]:
            continue
        editable = row.key in criteria if row.kind == "points" else L.value_type(row.key) is not None
        if not editable:
            entry = grey_entry(row, criteria)
            if entry is None or (current is not None and same_entry(current, entry) and current.source == path.name
                                 and current.at == when):
                continue
        else:
            entry = row_entry(row, baseline, current, criteria)
            if entry is None:
                continue
        entry.at, entry.source = when, path.name
        entry.cell = row.cells.get(INPUT_TITLE[row.kind])
        if entry.revert or (isinstance(entry, PointsOverride) and entry.manual):
            entry.reviewer = entry.reviewer or content.author
        if moved is not None:
            result.notes.append(moved_note(row, moved[0], entry))
            result.problems.append(result.notes[-1])
        if editable and current is not None and not current.revert and same_entry(current, entry):
            continue
        overrides.add(row.dossier, entry)
        result.added += 1
        if entry.error:
            result.problems.append(describe_refusal(row.dossier, entry, rubric))
            if not editable:
                result.notes.append(result.problems[-1])
    return result


def typed_over(row: Typed, expected: dict[Key, object] | None) -> tuple[str, object, object] | None:
    """(cell, value typed, what spcncl had written beside it) when a reviewer typed over spcncl's own
    cell of the row, else None."""
    key = (row.kind, row.dossier, row.key)
    formula = row.formula  # a formula reads as "=…"; an array formula is an object: neither was typed over
    if row.kind == "points" and isinstance(formula, int | float | str) and not empty(formula) \
            and not text(formula).startswith("="):
        return row.cells.get(L.EFFECTIVE_POINTS, L.EFFECTIVE_POINTS), row.formula, row.shown
    if expected is None:
        return None
    if key in expected and not same(row.shown, expected[key]) and not empty(row.shown):
        return row.cells.get(MACHINE_TITLE[row.kind], MACHINE_TITLE[row.kind]), row.shown, expected[key]
    return None


def row_entry(row: Typed, baseline: tuple[object, str, str], current: Entry | None,
              criteria: dict) -> Entry | None:  # type: ignore[type-arg]
    """The entry an edited row of an editable field or criterion makes (None: nothing to record)."""
    if not empty(row.value):
        if isinstance(current, PointsOverride) or (current is None and row.kind == "points"):
            return points_entry(row, criteria, current)
        return value_entry(row, current if isinstance(current, ValueOverride) else None)
    lone_note = bool(row.reason.strip() or row.reviewer.strip())
    if current is not None and current.error is not None and not lone_note:
        return revert_entry(row, current)  # a refused entry cleared
    if current is not None and current.error is None and not current.revert and not empty(baseline[0]):
        return revert_entry(row, current)  # the value cleared: back to the machine's
    if not lone_note:
        return None
    what = "điểm" if row.kind == "points" else "giá trị sửa"
    return refused(row, f"có lý do hoặc người sửa nhưng chưa nhập {what}: nhập {what} hoặc xóa lý do và tên")


def grey_entry(row: Typed, criteria: dict) -> Entry | None:  # type: ignore[type-arg]
    """Anything typed in a row that cannot be edited (grey cells, an unknown criterion): refused."""
    if empty(row.value) and not row.reason.strip() and not row.reviewer.strip():
        return None
    if row.kind == "points":
        return refused(row, f"tiêu chí «{row.key}» không có trong bộ tiêu chí ({', '.join(criteria)})")
    return refused(row, not_editable(row.key))


def refused(row: Typed, error: str) -> Entry:
    """An entry kept with why it cannot be used (never applied)."""
    raw = None if empty(row.value) else text(row.value)
    if row.kind == "points":
        return PointsOverride(criterion=row.key, reason=row.reason, reviewer=row.reviewer, error=error, raw=raw)
    return ValueOverride(path=row.key, reason=row.reason, reviewer=row.reviewer, error=error, raw=raw)


def shown_cell(current: Entry | None) -> tuple[object, str, str]:
    """What the worksheet shows for an entry: typed value, reason, reviewer."""
    if current is None:
        return None, "", ""
    if current.error is not None:
        return current.raw, current.reason, current.reviewer
    value = current.points if isinstance(current, PointsOverride) else current.value
    return value, current.reason, current.reviewer


def revert_entry(row: Typed, current: Entry) -> Entry:
    """The reviewer cleared a cell: back to the machine's value."""
    if isinstance(current, PointsOverride):
        return PointsOverride(criterion=row.key, points=None, revert=True, old=current.points, manual=current.manual,
                              reason=row.reason, reviewer=row.reviewer)
    return ValueOverride(path=row.key, value=None, revert=True, old=current.value, reason=row.reason,
                         reviewer=row.reviewer)


def points_entry(row: Typed, criteria: dict, current: PointsOverride | None) -> PointsOverride:  # type: ignore[type-arg]
    """Points typed for a criterion (manual or an override), checked against its maximum and the
    reason and name the header asks for."""
    criterion = criteria[row.key]
    points, error = parse_points(row.value)
    old = current.points if current is not None and current.error is None else parse_points(row.shown)[0]
    if error is None and points is not None and not 0 <= points <= criterion.max:
        error = f"{points:g} điểm nằm ngoài khoảng 0–{criterion.max:g}"
    manual = isinstance(criterion.rule, ManualRule)
    error = join(error, missing_parts("points", manual, row.reason, row.reviewer))
    return PointsOverride(criterion=row.key, points=None if error else points, old=old, manual=manual,
                          reason=row.reason, reviewer=row.reviewer, error=error,
                          raw=text(row.value) if error else None)


def value_entry(row: Typed, current: ValueOverride | None) -> ValueOverride:
    """A value typed for a field, read by the field's type, with the reason and name the header asks for."""
    value, error = parse_value(row.key, row.value)
    error = join(error, missing_parts("value", False, row.reason, row.reviewer))
    old = current.value if current is not None and current.error is None else row.shown
    if isinstance(old, dt.datetime | dt.date):
        old = old.isoformat()
    return ValueOverride(path=row.key, value=None if error else value,  # type: ignore[arg-type]
                         old=old if isinstance(old, str | int | float | bool) else None,
                         reason=row.reason, reviewer=row.reviewer, error=error, raw=text(row.value) if error else None)


def join(*errors: str | None) -> str | None:
    """Several reasons for one refusal, in one sentence."""
    found = [e for e in errors if e]
    return "; ".join(found) if found else None


def same_entry(a: Entry, b: Entry) -> bool:
    """An entry that would change nothing (same value, reason and author as the one shown)."""
    if a.error != b.error or a.reason != b.reason or a.reviewer != b.reviewer:
        return False
    if isinstance(a, PointsOverride) and isinstance(b, PointsOverride):
        return same(a.points, b.points) and a.raw == b.raw
    if isinstance(a, ValueOverride) and isinstance(b, ValueOverride):
        return same(a.value, b.value) and a.raw == b.raw
    return False


def label(entry: Entry, rubric: Rubric) -> str:
    """The field or criterion an entry is about, in words."""
    if isinstance(entry, PointsOverride):
        names = {c.id: c.name for c in rubric.criteria}
        return f"tiêu chí {entry.criterion}" + (f". {names[entry.criterion]}" if entry.criterion in names else "")
    return L.field_label(entry.path)


def describe_refusal(dossier: str, entry: Entry, rubric: Rubric) -> str:
    """A refused entry as one line: dossier, sheet, cell, field, and what is wrong."""
    sheet = L.SCORES if isinstance(entry, PointsOverride) else L.EVIDENCE
    cell = f", ô {entry.cell}" if entry.cell else ""
    return f"{dossier} — trang «{sheet}»{cell} ({label(entry, rubric)}): không dùng được: {entry.error}"


def moved_note(row: Typed, cell: str, entry: Entry) -> str:
    """What happened to a figure typed over spcncl's own cell."""
    title = L.EFFECTIVE_POINTS if cell.startswith(row.cells.get(L.EFFECTIVE_POINTS, "\0")) else MACHINE_TITLE[row.kind]
    target = row.cells.get(INPUT_TITLE[row.kind], INPUT_TITLE[row.kind])
    outcome = "chưa áp dụng (xem dòng lỗi của ô này)" if entry.error else "đã áp dụng"
    return (f"{row.dossier} — trang «{row.sheet}», ô {cell} («{title}», ô do spcncl ghi): «{text(row.value)}» được "
            f"coi như nhập ở ô {target} («{INPUT_TITLE[row.kind]}»), {outcome}; lần sau hãy nhập ở cột "
            f"«{INPUT_TITLE[row.kind]}»")


def outstanding_refusals(overrides: Overrides, rubric: Rubric, keep: set[str] | None = None) -> list[str]:
    """Every refused entry still shown in its cell (not yet replaced, cleared or corrected), as a line
    to report on this pass and every later one. Grey-cell refusals are reported once: their cells
    are written blank again."""
    criteria = {c.id for c in rubric.criteria}
    lines = []
    for dossier, entries in sorted(overrides.dossiers.items()):
        if keep is not None and dossier not in keep:
            continue
        shown: list[Entry] = [*shown_values(entries).values(), *shown_points(entries).values()]
        for entry in shown:
            editable = (entry.criterion in criteria if isinstance(entry, PointsOverride)
                        else L.value_type(entry.path) is not None)
            if entry.error is not None and editable:
                lines.append(describe_refusal(dossier, entry, rubric))
    return lines
