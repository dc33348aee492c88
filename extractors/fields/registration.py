"""The registration form (Phiếu đăng ký): firm, product, group, figures, claims."""

from __future__ import annotations

import re

from extractors.facts import Candidate, DocumentFacts
from extractors.fields.common import (
    DocView,
    Line,
    checked_items,
    parse_count,
    standards_in,
    tax_code_candidates,
)
from extractors.fields.label_table import label_rows
from extractors.fields.labels import LabelHit, find_labels, wrapped_continuation
from extractors.fields.yearly import extract_yearly
from extractors.models import DOUBT_CAP, Finding
from extractors.vnnum import Convention

TEXT_FIELDS = {
    "enterprise.name": 0.9,
    "enterprise.address": 0.88,
    "enterprise.factory_address": 0.88,
    "enterprise.legal_representative": 0.85,
    "product.name": 0.88,
}


def extract_registration(view: DocView, facts: DocumentFacts) -> None:
    """Fill ``facts`` with every value the form states."""
    lines = label_rows(list(view.lines()))
    texts = [line.text for line in lines]
    seen: set[str] = set()
    table_row: Candidate | None = None  # a head count read off a row of several figures
    for hit in find_labels(texts, fuzzy=view.ocr):
        line = lines[hit.line_index]
        if hit.field in TEXT_FIELDS and hit.value and hit.field not in seen:
            value = with_continuation(hit.value.split("\t")[0].strip(), lines, texts, hit.value_line, hit.cut)
            if hit.field in ("enterprise.factory_address", "enterprise.address"):
                value = AT_RE.sub("", value)  # "Tại: Lô 5, KCN …" under the label
            if len(value) < 3:
                continue
            seen.add(hit.field)
            confidence, note = TEXT_FIELDS[hit.field], None
            if (doubt := row_doubt(lines, hit)) is not None:
                confidence, note = min(confidence, DOUBT_CAP), doubt
            elif line.page.source == "ocr" and "\t" in hit.line[hit.label_start:].strip():
                # a wide gap inside an OCR'd value: words were probably lost (a stamp, a smudge)
                confidence, note = 0.55, "Dòng nhận dạng có khoảng trống, có thể mất chữ; cần kiểm tra."
            facts.candidates.append(
                view.candidate(hit.field, value, confidence, line, line.text, "label", note=note)
            )
        elif hit.field == "enterprise.tax_code" and "enterprise.tax_code" not in seen:
            found, findings = tax_code_candidates(view, hit.value or line.text, line, "label", 0.95)
            facts.candidates.extend(found[:1])
            for finding in findings:
                finding.code = f"{finding.code}:registration_form"
            facts.findings.extend(findings)
            if found:
                seen.add(hit.field)
        elif hit.field == "product.industry_group" and "product.industry_group" not in seen:
            items, where = ticked_after(lines, hit.line_index)
            text = ", ".join(items) if items is not None else hit.value
            if text and any(c.isalpha() for c in text) and not is_instruction(text):
                seen.add(hit.field)
                facts.candidates.append(
                    view.candidate("product.industry_group", text, 0.9, where, where.text, "label")
                )
        elif hit.field == "figures.employees" and "figures.employees" not in seen:
            count = parse_headcount(hit.value, view.convention)
            if count is None or not 0 < count < 1_000_000:
                continue
            if several_figures(line.text[hit.label_start:]):
                # a row of a yearly table ("Số lao động | người | 412 | 398 | 385"): which cell is the
                # latest year is the table reader's to say; the last number is only a fallback
                table_row = table_row or view.candidate(
                    "figures.employees", count, 0.6, line, line.text, "label",
                    note="Dòng số lao động có nhiều số; lấy số cuối dòng, cần kiểm tra năm.")
                continue
            seen.add(hit.field)
            facts.candidates.append(view.candidate("figures.employees", count, 0.9, line, line.text, "label"))
        elif hit.field == "claims.certificates":
            claimed = claimed_standards(line.text)
            if claimed:
                facts.candidates.append(
                    view.candidate("claims.certificates", claimed, 0.9, line, line.text, "label")
                )
        elif hit.field == "claims.high_tech" and "claims.high_tech" not in seen:
            answer = yes_no(line.text[hit.label_start:])
            if answer is not None:
                seen.add(hit.field)
                facts.candidates.append(view.candidate("claims.high_tech", answer, 0.9, line, line.text, "label"))
        elif hit.field == "claims.ip_certificates" and "claims.ip_certificates" not in seen:
            count = parse_count(hit.value, view.convention)
            if count is not None and count < 1000:
                seen.add(hit.field)
                facts.candidates.append(
                    view.candidate("claims.ip_certificates", count, 0.85, line, line.text, "label")
                )
    add_checkbox_groups(view, facts, seen)
    add_yearly(view, facts)
    if table_row is not None and not facts.values("figures.employees"):
        facts.candidates.append(table_row)
    merge_claims(facts)
    resolve_factory_reference(facts)


