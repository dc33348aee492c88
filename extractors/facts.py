"""What field extractors return: candidate values with evidence, per (sub)document.

A candidate is one reading of one field from one place. The pipeline later merges the
candidates of all documents into the record, raising confidence where sources agree and
raising a finding where they disagree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from extractors.base import Page, ReadDocument, Word
from extractors.models import Certificate, DocumentKind, Evidence, Finding

# Field paths a candidate may fill. Yearly figures append ".<year>".
FIELD_PATHS = (
    "enterprise.name",
    "enterprise.tax_code",
    "enterprise.address",
    "enterprise.factory_address",
    "enterprise.legal_representative",
    "product.name",
    "product.industry_group",
    "product.high_tech",
    "product.description",
    "figures.product_revenue_vnd",
    "figures.enterprise_revenue_vnd",
    "figures.gross_revenue_vnd",
    "figures.export_usd",
    "figures.employees",
    "claims.certificates",
    "claims.ip_certificates",
    "document.date",
    "document.number",
    "document.issuer",
    "document.period_years",
    "document.signed",
    "statement.line_01.current",  # and line_02, line_10; .previous for "Năm trước"
    "high_tech.text",  # a high-tech certificate's words, where the pipeline looks for the product
    "high_tech.product",  # the product it names after a label
    "high_tech.valid_years",  # the term it states
)

Value = str | int | bool | list[str] | list[int] | None


class Candidate(BaseModel):
    """One value for one field path, read from one place, with a confidence in 0..1."""

    model_config = ConfigDict(extra="forbid")

    field: str
    value: Value
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence]
    method: str = ""
    note: str | None = None
    ocr: bool = False  # read from an OCR'd page

    @property
    def base_field(self) -> str:
        """The field path without a year suffix."""
        head, _, tail = self.field.rpartition(".")
        return head if tail.isdigit() else self.field

    @property
    def year(self) -> str | None:
        """The year suffix of a yearly figure, or None."""
        tail = self.field.rpartition(".")[2]
        return tail if tail.isdigit() else None


class DocumentFacts(BaseModel):
    """One logical document inside a file (a file may bundle several): its kind and values."""

    model_config = ConfigDict(extra="forbid")

    file: str
    kind: DocumentKind
    kind_confidence: float
    first_page: int | None = None
    last_page: int | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    title: str | None = None

    def values(self, field: str) -> list[Candidate]:
        """Candidates for a field path (exact, or every year of a yearly figure)."""
        return [c for c in self.candidates if c.field == field or c.base_field == field]


def evidence_for(page: Page, document: ReadDocument, text: str) -> Evidence:
    """Evidence pointing at a snippet on a page; the box of its words when OCR gave boxes."""
    snippet = " ".join(text.split())[:300]
    return Evidence(
        file=document.file,
        page=page.number,
        text=snippet,
        sheet=page.label,
        bbox=snippet_box(page.words, snippet) if page.words else None,
    )


def snippet_box(words: list[Word], snippet: str) -> tuple[float, float, float, float] | None:
    """The union box of the words that spell the start of ``snippet`` (best effort).

    The snippet's first token may occur several times on a page (a year in the heading and at the
    start of its row): every occurrence is tried and the one whose line goes on with the most of
    the snippet's next tokens wins, so the box points at the row the value came from.
    """
    tokens = snippet.split()
    if not tokens:
        return None
    first = tokens[0]
    best: list[Word] | None = None
    best_score = -1
    for start, word in enumerate(words):
        if first not in word.text:
            continue  # implied by both tests below, and far cheaper: this runs per word of the page
        if not (word.text.split()[0:1] == [first] or word.text.startswith(first)):
            continue
        chosen = [word]
        joined = word.text
        for nxt in words[start + 1 :]:
            if len(joined) >= min(len(snippet), 60):
                break
            if abs(nxt.bbox[1] - word.bbox[1]) > 0.03:
                break
            chosen.append(nxt)
            joined += " " + nxt.text
        following = set(joined.split()[1:])
        score = sum(1 for token in tokens[1:8] if token in following)
        if score > best_score:
            best, best_score = chosen, score
            if score == len(tokens[1:8]):
                break
    if best is None:
        return None
    return (
        min(w.bbox[0] for w in best),
        min(w.bbox[1] for w in best),
        max(w.bbox[2] for w in best),
        max(w.bbox[3] for w in best),
    )


def page_confidence(page: Page) -> float:
    """How much the page's text itself can be trusted: 1 for native text, OCR mean otherwise."""
    if page.source != "ocr":
        return 1.0
    return max(0.0, min(1.0, page.confidence))
