"""Merge the candidates of every document into the record's fields.

Each field has an order of authority (the business registration certificate over the form
for the firm's identity, the statements alone for enterprise revenue…). Where sources agree
the value's confidence rises; where they disagree the disagreement becomes a finding with
both sides' evidence and the chosen value drops below the review threshold — never
silently resolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from extractors.facts import Candidate, DocumentFacts
from extractors.models import DOUBT_CAP
from extractors.vnnum import fold
from pipeline.models import Evidence, Field, Finding

# field -> document kinds in order of authority; kinds not listed are not used for the field
AUTHORITY: dict[str, list[str]] = {
    "enterprise.name": ["business_registration", "registration_form", "financial_statement"],
    "enterprise.tax_code": ["business_registration", "registration_form", "financial_statement"],
    # the form states today's address; a registration certificate may predate the 2025 reform
    "enterprise.address": ["registration_form", "business_registration"],
    "enterprise.name_en": ["business_registration"],
    "enterprise.factory_address": ["registration_form"],
    "enterprise.legal_representative": ["business_registration", "registration_form"],
    "product.name": ["registration_form", "high_tech_certificate", "product_description"],
    "figures.employees": ["registration_form"],
    "figures.product_revenue_vnd": ["registration_form"],
    "figures.enterprise_revenue_vnd": ["financial_statement"],
    "figures.export_usd": ["registration_form", "export_evidence"],
    "claims.ip_certificates": ["registration_form"],
}
# other kinds whose readings of the field are compared with the chosen value
CROSS_CHECKED: dict[str, list[str]] = {
    "enterprise.tax_code": ["business_registration", "registration_form", "financial_statement", "tax_compliance",
                            "commitment", "environmental_compliance"],
    "enterprise.name": ["business_registration", "registration_form", "financial_statement"],
    "figures.export_usd": ["registration_form", "export_evidence"],
    "figures.enterprise_revenue_vnd": ["financial_statement"],
}
AGREEMENT_BOOST = 0.04


def normal_name(value: str) -> str:
    """A company name compared without case, accents, spacing, punctuation or legal-form words.

    Spaces go first, so an OCR split ("TNH H") still matches ("TNHH").
    """
    folded = re.sub(r"[^a-z0-9]", "", fold(value))
    for long, short in (("congtycophan", "ctcp"), ("congtytnhh", "tnhh"), ("trachnhiemhuuhan", "tnhh"),
                        ("motthanhvien", "mtv"), ("congty", "cty")):
        folded = folded.replace(long, short)
    return folded


LEGAL_FORMS = {"ctcp", "tnhh", "cty", "ctytnhh", "tnhhmtv", "ctytnhhmtv", "dntn", "chinhanh", "tongcty"}


def meaningful(field: str, value: object) -> bool:
    """Whether a reading can be the field's value at all: a firm's name is more than its legal form
    (a scan that kept only "CÔNG TY CỔ PHẦN" of the name is no reading of it)."""
    if field == "enterprise.name" and isinstance(value, str):
        return normal_name(value) not in LEGAL_FORMS and len(normal_name(value)) > 2
    return True


def same_value(field: str, a: object, b: object) -> bool:
    """Whether two readings say the same thing, by the field's notion of sameness."""
    if isinstance(a, str) and isinstance(b, str):
        if field == "enterprise.name":
            return normal_name(a) == normal_name(b)
        if field == "enterprise.tax_code":
            # a branch (0101234567-001) belongs to its enterprise (0101234567)
            return a.split("-")[0] == b.split("-")[0]
        return re.sub(r"[^a-z0-9]", "", fold(a)) == re.sub(r"[^a-z0-9]", "", fold(b))
    return a == b


def covers(field: str, full: object, part: object) -> bool:
    """Whether an OCR'd ``part`` is a truncated reading of ``full`` (most of it, in order)."""
    if not (isinstance(full, str) and isinstance(part, str)) or field == "enterprise.tax_code":
        return False
    whole = re.sub(r"[^a-z0-9]", "", fold(full))
    piece = re.sub(r"[^a-z0-9]", "", fold(part))
    return bool(piece) and piece in whole and len(piece) >= 0.6 * len(whole)


def exactly_same(a: object, b: object) -> bool:
    """Equal up to Unicode form, case and spacing (accents must match)."""
    if isinstance(a, str) and isinstance(b, str):
        def norm(text: str) -> str:
            return " ".join(unicodedata.normalize("NFC", text).casefold().split())
        return norm(a) == norm(b)
    return a == b


def from_ocr(candidate: Candidate) -> bool:
    """Whether a candidate was read by OCR (its method or its page said so)."""
    return candidate.ocr


