"""Is each certificate valid on the round's deadline, and is it the firm's? One certificate per
number: the same certificate sent twice (a PDF and a phone photo of it) is one certificate."""

from __future__ import annotations

import datetime as dt
import re

from extractors.models import DOUBT_CAP
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


def number_key(number: str | None) -> str | None:
    """A certificate number as compared: case-folded, without spaces and stray end punctuation."""
    if not number:
        return None
    return re.sub(r"\s+", "", number).strip(".,;:").casefold() or None


def same_certificate(a: Certificate, b: Certificate) -> bool:
    """Two readings of one certificate: same standard and number; or, where one copy's number
    could not be read, same standard and the same expiry (and issue date, when both have one)."""
    if a.standard != b.standard or a.standard == "other":
        return False
    ka, kb = number_key(a.number), number_key(b.number)
    if ka and kb:
        return ka == kb
    if a.expires is None or a.expires != b.expires:
        return False
    return a.issued is None or b.issued is None or a.issued == b.issued


def filled(certificate: Certificate) -> int:
    """How many of a certificate's fields were read."""
    return sum(getattr(certificate, name) is not None for name in ("number", "issuer", "holder", "issued", "expires"))


def merge_duplicates(certificates: list[Certificate]) -> list[Certificate]:
    """One certificate per (standard, number): the best-read copy, with what only the others
    read filled in and every copy's evidence. Copies that disagree on a date lower the
    confidence below review and say so."""
    groups: list[list[Certificate]] = []
    for certificate in certificates:
        group = next((g for g in groups if any(same_certificate(certificate, c) for c in g)), None)
        if group is None:
            groups.append([certificate])
        else:
            group.append(certificate)
    merged = []
    for group in groups:
        best = max(group, key=lambda c: (c.confidence, filled(c)))
        if len(group) == 1:
            merged.append(best)
            continue
        others = [c for c in group if c is not best]
        for name in ("number", "issuer", "holder", "issued", "expires", "version"):
            if getattr(best, name) is None:
                value = next((getattr(c, name) for c in others if getattr(c, name) is not None), None)
                setattr(best, name, value)
        for other in others:
            best.evidence += [e for e in other.evidence if e not in best.evidence]
        files = sorted({e.file for c in group for e in c.evidence[:1]})
        notes = [best.note] if best.note else []
        notes.append(f"Cùng một chứng nhận nộp {len(group)} bản ({', '.join(files)}): tính một lần.")
        if any(c.expires not in (None, best.expires) or c.issued not in (None, best.issued) for c in others):
            best.confidence = min(best.confidence, DOUBT_CAP)
            notes.append("Các bản ghi ngày cấp/hết hạn khác nhau: cần kiểm tra.")
        best.note = " ".join(notes)
        merged.append(best)
    return merged


def evaluate_certificates(
    certificates: list[Certificate], deadline: dt.date, enterprise: Enterprise
) -> list[Finding]:
    """Collapse copies of one certificate into one (the list is changed in place), set ``valid``
    on each certificate by its dates, and return findings for doubtful ones.

    A holder that cannot be compared (an English name without the firm's registered English
    name) leaves ``valid`` to the dates and only lowers the confidence, with a note.
    """
    certificates[:] = merge_duplicates(certificates)
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
            certificate.confidence = min(certificate.confidence, DOUBT_CAP)
            doubt = ("Không xác định được chủ chứng nhận (tên tiếng nước ngoài chưa đối chiếu được): "
                     "hiệu lực xét theo ngày.")
            if doubt not in (certificate.note or ""):
                certificate.note = " ".join(x for x in (certificate.note, doubt) if x)
    return findings
