"""What the station's pages show, built from a round's records with the worksheet's own rules.

A value is *doubtful* (amber) exactly when the worksheet paints it amber
(``pipeline.writers.worksheet_fields.doubts``), *reviewed* (green) when a reviewer's entry is in
force, *missing* (red) when nothing was found. The pages hold no rule of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from extractors import vnformat
from pipeline.models import DossierRecord, Evidence, Field
from pipeline.overrides import Overrides, active_points
from pipeline.rubric import Round, Rubric
from pipeline.writers.doubt import PASSED_WORDS, certificate_reasons, dossier_doubts
from pipeline.writers.letter_items import LetterItem, letter_items
from pipeline.writers.worksheet_fields import display_value, doubts, iter_fields, reviewed
from pipeline.writers.worksheet_layout import STATUS_VI, field_label, value_type
from station.pages import preview_kind

GROUPS = {"enterprise": "Doanh nghiệp", "product": "Sản phẩm", "figures": "Số liệu"}


@dataclass
class Source:
    """One piece of evidence as the page links it: which document, which page, where on it."""

    file: str
    doc: int | None  # index in the record's documents: the only way a request names a file
    page: int | None
    sheet: str | None
    text: str
    bbox: tuple[float, float, float, float] | None
    preview: str  # "image", "sheet", "docx" or "none"


@dataclass
class Row:
    """A value or a criterion on the dossier page, with its state and its sources."""

    kind: str  # "value" or "points" (what an entry on it is)
    key: str
    label: str
    shown: str
    state: str  # "doubtful", "reviewed", "missing" or "ok"
    reasons: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    editable: bool = False
    raw: object = None  # the value in force, as an entry's old value
    note: str = ""


@dataclass
class Section:
    """A group of rows under one heading."""

    title: str
    rows: list[Row]


@dataclass
class DossierView:
    """Everything the dossier page shows."""

    record: DossierRecord
    status: str
    sections: list[Section]
    letter: list[LetterItem]
    doubtful: int
    documents: list[tuple[int, str, str]]  # index, file, problem ("" when read)


@dataclass
class OverviewRow:
    """One dossier in the round's table."""

    dossier_id: str
    firm: str
    product: str
    status: str
    status_vi: str
    total: float
    proposed: bool
    missing: int
    doubtful: int
    need: int  # 2: red (missing or unreadable), 1: amber (doubtful values), 0: nothing to do


def sources(record: DossierRecord, evidence: list[Evidence]) -> list[Source]:
    """The document evidence of a value (a reviewer's own note left out)."""
    index = {d.file: n for n, d in enumerate(record.documents)}
    unique = {(e.file, e.page, e.sheet, e.text, e.bbox): e for e in evidence if e.file != "worksheet.xlsx"}
    return [Source(e.file, index.get(e.file), e.page, e.sheet, e.text, e.bbox, preview_kind(e.file))
            for e in unique.values()]


def shown_value(path: str, value: Field, rubric: Rubric) -> str:
    """A value as a reviewer reads it (amounts with Vietnamese separators)."""
    shown = display_value(path, value, rubric)
    if shown is None:
        return "—"
    if isinstance(shown, int | float) and not isinstance(shown, bool):
        return vnformat.integer(shown) if float(shown).is_integer() else vnformat.decimal(shown, 2)
    return str(shown)


def value_rows(record: DossierRecord, rubric: Rubric, rnd: Round, threshold: float) -> list[Section]:
    """The identity, product and yearly figures, grouped."""
    flagged = doubts(record, threshold)
    groups: dict[str, list[Row]] = {key: [] for key in GROUPS}
    for path, value in iter_fields(record, rnd.years):
        state = "reviewed" if reviewed(value) else "doubtful" if path in flagged else \
            "missing" if value.value is None else "ok"
        groups[path.split(".")[0]].append(Row(
            kind="value", key=path, label=field_label(path), shown=shown_value(path, value, rubric), state=state,
            reasons=flagged.get(path, []) if state == "doubtful" else [], sources=sources(record, value.evidence),
            editable=value_type(path) is not None, raw=value.value, note=value.note or ""))
    return [Section(GROUPS[key], rows) for key, rows in groups.items() if rows]