class Pool:
    """All candidates of a dossier, indexed by field path, with the kind of their document."""

    def __init__(self, facts: list[DocumentFacts]):
        self.by_field: dict[str, list[tuple[str, Candidate]]] = defaultdict(list)
        for document in facts:
            for candidate in document.candidates:
                self.by_field[candidate.field].append((document.kind, candidate))

    def years(self, base: str) -> list[str]:
        """Years for which a yearly field has candidates."""
        return sorted({f.rsplit(".", 1)[1] for f in self.by_field if f.startswith(base + ".")})

    def choose(self, path: str, authority_key: str | None = None) -> tuple[Field, list[Finding]]:
        """The field's value from the most authoritative source, checked against the others."""
        key = authority_key or path
        ranked = [
            (AUTHORITY[key].index(kind), -candidate.confidence, index, kind, candidate)
            for index, (kind, candidate) in enumerate(self.by_field.get(path, []))
            if kind in AUTHORITY.get(key, []) and candidate.value is not None and meaningful(key, candidate.value)
        ]
        if not ranked:
            return Field(), []
        ranked.sort(key=lambda item: item[:3])
        _, _, _, chosen_kind, chosen = ranked[0]
        if chosen.ocr:
            # a scan that lost words ("TY CỔ PHẦN … KIM") beside a source that holds them all
            # ("Công ty Cổ phần … Kim Hưng"): the fuller reading is the same value, read better —
            # a clean (non-OCR) one first, else the longest
            fuller = [(k, c) for _, _, _, k, c in ranked
                      if c is not chosen and covers(key, c.value, chosen.value)
                      and (not c.ocr or len(str(c.value)) > len(str(chosen.value)))]
            fuller.sort(key=lambda item: (item[1].ocr, -len(str(item[1].value)), -item[1].confidence))
            if fuller:
                chosen_kind, chosen = fuller[0]
        # among readings that agree with the authority, the clearest one gives the value
        # (a born-digital form over an OCR'd certificate that lost a diacritic)
        agreeing = [c for _, _, _, _, c in ranked if same_value(key, chosen.value, c.value)]
        value = max(agreeing, key=lambda c: c.confidence).value
        confidence = chosen.confidence
        evidence: list[Evidence] = list(chosen.evidence)
        findings: list[Finding] = []
        note = chosen.note
        compared = CROSS_CHECKED.get(key, [])
        for kind, other in self.by_field.get(path, []):
            if other is chosen or other.value is None:
                continue
            if same_value(key, chosen.value, other.value) or (other.ocr and covers(key, chosen.value, other.value)):
                if kind in compared or kind in AUTHORITY.get(key, []):
                    evidence.extend(e for e in other.evidence if e not in evidence)
                    if exactly_same(value, other.value) and not (from_ocr(chosen) and from_ocr(other)):
                        # agreement after folding accents says nothing about the accents, and two
                        # OCR readings share OCR's habits: neither counts as independent support
                        confidence = min(0.99, max(confidence, other.confidence) + AGREEMENT_BOOST)
                continue
            if kind not in compared:
                continue
            elif other.confidence >= 0.6:
                confidence = min(confidence, DOUBT_CAP)
                findings.append(disagreement(path, chosen_kind, chosen, kind, other))
                note = "Các tài liệu ghi khác nhau; cần kiểm tra."
        return Field(value=value, confidence=round(confidence, 3), evidence=evidence, note=note), findings


def disagreement(path: str, kind_a: str, a: Candidate, kind_b: str, b: Candidate) -> Finding:
    """A finding naming both readings and where each came from: the chosen one (``a``, the most
    authoritative source) first. :func:`disagreeing` reads it back."""
    return Finding(
        code=f"disagreement:{path}",
        severity="warning",
        message=f"{path}: «{a.value}» ({kind_a}) khác «{b.value}» ({kind_b}).",
        evidence=[*a.evidence[:1], *b.evidence[:1]],
    )


DISAGREEMENT = re.compile(r": «(?P<a>[^»]*)» \((?P<kind_a>\w+)\) khác «(?P<b>[^»]*)» \((?P<kind_b>\w+)\)\.$")


def disagreeing(finding: Finding) -> tuple[str, str, str, str] | None:
    """The chosen reading's kind and value and the other's, from a :func:`disagreement` finding:
    (kind_a, a, kind_b, b); None for any other finding."""
    match = DISAGREEMENT.search(finding.message) if finding.code.startswith("disagreement:") else None
    return (match["kind_a"], match["a"], match["kind_b"], match["b"]) if match else None
