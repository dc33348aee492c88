"""Is each certificate valid on the round's deadline, and is it the firm's?"""

from __future__ import annotations

import datetime as dt

from pipeline.assemble import normal_name
from pipeline.classify import words
from pipeline.models import Certificate, Enterprise, Finding


def holder_matches(holder: str | None, firm: str | None) -> bool | None:
    """Whether a certificate's holder is the firm (None when either name is unknown).

    English certificates translate the name ("Ha Thanh Electronics Joint Stock Company"),
    so besides equal names, a holder sharing the firm's distinctive words also matches.
    """
    if not holder or not firm:
        return None
    a, b = normal_name(holder), normal_name(firm)
    if a == b or (len(a) > 8 and (a in b or b in a)):
        return True
    generic = {"cong", "ty", "co", "phan", "tnhh", "ctcp", "cty", "company", "joint", "stock", "limited", "ltd",
               "jsc", "corporation", "mtv", "mot", "thanh", "vien", "trach", "nhiem", "huu", "han", "viet", "nam",
               "vietnam"}
    distinct_holder = words(holder) - generic
    distinct_firm = words(firm) - generic
    if not distinct_holder or not distinct_firm:
        return None
    overlap = len(distinct_holder & distinct_firm) / min(len(distinct_holder), len(distinct_firm))
    return overlap >= 0.6


def holder_is_firm(holder: str | None, enterprise: Enterprise) -> bool | None:
    """The holder against the firm's Vietnamese and foreign-language names.

    An English holder cannot be compared with a Vietnamese name word by word: without the
    firm's registered foreign name the answer is "unknown", never "another firm".
    """
    names = [n for n in (enterprise.name.value, enterprise.name_en.value) if isinstance(n, str)]
    verdicts = [holder_matches(holder, name) for name in names]
    if any(v is True for v in verdicts):
        return True
    if holder and not has_vietnamese_letters(holder) and enterprise.name_en.value is None:
        return None
    return False if any(v is False for v in verdicts) else None


def has_vietnamese_letters(text: str) -> bool:
    """Whether a text carries Vietnamese diacritics (a Vietnamese, not an English, name)."""
    return any(ord(c) > 127 and c.isalpha() for c in text)


def evaluate_certificates(
    certificates: list[Certificate], deadline: dt.date, enterprise: Enterprise
) -> list[Finding]:
    """Set ``valid`` on each certificate; return findings for doubtful ones."""
    findings: list[Finding] = []
    firm_name = enterprise.name.value
    for certificate in certificates:
        issued = dt.date.fromisoformat(certificate.issued) if certificate.issued else None
        expires = dt.date.fromisoformat(certificate.expires) if certificate.expires else None
        holder_ok = holder_is_firm(certificate.holder, enterprise)
        certificate.holder_matches = holder_ok
        if expires is None:
            certificate.valid = None
            findings.append(Finding(code="certificate_expiry_unknown", severity="warning",
                                    message=f"{certificate.standard}: không đọc được ngày hết hạn.",
                                    evidence=certificate.evidence[:1]))
            continue
        in_date = (issued is None or issued <= deadline) and deadline <= expires
        if holder_ok is False:
            certificate.valid = False
            certificate.note = f"Chủ chứng nhận «{certificate.holder}» không phải doanh nghiệp đăng ký."
            findings.append(Finding(
                code=f"certificate_holder_mismatch:{certificate.standard}", severity="error",
                message=f"{certificate.standard}: chủ chứng nhận «{certificate.holder}» không phải «{firm_name}».",
                evidence=certificate.evidence[:1]))
        else:
            certificate.valid = in_date
        if holder_ok is None:
            certificate.confidence = min(certificate.confidence, 0.6)
            certificate.note = (certificate.note or "") + " Không xác định được chủ chứng nhận."
    return findings