def certificate_rows(record: DossierRecord, threshold: float) -> Section:
    """The certificates found (read-only: their validity decides the certificate criteria)."""
    rows = []
    for n, cert in enumerate(record.certificates):
        valid = {True: "còn hiệu lực", False: "không hợp lệ", None: "chưa rõ"}[cert.valid]
        shown = (f"{cert.standard} số {cert.number or '?'}, {cert.issuer or '?'}; "
                 f"hết hạn {cert.expires or '?'} ({valid})")
        reasons = certificate_reasons(cert, threshold)  # the worksheet's own doubt about a certificate
        rows.append(Row(kind="certificate", key=f"certificates.{n}", label=f"Chứng nhận {cert.standard}",
                        shown=shown, state="doubtful" if reasons else "ok" if cert.valid else "missing",
                        reasons=reasons, sources=sources(record, cert.evidence)))
    return Section("Chứng nhận", rows)


def decision_rows(record: DossierRecord, rubric: Rubric, rnd: Round, threshold: float,
                  overrides: Overrides) -> list[Section]:
    """Prerequisites and criteria, each with its basis, points and why it may be wrong."""
    settled = set(active_points(overrides.for_dossier(record.dossier_id)))
    found = dossier_doubts(record, rubric, rnd, threshold, settled)
    names = {p.id: p.name for p in rubric.prerequisites}
    prerequisites = [Row(kind="prerequisite", key=p.id, label=names.get(p.id, p.id),
                         shown=PASSED_WORDS[p.passed].capitalize(),
                         state="doubtful" if p.id in found.prerequisites or p.passed is None else
                         "ok" if p.passed else "missing",
                         reasons=found.prerequisites.get(p.id, []), note=p.detail)
                     for p in record.prerequisites]
    criteria = []
    for c in record.score.criteria:
        state = "reviewed" if c.id in settled else "doubtful" if c.id in found.criteria else \
            "missing" if c.manual else "ok"
        criteria.append(Row(kind="points", key=c.id, label=f"{c.id}. {c.name or ''}".strip(),
                            shown=f"{vnformat.points(c.points)}/{vnformat.points(c.max)}", state=state,
                            reasons=found.criteria.get(c.id, []), sources=sources(record, c.evidence),
                            editable=True, raw=c.points, note=c.basis))
    return [Section("Điều kiện tiên quyết", prerequisites), Section("Tiêu chí và điểm", criteria)]


def dossier_view(record: DossierRecord, rubric: Rubric, rnd: Round, threshold: float,
                 overrides: Overrides) -> DossierView:
    """The dossier page's content."""
    sections = [*value_rows(record, rubric, rnd, threshold), certificate_rows(record, threshold),
                *decision_rows(record, rubric, rnd, threshold, overrides)]
    doubtful = sum(row.state == "doubtful" for s in sections for row in s.rows)
    documents = [(n, d.file, d.error or "") for n, d in enumerate(record.documents)]
    return DossierView(record, STATUS_VI.get(record.status, record.status), sections,
                       letter_items(record, rubric), doubtful, documents)


def overview(records: list[DossierRecord], rubric: Rubric, rnd: Round, threshold: float,
             overrides: Overrides) -> list[OverviewRow]:
    """The round's table, the dossiers that need a reviewer first."""
    rows = []
    for record in records:
        view = dossier_view(record, rubric, rnd, threshold, overrides)
        red = record.status != "complete" or any(d.error for d in record.documents)
        need = 2 if red and record.status != "ineligible" else 1 if view.doubtful else 0
        rows.append(OverviewRow(record.dossier_id, str(record.enterprise.name.value or "—"),
                                str(record.product.name.value or "—"), record.status, view.status,
                                record.score.total, bool(record.proposed), len(record.missing_evidence),
                                view.doubtful, need))
    return sorted(rows, key=lambda r: (-r.need, r.dossier_id))


def modified(path: Path) -> str:
    """A file's modification time in words (when the outputs were last written)."""
    try:
        return vnformat.date_time(dt.datetime.fromtimestamp(path.stat().st_mtime))
    except OSError:
        return "—"
