"""Management-system certificates (ISO 9001/14001/22000/45001, HACCP), often in English.

Standard and version, number, certification body, holder, issue and expiry dates. Dates are
told apart by their labels wherever the layout puts them (:mod:`certificate_dates`); the number
by its label ("Certificate No.", "Số/No", a bare "Certificate VN24/81102") and its shape; the
body by the names in ``certificates.yaml``. What no label or cross-check confirms stays below
the review threshold with a Vietnamese note.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.datafile import load_data
from extractors.dates import find_dates
from extractors.facts import DocumentFacts, evidence_for
from extractors.fields.certificate_dates import CertificateDates, assign_roles, choose_dates
from extractors.fields.common import STANDARD_PATTERNS, DocView, Line
from extractors.models import Certificate, Evidence, Finding
from extractors.vnnum import fold, fold_same_length

PATTERNS = Path(__file__).resolve().parent.parent / "patterns" / "certificates.yaml"
COMPANY_RE = re.compile(
    r"(?i)\b(công ty|tổng công ty|cong ty|company|corporation|joint stock|co\.,? ?ltd|jsc|limited)\b"
)
NUMBER_TOKEN = re.compile(r"[^\W_][\w./\-]*")
STANDARD_NUMBER = re.compile(
    r"(?i)^(?:iso|iec|tcvn|en|bs|fssc)\b|^(?:9001|14001|22000|45001|27001|50001)(?:[:/-]\d{4})?$"
)
# a management-system standard or certification scheme named (folded text)
SCHEME_WORDS = re.compile(r"\b(?:iso|haccp|gmp|fssc|brc|ifs|global\s*g\.?a\.?p|vietgap|halal|management system|"
                          r"he thong quan ly|quan ly chat luong)\b")
PHONE_WORDS = re.compile(r"\b(?:tel|phone|fax|hotline|dien thoai|dt|mobile)\b")


class Body(BaseModel):
    """A certification body: how the record spells it, how certificates write it (folded)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = Field(min_length=1)


class CertificatePatterns(BaseModel):
    """The vocabulary of ``patterns/certificates.yaml``."""

    model_config = ConfigDict(extra="forbid")

    bodies: list[Body]
    accreditation: list[str]
    date_roles: dict[Literal["previous_expiry", "original", "expiry", "audit", "issue"], list[str]]
    range_words: list[str]
    number_labels: list[str]
    bare_number_labels: list[str]
    holder_intro: list[str]
    scope_labels: list[str]


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The certificate vocabulary (bodies, date roles, number labels), validated on load."""
    return load_data(PATTERNS, CertificatePatterns).model_dump()


@lru_cache(maxsize=1)
def number_labels() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """The number labels (strong, then bare), compiled."""
    data = patterns()
    strong = [re.compile(rf"(?<![a-z0-9]){p}") for p in data["number_labels"]]
    return strong, [re.compile(p) for p in data["bare_number_labels"]]


def main_standard(text: str) -> tuple[str, str | None]:
    """The certificate's standard (most mentioned, earliest on ties) and its version year."""
    best: tuple[int, int, str] | None = None
    for name, pattern in STANDARD_PATTERNS:
        matches = list(pattern.finditer(text))
        if matches:
            key = (-len(matches), matches[0].start(), name)
            best = key if best is None or key < best else best
    if best is None:
        return "other", None
    name = best[2]
    digits = name.split()[-1]
    version = re.search(rf"{digits}\s*[:/]\s*((?:19|20)\d\d)", text)
    return name, version.group(1) if version else None


def find_number(lines: list[Line]) -> tuple[str, Line] | None:
    """The certificate number after its label, strong labels first, then a bare "Certificate …"
    or a line opening with "Số:"/"No:"."""
    strong, bare = number_labels()
    folded = [fold_same_length(line.text) for line in lines]
    for tier, labels in enumerate((strong, bare)):
        for label in labels:
            for index, line in enumerate(lines):
                for match in label.finditer(folded[index]):
                    rest = line.text[match.end():]
                    value = number_after(rest)
                    if value is None and not rest.strip(" .:：#\t") and tier == 0 and index + 1 < len(lines):
                        value = number_after(lines[index + 1].text)
                    if value and acceptable_number(value, folded[index][: match.start()]):
                        return value, line
    return None


