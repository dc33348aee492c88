"""Reviewer corrections: values overridden and points entered, each with who, when and why.

They live in ``OUT/overrides.json`` and are never discarded: every entry read from a worksheet
is appended (an audit trail with the old and the new value), and the last usable entry for a
field or a criterion is the one in force. A reviewer who clears a cell adds a *revert* entry;
an entry that cannot be used (text where a number is needed, an approximate figure, points above
the maximum, no reason or name where the worksheet asks for them, a grey cell) is kept with its
``error`` and its ``cell`` so it shows on the audit sheet and in its cell, and is reported on
every pass until a later entry replaces it, but is never applied.

Entries are applied while a dossier is decided: value overrides after the documents' values
are assembled, point overrides and manual points after the rubric has scored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field as PydField

from extractors import vnformat
from pipeline.models import DossierRecord, Evidence, Field, Model, Score
from pipeline.writers.atomic import write_text_atomic

OVERRIDES_FILE = "overrides.json"
Scalar = str | int | float | bool | None


class ValueOverride(Model):
    """A reviewer's value for a field path such as ``figures.product_revenue_vnd.2025``."""

    path: str
    value: Scalar = None
    reason: str = ""
    reviewer: str = ""
    at: dt.datetime | None = None
    old: Scalar = None
    revert: bool = False
    source: str = ""
    error: str | None = None
    raw: str | None = None
    cell: str | None = None  # where it was typed ("K45"), to name it while it is refused


class PointsOverride(Model):
    """Points for a criterion entered by a council member (manual) or a reviewer (override)."""

    criterion: str
    points: float | None = None
    reason: str = ""
    reviewer: str = ""
    at: dt.datetime | None = None
    manual: bool = False
    old: float | None = None
    revert: bool = False
    source: str = ""
    error: str | None = None
    raw: str | None = None
    cell: str | None = None  # where it was typed ("K45"), to name it while it is refused


Entry = ValueOverride | PointsOverride


