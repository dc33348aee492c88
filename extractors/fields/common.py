"""Helpers every field extractor shares: a document's lines with their pages, tax codes,
counts, checkboxes and the candidate constructor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from stdnum.vn import mst

from extractors.base import Page, ReadDocument
from extractors.facts import Candidate, evidence_for, page_confidence
from extractors.models import Finding
from extractors.vnnum import Convention, detect_convention, parse_number

TAX_CODE_RE = re.compile(r"(?<![\d.,/])(\d{10}|\d{3}[ .]?\d{3}[ .]?\d{4})(?:\s*[-–]\s*(\d{3}))?(?![\d.,/])")
# "0108 234 564": some forms group a code 4-3-3, the way mobile numbers are printed too, so this
# grouping is only read after a tax-code label and only when the check digit holds
SPACED_TAX_CODE_RE = re.compile(r"(?<![\d.,/])(\d{4}[ .]\d{3}[ .]\d{3})(?:\s*[-–]\s*(\d{3}))?(?![\d.,/])")
CHECKED = "☒☑✔✓■▣xX"
UNCHECKED = "☐□▢"


@dataclass
class Line:
    """One line of a document with the page it sits on."""

    text: str
    page: Page
    index: int  # line number within the page
    doubt: str | None = None  # why a value read from this line needs a reviewer (a rebuilt table row)

    @property
    def cells(self) -> list[str]:
        """The line's cells (tab-separated), stripped, empty ones dropped."""
        return [c.strip() for c in self.text.split("\t") if c.strip()]


@dataclass
class DocView:
    """A (sub)document: the read file, the pages in range, and its number convention."""

    document: ReadDocument
    pages: list[Page]
    convention: Convention

    @classmethod
    def of(cls, document: ReadDocument, first: int = 1, last: int | None = None) -> DocView:
        """View pages ``first..last`` (positions from 1) of a document."""
        pages = document.pages[first - 1 : last]
        return cls(document, pages, detect_convention("\n".join(p.text for p in pages)))

    def lines(self) -> Iterator[Line]:
        """Every non-empty line, page by page."""
        for page in self.pages:
            for index, text in enumerate(page.text.splitlines()):
                if text.strip():
                    yield Line(text, page, index)

    @property
    def ocr(self) -> bool:
        """Whether any page of the view was read by OCR (labels may be garbled)."""
        return any(page.source == "ocr" for page in self.pages)

    @property
    def text(self) -> str:
        """All text in the view."""
        return "\n".join(p.text for p in self.pages)

    def candidate(
        self, field: str, value: object, confidence: float, line: Line | Page, snippet: str, method: str,
        note: str | None = None,
    ) -> Candidate:
        """A candidate whose confidence is scaled by how readable its page was."""
        page = line.page if isinstance(line, Line) else line
        if page.source == "ocr":
            # OCR: as sure as the least sure word that spells the value, and never certain
            words = value_word_confidence(page, value)
            ocr = words if words is not None else page_confidence(page)
            scaled = min(0.9, confidence * (0.4 + 0.6 * ocr))
        else:
            scaled = confidence
        return Candidate(
            field=field,
            value=value,  # type: ignore[arg-type]
            confidence=round(max(0.0, min(1.0, scaled)), 3),
            evidence=[evidence_for(page, self.document, snippet)],
            method=method,
            note=note,
            ocr=page.source == "ocr",
        )


def value_word_confidence(page: Page, value: object) -> float | None:
    """The lowest OCR confidence among the words that spell ``value`` on the page, if found."""
    tokens = [t for t in re.split(r"\s+", str(value)) if t]
    if not tokens or not page.words:
        return None
    texts = [w.text for w in page.words]
    for start in range(len(texts)):
        if texts[start] != tokens[0] and not texts[start].endswith(tokens[0]):
            continue
        run = page.words[start : start + len(tokens)]
        if len(run) == len(tokens) and all(w.text.strip(".,;:()") == t.strip(".,;:()") or w.text.endswith(t)
                                           for w, t in zip(run, tokens, strict=True)):
            return min(w.confidence for w in run)
    return None


