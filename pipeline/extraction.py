"""Read one file of a dossier into its document entry and facts, through the document store.

This is the reader processes' side of a pass (``pipeline.isolation`` runs it there, with a
timeout); tests and ``spcncl extract`` call it in-process. A bad file never raises: the error goes
on the entry. The store keeps each file's pages apart from its extraction, so when only the
extractors changed the pages come back and OCR is not run again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from extractors.base import ReadDocument
from extractors.errors import DocumentLoadError, FileAccessError
from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.registry import read_document, sha256_file
from extractors.settings import Settings, active
from pipeline.cache import TRANSIENT_ERRORS, entry_path, file_sha256, pages_fingerprint, relocate, settings_salt
from pipeline.inbox import InputFile
from pipeline.models import DocumentEntry, DocumentPart
from pipeline.reading import EMPTY_SHA, DocumentResult
from pipeline.writers.atomic import write_bytes_atomic, write_text_atomic


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


def costly(document: ReadDocument) -> bool:
    """Whether reading the file again would cost much: OCR or a LibreOffice conversion. Only such
    readings are kept in the page store; a text layer or an OOXML file reads again in milliseconds,
    faster than its stored pages load (and storing them cost more than reading them)."""
    return document.ocr or document.format in ("doc", "xls")


def read_and_extract(file: InputFile, settings: Settings | None = None,
                     pages: tuple[PageLoad, PageSave] | None = None) -> DocumentResult:
    """Read and extract one file with ``settings`` (default: those in force). Never raises for a
    bad file: the error goes on the entry.

    ``pages`` (load, save) lets a store keep the reading of the file's content, so that only the
    extraction runs again after the extractors changed.
    """
    settings = settings or active()
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
            document = read_document(Path(file.path), file.relpath, settings)
            if pages is not None and costly(document):
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


def cached_read(file: InputFile, cache_dir: Path | None, sha: str | None = None,
                settings: Settings | None = None) -> tuple[DocumentResult, bool]:
    """The file's result from the store, or read it (with ``settings``, default: those in force)
    and store it. Returns (result, was_cached).

    ``sha`` spares hashing the file again when the caller already knows it.
    """
    settings = settings or active()
    if sha is None:
        sha = file_sha256(file) if file.problem is None else None
    if cache_dir is None or sha is None:
        return read_and_extract(file, settings), False
    target = entry_path(cache_dir, sha, settings)
    if target.is_file():
        try:
            result = DocumentResult.model_validate_json(target.read_text(encoding="utf-8"))
            return relocate(result, file.relpath), True
        except (ValidationError, OSError, ValueError):
            target.unlink(missing_ok=True)  # a damaged entry is simply recomputed
    result = read_and_extract(file, settings, page_store(cache_dir, settings))
    if result.entry.error_code not in TRANSIENT_ERRORS:
        write_text_atomic(target, result.model_dump_json())
    return result, False


def page_store(cache_dir: Path, settings: Settings) -> tuple[PageLoad, PageSave]:
    """Load and save a file's pages in ``cache_dir/pages``, keyed on its sha256 and the reading
    code and settings (gzip: OCR'd pages carry every word's box)."""

    def where(sha: str) -> Path:
        key = hashlib.sha256(f"{sha}|{pages_fingerprint()}|{settings_salt(settings)}".encode()).hexdigest()
        return cache_dir / "pages" / key[:2] / f"{key}.json.gz"

    def load(sha: str) -> ReadDocument | None:
        target = where(sha)
        if not target.is_file():
            return None
        try:
            return ReadDocument.model_validate_json(gzip.decompress(target.read_bytes()))
        except (ValidationError, OSError, ValueError, EOFError):
            target.unlink(missing_ok=True)  # a damaged entry is simply read again
            return None

    def save(sha: str, document: ReadDocument) -> None:
        with contextlib.suppress(OSError):  # only a speed-up
            write_bytes_atomic(where(sha), gzip.compress(document.model_dump_json().encode(), compresslevel=5))

    return load, save