def number_after(rest: str) -> str | None:
    """The number-shaped token that opens ``rest`` (after a label): OCR's stray spaces inside it
    ("QMS. 2451.24", "VN 012880") closed, a trailing dot dropped."""
    rest = re.sub(r"^[\s.:：#°º]*", "", rest)
    rest = re.split(r"\t| {3,}", rest)[0]
    tokens = rest.split()
    if not tokens or not NUMBER_TOKEN.fullmatch(tokens[0].rstrip(".,;:)")):
        return None
    first = tokens[0].rstrip(".")
    if not re.search(r"\d", first) and not (first.isupper() and len(first) <= 5):
        return None  # a word ("Certificate issued 2024"), not a prefix such as "VN" or "QMS"
    value = tokens[0]
    for token in tokens[1:]:
        if not (re.match(r"[\w./\-]", token) and re.search(r"\d", token)):
            break
        last = value.split()[-1]
        if last.endswith((".", "/", "-")) or token.startswith(("/", "-", ".")):
            value += token  # OCR's space after a separator ("QMS. 2451.24"): not part of the number
        elif last.isalpha() or (last.isdigit() and token.isdigit()):
            # a prefix or digit groups written apart ("HT 2314.24.15", "44 100 2211873"): kept as
            # written (numbers are compared without spaces); a phone number then shows whole
            value += " " + token
        else:
            break
    value = value.rstrip(".,;:)")
    return value if all(NUMBER_TOKEN.fullmatch(part) for part in value.split()) else None


