"""The document store in ``OUT/.cache``: each file's reading and extraction, keyed on its
sha256, the pipeline version and the reading settings, so an unchanged file is never read
twice and a changed rubric re-scores without re-reading."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from pipeline import __version__
from pipeline.inbox import InputFile
from pipeline.reading import DocumentResult, read_and_extract
from pipeline.settings import get_settings
from pipeline.writers.atomic import write_text_atomic


@lru_cache(maxsize=1)
def extraction_fingerprint() -> str:
    """A hash of the reading and extraction code and patterns: any change to them (even between
    releases, in development) invalidates the store instead of serving stale readings."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    files = sorted((root / "extractors").rglob("*.py")) + sorted((root / "extractors").rglob("*.yaml"))
    for path in [*files, root / "pipeline" / "reading.py"]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(sha256: str) -> str:
    """Key for a file's content under this pipeline version, code and OCR settings."""
    settings = get_settings()
    salt = f"{extraction_fingerprint()}|{settings.ocr_dpi}|{settings.ocr_languages}|{settings.max_pages}"
    return hashlib.sha256(f"{sha256}|{salt}".encode()).hexdigest()


def file_sha256(file: InputFile) -> str | None:
    """The file's sha256, or None when there is no readable file."""
    from extractors.registry import sha256_file

    if file.path is None or not Path(file.path).is_file():
        return None
    try:
        return sha256_file(Path(file.path))
    except OSError:
        return None


def cached_read(file: InputFile, cache_dir: Path | None) -> tuple[DocumentResult, bool]:
    """The file's result from the store, or read it and store it. Returns (result, was_cached)."""
    sha = file_sha256(file) if file.problem is None else None
    if cache_dir is None or sha is None:
        return read_and_extract(file), False
    target = cache_dir / cache_key(sha)[:2] / f"{cache_key(sha)}.json"
    if target.is_file():
        try:
            result = DocumentResult.model_validate_json(target.read_text(encoding="utf-8"))
            return relocate(result, file.relpath), True
        except (ValidationError, OSError, ValueError):
            target.unlink(missing_ok=True)  # a damaged entry is simply recomputed
    result = read_and_extract(file)
    if result.entry.error_code not in ("timeout", "tool_missing", "internal_error", "io_error"):
        write_text_atomic(target, result.model_dump_json())
    return result, False


def relocate(result: DocumentResult, relpath: str) -> DocumentResult:
    """A cached result re-labelled with this file's path inside its dossier."""
    old = result.entry.file
    if old == relpath:
        return result
    data = result.model_dump_json().replace(f'"file":{_json(old)}', f'"file":{_json(relpath)}')
    return DocumentResult.model_validate_json(data)


def _json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
