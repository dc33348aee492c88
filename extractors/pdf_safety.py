"""Checks on a PDF before pdfium decodes what it holds.

pdfium decodes a page's content streams whole, and a page image whole when the page is rendered
for OCR. A few hundred kilobytes of Flate data can stand for gigabytes, so:

* :func:`check_streams` inflates every compressed stream that is not an image, up to
  ``max_pdf_stream_bytes`` each and ``max_decompressed_bytes`` in all, and refuses the file past
  either — pdfium never sees a content-stream bomb;
* :func:`check_page_images` reads the pixel size every image on a page declares (no decoding)
  and refuses a page whose images exceed ``max_image_pixels`` before it is rendered;
* :func:`active_content` names scripts and launch actions. pdfium runs none of them (no form
  environment is ever set up), so they only earn the document a warning.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.errors import LimitExceededError
from extractors.safety import MIB, check_deadline
from extractors.settings import active

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_DICT_WINDOW = 4096  # bytes before ``stream`` searched for the stream's dictionary
_CHUNK = 16 * 1024  # compressed bytes fed at a time: at most ~16 MB out per step
# Content that may not be displayed: text render modes 3 (invisible) and 7 (clip only), and
# optional-content sections (/OC). Seeing neither lets the reader skip the per-object check.
_TR = re.compile(rb"(?<![\d.])[37]\s+Tr\b")
_OC = re.compile(rb"/OC\s*/")


def _unshown(data: bytes) -> bool:
    """Whether drawing operators in ``data`` may hide text (substring tests first: they are fast)."""
    return (b"Tr" in data and _TR.search(data) is not None) or (b"/OC" in data and _OC.search(data) is not None)


_ACTIVE = {b"/JavaScript": "JavaScript", b"/Launch": "Launch", b"/EmbeddedFile": "EmbeddedFile"}


def _stream_dict(data: mmap.mmap, keyword: int) -> bytes:
    """The text between the object header and the ``stream`` keyword (the stream's dictionary)."""
    head = data[max(0, keyword - _DICT_WINDOW) : keyword]
    start = head.rfind(b" obj")
    return head[start:] if start >= 0 else head


def _inflated_size(data: bytes | mmap.mmap, start: int, limit: int, watch: list[bool] | None = None) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counting no further than ``limit`` + 1.

    With ``watch``, ``watch[0]`` is set when the inflated data draws something that may not
    be displayed (or cannot be inflated here, so that what it draws is unknown).
    """
    inflater = zlib.decompressobj()
    total = 0
    position = start
    tail = b""
    try:
        while not inflater.eof and total <= limit:
            chunk = data[position : position + _CHUNK]
            if not chunk:
                break
            position += len(chunk)
            out = inflater.decompress(chunk)
            total += len(out)
            if watch is not None and not watch[0]:
                watch[0] = _unshown(tail + out[: _CHUNK * 64])
                tail = out[-16:]
    except zlib.error:
        if watch is not None:
            watch[0] = True  # not plain Flate data (another filter first, or damaged): pdfium decides
    return total


def _draws(header: bytes) -> bool:
    """Whether a stream may hold page drawing operators (not a font, image, metadata or index)."""
    return not any(key in header for key in _NOT_DRAWING)


_NOT_DRAWING = (b"/Length1", b"/Length2", b"/Length3", b"/Type1C", b"/CIDFontType0C", b"/OpenType",
                b"/XRef", b"/ObjStm", b"/Metadata", b"/EmbeddedFile", b"/Alternate")


def check_streams(path: Path) -> bool:
    """Refuse a PDF whose non-image Flate streams inflate past the limits (content-stream bombs).

    Returns whether any page-drawing stream holds invisible-text or optional-content operators
    (or could not be looked into), so that the reader looks for text that is not displayed only
    in the files that may have some.
    """
    settings = active()
    watch = [False]
    per_stream, budget = settings.max_pdf_stream_bytes, settings.max_decompressed_bytes
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for index, match in enumerate(_STREAM.finditer(data)):
            if data[max(0, match.start() - 3) : match.start()] == b"end":
                continue  # "endstream" followed by a line break
            if index % 64 == 0:
                check_deadline("kiểm tra luồng PDF")
            header = _stream_dict(data, match.start())
            if b"/Image" in header or b"/DCTDecode" in header:
                continue  # images are checked by pixel size
            drawing = not watch[0] and _draws(header)
            if b"/Fl" not in header:  # other filters are not bombs of this kind
                if drawing and b"/Filter" not in header:  # plain content: looked into as it is
                    end = data.find(b"endstream", match.end())
                    watch[0] = _unshown(data[match.end() : end if end > 0 else match.end()])
                elif drawing:
                    watch[0] = True  # LZW and others: what the stream draws is unknown here
                continue
            size = _inflated_size(data, match.end(), min(per_stream, budget), watch if drawing else None)
            if size > per_stream:
                raise LimitExceededError(f"stream @{match.end()}: > {per_stream} byte",
                                         message_vi=f"Luồng dữ liệu PDF giải nén ra quá lớn: > {per_stream // MIB} MB",
                                         message_en="PDF stream inflates to too much data")
            budget -= size
            if budget < 0:
                raise LimitExceededError(f"> {settings.max_decompressed_bytes} byte",
                                         message_vi="Dữ liệu PDF giải nén ra quá lớn",
                                         message_en="PDF inflates to too much data")
    return watch[0]


def active_content(path: Path) -> list[str]:
    """Names of active content the file mentions (JavaScript, launch actions, embedded files)."""
    found = []
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for needle, name in _ACTIVE.items():
            if data.find(needle) >= 0:
                found.append(name)
    return found


def javascript_count(pdf: pdfium.PdfDocument) -> int:
    """Document-level JavaScript actions pdfium sees (never run)."""
    try:
        return max(0, int(pdfium_c.FPDFDoc_GetJavaScriptActionCount(pdf.raw)))
    except (AttributeError, TypeError):
        return 0


def check_page_images(page: pdfium.PdfPage, number: int) -> None:
    """Refuse a page whose images declare more pixels than the limit (read from their
    dictionaries: nothing is decoded)."""
    limit = active().max_image_pixels
    total = 0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        try:
            width, height = image.get_px_size()
        except pdfium.PdfiumError:
            continue
        pixels = max(0, width) * max(0, height)
        total += pixels
        if pixels > limit or total > 2 * limit:
            raise LimitExceededError(f"trang {number}: {width}×{height} px > {limit}",
                                     message_vi=f"Ảnh ở trang {number} quá lớn: {width}×{height} điểm ảnh",
                                     message_en="Page image too large")
