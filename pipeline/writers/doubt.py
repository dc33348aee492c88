"""Doubt travels up: which values each decision rests on, and whether any of them is doubtful.

A criterion's points rest on the values its figure is computed from (or on the certificates of its
standards); a prerequisite on the addresses, the tax code or its floor's figure; the total on every
criterion; the proposal on the total and the prerequisites. A value is doubtful when its confidence
is under the review threshold or a cross-check failed on it (``worksheet_fields.doubts``); a
certificate when it was read with low confidence or its holder could not be checked. Every decision
above a doubtful value is doubtful too, with the reason — so a reviewer never signs off a 71 without
seeing that it may be a 63.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.vnformat import points as vn_points
from pipeline.figures import FIGURES
from pipeline.models import Certificate, DossierRecord, Field, Prerequisite
from pipeline.overrides import active_points
from pipeline.rubric import (
    BandsRule,
    BooleanRule,
    CertificateRule,
    DocumentsRule,
    FloorRule,
    LocationRule,
    PrerequisiteRule,
    Round,
    Rubric,
)
from pipeline.writers.worksheet_fields import SheetContext, doubts, reviewed
from pipeline.writers.worksheet_layout import field_label

# a criterion scored 0 for want of evidence, or not scored at all: red, never doubtful
MISSED = ("0 điểm vì thiếu", "Không chấm được")

EXTRA_LABELS = {"figures.ip_certificates": "Số văn bằng bảo hộ sở hữu trí tuệ"}
PASSED_WORDS = {True: "đạt", False: "không đạt", None: "chưa rõ"}


@dataclass
class Doubts:
    """A dossier's doubtful decisions, each with its reasons (sentences a reviewer reads)."""

    criteria: dict[str, list[str]] = field(default_factory=dict)
    prerequisites: dict[str, list[str]] = field(default_factory=dict)
    total: list[str] = field(default_factory=list)
    proposal: list[str] = field(default_factory=list)
    low: float = 0.0  # the total if every doubtful criterion earned nothing
    high: float = 0.0  # … and if each earned its maximum


def field_at(record: DossierRecord, path: str) -> Field | None:
    """The record's field at a path such as ``figures.export_usd.2025`` or ``enterprise.name``."""
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "figures":
        table = getattr(record.figures, parts[1], None)
        return table.get(parts[2]) if isinstance(table, dict) else None
    if len(parts) == 2:
        found = getattr(getattr(record, parts[0], None), parts[1], None)
        return found if isinstance(found, Field) else None
    return None


def sentence(text: str) -> str:
    """A reason ending with a full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def value_reasons(record: DossierRecord, path: str, threshold: float, flagged: dict[str, list[str]]) -> list[str]:
    """Why the value at ``path`` is doubtful, as one "label: reasons" line; none when it is sure,
    missing or a reviewer's entry."""
    value = field_at(record, path)
    if value is None or value.value is None or reviewed(value):
        return []
    reasons = list(flagged.get(path, []))
    if not reasons and value.confidence < threshold:
        reasons = [value.note or f"Độ tin cậy thấp ({value.confidence:.0%})."]
    if not reasons:
        return []
    label = EXTRA_LABELS.get(path) or field_label(path)
    return [f"{label}: {' '.join(sentence(r) for r in dict.fromkeys(reasons))}"]


def certificate_reasons(certificate: Certificate, threshold: float) -> list[str]:
    """Why a certificate cannot be taken as read: low confidence, or a holder not checked."""
    reasons = []
    if certificate.confidence < threshold:
        reasons.append(f"Độ tin cậy thấp ({certificate.confidence:.0%}).")
    if certificate.holder_matches is None:
        reasons.append(sentence(certificate.note or "Chưa đối chiếu được chủ chứng nhận"))
    if not reasons:
        return []
    return [f"Chứng nhận {certificate.standard} số {certificate.number or '?'}: {' '.join(reasons)}"]


def certificate_doubt(points: float, certificates: list[Certificate], standards: list[str],
                      threshold: float) -> list[str]:
    """Points earned rest on the valid certificates (doubtful only when every one of them is);
    no points rest on every certificate of the standards that was refused (any may be valid)."""
    mine = [c for c in certificates if c.standard in standards]
    held = [c for c in mine if c.valid]
    if points > 0:
        shaky = [certificate_reasons(c, threshold) for c in held]
        return [r for reasons in shaky for r in reasons] if all(shaky) else []
    return [r for c in mine for r in certificate_reasons(c, threshold)]


def figure_reasons(figure: str, record: DossierRecord, rnd: Round, threshold: float,
                   flagged: dict[str, list[str]]) -> list[str]:
    """Why a figure's value is doubtful, from the values it is computed from."""
    return [r for path in FIGURES[figure].inputs(rnd) for r in value_reasons(record, path, threshold, flagged)]


