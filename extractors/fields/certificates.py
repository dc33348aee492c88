"""Management-system certificates (ISO 9001/14001/22000/45001, HACCP), often in English.

Standard and version, number, certification body, holder, issue and expiry dates, scope.
Dates are told apart by the words before them ("Expiry date", "Hiệu lực đến"); when no word
says, the earliest is the issue and the latest the expiry, at a lower confidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.facts import DocumentFacts, evidence_for
from extractors.fields.common import STANDARD_PATTERNS, DocView, Line
from extractors.vnnum import FoundDate, find_dates, fold
from pipeline.models import Certificate

PATTERNS = Path(__file__).resolve().parent.parent / "patterns" / "certificates.yaml"
COMPANY_RE = re.compile(
    r"(?i)\b(công ty|tổng công ty|cong ty|company|corporation|joint stock|co\.,? ?ltd|jsc|limited)\b"
)


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The certificate vocabulary (bodies, date words, labels)."""
    data: dict = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    return data


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


ORG_WORDS = ("certification", "chứng nhận", "registrar", "công ty", "trung tâm", "ltd", "limited", "vietnam",
             "cert", "assurance", "quality", "inspection", "giám định", "kiểm định", "viện", "institute", "cục ",
             "bộ ", "sở ", "tổng cục")


def find_issuer(lines: list[Line], holder: str | None) -> tuple[str | None, float]:
    """The certification body as the certificate writes it, and how sure we are.

    A labelled body ("Certification body: …") first; then the line naming a known body (its
    letterhead); then the organisation named in the letterhead above the title.
    """
    for line in lines:
        match = re.search(r"(?i)(?:certification body|tổ chức chứng nhận|issued by|cơ quan cấp)\s*[:：]\s*(.+)$",
                          line.text)
        if match:
            return match.group(1).split("\t")[0].strip()[:120], 0.9
    for line in lines:
        folded = fold(line.text)
        for body in patterns()["bodies"]:
            if any(re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", folded) for alias in body["aliases"]):
                cell = next((c for c in line.text.split("\t") if any(a in fold(c) for a in body["aliases"])),
                            line.text)
                written = cell.strip(" ,;:")
                if len(written) <= 80 and not written.lower().startswith(("this", "chứng nhận")):
                    return written, 0.9
                return str(body["name"]), 0.85
    head = []
    for line in lines[:6]:
        if fold(line.text).strip() in ("certificate", "giay chung nhan", "chung nhan", "certificate of registration"):
            break
        head.append(line)
    for line in head:
        text = line.text.split("\t")[0].strip()
        if len(text) > 6 and any(w in text.lower() for w in ORG_WORDS) and text != holder:
            return text, 0.7
    return None, 0.0


NUMBER_AT_START = re.compile(r"^\s*(?:số|so|no\.?|n°|nº)\s*[:：]\s*([A-Za-z0-9][A-Za-z0-9./\-_ ]{2,40}[A-Za-z0-9])",
                             re.I)


def find_number(lines: list[Line]) -> tuple[str, Line] | None:
    """The certificate number after a label such as "Certificate No.:", "Số chứng nhận:" or "Số:"."""
    labels = patterns()["number_labels"]
    for line in lines:
        match = NUMBER_AT_START.match(line.text)
        if match and re.search(r"\d", match.group(1)):
            return match.group(1).split("  ")[0].strip(), line
    for line in lines:
        folded = fold(line.text)
        for label in labels:
            position = folded.find(label)
            if position < 0:
                continue
            rest = line.text[position + len(label):].lstrip(" .:：#\t")
            match = re.match(r"([A-Za-z0-9][A-Za-z0-9./\-_ ]{2,40}[A-Za-z0-9])", rest)
            if match and re.search(r"\d", match.group(1)):
                return match.group(1).split("  ")[0].strip(), line
    return None


def find_holder(lines: list[Line]) -> tuple[str, Line] | None:
    """The company the certificate is granted to."""
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
                if COMPANY_RE.search(candidate):
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
            and not re.match(r"^\d", following) and not STANDARD_PATTERNS[0][1].search(following)
            and not any(p.search(following) for _, p in STANDARD_PATTERNS)):
        return f"{name} {following}"
    return name


def classify_dates(view: DocView) -> tuple[FoundDate | None, FoundDate | None, bool, Line | None]:
    """(issued, expires, labelled?) from the dates in the certificate and their labels."""
    issued_words, expiry_words = patterns()["issued_words"], patterns()["expiry_words"]
    issued: FoundDate | None = None
    expires: FoundDate | None = None
    every: list[tuple[FoundDate, Line]] = []
    previous = ""
    for line in view.lines():
        for found in find_dates(line.text):
            every.append((found, line))
            before = fold((previous + " " + line.text[: found.start])[-60:])
            tail = before[-40:]
            exp_pos = max((tail.rfind(w) for w in expiry_words), default=-1)
            iss_pos = max((tail.rfind(w) for w in issued_words), default=-1)
            if exp_pos > iss_pos and exp_pos >= 0:
                expires = expires or found
            elif iss_pos >= 0:
                issued = found if issued is None or found.date < issued.date else issued
        previous = line.text
    if issued and expires:
        return issued, expires, True, None
    if len(every) >= 2:
        ordered = sorted(every, key=lambda item: item[0].date)
        return issued or ordered[0][0], expires or ordered[-1][0], False, ordered[-1][1]
    return issued, expires, issued is not None or expires is not None, None


def extract_certificate(view: DocView, facts: DocumentFacts) -> None:
    """Build one :class:`Certificate` for the document."""
    text = view.text
    lines = list(view.lines())
    standard, version = main_standard(text)
    number = find_number(lines)
    holder = find_holder(lines)
    issuer, issuer_confidence = find_issuer(lines, holder[0] if holder else None)
    issued, expires, labelled, _ = classify_dates(view)
    first_line = lines[0] if lines else None
    evidence = []
    for item in (number, holder):
        if item:
            evidence.append(evidence_for(item[1].page, view.document, item[1].text))
    if first_line and not evidence:
        evidence.append(evidence_for(first_line.page, view.document, first_line.text))
    for found in (issued, expires):
        if found and view.pages:
            page = next((p for p in view.pages if found.text in p.text), view.pages[0])
            evidence.append(evidence_for(page, view.document, found.text))
    ocr_factor = min((p.confidence for p in view.pages if p.source == "ocr"), default=1.0)
    confidence = (0.9 if labelled else 0.6) * (0.5 + 0.5 * ocr_factor)
    if standard == "other" or expires is None:
        confidence = min(confidence, 0.5)
    if issuer is None or issuer_confidence < 0.8:
        confidence = min(confidence, 0.75)
    facts.certificates.append(
        Certificate(
            standard=standard,  # type: ignore[arg-type]
            version=version,
            number=number[0] if number else None,
            issuer=issuer,
            holder=holder[0] if holder else None,
            issued=issued.date.isoformat() if issued else None,
            expires=expires.date.isoformat() if expires else None,
            valid=None,
            evidence=evidence,
            confidence=round(confidence, 3),
            note=None if labelled else "Ngày cấp/hết hạn suy ra từ thứ tự ngày, không có nhãn rõ ràng.",
        )
    )
