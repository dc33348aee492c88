"""Who a financial report belongs to: the firm's name and tax (enterprise) code as it states them.

Vietnamese reports print "Mã số thuế", "Mã số doanh nghiệp" or "Giấy chứng nhận đăng ký doanh
nghiệp số …" on the heading or the company-information page; English ones say "Business
Registration Certificate No. …", "Enterprise Registration Certificate No." or "Tax code". Labels and
codes often wrap onto the next line, so each page is read as one run of text. Only the heading
lines and the parts of the report that are not statements or notes are searched: the notes name
subsidiaries' and partners' codes, which are not the firm's.
"""

from __future__ import annotations

import re

from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line, find_tax_codes
from extractors.fields.statement_layout import Section, sections
from extractors.vnnum import fold

HEADING_LINES = 12
CODE_LABELS = ("ma so thue", "ma so doanh nghiep", "m.s.t", "mst:", "tax code", "tax identification number",
               "enterprise code", "giay chung nhan dang ky doanh nghiep so", "dang ky doanh nghiep so",
               "giay chung nhan dang ky kinh doanh so", "dang ky kinh doanh so", "business registration certificate no",
               "enterprise registration certificate no", "business registration certificate number",
               "enterprise registration certificate number", "certificate of business registration no",
               "investment certificate no", "giay chung nhan dau tu so")
LABEL_RES = [(label, re.compile(re.escape(label))) for label in CODE_LABELS]  # compiled once, not per page
WINDOW = 90  # characters after a label where its code may stand (dates and wraps come between)
NAME_RE = re.compile(r"(?i)^(công ty|tổng công ty|ctcp|cty)\b")


def add_identity(view: DocView, facts: DocumentFacts, lines: list[Line] | None = None,
                 parts: list[Section] | None = None) -> None:
    """The firm's name and tax code as printed in the report (for cross-checks).

    ``lines`` and their ``parts`` (:func:`sections`), when the caller already has them, are the
    view's lines and sections: not built a second time.
    """
    if lines is None:
        lines = list(view.lines())
    for line in lines[:HEADING_LINES]:
        # a consolidated report is headed "Công ty Cổ phần … và các công ty con": the firm is the parent
        text = re.sub(r"(?i)\s+và các công ty con\s*$", "", line.text.split("\t")[0].strip())
        rest = re.sub(r"(?i)^(tổng công ty|công ty|ctcp|cty)\s*(cổ phần|tnhh|trách nhiệm hữu hạn)?\s*", "", text)
        if NAME_RE.match(text) and len(rest) >= 3:  # a legal form alone ("CÔNG TY CỔ PHẦN") names nobody
            facts.candidates.append(view.candidate("enterprise.name", text, 0.7, line, line.text, "heading"))
            break
    searched: list[Line] = []
    heads: dict[int, int] = {}
    for section in parts if parts is not None else sections(lines):
        for line in section.lines:
            seen = heads.setdefault(id(line.page), 0)
            heads[id(line.page)] = seen + 1
            if section.kind in (None, "other") or seen < HEADING_LINES:
                searched.append(line)
    found: set[str] = set()
    for code, line in labelled_codes(searched):
        if code not in found:
            found.add(code)
            facts.candidates.append(view.candidate("enterprise.tax_code", code, 0.85, line, line.text, "heading"))


def labelled_codes(lines: list[Line]) -> list[tuple[str, Line]]:
    """Valid tax codes that follow a code label, with the line each code stands on."""
    out: list[tuple[str, Line]] = []
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(id(line.page), []).append(line)
    for page_lines in by_page.values():
        text, starts = "", []
        for line in page_lines:
            starts.append(len(text))
            text += line.text.replace("\t", " ") + " "
        folded = fold(text)
        if len(folded) != len(text):
            folded = "".join(fold(ch)[:1] or " " for ch in text)
        for label, pattern in LABEL_RES:
            if label not in folded:
                continue
            for match in pattern.finditer(folded):
                # a code ending a clause ("No. 5700434869, issued by") keeps its comma out
                window = re.sub(r"(\d)[.,;](?=\s|$)", r"\1 ", text[match.end(): match.end() + WINDOW])
                stop = re.search(r"(?i)điện thoại|phone|tel\b|fax", window)
                window = window[: stop.start()] if stop else window
                # the first valid code after the label: an old registration number ("số
                # 4103001932", not a tax code) may stand before the enterprise code
                for code, valid, raw in find_tax_codes(window):
                    if valid:
                        at = match.end() + window.find(raw)
                        index = max(i for i, start in enumerate(starts) if start <= at)
                        out.append((code, page_lines[index]))
                        break
    return out
