"""Shared by the worksheet, letter, summary and review tests: a small round on real sample
dossiers run with plain functions (as the flow runs them), and a reviewer's hands on the
worksheet (openpyxl, as Excel would save it). No test lives here."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.models import DossierRecord
from pipeline.writers import worksheet_layout as L

from .conftest import SAMPLES

# born-digital, quick to read: complete and proposed, incomplete (absent), incomplete
# (mismatch), ineligible (revenue floor)
BASE = ("HN2026-001", "HN2026-007", "HN2026-012", "HN2026-014")
_ROUNDS: dict[tuple[str | None, tuple[str, ...]], tuple[Path, Path]] = {}


def run_round(inbox: Path, out: Path, criteria: str | None = None) -> tuple[list[DossierRecord], dict]:
    """One pass as the flow makes it (reviewers' worksheet entries merged first), without Prefect."""
    from extractors.settings import Settings
    from pipeline.round import load_round
    from pipeline.run import read_in_process, run_pass
    from pipeline.writers.records import read_records

    rubric, rnd = load_round(criteria, 2026)
    summary = run_pass(inbox, out, rubric, rnd, Settings.from_env(), reader=read_in_process).summary
    return read_records(out), summary


def base_round(factory, criteria: str | None = None, ids: tuple[str, ...] = BASE) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """(inbox, out) of a round run once per session; copy ``out`` before changing anything."""
    key = (criteria, ids)
    if key not in _ROUNDS:
        root = factory.mktemp("round")
        inbox = root / "inbox"
        for dossier_id in ids:
            shutil.copytree(SAMPLES / "inbox" / dossier_id, inbox / dossier_id)
        for _, earlier in _ROUNDS.values():  # the documents' readings do not depend on the rubric
            shutil.copytree(earlier / ".cache", root / "out" / ".cache")
            break
        run_round(inbox, root / "out", criteria)
        _ROUNDS[key] = (inbox, root / "out")
    return _ROUNDS[key]


def copy_round(factory, criteria: str | None = None) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """A private copy of the base round's output (same inbox), free to edit and re-run."""
    inbox, out = base_round(factory, criteria)
    target = factory.mktemp("copy") / "out"
    shutil.copytree(out, target)
    return inbox, target


def titles(sheet: Worksheet) -> dict[str, int]:
    """Header title → 1-based column."""
    return {str(c.value): c.column for c in sheet[L.HEADER_ROW] if c.value is not None}  # type: ignore[misc]


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    """The data rows as dictionaries keyed by header title."""
    head = titles(sheet)
    out = []
    for row in sheet.iter_rows(min_row=L.FIRST_ROW):
        if row[0].value is None:
            continue
        out.append({title: row[column - 1].value for title, column in head.items()})
    return out


def find(sheet: Worksheet, **keys: object):  # type: ignore[no-untyped-def]
    """The cells of the one row whose header-titled columns hold ``keys`` (titles with _ for spaces)."""
    head = titles(sheet)
    wanted = {title: value for title, value in keys.items()}
    for row in sheet.iter_rows(min_row=L.FIRST_ROW):
        if all(row[head[t] - 1].value == v for t, v in wanted.items()):
            return {title: row[column - 1] for title, column in head.items()}
    raise AssertionError(f"no row with {keys} on {sheet.title}")


def edit(worksheet: Path, values: list[tuple] = (), points: list[tuple] = ()) -> None:  # type: ignore[assignment]
    """Type into the worksheet as a reviewer would, and save it.

    ``values``: (dossier, field path, value, reason, reviewer); ``points``: (dossier,
    criterion, points, reason, reviewer). A value of None clears the cell.
    """
    book = load_workbook(worksheet)
    for dossier, path, value, reason, reviewer in values:
        row = find(book[L.EVIDENCE], **{L.DOSSIER: dossier, L.FIELD_PATH: path})
        row[L.VALUE_INPUT].value, row[L.VALUE_REASON].value, row[L.VALUE_WHO].value = value, reason, reviewer
    for dossier, criterion, number, reason, reviewer in points:
        row = find(book[L.SCORES], **{L.DOSSIER: dossier, L.CRITERION: criterion})
        row[L.POINTS_INPUT].value, row[L.POINTS_REASON].value, row[L.POINTS_WHO].value = number, reason, reviewer
    book.save(worksheet)


def record(out: Path, dossier_id: str) -> DossierRecord:
    """One record as written in OUT."""
    return DossierRecord.model_validate_json((out / "dossiers" / f"{dossier_id}.json").read_text(encoding="utf-8"))
