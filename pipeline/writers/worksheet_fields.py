"""A record's values as the worksheet shows them: every field by path, why a value is doubtful.

A value is *missing* when it was not found, *doubtful* when its confidence is under the review
threshold or a cross-check failed on it (documents disagree, a tax code's check digit is wrong,
product revenue exceeds the firm's revenue, a statement does not add up).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field

from extractors import vnformat
from pipeline.models import DossierRecord, Evidence, Field
from pipeline.overrides import Overrides
from pipeline.rubric import Round, Rubric
from pipeline.writers.secretariat import Secretariat
from pipeline.writers.worksheet_layout import SCALAR_LABELS, YEARLY_LABELS

YEAR_RE = re.compile(r"\b(?:năm|Năm)\s+(\d{4})\b")


def iter_fields(record: DossierRecord, years: Iterable[int] = ()) -> list[tuple[str, Field]]:
    """Every field of a record with its path; each of ``years`` is listed even when not found."""
    items: list[tuple[str, Field]] = []
    for path in SCALAR_LABELS:
        section, name = path.split(".")
        items.append((path, getattr(getattr(record, section), name)))
    for name in YEARLY_LABELS:
        table = getattr(record.figures, name)
        keys = sorted({*table, *(str(y) for y in years)})
        items.extend((f"figures.{name}.{year}", table.get(year) or Field()) for year in keys)
    return items


def finding_paths(code: str, message: str) -> list[str]:
    """The field paths a cross-check finding is about."""
    if code.startswith("disagreement:"):
        return [code.split(":", 1)[1]]
    if code.startswith(("invalid_tax_code", "tax_code_not_found")):
        return ["enterprise.tax_code"]
    if code.startswith("review:"):
        # a reviewer's question about a year's statement or export evidence is about that figure
        kind, _, qualifier = code.removeprefix("review:").partition(":")
        target = {"financial_statement": "enterprise_revenue_vnd", "export_evidence": "export_usd"}.get(kind)
        return [f"figures.{target}.{qualifier}"] if target and qualifier.isdigit() else []
    years = YEAR_RE.findall(message)
    if code == "statement_arithmetic":
        return [f"figures.enterprise_revenue_vnd.{y}" for y in years]
    if code in ("product_revenue_exceeds_enterprise", "product_revenue_unit_doubt"):
        return [f"figures.product_revenue_vnd.{y}" for y in years]
    return []


def doubts(record: DossierRecord, threshold: float) -> dict[str, list[str]]:
    """Why each doubtful value is doubtful (path → reasons), for amber cells and their comments."""
    reasons: dict[str, list[str]] = {}
    for path, field in iter_fields(record):
        if field.value is None or field.confidence >= threshold:
            continue
        if field.evidence and field.evidence[0].file == "worksheet.xlsx":
            continue  # a reviewer's value is certain
        reasons.setdefault(path, []).append(field.note or f"Độ tin cậy thấp ({field.confidence:.0%}).")
    for finding in record.findings:
        for path in finding_paths(finding.code, finding.message):
            messages = reasons.setdefault(path, [])
            if finding.message not in messages:
                messages.append(finding.message)
    return reasons


def display_value(path: str, field: Field, rubric: Rubric) -> object:
    """The value as a cell shows it: numbers stay numbers, codes become words."""
    value = field.value
    if value is None:
        return None
    if path == "product.industry_group":
        names = {g.code: g.name for g in rubric.industry_groups}
        return names.get(str(value), str(value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def document_evidence(field: Field) -> list[Evidence]:
    """The field's evidence from the dossier's documents (a reviewer's entry left out)."""
    return [e for e in field.evidence if e.file != "worksheet.xlsx"]


def reviewed(field: Field) -> bool:
    """Whether the value is a reviewer's entry."""
    return bool(field.evidence) and field.evidence[0].file == "worksheet.xlsx"


def where(evidence: Evidence) -> str:
    """"file, tr. 3" (or the sheet) for a piece of evidence."""
    place = f", tr. {evidence.page}" if evidence.page else (f", trang tính {evidence.sheet}" if evidence.sheet else "")
    return f"{evidence.file}{place}"


@dataclass
class SheetContext:
    """What every sheet writer needs besides the records: the round, the reviewers' entries,
    the machine's own points (before any override) and the snapshot of the input cells."""

    rubric: Rubric
    rnd: Round
    overrides: Overrides
    machine_points: dict[str, dict[str, float]]
    threshold: float
    today: dt.date
    written_at: dt.datetime
    snapshot: list[tuple[str, str, str, object, str, str]] = dc_field(default_factory=list)
    secretariat: Secretariat = dc_field(default_factory=Secretariat)
    memo: dict[str, object] = dc_field(default_factory=dict)  # per-dossier results sheets share

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A moment in the secretariat's time zone (Asia/Ho_Chi_Minh unless configured), naive."""
        return self.secretariat.local_time(moment)

    def when(self, moment: dt.datetime | None) -> str:
        """" lúc 14:05 02/10/2026"-style words for a moment, in the secretariat's zone ("" for none)."""
        return f" lúc {vnformat.date_time(self.local(moment))}" if moment is not None else ""

    def machine(self, record: DossierRecord, criterion: str, points: float) -> float:
        """The machine's points for a criterion (the record's when no override was applied)."""
        return self.machine_points.get(record.dossier_id, {}).get(criterion, points)

    def remember(self, kind: str, dossier: str, key: str, value: object, reason: str, reviewer: str) -> None:
        """Note what an input cell was written with, to tell a reviewer's edit from our own text."""
        self.snapshot.append((kind, dossier, key, value, reason, reviewer))