def acceptable_number(value: str, context: str) -> bool:
    """Whether a token after a number label can be a certificate number: enough digits, and not
    a date, a standard ("9001:2015"), an accreditation mark's number or a phone number."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 3 or not 4 <= len(value) <= 32:
        return False
    if STANDARD_NUMBER.search(value) or find_dates(value):
        return False
    words = fold(context)
    marks = patterns()["accreditation"]
    if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", f"{words} {fold(value)}") for w in marks):
        return False
    only_digits = re.fullmatch(r"[\d .\-]+", value) is not None
    # Vietnamese phone numbers: 0 and 9-10 more digits, or 84 and the same without the 0
    phone = only_digits and ((digits.startswith("0") and 10 <= len(digits) <= 11)
                             or (digits.startswith("84") and 11 <= len(digits) <= 12))
    return not (phone or (PHONE_WORDS.search(words) and only_digits))


def find_holder(lines: list[Line]) -> tuple[str, Line] | None:
    """The company the certificate is granted to, in English or Vietnamese, wrapped or not."""
    intros = patterns()["holder_intro"]
    for index, line in enumerate(lines):
        folded = fold(line.text)
        for intro in intros:
            position = folded.find(intro)
            if position < 0:
                continue
            rest = line.text[position + len(intro):].strip(" :：,\t")
            rest = re.sub(r"(?i)^(the\s+)?(quality|environmental|food safety)?\s*management system of\s*", "", rest)
            candidates = [(rest, index)] + [(later.text.strip(), index + 1 + k)
                                            for k, later in enumerate(lines[index + 1 : index + 3])]
            for candidate, where in candidates:
                if COMPANY_RE.search(candidate) and not find_dates(candidate):
                    name = candidate.split("\t")[0].strip(" ,.;:")
                    return with_wrapped_name(name, lines, where), lines[where]
    for line in lines:
        if COMPANY_RE.match(line.text.strip()):
            return line.text.split("\t")[0].strip(" ,.;:"), line
    return None


def with_wrapped_name(name: str, lines: list[Line], index: int) -> str:
    """A company name in capitals that the layout broke over two lines ("… JOINT STOCK" / "COMPANY")."""
    if index + 1 >= len(lines) or name.upper() != name:
        return name
    following = lines[index + 1].text.strip()
    if (following and following.upper() == following and len(following) < 40 and ":" not in following
            and not re.match(r"^\d", following) and not any(p.search(following) for _, p in STANDARD_PATTERNS)):
        return f"{name} {following}"
    return name


ORG_WORDS = ("certification", "chứng nhận", "registrar", "công ty", "trung tâm", "ltd", "limited", "vietnam",
             "cert", "assurance", "quality", "inspection", "giám định", "kiểm định", "viện", "institute", "cục ",
             "bộ ", "sở ", "tổng cục")
ISSUER_NOISE = re.compile(r"(?i)^(?:[^\w(]|signed\s+(?:on\s+behalf\s+)?(?:of|by)\b|on\s+behalf\s+of\b|for\s+and\s+on"
                          r"\s+behalf\s+of\b|issued\s+by\b|of\b|by\b)+")
ADDRESS_AFTER = re.compile(r"(?i),\s*(?=\d|số\b|so\b|lô\b|tầng\b|floor\b|đường\b|street\b|phường\b|ward\b|"
                           r"district\b|quận\b|huyện\b|km\b|no\.)")
SENTENCE_START = ("this ", "to check", "chứng nhận", "certificate", "giấy chứng nhận", "further", "the ")


def clean_issuer(text: str) -> str:
    """An issuer as written, without what surrounds it on the page ("Signed on behalf of",
    "of", "©", "@®") and without the address after it."""
    text = ISSUER_NOISE.sub("", text.split("\t")[0]).strip()
    return ADDRESS_AFTER.split(text, maxsplit=1)[0].strip(" ,;:")[:120]


def body_in(text: str) -> dict | None:
    """The known certification body a text names, if any."""
    folded = fold(text)
    for body in patterns()["bodies"]:
        if any(re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", folded) for alias in body["aliases"]):
            return dict(body)
    return None


def find_issuer(lines: list[Line], holder: str | None) -> tuple[str | None, float]:
    """The certification body as the certificate writes it (without the page's noise around
    it), and how sure we are.

    A known body (``certificates.yaml``) first: its name as written on the first line naming
    it, or the body's own name when no line writes it cleanly. Then a labelled body
    ("Certification body: …"); then the organisation in the letterhead above the title.
    """
    known: str | None = None
    for line in lines:
        if holder and holder in line.text:
            continue
        for cell in line.text.split("\t"):
            body = body_in(cell)
            if body is None:
                continue
            written = clean_issuer(cell)
            if (body_in(written) and len(written) <= 80 and not written.lower().startswith(SENTENCE_START)
                    and not written.endswith(":")):
                return written, 0.9
            known = known or str(body["name"])
    if known:
        return known, 0.9
    for line in lines:
        match = re.search(r"(?i)(?:certification body|tổ chức chứng nhận|issued by|cơ quan cấp)\s*[:：]\s*(.+)$",
                          line.text)
        if match and clean_issuer(match.group(1)):
            return clean_issuer(match.group(1)), 0.85
    head = []
    for line in lines[:6]:
        if fold(line.text).strip() in ("certificate", "giay chung nhan", "chung nhan", "certificate of registration"):
            break
        head.append(line)
    for line in head:
        text = clean_issuer(line.text)
        if len(text) > 6 and any(w in text.lower() for w in ORG_WORDS) and text != holder:
            return text, 0.7
    return None, 0.0


def date_confidence(chosen: CertificateDates, ocr_factor: float) -> float:
    """How sure the dates are: labelled and confirmed by the cycle arithmetic, labelled, or only
    ordered; OCR lowers it unless the arithmetic confirms the digits."""
    expires = chosen.expires
    if expires is None:
        return 0.5
    if expires.how == "order":
        return 0.6 * (0.5 + 0.5 * ocr_factor)
    base = 0.92 if expires.how in ("same_line", "wrapped", "above", "range") else 0.86
    if chosen.consistent is False:
        return min(base, 0.6)
    if chosen.confirmed:
        return base
    scaled = base * (0.5 + 0.5 * ocr_factor)
    # OCR'd digits that no issue date cross-checks stay below review
    return min(scaled, 0.78) if chosen.consistent is None and ocr_factor < 1 else scaled


def extract_certificate(view: DocView, facts: DocumentFacts) -> None:
    """Build one :class:`Certificate` for the document.

    A document that names no management-system standard or scheme at all (a registration
    certificate taken for a quality certificate) gives no certificate, only a finding: its dates
    would otherwise show as a certificate's.
    """
    lines = list(view.lines())
    standard, version = main_standard(view.text)
    if standard == "other" and not SCHEME_WORDS.search(fold(view.text)):
        first = lines[0] if lines else None
        facts.findings.append(Finding(
            code="quality_certificate_without_standard", severity="warning",
            message="Tài liệu được xếp là chứng nhận hệ thống quản lý nhưng không nêu tiêu chuẩn nào (ISO, HACCP…).",
            evidence=[evidence_for(first.page, view.document, first.text)] if first else []))
        return
    number = find_number(lines)
    holder = find_holder(lines)
    issuer, issuer_confidence = find_issuer(lines, holder[0] if holder else None)
    roles = patterns()["date_roles"]
    chosen = choose_dates(assign_roles(lines, roles, patterns()["range_words"]))
    evidence: list[Evidence] = []
    for item in (number, holder):
        if item:
            evidence.append(evidence_for(item[1].page, view.document, item[1].text))
    if lines and not evidence:
        evidence.append(evidence_for(lines[0].page, view.document, lines[0].text))
    for dated in (chosen.issued, chosen.expires):
        if dated is not None:
            evidence.append(evidence_for(dated.line.page, view.document, dated.line.text.strip()))
    ocr_factor = min((p.confidence for p in view.pages if p.source == "ocr"), default=1.0)
    confidence = date_confidence(chosen, ocr_factor)
    notes = [chosen.note] if chosen.note else []
    if standard == "other":
        confidence = min(confidence, 0.5)
    if number is None:
        confidence = min(confidence, 0.75)
        notes.append("Không đọc được số chứng nhận.")
    if issuer is None or issuer_confidence < 0.8:
        confidence = min(confidence, 0.75)
    facts.certificates.append(
        Certificate(
            standard=standard,  # type: ignore[arg-type]
            version=version,
            number=number[0] if number else None,
            issuer=issuer,
            holder=holder[0] if holder else None,
            issued=chosen.issued.found.date.isoformat() if chosen.issued else None,
            expires=chosen.expires.found.date.isoformat() if chosen.expires else None,
            valid=None,
            evidence=evidence,
            confidence=round(confidence, 3),
            note=" ".join(notes) or None,
        )
    )

