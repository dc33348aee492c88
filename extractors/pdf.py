"""PDF reader: pypdfium2 for the text layer (fast), OCR only for pages without a usable one.

Words come from pdfium's text rectangles, so rows of a table are rebuilt by position
(``extractors.layout``) rather than trusted to the file's drawing order. Before pdfium decodes
anything, ``extractors.pdf_safety`` refuses content-stream bombs; before a page is rendered for
OCR, its images' declared sizes are checked. Scripts and actions are never run: no form
environment is created, so pdfium has nothing to run them with.
"""

from __future__ import annotations

import ctypes
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.base import Page, ReadDocument, Word
from extractors.layout import words_to_text
from extractors.pdf_safety import active_content, check_page_images, check_streams, javascript_count
from extractors.safety import check_deadline
from extractors.textnorm import fix_legacy_words, normalise_text
from extractors.textquality import judge_text_layer
from pipeline.errors import CorruptFileError, DocumentLoadError, EncryptedFileError, LimitExceededError
from pipeline.settings import get_settings


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF, turning pdfium's failures into our document errors."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedFileError(str(exc), message_vi="Tệp PDF được đặt mật khẩu mở, không đọc được") from exc
        if "security" in message or "handler" in message:
            raise EncryptedFileError(str(exc), message_vi="Tệp PDF được mã hoá theo cách không hỗ trợ") from exc
        raise CorruptFileError(str(exc), message_vi="Tệp PDF bị hỏng hoặc không đầy đủ") from exc
    except (OSError, ValueError) as exc:
        raise CorruptFileError(str(exc)) from exc


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """The page's words with boxes in page fractions (origin top-left).

    Built from characters, not from pdfium's text rectangles: rectangles can overlap and
    would repeat letters ("Hà N Nội"). A space, a line break or a gap wider than half the
    letter height ends a word. This is the hot loop of born-digital reading, so it calls
    pdfium directly and builds words without validation; text is normalised per page later.
    """
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return []
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        handle = textpage.raw
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        boxes = []
        for index in range(len(text)):
            pdfium_c.FPDFText_GetCharBox(handle, index, *refs)
            boxes.append((left.value, bottom.value, right.value, top.value))
    finally:
        textpage.close()
    words: list[Word] = []
    chars: list[str] = []
    x0 = y0 = x1 = y1 = 0.0
    for char, (cl, cb, cr, ct) in zip(text, boxes, strict=False):
        if char.isspace() or char in "\ufffe\x02":
            if chars:
                words.append(make_word(chars, x0, y0, x1, y1, width, height))
                chars = []
            continue
        if chars:
            size = max(y1 - y0, ct - cb, 1e-6)
            if cl - x1 > 0.5 * size or abs(cb - y0) > 0.6 * size:
                words.append(make_word(chars, x0, y0, x1, y1, width, height))
                chars = []
        if chars:
            x0, y0, x1, y1 = min(x0, cl), min(y0, cb), max(x1, cr), max(y1, ct)
        else:
            x0, y0, x1, y1 = cl, cb, cr, ct
        chars.append(char)
    if chars:
        words.append(make_word(chars, x0, y0, x1, y1, width, height))
    return words


def make_word(chars: list[str], x0: float, y0: float, x1: float, y1: float, width: float, height: float) -> Word:
    """A word from its characters and box (pdf points, origin bottom-left)."""
    text = unicodedata.normalize("NFC", "".join(chars))
    return Word.model_construct(text=text, bbox=(x0 / width, 1 - y1 / height, x1 / width, 1 - y0 / height),
                                confidence=1.0)


def read_pdf(path: Path, relpath: str) -> ReadDocument:
    """Read every page's text layer; pages whose layer is missing or garbage go to OCR."""
    settings = get_settings()
    check_streams(path)
    pdf = open_pdf(path)
    try:
        count = len(pdf)
        if count > settings.max_pages:
            raise LimitExceededError(f"{count} > {settings.max_pages}",
                                     message_vi=f"Tệp PDF có {count} trang, vượt giới hạn {settings.max_pages} trang",
                                     message_en="Too many pages")
        if count == 0:
            raise CorruptFileError("0 trang", message_vi="Tệp PDF không có trang nào", message_en="PDF has no pages")
        document = ReadDocument(file=relpath, format="pdf", page_count=count)
        active = active_content(path)
        if active or javascript_count(pdf):
            document.warnings.append(f"Tệp PDF có nội dung chủ động ({', '.join(active) or 'JavaScript'}); "
                                     "không được chạy (active content present, never run)")
        needs_ocr: list[int] = []
        for index in range(count):
            check_deadline(f"trang {index + 1}")
            try:
                page = pdf[index]
                try:
                    words = page_words(page)
                    raw = words_to_text(words)
                    text = normalise_text(raw)
                    if " ".join(text.split()) != " ".join(raw.split()):
                        words = fix_legacy_words(words)  # TCVN3/VNI converted: boxes say so too
                    verdict = judge_text_layer(text)
                    if not verdict.usable:
                        check_page_images(page, index + 1)  # before OCR renders it
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise CorruptFileError(f"trang {index + 1}: {exc}") from exc
            document.pages.append(
                Page.model_construct(
                    number=index + 1,
                    label=None,
                    confidence=1.0,
                    tables=[],
                    text=text if verdict.usable else "",
                    source="text_layer",
                    words=words if verdict.usable else [],
                    layer_rejected=None if verdict.usable else verdict.reason,
                )
            )
            if not verdict.usable:
                needs_ocr.append(index + 1)
    finally:
        pdf.close()
    if needs_ocr:
        apply_ocr(path, document, needs_ocr)
    return document


def apply_ocr(path: Path, document: ReadDocument, page_numbers: list[int]) -> None:
    """OCR the listed pages and put their text in place of the rejected layer."""
    from extractors.ocr import ocr_pdf_pages  # imported late: OCR is heavy and optional

    try:
        results = ocr_pdf_pages(path, page_numbers)
    except DocumentLoadError as exc:
        document.warnings.append(exc.user_message())
        return
    for page in document.pages:
        if page.number in results:
            ocr_page = results[page.number]
            ocr_page.layer_rejected = page.layer_rejected
            document.pages[document.pages.index(page)] = ocr_page
