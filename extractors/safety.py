"""Checks made before a file's content is decompressed or parsed, and the limits that hold while it is.

Everything here is cheap: it reads headers, directories and the first bytes of XML parts, never
the content itself, so a normal document pays milliseconds. What it guards against:

* archives and Office files whose members unpack to far more than they weigh (zip bombs), hold
  too many members, are encrypted, or whose XML parts declare a DTD (external entities, entity
  expansion "billion laughs" — Office XML never needs a DTD, so any DTD is refused);
* text and names carrying control characters or undecodable bytes, which JSON, Word letters and
  worksheet cells cannot all hold;
* a reader running past its time (:class:`Deadline`, checked between pages and rows) or, in a
  reading child process, past its memory (:func:`limit_reader_memory`).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import re
import resource
import struct
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from xml.parsers import expat

from extractors.errors import (
    CorruptFileError,
    DocumentTimeoutError,
    EncryptedFileError,
    LimitExceededError,
    UnsafeContentError,
)
from extractors.settings import active

MIB = 1024 * 1024
RATIO_CHECK_FROM = 8 * MIB  # members smaller than this unpack harmlessly whatever their ratio
XML_PROLOG_BYTES = 64 * 1024  # the root element must start within this many bytes of an XML part
READER_PROCESS_PREFIX = "spcncl-read"  # names of the child processes that read documents (pipeline.isolation)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without control characters (tab, newline and carriage return kept) or lone surrogates."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def clean_name(name: str, max_bytes: int = 1024) -> str:
    """A file or dossier name fit to show: NFC, control characters and undecodable bytes as ``�``,
    at most ``max_bytes`` of UTF-8 (cut names end with ``…`` and a short hash, so they stay distinct)."""
    text = unicodedata.normalize("NFC", _NAME_UNSAFE.sub("\ufffd", name))
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return encoded[: max_bytes - 13].decode("utf-8", "ignore") + "…" + digest


# --- time -------------------------------------------------------------------------------------

class Deadline:
    """The moment a document's reading must end; readers call :meth:`check` between pages/rows."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self, where: str = "") -> None:
        """Raise :class:`DocumentTimeoutError` when the time is up."""
        if time.monotonic() > self.end:
            raise DocumentTimeoutError(f"> {self.seconds:g}s{' — ' + where if where else ''}")


_deadline: ContextVar[Deadline | None] = ContextVar("spcncl_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float | None = None) -> Iterator[Deadline]:
    """Run a document's reading under a deadline (default: the ``document_timeout`` setting)."""
    current = Deadline(active().document_timeout if seconds is None else seconds)
    token = _deadline.set(current)
    try:
        yield current
    finally:
        _deadline.reset(token)


def check_deadline(where: str = "") -> None:
    """Raise :class:`DocumentTimeoutError` if the current document's deadline has passed."""
    current = _deadline.get()
    if current is not None:
        current.check(where)


# --- memory -----------------------------------------------------------------------------------

_memory_limited = False


def limit_reader_memory(limit: int | None = None) -> bool:
    """Cap this process's data memory (``RLIMIT_DATA``) at ``reader_memory_bytes``.

    Meant for a child process that reads one document (``pipeline.isolation``): a file that gets
    past every check and still balloons then fails there with ``MemoryError`` (recorded as
    ``limit_exceeded``) instead of exhausting the machine. Helpers it starts (Tesseract,
    LibreOffice) inherit the cap. Returns True when a cap was set.
    """
    global _memory_limited
    value = active().reader_memory_bytes if limit is None else limit
    if value <= 0:
        return False
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        target = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (target, hard))
        _memory_limited = True
        return True
    return False


def in_reader_process() -> bool:
    """True inside a child process started to read one document."""
    return multiprocessing.current_process().name.startswith(READER_PROCESS_PREFIX)


def guard_reader_process() -> None:
    """In a document-reading child process, cap its memory once; elsewhere do nothing."""
    if not _memory_limited and in_reader_process():
        limit_reader_memory()


# --- images -----------------------------------------------------------------------------------

