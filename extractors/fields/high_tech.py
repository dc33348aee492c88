"""High-tech certificates (GCN sản phẩm / doanh nghiệp công nghệ cao): what they prove.

A certificate makes *this* product high-tech only when it names it: a firm's certificate for its
other product proves nothing here. The extractor keeps the certificate's words (so the pipeline
can look for the dossier's product in them), the product it names after a label where one is
found, the signing date and the validity it states ("có hiệu lực 05 năm kể từ ngày ký").
"""

from __future__ import annotations

import re

from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line
from extractors.fields.documents import add_common
from extractors.fields.labels import find_labels
from extractors.vnnum import fold

VALID_YEARS_RE = re.compile(r"hieu luc\s*(?:trong\s*)?(?:thoi han\s*)?(\d{1,2})\s*\(?[a-z ]*\)?\s*nam")
PRODUCT_LABEL_RE = re.compile(r"(?:san xuat san pham cong nghe cao|ten san pham|san pham cong nghe cao)\s*[:：]")


def extract_high_tech(view: DocView, facts: DocumentFacts) -> None:
    """The claim the certificate proves, the product it names, its date and validity."""
    lines = list(view.lines())
    if not lines:
        return
    first = lines[0]
    facts.candidates.append(view.candidate("product.high_tech", True, 0.9, first, first.text, "certificate"))
    words = " ".join(line.text for line in lines)
    facts.candidates.append(view.candidate("high_tech.text", words[:4000], 0.9, first, first.text, "text"))
    named = named_product(lines)
    if named is not None:
        value, line = named
        facts.candidates.append(view.candidate("high_tech.product", value, 0.8, line, line.text, "label"))
    for line in lines:
        match = VALID_YEARS_RE.search(fold(line.text))
        if match and 0 < int(match.group(1)) <= 20:
            facts.candidates.append(view.candidate("high_tech.valid_years", int(match.group(1)), 0.85, line,
                                                   line.text, "text"))
            break
    add_common(view, facts)


def named_product(lines: list[Line]) -> tuple[str, Line] | None:
    """The product the certificate names after its label: on the label's line (after the colon or
    in the next cell), or — in a two-column layout whose label wraps around its value — the value
    line held between the label's pieces ("Là doanh nghiệp công nghệ cao sản" / "Đèn LED …" /
    "xuất sản phẩm công nghệ cao:")."""
    for index in range(len(lines)):
        for size in (1, 2, 3):
            window = lines[index:index + size]
            if len(window) < size:
                break
            label = " ".join(line.cells[0] if line.cells else "" for line in window)
            if not PRODUCT_LABEL_RE.search(fold(label)) and not (
                    size == 1 and PRODUCT_LABEL_RE.search(fold(window[0].text))):
                continue
            value = value_beside(window)
            if value is not None:
                return value
    for hit in find_labels([line.text for line in lines], {"product.name"}):
        if hit.value:
            return hit.value, lines[hit.line_index]
    return None


def value_beside(window: list[Line]) -> tuple[str, Line] | None:
    """The value a (possibly wrapped) label holds: after its colon, in the cell beside it, or on
    the line its pieces enclose."""
    first = window[0]
    if len(window) == 1:
        text = first.text.split("\t", 1)
        after = text[0].split(":", 1)[1].strip() if ":" in text[0] else ""
        value = after or (text[1].strip() if len(text) > 1 else "")
        return (value.strip(" .;"), first) if len(value) >= 4 else None
    for line in window:
        if len(line.cells) > 1:
            return line.cells[-1].strip(" .;"), line
    if window[-1].text.rstrip().endswith(":") and len(window) == 3 and ":" not in window[1].text:
        return window[1].text.strip(" .;"), window[1]
    return None
