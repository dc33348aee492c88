"""One dossier from its documents' results to its record: the stages, top to bottom.

``decide`` is what a pass (``pipeline.run``) runs per dossier once its documents are read;
everything here is a plain function.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors import vnformat
from extractors.models import DOUBT_CAP, ROUNDING
from extractors.settings import DEFAULTS
from pipeline import __version__
from pipeline.assemble import Pool
from pipeline.certcheck import evaluate_certificates
from pipeline.classify import classify_group, classify_high_tech
from pipeline.decisions import check_prerequisites, decide_status, score_dossier
from pipeline.inbox import DossierInput
from pipeline.ip_titles import count_ip_titles
from pipeline.missing import check_evidence, readings_from, system_findings
from pipeline.models import DocumentEntry, DossierRecord, Enterprise, Field, Figures, Finding, Product
from pipeline.overrides import DossierOverrides, apply_point_overrides, apply_value_overrides
from pipeline.reading import DocumentResult
from pipeline.rubric import Round, Rubric
from pipeline.statements import reconcile_statements

SCALAR_FIELDS = (
    "enterprise.name", "enterprise.tax_code", "enterprise.address", "enterprise.name_en", "enterprise.factory_address",
    "enterprise.legal_representative", "product.name", "figures.employees",
)
YEARLY_FIELDS = ("figures.product_revenue_vnd", "figures.enterprise_revenue_vnd", "figures.export_usd")


@dataclass
class Decision:
    """A decided dossier and the points the machine gave each criterion before any reviewer's
    points (the worksheet shows both)."""

    record: DossierRecord
    machine_points: dict[str, float]


def decide_dossier(
    dossier: DossierInput, results: list[DocumentResult], rubric: Rubric, rnd: Round,
    overrides: DossierOverrides | None = None,
) -> DossierRecord:
    """The dossier's record (see :func:`decide`)."""
    return decide(dossier, results, rubric, rnd, overrides).record


def decide(
    dossier: DossierInput, results: list[DocumentResult], rubric: Rubric, rnd: Round,
    overrides: DossierOverrides | None = None, illegible_below: float = DEFAULTS.illegible_below,
) -> Decision:
    """Assemble the record from the documents' facts, check it, score it and decide it.

    A reviewer's corrections (``overrides``) replace values before any check and set points
    after scoring, so every decision downstream follows them.
    """
    record, pool, findings = assemble_record(dossier, results)
    apply_value_overrides(record, overrides)
    certificates = [c for r in results for f in r.facts for c in f.certificates]
    findings += evaluate_certificates(certificates, rnd.deadline, record.enterprise)
    record.certificates = certificates
    corrected = {o.path for o in overrides.values} if overrides else set()
    if "product.industry_group" not in corrected:  # a reviewer's group stands
        record.product.industry_group = classify_group(pool, rubric, record.product.name)
    if "product.high_tech" not in corrected:
        record.product.high_tech = classify_high_tech(pool, rubric, record.product.name, rnd.deadline)
    findings += check_consistency(record, rnd)
    record.prerequisites = check_prerequisites(record, rubric, rnd, findings)
    record.score = score_dossier(record, rubric, rnd)
    machine_points = {c.id: c.points for c in record.score.criteria}
    apply_point_overrides(record.score, overrides)
    claims = claimed_certificates(pool)
    check = check_evidence(record, rubric, rnd, claims, findings, readings_from(pool, record), illegible_below)
    record.missing_evidence = check.items
    findings += check.questions + system_findings(record)
    record.findings = findings
    status, proposed = decide_status(record, rubric)
    record.status, record.proposed = status, proposed  # type: ignore[assignment]
    return Decision(record, machine_points)


def assemble_record(
    dossier: DossierInput, results: list[DocumentResult]
) -> tuple[DossierRecord, Pool, list[Finding]]:
    """Documents, identity, product and figures from the pooled candidates."""
    facts = [f.model_copy(deep=True) for r in results for f in r.facts]
    reconcile_statements(facts)
    pool = Pool(facts)
    findings: list[Finding] = [finding for f in facts for finding in f.findings]
    findings += dossier_findings(dossier, results)
    chosen: dict[str, Field] = {}
    for path in SCALAR_FIELDS:
        chosen[path], found = pool.choose(path)
        findings += found
    figures = Figures(employees=chosen["figures.employees"])
    for base in YEARLY_FIELDS:
        target = getattr(figures, base.split(".")[1])
        for year in pool.years(base):
            field, found = pool.choose(f"{base}.{year}", authority_key=base)
            findings += found
            if field.value is not None:
                target[year] = field
    ip_field, found = pool.choose("claims.ip_certificates")
    figures.ip_certificates_claimed = ip_field
    record = DossierRecord(
        dossier_id=dossier.dossier_id,
        status="error",
        proposed=False,
        enterprise=Enterprise(
            name=chosen["enterprise.name"],
            tax_code=chosen["enterprise.tax_code"],
            address=chosen["enterprise.address"],
            name_en=chosen["enterprise.name_en"],
            factory_address=chosen["enterprise.factory_address"],
            legal_representative=chosen["enterprise.legal_representative"],
        ),
        product=Product(name=chosen["product.name"]),
        figures=figures,
        documents=[r.entry for r in results] + problem_entries(dossier),
        pipeline_version=__version__,
    )
    record.figures.ip_certificates = count_ip_titles(pool, record)
    return record, pool, findings