def check_image(path: Path) -> None:
    """Refuse an image whose header declares too many pixels or frames (nothing is decoded)."""
    from PIL import Image, UnidentifiedImageError  # heavy: Pillow, only when the file is an image

    settings = active()
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > settings.max_image_pixels:
                raise LimitExceededError(f"{width}×{height} px > {settings.max_image_pixels}",
                                         message_vi=f"Ảnh quá lớn: {width}×{height} điểm ảnh",
                                         message_en="Image too large")
            frames = int(getattr(image, "n_frames", 1) or 1)
            if frames > settings.max_pages:
                raise LimitExceededError(f"{frames} > {settings.max_pages}",
                                         message_vi=f"Ảnh có {frames} trang, vượt giới hạn {settings.max_pages} trang",
                                         message_en="Too many image frames")
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(str(exc), message_vi="Ảnh quá lớn, nghi bom giải nén",
                                 message_en="Image too large") from exc
    except (UnidentifiedImageError, SyntaxError, ValueError, EOFError, struct.error, OSError) as exc:
        raise CorruptFileError(f"{type(exc).__name__}: {exc}", message_vi="Tệp ảnh bị hỏng hoặc không đầy đủ",
                               message_en="Corrupt image") from exc


# --- archives ---------------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def zip_entry_count(path: Path) -> int | None:
    """The number of entries an archive declares, read from its end record without parsing the
    directory (so a crafted archive with millions of entries costs nothing). None if not found."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - (65536 + 22 + 20)))
            tail = handle.read()
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) < at + 22:
                return None
            count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
            locator = tail.rfind(_EOCD64_LOCATOR, 0, at)
            if count == 0xFFFF and locator >= 0 and len(tail) >= locator + 20:
                offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
                handle.seek(offset)
                record = handle.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    return int(struct.unpack("<Q", record[32:40])[0])
            return int(count)
    except OSError:
        return None


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open an archive after checking the number of entries it declares."""
    limit = active().max_archive_members
    count = zip_entry_count(path)
    if count is not None and count > limit:
        raise LimitExceededError(f"{count} > {limit}", message_vi=f"Tệp nén có quá nhiều tệp con: {count}",
                                 message_en="Too many archive members")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptFileError(f"zip: {exc}", message_vi="Tệp nén bị hỏng hoặc không đầy đủ",
                               message_en="Corrupt or truncated archive") from exc


def member_is_encrypted(member: zipfile.ZipInfo) -> bool:
    """True when the member is password-protected (general purpose flag bit 0)."""
    return bool(member.flag_bits & 0x1)


def check_member_size(member: zipfile.ZipInfo, budget: int) -> None:
    """Refuse a member whose declared size exceeds the budget, or that unpacks suspiciously well."""
    settings = active()
    if member.file_size > budget:
        raise LimitExceededError(f"{member.filename}: {member.file_size} byte > {budget}",
                                 message_vi=f"Tệp nén giải ra quá lớn: {member.file_size // MIB} MB",
                                 message_en="Archive unpacks to too much data")
    packed = max(member.compress_size, 1)
    if member.file_size >= RATIO_CHECK_FROM and member.file_size / packed > settings.max_compression_ratio:
        raise LimitExceededError(f"{member.filename}: {member.file_size}/{packed}",
                                 message_vi=f"Tỷ lệ nén bất thường: {member.file_size // packed}:1, nghi bom nén",
                                 message_en="Suspicious compression ratio (zip bomb)")


# --- Office Open XML (.docx, .xlsx) -----------------------------------------------------------

class _RootSeen(Exception):
    """Raised from the parser once the root element starts: the prolog is over and clean."""


def check_xml_prolog(chunks: Iterator[bytes], name: str = "") -> None:
    """Refuse an XML part that declares a DTD or an entity (before its root element).

    The part is parsed with expat (any encoding, UTF-16 included) only until its root element
    starts; a DTD can appear nowhere else, so the rest is never read here. A part whose root does
    not start within :data:`XML_PROLOG_BYTES` is refused too: nothing legitimate puts that much
    before it.
    """
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise UnsafeContentError(f"{name}: DTD/ENTITY", message_vi="Tệp chứa khai báo DTD/thực thể XML, "
                                 "có thể là tấn công XXE hoặc bom thực thể", message_en="XML DTD or entity refused")

    def root(*_: object) -> None:
        raise _RootSeen

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = root
    seen = 0
    try:
        for chunk in chunks:
            seen += len(chunk)
            parser.Parse(chunk, False)
            if seen >= XML_PROLOG_BYTES:
                break
        else:
            parser.Parse(b"", True)
            return  # an empty or prolog-only part: the library will report it
    except _RootSeen:
        return
    except expat.ExpatError as exc:
        raise CorruptFileError(f"{name}: {exc}", message_vi="Tệp Office bị hỏng: phần XML không hợp lệ",
                               message_en="Malformed XML part") from exc
    raise UnsafeContentError(f"{name}: > {XML_PROLOG_BYTES} byte", message_vi="Phần XML có phần mở đầu dài bất "
                             "thường", message_en="XML prolog too long")


