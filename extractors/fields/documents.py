"""The shorter documents: business registration, export evidence, tax and environmental
papers, commitments, IP and high-tech certificates, product descriptions."""

from __future__ import annotations

import re

from extractors.dates import find_dates
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line, find_tax_codes, tax_code_candidates
from extractors.fields.labels import find_labels
from extractors.fields.registration import with_continuation
from extractors.fields.yearly import YEAR_RE
from extractors.vnnum import NUMBER_RE, fold, parse_number

SIGNING_RE = re.compile(r"(?i)[\wÀ-ỹ .]{2,30},\s*ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}")
DOC_NUMBER_RE = re.compile(r"(?i)^\s*(?:số|so|no\.?)\s*[:：]\s*([0-9A-Z][\w./\-]*)")


def extract_business_registration(view: DocView, facts: DocumentFacts) -> None:
    """Name, enterprise code (= tax code) and head-office address from the certificate."""
    lines = list(view.lines())
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
        value = with_continuation(hit.value.split("\t")[0].strip(), lines, [x.text for x in lines], hit.value_line)
        if hit.field == "enterprise.legal_representative" and not value[:1].isupper():
            continue  # "Người đại diện theo pháp luật của công ty" is a heading; the name is below
        if len(value) >= 3:
            seen.add(hit.field)
            facts.candidates.append(view.candidate(hit.field, value, 0.93, line, line.text, "label"))
    add_common(view, facts)


def extract_export(view: DocView, facts: DocumentFacts) -> None:
    """Export turnover in USD per year: the total row, checked against the sum of the rows."""
    lines = list(view.lines())
    year = title_year(lines)
    rows: list[float] = []
    total: tuple[int, Line] | None = None
    for line in lines:
        folded = fold(line.text)
        amounts = [parse_number(m.group(0), view.convention) for m in NUMBER_RE.finditer(line.text)]
        values = [a for a in amounts if a is not None and a >= 100 and not YEAR_RE.fullmatch(str(a))]
        if not values:
            continue
        if re.match(r"\s*(tổng cộng|tong cong|cộng|cong|total|tổng)\b", folded):
            total = (int(values[-1].to_integral_value()), line)
        elif re.match(r"\s*\d{1,4}\b", line.text) and "\t" in line.text:
            rows.append(float(values[-1]))
    if year is None:
        return
    if total is not None:
        agrees = not rows or abs(sum(rows) - total[0]) <= max(1.0, 0.001 * total[0])
        confidence = 0.95 if agrees and rows else (0.8 if not rows else 0.5)
        note = None if agrees else f"Tổng cộng khác tổng các dòng ({sum(rows):,.0f})."
        facts.candidates.append(view.candidate(
            f"figures.export_usd.{year}", total[0], confidence, total[1], total[1].text, "export_total", note))
    elif rows:
        facts.candidates.append(view.candidate(
            f"figures.export_usd.{year}", int(sum(rows)), 0.6, lines[0], lines[0].text, "export_sum",
            "Không có dòng tổng; cộng các dòng."))
    add_common(view, facts)


def title_year(lines: list[Line]) -> str | None:
    """The year named in a document's title area ("… xuất khẩu năm 2025")."""
    for line in lines[:15]:
        match = re.search(r"(?i)(?:năm|nam|year)\s*(20[0-4]\d)", line.text)
        if match:
            return match.group(1)
    return None


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