def row_doubt(lines: list[Line], hit: LabelHit) -> str | None:
    """Why the value of a label hit is in doubt, when its line says so (a rebuilt table row)."""
    value_line = lines[hit.value_line] if 0 <= hit.value_line < len(lines) else None
    return lines[hit.line_index].doubt or (value_line.doubt if value_line is not None else None)


def with_continuation(value: str, lines: list[Line], texts: list[str], index: int, cut: bool = False) -> str:
    """A value completed by the next line when the page layout wrapped it.

    Not when another label ended the value on its line ("Bà X; chức vụ: Chủ tịch Hội đồng quản /
    trị …"): what wrapped belongs to that label.
    """
    if lines[index].page.source == "native" or not value or cut:
        return value
    more = wrapped_continuation(texts, index)
    return f"{value} {more}" if more else value


AT_RE = re.compile(r"(?i)^(?:tại|ở)\s*[:：]\s*")
# "Tại trụ sở chính", "Như trên", "Trùng địa chỉ trụ sở": the factory is at the head office
SAME_AS_HEAD_OFFICE = re.compile(r"(?i)^(?:tại|ở|như|trùng(?: với)?|cùng|giống|chung)\b.{0,25}(?:trụ sở|trên|địa chỉ)")


def resolve_factory_reference(facts: DocumentFacts) -> None:
    """A factory written as "Tại trụ sở chính" is the head office's address (said so in a note)."""
    factory = next((c for c in facts.candidates if c.field == "enterprise.factory_address"), None)
    if factory is None or not isinstance(factory.value, str) or not SAME_AS_HEAD_OFFICE.match(factory.value):
        return
    head = next((c for c in facts.candidates if c.field == "enterprise.address"), None)
    written = factory.value
    if head is None:
        factory.confidence = min(factory.confidence, 0.5)
        factory.note = f"Phiếu ghi nhà máy «{written}» nhưng không đọc được địa chỉ trụ sở chính."
        return
    factory.value = head.value
    factory.confidence = min(factory.confidence, head.confidence)
    factory.note = f"Phiếu ghi nhà máy «{written}»: lấy địa chỉ trụ sở chính."


def yes_no(text: str) -> bool | None:
    """"Có"/"Không" after a label, or the ticked one of "☐ Có ☒ Không"."""
    ticked = checked_items(text)
    words = " ".join(ticked) if ticked is not None else text.split(":", 1)[-1]
    folded = words.strip().lower()
    if re.match(r"^(không|no)\b", folded):
        return False
    if re.match(r"^(có|yes)\b", folded):
        return True
    return None


def is_instruction(text: str) -> bool:
    """"(đánh dấu vào ô phù hợp)" and the like: words telling the firm what to do, not a value."""
    folded = text.lower()
    return any(word in folded for word in ("đánh dấu", "ghi rõ", "chọn một", "tick"))


