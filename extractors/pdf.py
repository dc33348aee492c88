"""PDF reader: pypdfium2 for the text layer (fast), OCR only for pages without a usable one.

Words come from pdfium's text rectangles, so rows of a table are rebuilt by position
(``extractors.layout``) rather than trusted to the file's drawing order. Before pdfium decodes
anything, ``extractors.pdf_safety`` refuses content-stream bombs; before a page is rendered for
OCR, its images' declared sizes are checked. Scripts and actions are never run: no form
environment is created, so pdfium has nothing to run them with.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from extractors.base import Page, ReadDocument, Word
from extractors.layout import words_to_text
from extractors.pdf_safety import active_content, check_page_images, check_streams, javascript_count
from extractors.safety import check_deadline
from extractors.textnorm import normalise_text
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
    letter height ends a word.
    """
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return []
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        boxes = [textpage.get_charbox(i) for i in range(len(text))]
    finally:
        textpage.close()
    words: list[Word] = []
    chars: list[str] = []
    box: list[float] = []

    def flush() -> None:
        word = normalise_text("".join(chars)).strip()
        if word and box:
            left, bottom, right, top = box
            words.append(Word(text=word, bbox=(left / width, 1 - top / height, right / width, 1 - bottom / height)))
        chars.clear()
        box.clear()

    for char, (left, bottom, right, top) in zip(text, boxes, strict=False):
        if char.isspace() or char in "\ufffe\x02":
            flush()
            continue
        if box:
            size = max(box[3] - box[1], top - bottom, 1e-6)
            if left - box[2] > 0.5 * size or abs(bottom - box[1]) > 0.6 * size:
                flush()
        chars.append(char)
        if box:
            box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        else:
            box[:] = [left, bottom, right, top]
    flush()
    return words


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
                    text = words_to_text(words)
                    verdict = judge_text_layer(text)
                    if not verdict.usable:
                        check_page_images(page, index + 1)  # before OCR renders it
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise CorruptFileError(f"trang {index + 1}: {exc}") from exc
            document.pages.append(
                Page(
                    number=index + 1,
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