def claimed_certificates(pool: Pool) -> list[str]:
    """What the registration form claims to hold: standards ("ISO 9001"), and the kinds of title
    a claim needs ("high_tech_certificate" for a high-tech product, "ip_certificate" for IP titles)."""
    claimed: set[str] = set()
    for kind, candidate in pool.by_field.get("claims.certificates", []):
        if kind == "registration_form" and isinstance(candidate.value, list):
            claimed.update(str(v) for v in candidate.value)
    for kind, candidate in pool.by_field.get("claims.high_tech", []):
        if kind == "registration_form" and candidate.value is True:
            claimed.add("high_tech_certificate")
    for kind, candidate in pool.by_field.get("claims.ip_certificates", []):
        if kind == "registration_form" and isinstance(candidate.value, int) and candidate.value > 0:
            claimed.add("ip_certificate")
    return sorted(claimed)


# a product's declared revenue under this share of its firm's net revenue, where a thousand times
# more would still fit, is more likely a unit slip (nghìn/triệu/tỷ) than a real figure
UNIT_SLIP_SHARE = 0.005


def exceeds(product: float, firm: float) -> bool:
    """A product's revenue above its firm's net revenue (beyond rounding)."""
    return product > firm * (1 + ROUNDING)


def unit_slip(product: float, firm: float) -> bool:
    """A product's revenue under ``UNIT_SLIP_SHARE`` of its firm's, where a thousand times more would fit."""
    return product < UNIT_SLIP_SHARE * firm and product * 1000 <= firm


def check_consistency(record: DossierRecord, rnd: Round) -> list[Finding]:
    """Cross-document checks beyond field agreement: a product's revenue lies within its firm's
    net revenue, and not a thousand times below it (a unit misread on the form)."""
    findings = []
    for year, product in record.figures.product_revenue_vnd.items():
        enterprise = record.figures.enterprise_revenue_vnd.get(year)
        if enterprise is None or product.value is None or enterprise.value is None or not enterprise.value:
            continue
        evidence = [*product.evidence[:1], *enterprise.evidence[:1]]
        if exceeds(product.value, enterprise.value):
            product.confidence = min(product.confidence, DOUBT_CAP)
            product.note = "Doanh thu sản phẩm lớn hơn doanh thu doanh nghiệp trên báo cáo tài chính."
            findings.append(Finding(
                code="product_revenue_exceeds_enterprise", severity="error", evidence=evidence,
                message=f"Năm {year}: doanh thu sản phẩm kê khai lớn hơn doanh thu thuần của doanh nghiệp."))
        elif unit_slip(product.value, enterprise.value):
            product.confidence = min(product.confidence, DOUBT_CAP)
            product.note = "Doanh thu sản phẩm nhỏ bất thường so với doanh thu doanh nghiệp: có thể đọc nhầm đơn vị."
            findings.append(Finding(
                code="product_revenue_unit_doubt", severity="warning", evidence=evidence,
                message=f"Năm {year}: doanh thu sản phẩm kê khai chưa bằng {vnformat.percent(UNIT_SLIP_SHARE)} "
                        "doanh thu thuần của doanh nghiệp; kiểm tra đơn vị tính trên phiếu đăng ký."))
    return findings


def problem_entries(dossier: DossierInput) -> list[DocumentEntry]:
    """A dossier refused as a whole (a link out of the inbox) still lists why."""
    if dossier.problem is None:
        return []
    return [DocumentEntry(file=dossier.source.name, kind=None, pages=None, ocr=False, sha256="0" * 64,
                          error=dossier.problem, error_code=dossier.problem_code or "unsafe_content")]


def dossier_findings(dossier: DossierInput, results: list[DocumentResult]) -> list[Finding]:
    """What a reviewer must know about the dossier as a whole (an empty folder, a refused link)."""
    if not dossier.files and dossier.problem is None:
        return [Finding(code="empty_dossier", severity="error",
                        message="Hồ sơ không có tệp nào (thư mục hoặc tệp nén rỗng).")]
    return []
