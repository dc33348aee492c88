"""The document store in ``OUT/.cache``: each file's reading and extraction, keyed on its
sha256, the pipeline version and the reading settings, so an unchanged file is never read
twice and a changed rubric re-scores without re-reading.

Hashing a large inbox on every pass costs time too, so :class:`HashMemo` remembers each file's
sha256 against its size, modification time and inode (``OUT/.state/hashes.json``): a file is
hashed again only when one of them changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from extractors.registry import sha256_file
from extractors.settings import Settings
from pipeline import __version__
from pipeline.inbox import InputFile
from pipeline.models import DocumentEntry
from pipeline.reading import EMPTY_SHA, DocumentResult
from pipeline.writers.atomic import write_text_atomic

# failures that say nothing about the file itself: never stored, tried again next time
TRANSIENT_ERRORS = ("timeout", "tool_missing", "internal_error", "io_error")


ROOT = Path(__file__).resolve().parent.parent
# extraction-only code: changing it re-extracts from stored pages without reading files again
EXTRACTION_ONLY = ("extractors/fields/", "extractors/extract.py", "extractors/kinds.py", "extractors/facts.py",
                   "extractors/dates.py", "extractors/patterns/kinds.yaml",
                   "extractors/patterns/certificates.yaml")


def code_files() -> list[Path]:
    """The extractors' code and patterns, in a stable order."""
    return sorted(p for p in (ROOT / "extractors").rglob("*") if p.suffix in (".py", ".yaml", ".txt"))


def digest_of(paths: list[Path]) -> str:
    """A short hash of the version and of these files' names and bytes."""
    digest = hashlib.sha256(__version__.encode())
    for path in paths:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def extraction_fingerprint() -> str:
    """A hash of the reading and extraction code and patterns: any change to them (even between
    releases, in development) invalidates the store instead of serving stale readings."""
    return digest_of([*code_files(), ROOT / "pipeline" / "reading.py", ROOT / "pipeline" / "extraction.py"])


@lru_cache(maxsize=1)
def pages_fingerprint() -> str:
    """A hash of the code that turns a file into pages (readers, OCR, text repair): the key of
    the page store. The field extractors are left out."""
    return digest_of([p for p in code_files() if not p.relative_to(ROOT).as_posix().startswith(EXTRACTION_ONLY)])


def settings_salt(settings: Settings) -> str:
    """The settings that change what reading a file gives."""
    return f"{settings.ocr_dpi}|{settings.ocr_languages}|{settings.max_pages}|{settings.ocr_drop_red_ink}"


def reading_salt(settings: Settings) -> str:
    """The code fingerprint and the settings that change what a reading gives."""
    return f"{extraction_fingerprint()}|{settings_salt(settings)}"


def cache_key(sha256: str, settings: Settings) -> str:
    """Key for a file's content under this pipeline version, code and OCR settings."""
    return hashlib.sha256(f"{sha256}|{reading_salt(settings)}".encode()).hexdigest()


def entry_path(cache_dir: Path, sha256: str, settings: Settings) -> Path:
    """Where the reading of a file with this sha256, read with ``settings``, is stored."""
    key = cache_key(sha256, settings)
    return cache_dir / key[:2] / f"{key}.json"


def file_sha256(file: InputFile) -> str | None:
    """The file's sha256, or None when there is no readable file."""
    if file.path is None or not Path(file.path).is_file():
        return None
    try:
        return sha256_file(Path(file.path))
    except OSError:
        return None


class HashMemo:
    """sha256 of files remembered against (size, mtime, inode), saved between passes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, list] = {}
        self.hashed = 0
        if path is not None and path.is_file():
            try:
                self.known = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.known = {}

    def sha256(self, file: InputFile) -> str | None:
        """The file's sha256 (None when it cannot be read), hashed only if it changed."""
        if file.problem is not None or file.path is None:
            return None
        try:
            info = os.stat(file.path)
        except OSError:
            return None
        stamp = [info.st_size, info.st_mtime_ns, info.st_ino]
        key = str(Path(file.path).resolve())
        known = self.known.get(key)
        if known is not None and known[:3] == stamp:
            return str(known[3])
        sha = file_sha256(file)
        self.hashed += 1
        if sha is not None:
            self.known[key] = [*stamp, sha]
        return sha

    def save(self, keep: set[str] | None = None) -> None:
        """Write the memo (only the files still in the inbox when ``keep`` is given)."""
        if self.path is None:
            return
        if keep is not None:
            self.known = {k: v for k, v in self.known.items() if k in keep}
        # only a speed-up: losing it costs one more hashing pass. ASCII JSON, because paths may
        # carry undecodable bytes (surrogate escapes) that UTF-8 cannot write
        with contextlib.suppress(OSError, UnicodeError):
            write_text_atomic(self.path, json.dumps(self.known))


def failed_result(file: InputFile, sha: str | None, code: str, message: str) -> DocumentResult:
    """The result of a file whose reading did not finish (timed out, crashed): an error entry."""
    entry = DocumentEntry(file=file.relpath, kind=None, pages=None, ocr=False, sha256=sha or EMPTY_SHA,
                          error=message, error_code=code)
    return DocumentResult(entry=entry)


def relocate(result: DocumentResult, relpath: str) -> DocumentResult:
    """A cached result re-labelled with this file's path inside its dossier."""
    old = result.entry.file
    if old == relpath:
        return result
    data = result.model_dump_json().replace(f'"file":{_json(old)}', f'"file":{_json(relpath)}')
    return DocumentResult.model_validate_json(data)


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
