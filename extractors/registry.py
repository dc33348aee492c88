"""Which reader reads which format: formats are sniffed from content, never from the name.

Firms rename files freely (a JPEG called ``.pdf``, a ``.doc`` saved as ``.docx``), so the first
bytes decide. Content nobody reads raises :class:`UnsupportedFormatError` naming what it is (a
RAR archive, an HTML page, an iPhone HEIC photo…), so the firm's letter can say so.

:func:`read_document` is the one entry point: it checks the file (a regular file, not empty, not
too large), reads it under the per-document deadline, turns every failure into a
:class:`DocumentLoadError` and strips control characters from what was read.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import stat
from pathlib import Path

from extractors.base import ReadDocument, Reader
from extractors.errors import (
    CorruptFileError,
    DocumentLoadError,
    EmptyFileError,
    EncryptedFileError,
    LimitExceededError,
    NotRegularFileError,
    UnsupportedFormatError,
)
from extractors.ocr_lexicon import correct_ocr_text
from extractors.safety import check_image, clean_text, deadline, guard_reader_process, open_zip
from extractors.settings import Settings, active, using

# format -> "module:function"; imported on first use so OCR/LibreOffice cost nothing until needed
READERS: dict[str, str] = {
    "pdf": "extractors.pdf:read_pdf",
    "docx": "extractors.docx_reader:read_docx",
    "xlsx": "extractors.xlsx_reader:read_xlsx",
    "doc": "extractors.legacy_office:read_doc",
    "xls": "extractors.legacy_office:read_xls",
    "image": "extractors.image:read_image",
}

# formats recognised but not read, as the firm's letter names them
UNSUPPORTED_NAMES: dict[str, str] = {
    "zip": "tệp nén ZIP",
    "rar": "tệp nén RAR",
    "7z": "tệp nén 7z",
    "gzip": "tệp nén gzip",
    "bzip2": "tệp nén bzip2",
    "xz": "tệp nén xz",
    "rtf": "văn bản RTF",
    "html": "trang web HTML",
    "mhtml": "trang web lưu một tệp MHTML",
    "xml": "tệp XML",
    "text": "tệp văn bản thuần",
    "gif": "ảnh GIF",
    "heic": "ảnh HEIC/HEIF của điện thoại",
    "pptx": "bản trình chiếu PowerPoint",
    "ppt": "bản trình chiếu PowerPoint cũ",
    "xlsb": "bảng tính Excel nhị phân .xlsb",
    "odf": "tài liệu OpenDocument",
    "ooxml": "tệp Office không rõ loại",
    "ole": "tệp Office cũ không rõ loại",
    "unknown": "không nhận ra nội dung tệp",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "image"), (b"\x89PNG\r\n\x1a\n", "image"), (b"II*\x00", "image"), (b"MM\x00*", "image"),
    (b"BM", "image"), (b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
    (b"{\\rtf", "rtf"),
]


def sniff_format(path: Path) -> str:
    """Name the file's format from its bytes: pdf, docx, xlsx, doc, xls, image, one of
    :data:`UNSUPPORTED_NAMES`, ``encrypted_office`` or ``empty``.

    May raise :class:`DocumentLoadError` for an archive too large even to list.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return sniff_ole(path)
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"hevc"):
        return "heic"
    return sniff_text(head)


def sniff_text(head: bytes) -> str:
    """Markup or plain text (HTML saved as .doc, MHTML "web archives", XML), or unknown bytes."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return "html"
    if start.startswith(b"mime-version:") or b"\nmime-version:" in start[:2048]:
        return "mhtml"
    if start.startswith(b"<?xml"):
        return "html" if b"<html" in start else "xml"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head[:-3].decode("utf-8", "replace") if len(head) == 4096 else ""
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return "text" if text and printable >= 0.95 * len(text) else "unknown"


def sniff_zip(path: Path) -> str:
    """Tell a .docx from a .xlsx from other packages and plain archives by their members."""
    try:
        with open_zip(path) as archive:
            names = set(archive.namelist())
    except CorruptFileError:
        return "broken_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and any(n in names for n in ("content.xml", "META-INF/manifest.xml")):
        return "odf"
    if "[Content_Types].xml" in names:
        return "ooxml"
    return "zip"


def sniff_ole(path: Path) -> str:
    """Tell Word 97 from Excel 97 (and a password-protected .docx/.xlsx, which is an OLE file
    holding the encrypted package) by the stream names in the compound file's directory."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return "encrypted_office"
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("PowerPoint Document"):
        return "ppt"
    return "ole"


