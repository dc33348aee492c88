"""The shorter documents: business registration, export evidence, tax and environmental
papers, commitments, IP and high-tech certificates, product descriptions."""

from __future__ import annotations

import re

from extractors.dates import find_dates
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line, find_tax_codes, tax_code_candidates
from extractors.fields.export import read_export
from extractors.fields.label_table import label_rows
from extractors.fields.labels import find_labels
from extractors.fields.registration import row_doubt, with_continuation

SIGNING_RE = re.compile(r"(?i)[\wÀ-ỹ .]{2,30},\s*ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}")
DOC_NUMBER_RE = re.compile(r"(?i)^\s*(?:số|so|no\.?)\s*[:：]\s*([0-9A-Z][\w./\-]*)")


def extract_business_registration(view: DocView, facts: DocumentFacts) -> None:
    """Name, enterprise code (= tax code) and head-office address from the certificate."""
    lines = label_rows(list(view.lines()))
    seen: set[str] = set()
    wanted = {"enterprise.name", "enterprise.tax_code", "enterprise.address", "enterprise.legal_representative",
              "enterprise.name_en"}
    for hit in find_labels([line.text for line in lines], wanted, fuzzy=view.ocr):
        line = lines[hit.line_index]
        if hit.field == "enterprise.name" and "nước ngoài" in line.text.lower():
            hit.field = "enterprise.name_en"
        if hit.field in seen or not hit.value:
            continue
        if hit.field == "enterprise.tax_code":
            found, findings = tax_code_candidates(view, hit.value, line, "label", 0.97)
            facts.candidates.extend(found[:1])
            facts.findings.extend(findings)
            if found:
                seen.add(hit.field)
            continue
        if hit.field == "enterprise.name" and "viết tắt" in line.text.lower():
            continue
        value = with_continuation(hit.value.split("\t")[0].strip(), lines, [x.text for x in lines], hit.value_line,
                                  hit.cut)
        if hit.field == "enterprise.legal_representative" and not value[:1].isupper():
            # "4. Người đại diện theo pháp luật của công ty" heads a block; the name is its "Họ và tên:"
            person = person_below(lines, hit.line_index)
            if person is None:
                continue
            value, line = person
        if len(value) >= 3:
            seen.add(hit.field)
            doubt = row_doubt(lines, hit)
            facts.candidates.append(view.candidate(hit.field, value, 0.6 if doubt else 0.93, line, line.text, "label",
                                                   note=doubt))
    add_common(view, facts)


FULL_NAME_RE = re.compile(r"(?i)^\s*(?:[-•*]\s*)?họ\s*(?:và\s*)?tên\s*[:：]\s*([^\t:：]+)")
NEXT_FIELD_RE = re.compile(
    r"(?i)\s+(?:giới\s*tính|sinh\s*ngày|ngày\s*sinh|chức\s*(?:danh|vụ)|dân\s*tộc|quốc\s*tịch)\b.*$")


def person_below(lines: list[Line], index: int) -> tuple[str, Line] | None:
    """The "Họ và tên:" of the block a heading opens (within the next three lines)."""
    for line in lines[index + 1:index + 4]:
        match = FULL_NAME_RE.match(line.text)
        if match:
            name = NEXT_FIELD_RE.sub("", match.group(1)).strip(" .,;")
            if len(name) >= 3 and not re.search(r"\d", name):
                return name, line
    return None


def extract_export(view: DocView, facts: DocumentFacts) -> None:
    """Export evidence: USD per year from its rows (:mod:`extractors.fields.export`), then the common fields."""
    read_export(view, facts)
    add_common(view, facts)


def extract_product_description(view: DocView, facts: DocumentFacts) -> None:
    """A description names the product; its text also feeds group and high-tech matching."""
    lines = list(view.lines())
    for hit in find_labels([line.text for line in lines], {"product.name"}):
        if hit.value:
            line = lines[hit.line_index]
            facts.candidates.append(view.candidate("product.name", hit.value, 0.7, line, line.text, "label"))
            break
    if lines:
        snippet = " ".join(line.text for line in lines[:40])[:2000]
        facts.candidates.append(
            view.candidate("product.description", snippet, 0.5, lines[0], lines[0].text, "text")
        )
    add_common(view, facts)


def add_common(view: DocView, facts: DocumentFacts) -> None:
    """Number, signing date, and the firm's name/tax code as mentioned (for cross-checks)."""
    lines = list(view.lines())
    for line in lines[:20]:
        match = DOC_NUMBER_RE.match(line.text)
        if match and re.search(r"\d", match.group(1)):
            facts.candidates.append(view.candidate("document.number", match.group(1), 0.8, line, line.text, "label"))
            break
    for line in lines:
        if SIGNING_RE.search(line.text):
            dates = find_dates(line.text)
            if dates:
                facts.candidates.append(view.candidate(
                    "document.date", dates[0].date.isoformat(), 0.85, line, line.text, "signing_line"))
                break
    if not facts.values("enterprise.tax_code"):
        for line in lines:
            for code, valid, _ in find_tax_codes(line.text):
                if valid:
                    facts.candidates.append(
                        view.candidate("enterprise.tax_code", code, 0.6, line, line.text, "mention"))
                    break
            if facts.values("enterprise.tax_code"):
                break
    if not facts.values("enterprise.name"):
        for hit in find_labels([line.text for line in lines], {"enterprise.name"}):
            if hit.value and len(hit.value) > 5:
                line = lines[hit.line_index]
                facts.candidates.append(view.candidate("enterprise.name", hit.value, 0.6, line, line.text, "mention"))
                break
