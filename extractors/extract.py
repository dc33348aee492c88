"""From a read document to facts: split it into documents by kind, run each kind's extractor."""

from __future__ import annotations

from collections.abc import Callable

from extractors.base import ReadDocument
from extractors.dates import warm_up as warm_up_dates
from extractors.facts import DocumentFacts
from extractors.fields.certificates import extract_certificate, patterns
from extractors.fields.common import DocView
from extractors.fields.documents import (
    add_common,
    extract_business_registration,
    extract_export,
    extract_product_description,
)
from extractors.fields.financial import extract_financial
from extractors.fields.high_tech import extract_high_tech
from extractors.fields.labels import label_matcher, label_phrases
from extractors.fields.registration import extract_registration, note_missing_tax_code
from extractors.kinds import body_checks, kind_phrases, segment_pages, title_checks

Extractor = Callable[[DocView, DocumentFacts], None]


def extract_form(view: DocView, facts: DocumentFacts) -> None:
    """The registration form, then a note when it shows no valid tax code."""
    extract_registration(view, facts)
    note_missing_tax_code(facts)


# kind -> the function that reads its fields; kinds absent here only record their presence
EXTRACTORS: dict[str, Extractor] = {
    "registration_form": extract_form,
    "financial_statement": extract_financial,
    "quality_certificate": extract_certificate,
    "business_registration": extract_business_registration,
    "export_evidence": extract_export,
    "high_tech_certificate": extract_high_tech,
    "product_description": extract_product_description,
    "tax_compliance": add_common,
    "environmental_compliance": add_common,
    "commitment": add_common,
    "ip_certificate": add_common,
}


def extract_facts(document: ReadDocument) -> list[DocumentFacts]:
    """Every logical document in a file, with its kind and the values it states."""
    results = []
    for segment in segment_pages(document.pages):
        view = DocView.of(document, segment.first_page, segment.last_page)
        pages = [p.number for p in view.pages if p.number is not None]
        facts = DocumentFacts(
            file=document.file,
            kind=segment.kind,  # type: ignore[arg-type]
            kind_confidence=segment.confidence,
            first_page=min(pages) if pages else None,
            last_page=max(pages) if pages else None,
            title=segment.title,
        )
        extractor = EXTRACTORS.get(segment.kind)
        if extractor is not None:
            extractor(view, facts)
        results.append(facts)
    return results


def warm_up() -> None:
    """Load now what extraction otherwise loads for its first document: the spaCy label
    matcher, the kind and certificate patterns, dateparser's languages (about 0.4 s of CPU).

    A process that forks readers (a ``forkserver`` preloading this module) can call it once,
    so that every reader it forks starts with them loaded instead of loading its own.
    """
    label_matcher()
    label_phrases()
    kind_phrases()
    body_checks()
    title_checks()
    patterns()
    warm_up_dates()