def _member_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo, size: int = 16384) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(size):
            yield chunk


def is_xml_part(name: str) -> bool:
    """True for the parts of an Office file that are XML (by name, as the packages name them)."""
    return name.lower().endswith((".xml", ".rels", ".vml"))


def streamed_part(name: str) -> bool:
    """Worksheets are streamed row by row (openpyxl read-only), so they may exceed ``max_xml_bytes``."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?c[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row\s[^>]{0,200}?\br=\"(\d{7,})\"")
_TAG_OVERLAP = 300
EXCEL_MAX_ROWS = 1_048_576


def _count_tags(stream: Iterator[bytes], pattern: re.Pattern[bytes], limit: int) -> int:
    """Occurrences of ``pattern`` in a byte stream read in chunks, stopping past ``limit``.

    A row numbered past Excel's last row raises :class:`CorruptFileError` (openpyxl would
    otherwise yield every missing row up to it)."""
    count, tail = 0, b""
    for chunk in stream:
        buffer = tail + chunk
        cut = len(buffer) - _TAG_OVERLAP
        count += sum(1 for m in pattern.finditer(buffer) if m.start() < cut)
        _check_row_numbers(buffer)
        tail = buffer[max(cut, 0) :] if cut > 0 else buffer
        if count > limit:
            return count
    return count + sum(1 for _ in pattern.finditer(tail))


def _check_row_numbers(buffer: bytes) -> None:
    for match in _ROW_NUMBER.finditer(buffer):
        if int(match.group(1)) > EXCEL_MAX_ROWS:
            raise CorruptFileError(f"row {int(match.group(1))} > {EXCEL_MAX_ROWS}",
                                   message_vi="Bảng tính có số dòng vượt giới hạn của Excel",
                                   message_en="Sheet rows beyond Excel's limit")


def check_sheet_sizes(path: Path) -> None:
    """Count the rows and cells a workbook's sheets hold by scanning their XML (no parsing), so a
    sheet of a million rows is refused in a fraction of a second instead of being read row by row."""
    settings = active()
    rows = cells = 0
    with open_zip(path) as archive:
        for member in archive.infolist():
            if not streamed_part(member.filename):
                continue
            rows += _count_tags(_member_chunks(archive, member, 1 << 20), _ROW_TAG, settings.max_sheet_rows - rows)
            if rows > settings.max_sheet_rows:
                raise LimitExceededError(f"> {settings.max_sheet_rows}",
                                         message_vi=f"Bảng tính có hơn {settings.max_sheet_rows} dòng",
                                         message_en="Too many rows")
            cells += _count_tags(_member_chunks(archive, member, 1 << 20), _CELL_TAG, settings.max_sheet_cells - cells)
            if cells > settings.max_sheet_cells:
                raise LimitExceededError(f"> {settings.max_sheet_cells}",
                                         message_vi=f"Bảng tính có hơn {settings.max_sheet_cells} ô",
                                         message_en="Too many cells")


def check_ooxml(path: Path) -> list[str]:
    """Check a .docx/.xlsx package before any library parses it; returns warnings (macros).

    Raises :class:`LimitExceededError` (too many members, too large, a bomb),
    :class:`EncryptedFileError`, :class:`UnsafeContentError` (a DTD) or :class:`CorruptFileError`.
    """
    settings = active()
    warnings: list[str] = []
    with open_zip(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > settings.max_decompressed_bytes:
            raise LimitExceededError(f"{total} > {settings.max_decompressed_bytes} byte",
                                     message_vi=f"Tệp Office giải nén ra quá lớn: {total // MIB} MB",
                                     message_en="Office file unpacks to too much data")
        for member in members:
            if member_is_encrypted(member):
                raise EncryptedFileError(member.filename)
            check_member_size(member, settings.max_decompressed_bytes)
            name = member.filename
            if name.lower().endswith("vbaproject.bin"):
                warnings.append("Tệp có macro VBA; macro không được chạy (VBA macros present, never run)")
            if not is_xml_part(name):
                continue
            if member.file_size > settings.max_xml_bytes and not streamed_part(name):
                raise LimitExceededError(f"{name}: {member.file_size} byte > {settings.max_xml_bytes}",
                                         message_vi=f"Phần nội dung XML quá lớn: {member.file_size // MIB} MB",
                                         message_en="XML part too large")
            try:
                check_xml_prolog(_member_chunks(archive, member), name)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error) as exc:
                # RuntimeError: an unsupported compression method or an encrypted member
                raise CorruptFileError(f"{name}: {exc}") from exc
    return warnings