def ticked_after(lines: list[Line], index: int) -> tuple[list[str] | None, Line]:
    """Ticked boxes on the label's line or the lines right after it (a checkbox grid)."""
    items = checked_items(lines[index].text)
    if items is not None:
        return items, lines[index]
    ticked: list[str] = []
    where = lines[index]
    seen_boxes = False
    for line in lines[index + 1 : index + 8]:
        if re.match(r"^\s*(\d+|[IVX]+)\s*[.)]\s", line.text):
            break  # the next numbered item of the form
        found = checked_items(line.text)
        if found is None:
            if seen_boxes:
                break
            continue
        seen_boxes = True
        if found and not ticked:
            where = line
        ticked.extend(found)
    return (ticked if seen_boxes else None), where


HEADCOUNT_RE = re.compile(r"(\d[\d.,  ]*)\s*(?:người|lao động|nhân viên|cán bộ|employees|persons)", re.I)


def parse_headcount(text: str, convention: Convention) -> int | None:
    """A head count: the number before "người", else the last number that is not part of a date."""
    match = HEADCOUNT_RE.search(text)
    if match:
        return parse_count(match.group(1), convention)
    cleaned = re.sub(r"\d{1,2}/\d{1,2}/\d{4}|\b(?:19|20)\d\d\b", " ", text)
    cleaned = re.sub(r"\([^)]*\)", " ", cleaned)
    numbers = re.findall(r"\d[\d.,]*", cleaned)
    return parse_count(numbers[-1], convention) if numbers else None


def several_figures(text: str) -> bool:
    """Whether a line holds two or more cells that are only a number (a row of figures per year)."""
    cells = [cell.strip() for cell in text.split("\t")]
    return sum(1 for cell in cells
               if re.fullmatch(r"\(?\d[\d.,  ]*\)?", cell) and not re.fullmatch(r"(?:19|20)\d\d", cell)) >= 2


def claimed_standards(text: str) -> list[str]:
    """Standards claimed on a line, honouring checkboxes when the line has them."""
    items = checked_items(text)
    if items is not None:
        return sorted({s for item in items for s in standards_in(item)})
    return standards_in(text)


def add_checkbox_groups(view: DocView, facts: DocumentFacts, seen: set[str]) -> None:
    """A group chosen by ticking a box on a line of its own (no "Nhóm ngành:" on that line)."""
    if "product.industry_group" in seen:
        return
    for line in view.lines():
        items = checked_items(line.text)
        if items and not standards_in(" ".join(items)):
            facts.candidates.append(
                view.candidate("product.industry_group", ", ".join(items), 0.8, line, line.text, "checkbox")
            )
            return


def add_yearly(view: DocView, facts: DocumentFacts) -> None:
    """Declared product revenue, export, enterprise revenue and staff per year.

    A staff table gives the head count of the latest year when no "Số lao động:" line did.
    """
    for metric, years in extract_yearly(view).items():
        if metric == "figures.employees":
            if years and not facts.values("figures.employees"):
                item = years[max(years)]
                facts.candidates.append(view.candidate(
                    "figures.employees", item.value, min(item.confidence, 0.88), item.line, item.snippet,
                    item.method, note=f"Số lao động năm {max(years)}"))
            continue
        for year, item in years.items():
            facts.candidates.append(view.candidate(f"{metric}.{year}", item.value, item.confidence, item.line,
                                                   item.snippet, item.method, note=item.note))


def merge_claims(facts: DocumentFacts) -> None:
    """Several lines may list certificates: one candidate holding them all."""
    claims = [c for c in facts.candidates if c.field == "claims.certificates"]
    if len(claims) <= 1:
        return
    merged = sorted({str(s) for c in claims if isinstance(c.value, list) for s in c.value})
    evidence = [e for c in claims for e in c.evidence]
    facts.candidates = [c for c in facts.candidates if c.field != "claims.certificates"]
    facts.candidates.append(
        Candidate(field="claims.certificates", value=merged, confidence=min(c.confidence for c in claims),
                  evidence=evidence, method="label")
    )


def note_missing_tax_code(facts: DocumentFacts) -> None:
    """A form without a readable tax code is worth a reviewer's look."""
    if not facts.values("enterprise.tax_code"):
        facts.findings.append(
            Finding(code="tax_code_not_found", severity="warning",
                    message="Không tìm thấy mã số thuế hợp lệ trên phiếu đăng ký.")
        )