def find_tax_codes(text: str, labelled: bool = False) -> list[tuple[str, bool, str]]:
    """Tax codes in ``text``: (code as ``0101234567`` or ``0101234567-001``, valid?, matched text).

    With ``labelled`` (``text`` follows a tax-code label) a code grouped 4-3-3 ("0108 234 564")
    is read too, but only when its check digit holds: that grouping is also a phone number's.
    """
    found = []
    for match in TAX_CODE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        code = digits + (f"-{match.group(2)}" if match.group(2) else "")
        found.append((code, bool(mst.is_valid(code)), match.group(0)))
    if labelled and not any(valid for _, valid, _ in found):
        for match in SPACED_TAX_CODE_RE.finditer(text):
            code = re.sub(r"\D", "", match.group(1)) + (f"-{match.group(2)}" if match.group(2) else "")
            if mst.is_valid(code):
                found.append((code, True, match.group(0)))
    return found


def tax_code_candidates(view: DocView, text: str, line: Line, method: str, base: float) -> tuple[
    list[Candidate], list[Finding]
]:
    """Candidates for the valid tax codes after a tax-code label, findings for invalid ones."""
    candidates: list[Candidate] = []
    findings: list[Finding] = []
    for code, valid, raw in find_tax_codes(text, labelled=True):
        if valid:
            candidates.append(view.candidate("enterprise.tax_code", code, base, line, line.text, method))
        else:
            findings.append(
                Finding(
                    code="invalid_tax_code",
                    severity="warning",
                    message=f"Mã số thuế «{raw}» không hợp lệ (sai chữ số kiểm tra).",
                    evidence=[evidence_for(line.page, view.document, line.text)],
                )
            )
    return candidates, findings


def parse_count(text: str, convention: Convention) -> int | None:
    """A head count or number of certificates: the first whole number in ``text``."""
    match = re.search(r"\d[\d.,  ]*", text)
    if not match:
        return None
    token = match.group(0).strip(" .,")
    value = parse_number(token, convention)
    if value is None or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


# boxes typed as text: "[x]", "(X)", "[✓]" ticked, "[ ]", "( )" empty
ASCII_TICKED = re.compile(r"[\[(]\s*[xX✓✔]\s*[\])]")
ASCII_EMPTY = re.compile(r"[\[(]\s*[\])]")


def checked_items(text: str) -> list[str] | None:
    """For a checkbox list ("☒ Điện, điện tử ☐ Cơ khí", "Có [ ] Không [x]"), the checked items' text.

    A box usually stands before its item; when the text starts with an item and ends with a box
    ("Có ☐ Không ☒"), each box stands after its item. Returns None when the text has no boxes.
    """
    text = ASCII_EMPTY.sub("☐", ASCII_TICKED.sub("☒", text))
    if not any(c in text for c in "☒☑✔✓☐□▢■▣"):
        return None
    parts = re.split(r"([☒☑✔✓■▣☐□▢])", text)
    after = bool(parts[0].strip(" \t,;:")) and not parts[-1].strip(" \t,;.")
    pairs = zip(parts[1::2], parts[0::2], strict=False) if after else zip(parts[1::2], parts[2::2], strict=False)
    items = []
    for marker, label in pairs:
        if marker in CHECKED and label.strip(" \t,;:"):
            items.append(label.strip(" \t,;:"))
    return items


STANDARD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ISO 9001", re.compile(r"ISO\s*[-:]?\s*9001", re.I)),
    ("ISO 14001", re.compile(r"ISO\s*[-:]?\s*14001", re.I)),
    ("ISO 22000", re.compile(r"(?:ISO|FSSC)\s*[-:]?\s*22000", re.I)),
    ("ISO 45001", re.compile(r"ISO\s*[-:]?\s*45001", re.I)),
    ("HACCP", re.compile(r"\bHACCP\b", re.I)),
]


def standards_in(text: str) -> list[str]:
    """Management-system standards named in ``text``, in the contract's spelling."""
    return [name for name, pattern in STANDARD_PATTERNS if pattern.search(text)]
