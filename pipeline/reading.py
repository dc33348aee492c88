"""Read one file of a dossier into its document entry and facts; failures become entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from extractors.base import ReadDocument
from extractors.errors import DocumentLoadError, FileAccessError
from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.registry import read_document, sha256_file
from pipeline import __version__
from pipeline.inbox import InputFile
from pipeline.models import DocumentEntry, DocumentPart

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class DocumentResult(BaseModel):
    """What one file gave: its record entry, facts per logical document, and page sources."""

    model_config = ConfigDict(extra="forbid")

    entry: DocumentEntry
    facts: list[DocumentFacts] = Field(default_factory=list)
    page_sources: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline_version: str = __version__


def summarise(document: ReadDocument, facts: list[DocumentFacts], entry: DocumentEntry) -> DocumentResult:
    """Fill the entry from the read document and facts."""
    main = max(facts, key=lambda f: (f.kind != "other", (f.last_page or 0) - (f.first_page or 0)), default=None)
    entry.kind = main.kind if main else "other"
    entry.pages = document.page_count if document.format == "pdf" or document.format == "image" else (
        len(document.pages) if document.format in ("xlsx", "xls") else None
    )
    entry.ocr = document.ocr
    entry.text_quality = text_quality(document)
    entry.parts = [DocumentPart(kind=f.kind, first_page=f.first_page, last_page=f.last_page,
                                confidence=f.kind_confidence, title=f.title) for f in facts]
    return DocumentResult(
        entry=entry,
        facts=facts,
        page_sources=[p.source for p in document.pages],
        warnings=document.warnings,
    )


# a file's reading (pages of text) by sha256, kept apart from its extraction: when only the
# extractors changed, a store hands back the pages and OCR is not run again
PageLoad = Callable[[str], ReadDocument | None]
PageSave = Callable[[str, ReadDocument], None]


def text_quality(document: ReadDocument) -> float | None:
    """The mean OCR confidence of a scanned document's text, weighted by each page's characters
    (None when no page was read by OCR)."""
    scanned = [p for p in document.pages if p.source == "ocr"]
    weights = [len(p.text.strip()) for p in scanned]
    if not scanned:
        return None
    if not sum(weights):
        return 0.0
    return round(sum(p.confidence * w for p, w in zip(scanned, weights, strict=True)) / sum(weights), 3)


def read_and_extract(file: InputFile, pages: tuple[PageLoad, PageSave] | None = None) -> DocumentResult:
    """Read and extract one file. Never raises for a bad file: the error goes on the entry.

    ``pages`` (load, save) lets a store keep the reading of the file's content, so that only the
    extraction runs again after the extractors changed.
    """
    try:
        sha = sha256_file(file.path) if file.path is not None and file.path.is_file() else EMPTY_SHA
    except OSError:
        sha = EMPTY_SHA
    entry = DocumentEntry(file=file.relpath, kind=None, pages=None, ocr=False, sha256=sha, error=None)
    if file.problem is not None or file.path is None:
        entry.error = file.problem or "Không có tệp"
        entry.error_code = file.problem_code or "unreadable"
        return DocumentResult(entry=entry)
    try:
        document = pages[0](sha) if pages is not None else None
        if document is None:
            document = read_document(Path(file.path), file.relpath)
            if pages is not None:
                pages[1](sha, document)
        else:
            document.file = file.relpath
        facts = extract_facts(document)
    except OSError as exc:  # the disk or share failed us, not the file's content: worth a retry
        error = FileAccessError(str(exc))
        entry.error, entry.error_code = error.user_message(), error.code
        return DocumentResult(entry=entry)
    except DocumentLoadError as exc:
        entry.error = exc.user_message()
        entry.error_code = exc.code
        return DocumentResult(entry=entry)
    except Exception as exc:  # a bug in one extractor must not stop the batch: report it on the file
        entry.error = f"Lỗi nội bộ khi đọc tệp (internal error): {type(exc).__name__}: {exc}"
        entry.error_code = "internal_error"
        return DocumentResult(entry=entry)
    return summarise(document, facts, entry)