class DossierOverrides(Model):
    """All corrections of one dossier, oldest first."""

    values: list[ValueOverride] = PydField(default_factory=list)
    points: list[PointsOverride] = PydField(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing was ever entered for the dossier."""
        return not self.values and not self.points


class Overrides(Model):
    """Every dossier's corrections, keyed by dossier id."""

    dossiers: dict[str, DossierOverrides] = PydField(default_factory=dict)

    def for_dossier(self, dossier_id: str) -> DossierOverrides | None:
        """The corrections of one dossier, if any."""
        return self.dossiers.get(dossier_id)

    def add(self, dossier_id: str, entry: Entry) -> None:
        """Append one entry (the audit trail only grows)."""
        target = self.dossiers.setdefault(dossier_id, DossierOverrides())
        if isinstance(entry, ValueOverride):
            target.values.append(entry)
        else:
            target.points.append(entry)

    def entries(self) -> list[tuple[str, Entry]]:
        """Every entry of every dossier with its dossier id, in the order they were made."""
        items: list[tuple[str, Entry]] = []
        for dossier_id, item in self.dossiers.items():
            items += [(dossier_id, entry) for entry in item.values]
            items += [(dossier_id, entry) for entry in item.points]
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(items, key=lambda pair: _aware(pair[1].at) or epoch)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A datetime comparable with aware ones (naive ones are taken as UTC)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def load_overrides(out: Path) -> Overrides:
    """The overrides saved in an output folder (empty when there are none yet)."""
    path = out / OVERRIDES_FILE
    if not path.is_file():
        return Overrides()
    return Overrides.model_validate_json(path.read_text(encoding="utf-8"))


def save_overrides(overrides: Overrides, out: Path) -> Path:
    """Write ``OUT/overrides.json`` atomically."""
    target = out / OVERRIDES_FILE
    write_text_atomic(target, overrides.model_dump_json(indent=2, exclude_none=True) + "\n")
    return target


def active_values(overrides: DossierOverrides | None) -> dict[str, ValueOverride]:
    """The value entry in force for each path (unusable entries skipped, reverts honoured)."""
    return _state(overrides.values if overrides else [], lambda e: e.path, shown=False)  # type: ignore[return-value]


def active_points(overrides: DossierOverrides | None) -> dict[str, PointsOverride]:
    """The points entry in force for each criterion."""
    return _state(overrides.points if overrides else [], lambda e: e.criterion, shown=False)  # type: ignore[return-value]


def shown_values(overrides: DossierOverrides | None) -> dict[str, ValueOverride]:
    """What each value cell of the worksheet shows: the last entry, usable or not."""
    return _state(overrides.values if overrides else [], lambda e: e.path, shown=True)  # type: ignore[return-value]


def shown_points(overrides: DossierOverrides | None) -> dict[str, PointsOverride]:
    """What each points cell of the worksheet shows: the last entry, usable or not."""
    return _state(overrides.points if overrides else [], lambda e: e.criterion, shown=True)  # type: ignore[return-value]


def _state(entries: list, key, shown: bool) -> dict[str, Entry]:  # type: ignore[no-untyped-def]
    """Replay entries in order: the last one wins, a revert removes, errors count only when shown."""
    state: dict[str, Entry] = {}
    for entry in entries:
        if entry.error is not None and not shown:
            continue
        if entry.revert:
            state.pop(key(entry), None)
        else:
            state[key(entry)] = entry
    return state


def who(entry: Entry, default: str = "người thẩm định") -> str:
    """The name to show for an entry's author."""
    return entry.reviewer.strip() or default


def reviewer_field(override: ValueOverride, current: Field) -> Field:
    """The field as the reviewer set it: certain, with the reviewer as evidence."""
    author = who(override)
    when = f" lúc {vnformat.date_time(override.at)}" if override.at else ""
    reason = override.reason.strip() or "không ghi lý do"
    evidence = [Evidence(file="worksheet.xlsx", page=None, text=f"{author}{when}: {reason}")]
    original = "không có" if current.value is None else repr(current.value)
    note = f"Sửa bởi {author}{when}: {reason}; giá trị máy đọc: {original}"
    return Field(value=override.value, confidence=1.0, evidence=evidence + current.evidence, note=note)


def apply_value_overrides(record: DossierRecord, overrides: DossierOverrides | None) -> None:
    """Replace the values a reviewer corrected (identity, product, figures)."""
    for override in active_values(overrides).values():
        head, _, tail = override.path.rpartition(".")
        if head.startswith("figures.") and tail.isdigit():
            table = getattr(record.figures, head.split(".", 1)[1], None)
            if isinstance(table, dict):
                table[tail] = reviewer_field(override, table.get(tail, Field()))
            continue
        section, _, name = override.path.partition(".")
        target = getattr(record, section, None)
        if target is not None and name in type(target).model_fields:
            setattr(target, name, reviewer_field(override, getattr(target, name)))


def apply_point_overrides(score: Score, overrides: DossierOverrides | None) -> None:
    """Set manual points and overridden points, then recompute the total."""
    entries = active_points(overrides)
    for criterion in score.criteria:
        entry = entries.get(criterion.id)
        if entry is None or entry.points is None:
            continue
        points = max(0.0, min(criterion.max, entry.points))
        reason = f": {entry.reason.strip()}" if entry.reason.strip() else ""
        if criterion.manual:
            criterion.basis = f"Chấm tay bởi {who(entry, 'Hội đồng')}{reason} ({points:g}/{criterion.max:g} điểm)"
        else:
            criterion.basis = (f"Điều chỉnh bởi {who(entry)}{reason} (máy chấm {criterion.points:g} điểm: "
                               f"{criterion.basis})")
        criterion.points = points
    score.total = round(sum(c.points for c in score.criteria), 2)


def describe(entry: Entry) -> str:
    """The kind of an entry in words, for the audit sheet."""
    if entry.error is not None:
        return "Không dùng được"
    if entry.revert:
        return "Hủy sửa"
    if isinstance(entry, PointsOverride):
        return "Chấm tay" if entry.manual else "Điều chỉnh điểm"
    return "Sửa giá trị"