def get_reader(fmt: str) -> Reader:
    """The reader function for a sniffed format, or raise for formats nobody reads."""
    target = READERS.get(fmt)
    if target is None:
        if fmt == "empty":
            raise EmptyFileError()
        if fmt == "broken_zip":
            raise CorruptFileError("zip", message_vi="Tệp Office hoặc tệp nén bị hỏng, không đầy đủ",
                                   message_en="Corrupt zip container")
        if fmt == "encrypted_office":
            raise EncryptedFileError("EncryptedPackage", message_vi="Tệp Word/Excel được đặt mật khẩu, không mở được")
        name = UNSUPPORTED_NAMES.get(fmt, fmt)
        raise UnsupportedFormatError(fmt, message_vi=f"Định dạng tệp không được hỗ trợ: {name}")
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


def check_file(path: Path) -> int:
    """The file's size, after checking it is a regular file, not empty and not too large."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(stat.filemode(info.st_mode))
    if info.st_size == 0:
        raise EmptyFileError()
    limit = active().max_file_bytes
    if info.st_size > limit:
        raise LimitExceededError(f"{info.st_size} byte > {limit}",
                                 message_vi=f"Tệp quá lớn: {info.st_size / 1048576:.0f} MB, giới hạn "
                                            f"{limit / 1048576:.0f} MB", message_en="File too large")
    return info.st_size


def read_document(path: Path, relpath: str, settings: Settings | None = None) -> ReadDocument:
    """Sniff, check limits, and read one file under the per-document deadline, with the limits
    and engines of ``settings`` (by default those already in force, see ``extractors.settings``).

    Raises only ``DocumentLoadError`` — and ``OSError`` when the disk itself fails (the caller
    retries those).
    """
    with using(settings or active()):
        return _read(path, relpath)


def _read(path: Path, relpath: str) -> ReadDocument:
    guard_reader_process()
    check_file(path)
    with deadline():
        fmt = sniff_format(path)
        reader = get_reader(fmt)
        if fmt == "image":
            check_image(path)
        try:
            document = reader(path, relpath)
        except (DocumentLoadError, FileNotFoundError, PermissionError, IsADirectoryError):
            raise  # our own errors, and the disk's (retried upstream), pass through unchanged
        except MemoryError as exc:
            raise LimitExceededError("bộ nhớ / memory", message_vi="Tệp cần quá nhiều bộ nhớ để đọc",
                                     message_en="Reading the file needs too much memory") from exc
        except RecursionError as exc:
            raise CorruptFileError("cấu trúc lồng quá sâu / nesting too deep") from exc
        except Exception as exc:  # a reader missed a third-party failure: still wrap it here
            raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    clean_document(document)
    return document


def clean_document(document: ReadDocument) -> None:
    """Strip control characters from everything read, and repair OCR'd tone marks."""
    for page in document.pages:
        page.text = clean_text(page.text)
        if page.source == "ocr":
            page.text = correct_ocr_text(page.text)
        if page.label is not None:
            page.label = clean_text(page.label)
        # One search over all of a page's words: most pages have no control character at all,
        # and assigning every word through pydantic costs more than reading them.
        joined = "".join(word.text for word in page.words)
        if clean_text(joined) is not joined:  # the same object back: nothing to strip
            for word in page.words:
                cleaned = clean_text(word.text)
                if cleaned != word.text:
                    word.text = cleaned
        page.tables = [[[clean_text(cell) for cell in row] for row in table] for table in page.tables]
    document.warnings = [clean_text(w) for w in document.warnings]
