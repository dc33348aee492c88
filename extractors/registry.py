"""Which reader reads which format: formats are sniffed from content, never from the name.

Firms rename files freely (a JPEG called ``.pdf``, a ``.doc`` saved as ``.docx``), so the first
bytes decide. Unknown content raises :class:`UnsupportedFormatError`.
"""

from __future__ import annotations

import hashlib
import importlib
import zipfile
from pathlib import Path

from extractors.base import ReadDocument, Reader
from extractors.ocr_lexicon import correct_ocr_text
from pipeline.errors import (
    CorruptFileError,
    DocumentLoadError,
    EmptyFileError,
    LimitExceededError,
    UnsupportedFormatError,
)
from pipeline.settings import get_settings

# format -> "module:function"; imported on first use so OCR/LibreOffice cost nothing until needed
READERS: dict[str, str] = {
    "pdf": "extractors.pdf:read_pdf",
    "docx": "extractors.docx_reader:read_docx",
    "xlsx": "extractors.xlsx_reader:read_xlsx",
    "doc": "extractors.legacy_office:read_doc",
    "xls": "extractors.legacy_office:read_xls",
    "image": "extractors.image:read_image",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path) -> str:
    """Name the file's format from its bytes: pdf, docx, xlsx, doc, xls, image, zip or unknown."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return sniff_ole(path)
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    return "unknown"


def sniff_zip(path: Path) -> str:
    """Tell a .docx from a .xlsx from a plain zip archive by the members it holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "broken_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def sniff_ole(path: Path) -> str:
    """Tell Word 97 from Excel 97 by the stream names in the compound file's directory."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "ole"


def get_reader(fmt: str) -> Reader:
    """The reader function for a sniffed format, or raise for formats nobody reads."""
    target = READERS.get(fmt)
    if target is None:
        if fmt == "empty":
            raise EmptyFileError()
        raise UnsupportedFormatError(fmt)
    module_name, func_name = target.split(":")
    reader: Reader = getattr(importlib.import_module(module_name), func_name)
    return reader


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_document(path: Path, relpath: str) -> ReadDocument:
    """Sniff, check limits, and read one file. Raises only ``DocumentLoadError``."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError()
    if size > get_settings().max_file_bytes:
        raise LimitExceededError(f"{size} byte")
    fmt = sniff_format(path)
    if fmt == "broken_zip":
        raise CorruptFileError("zip")
    reader = get_reader(fmt)
    try:
        document = reader(path, relpath)
    except (DocumentLoadError, FileNotFoundError, PermissionError, IsADirectoryError):
        raise  # our own errors, and the disk's (retried upstream), pass through unchanged
    except MemoryError as exc:
        raise LimitExceededError("bộ nhớ / memory") from exc
    except Exception as exc:  # a reader missed a third-party failure: still wrap it here
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    for page in document.pages:
        if page.source == "ocr":
            page.text = correct_ocr_text(page.text)
    return document
