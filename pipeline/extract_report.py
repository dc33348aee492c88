"""What ``spcncl extract FILE`` prints: the document's kind, pages and fields, as JSON."""

from __future__ import annotations

from pathlib import Path

from extractors.errors import DocumentLoadError
from extractors.extract import extract_facts
from extractors.registry import read_document, sha256_file


def extract_report(path: Path) -> dict:
    """Read one file and describe everything found in it; a read failure is reported, not raised."""
    report: dict = {"file": path.name, "sha256": sha256_file(path)}
    try:
        document = read_document(path, path.name)
    except DocumentLoadError as exc:
        report.update(kind=None, error=exc.user_message(), error_code=exc.code, pages=[], documents=[])
        return report
    facts = extract_facts(document)
    main = max(facts, key=lambda f: (f.kind != "other", (f.last_page or 0) - (f.first_page or 0)), default=None)
    report.update(
        format=document.format,
        kind=main.kind if main else "other",
        error=None,
        pages=[
            {"page": page.number, "sheet": page.label, "source": page.source,
             "ocr_confidence": round(page.confidence, 3) if page.source == "ocr" else None,
             "text_layer_rejected": page.layer_rejected, "text": page.text}
            for page in document.pages
        ],
        documents=[
            {
                "kind": f.kind, "kind_confidence": f.kind_confidence, "first_page": f.first_page,
                "last_page": f.last_page, "title": f.title,
                "fields": [
                    {"field": c.field, "value": c.value, "confidence": c.confidence,
                     "page": c.evidence[0].page if c.evidence else None,
                     "text": c.evidence[0].text if c.evidence else None, "method": c.method}
                    for c in f.candidates
                ],
                "certificates": [c.model_dump(exclude={"evidence"}) for c in f.certificates],
                "findings": [x.model_dump() for x in f.findings],
            }
            for f in facts
        ],
        warnings=document.warnings,
    )
    return report
