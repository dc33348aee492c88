"""What the firm must supply: absent, expired, unreadable or mismatched evidence.

Each item carries the Vietnamese sentence that goes into the firm's letter. Items come from
the rubric's required documents, the claims the form makes (certificates, exports), the
files that could not be read, cross-document disagreements, and prerequisites that could not
be decided because the figure they need is not in the dossier.
"""

from __future__ import annotations

from pipeline.decisions import certificate_expired_detail, export_evidence_years, missing, present_kinds
from pipeline.models import DossierRecord, Finding, MissingEvidence
from pipeline.rubric import Round, Rubric


def find_missing_evidence(
    record: DossierRecord, rubric: Rubric, rnd: Round, claims: list[str], findings: list[Finding]
) -> list[MissingEvidence]:
    """Every missing-evidence item for the dossier, without duplicates, in a stable order."""
    items: list[MissingEvidence] = []
    kinds = present_kinds(record)
    for entry in record.documents:
        if entry.error is not None and entry.error_code not in OUR_FAULT:
            items.append(missing(f"other:{entry.file}", "unreadable", short_error(entry.error)))
    for required in rubric.required_documents:
        if required.per_year:
            covered = years_covered(record, required.kind)
            for year in rnd.years:
                if str(year) not in covered:
                    items.append(missing(f"{required.kind}:{year}", "absent"))
        elif required.kind not in kinds:
            items.append(missing(required.kind, "absent"))
    if rubric.certificate_claims_need_evidence:
        items.extend(certificate_items(record, rnd, claims))
    if rubric.export_claims_need_evidence:
        declared = record.figures.export_usd.get(str(rnd.latest))
        if declared is not None and declared.value and str(rnd.latest) not in export_evidence_years(record):
            items.append(missing(f"export_evidence:{rnd.latest}", "absent"))
    items.extend(mismatch_items(findings))
    items.extend(undecided_items(record, kinds))
    unique: dict[tuple[str, str], MissingEvidence] = {}
    for item in items:
        unique.setdefault((item.code, item.reason), item)
    return list(unique.values())


# failures on the secretariat's side (a tool missing or timing out, a disk error, a bug): the firm
# is not asked to resend; the file is flagged for the secretariat instead (see system_findings)
OUR_FAULT = {"timeout", "io_error", "internal_error", "tool_missing"}


def system_findings(record: DossierRecord) -> list[Finding]:
    """Files spcncl could not read through no fault of the file: the secretariat must act."""
    return [
        Finding(code=f"system_error:{entry.error_code}", severity="error",
                message=f"Tệp «{entry.file}» chưa đọc được do sự cố phía hệ thống ({short_error(entry.error or '')}); "
                        "cần xử lý lại trước khi gửi thư cho doanh nghiệp.",
                evidence=[])
        for entry in record.documents if entry.error is not None and entry.error_code in OUR_FAULT
    ]


def short_error(error: str) -> str:
    """The Vietnamese part of a document error, short enough for a letter."""
    return error.split(" (")[0][:120].rstrip(" .")


def years_covered(record: DossierRecord, kind: str) -> set[str]:
    """Years a per-year document kind covers (statements: years with an enterprise revenue)."""
    if kind == "financial_statement":
        return {year for year, item in record.figures.enterprise_revenue_vnd.items() if item.value is not None}
    if kind == "export_evidence":
        return export_evidence_years(record)
    return set()


def certificate_items(record: DossierRecord, rnd: Round, claims: list[str]) -> list[MissingEvidence]:
    """Claimed certificates: absent, expired on the deadline, or held by another firm."""
    items = []
    for standard in claims:
        held = [c for c in record.certificates if c.standard == standard]
        code = f"quality_certificate:{standard}"
        if not held:
            items.append(missing(code, "absent"))
        elif any(c.valid for c in held):
            continue
        elif all(c.holder_matches is False for c in held):
            items.append(missing(code, "mismatch", f"chủ chứng nhận «{held[0].holder}»"))
        elif any(c.valid is False for c in held):
            expired = next(c for c in held if c.valid is False)
            items.append(missing(code, "expired", certificate_expired_detail(expired.expires, rnd.deadline)))
        else:
            items.append(missing(code, "unreadable", "không đọc được ngày hiệu lực"))
    return items


def mismatch_items(findings: list[Finding]) -> list[MissingEvidence]:
    """Disagreements the firm must explain: tax code across documents, certificate holders."""
    items = []
    for finding in findings:
        if finding.code == "disagreement:enterprise.tax_code":
            items.append(missing("business_registration", "mismatch", finding.message.split(": ", 1)[-1]))
        elif finding.code == "invalid_tax_code:registration_form":
            # the form states a tax code that is not even valid: it cannot be the registered one
            items.append(missing("business_registration", "mismatch", finding.message.rstrip(" .")))
        elif finding.code.startswith("certificate_holder_mismatch:"):
            standard = finding.code.split(":", 1)[1]
            items.append(missing(f"quality_certificate:{standard}", "mismatch", finding.message.rstrip(" .")))
    return items


def undecided_items(record: DossierRecord, kinds: set[str]) -> list[MissingEvidence]:
    """A prerequisite that cannot be decided asks for the document that should settle it."""
    items = []
    for prerequisite in record.prerequisites:
        if prerequisite.passed is not None:
            continue
        if prerequisite.id == "in_hanoi" and "registration_form" in kinds:
            items.append(missing("registration_form:địa chỉ", "unreadable", "không đọc được địa chỉ trụ sở/cơ sở"))
        elif "registration_form" in kinds and "registration_form" not in [i.code for i in items]:
            items.append(missing("registration_form:số liệu", "unreadable", prerequisite.detail))
    return items