def prerequisite_inputs(rule: PrerequisiteRule, record: DossierRecord, rnd: Round) -> list[str]:
    """The record values a prerequisite's outcome rests on."""
    if isinstance(rule, LocationRule):
        return ["enterprise.address", "enterprise.factory_address"]
    if isinstance(rule, DocumentsRule):
        return ["enterprise.tax_code"] if rule.tax_code else []
    if not isinstance(rule, FloorRule):
        return []
    paths: list[str] = []
    for case in rule.cases:  # the same choice of case as ``pipeline.decisions.check_floor``
        when = case.when
        if when is not None and when.high_tech is not None:
            paths.append("product.high_tech")
            if record.product.high_tech.value is not when.high_tech:
                continue
        if when is not None and when.industry_group:
            paths.append("product.industry_group")
            if record.product.industry_group.value != when.industry_group:
                continue
        paths += FIGURES[case.figure].inputs(rnd)
        break
    return list(dict.fromkeys(paths))


def dossier_doubts(record: DossierRecord, rubric: Rubric, rnd: Round, threshold: float,
                   overridden: set[str] | frozenset[str] = frozenset()) -> Doubts:
    """Every doubtful decision of a dossier; criteria in ``overridden`` (a reviewer's points in force)
    are settled and never doubtful."""
    flagged = doubts(record, threshold)
    specs = {c.id: c for c in rubric.criteria}
    out = Doubts(low=record.score.total, high=record.score.total)
    for criterion in record.score.criteria:
        spec = specs.get(criterion.id)
        if spec is None or criterion.manual or criterion.id in overridden or criterion.basis.startswith(MISSED):
            continue
        rule = spec.rule
        reasons: list[str] = []
        if isinstance(rule, CertificateRule):
            reasons = certificate_doubt(criterion.points, record.certificates, list(rule.standards), threshold)
        elif isinstance(rule, BandsRule | BooleanRule):
            reasons = figure_reasons(rule.figure, record, rnd, threshold, flagged)
        if reasons:
            out.criteria[criterion.id] = list(dict.fromkeys(reasons))
            out.low -= criterion.points
            out.high += criterion.max - criterion.points
            out.total.append(f"{criterion.id} ({vn_points(criterion.points)}/{vn_points(criterion.max)} điểm): "
                             f"{' '.join(reasons)}")
    out.low, out.high = round(max(out.low, 0.0), 2), round(min(out.high, rubric.max_total), 2)
    if out.total:
        out.total.insert(0, "Tổng điểm dựa trên giá trị cần kiểm tra:")
        out.total.append(f"Tổng điểm có thể từ {vn_points(out.low)} đến {vn_points(out.high)} điểm.")
    names = {p.id: p.name for p in rubric.prerequisites}
    for prerequisite in rubric.prerequisites:
        found = next((p for p in record.prerequisites if p.id == prerequisite.id), None)
        if found is None or found.passed is None:
            continue  # undecided: amber on its own
        paths = prerequisite_inputs(prerequisite.rule, record, rnd)
        reasons = [r for path in paths for r in value_reasons(record, path, threshold, flagged)]
        if reasons:
            out.prerequisites[prerequisite.id] = list(dict.fromkeys(reasons))
    out.proposal = proposal_reasons(record, rubric, out, names)
    return out


def proposal_reasons(record: DossierRecord, rubric: Rubric, found: Doubts, names: dict[str, str]) -> list[str]:
    """Why the proposal could be the other way once the doubtful values are checked (none when no
    doubtful value can change it)."""
    if record.status not in ("complete", "ineligible"):
        return []  # missing documents or nothing readable: not proposed whatever the values
    rule = rubric.pass_rule
    sign = "≥" if rule.inclusive else ">"
    total_line = (f"Tổng điểm {vn_points(record.score.total)} có thể từ {vn_points(found.low)} đến "
                  f"{vn_points(found.high)} điểm "
                  f"(ngưỡng đề xuất {sign} {vn_points(rule.min_total)}).")

    def about(p: Prerequisite) -> str:
        return (f"Điều kiện «{names.get(p.id, p.id)}» ({PASSED_WORDS[p.passed]}) dựa trên giá trị cần kiểm tra: "
                + " ".join(found.prerequisites[p.id]))

    shaky = [p for p in record.prerequisites if p.id in found.prerequisites]
    if record.proposed:
        reasons = [total_line] if found.total and not rule.passes(found.low) else []
        return reasons + [about(p) for p in shaky if p.passed and rule.prerequisites_must_pass]
    failed = [p for p in record.prerequisites if p.passed is False] if rule.prerequisites_must_pass else []
    if any(p.id not in found.prerequisites for p in failed) or not rule.passes(found.high):
        return []  # a failure no doubt touches, or a total that cannot pass: "Không" either way
    reasons = [about(p) for p in failed]
    if not rule.passes(record.score.total):
        reasons.append(total_line)
    return reasons


def sheet_doubts(record: DossierRecord, ctx: SheetContext) -> Doubts:
    """A dossier's doubts for the worksheet (computed once, shared by its sheets): criteria whose
    points a reviewer set are settled."""
    key = f"doubts:{record.dossier_id}"
    found = ctx.memo.get(key)
    if not isinstance(found, Doubts):
        settled = set(active_points(ctx.overrides.for_dossier(record.dossier_id)))
        found = dossier_doubts(record, ctx.rubric, ctx.rnd, ctx.threshold, settled)
        ctx.memo[key] = found
    return found
