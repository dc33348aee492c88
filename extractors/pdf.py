"""PDF reader: pypdfium2 for the text layer (fast), OCR only for pages without a usable one.

Words come from pdfium's text rectangles, so rows of a table are rebuilt by position
(``extractors.layout``) rather than trusted to the file's drawing order. Before pdfium decodes
anything, ``extractors.pdf_safety`` refuses content-stream bombs; before a page is rendered for
OCR, its images' declared sizes are checked. Scripts and actions are never run: no form
environment is created, so pdfium has nothing to run them with (filled form values are read from
the field dictionaries, ``extractors.pdf_display``).
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.base import Page, ReadDocument, Word
from extractors.errors import CorruptFileError, DocumentLoadError, EncryptedFileError, LimitExceededError
from extractors.layout import words_to_text
from extractors.pdf_display import Frame, annotation_words, on_page, undisplayed_chars
from extractors.pdf_safety import active_content, check_page_images, check_streams, javascript_count
from extractors.safety import check_deadline
from extractors.settings import active
from extractors.textnorm import fix_legacy_words, normalise_text
from extractors.textquality import judge_text_layer

# A run of characters between separators; in a str pattern \s is exactly str.isspace().
_RUN = re.compile(r"[^\s\ufffe\x02]+")


def _unconverted(function: Any) -> Callable[..., int]:
    """A pdfium function called without pypdfium2's argument types, returning a C int.

    Converting each argument through them costs more than the call itself, which matters for
    one call per character. Callers must pass ctypes objects for pointers (a plain Python
    int would be passed as a 32-bit C int).
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:
        raise ImportError(f"pdfium has no {function!r}")
    return ctypes.CFUNCTYPE(ctypes.c_int)(address)


# FPDFText_GetCharBox(text_page, index, &left, &right, &bottom, &top)
_char_box = _unconverted(pdfium_c.FPDFText_GetCharBox)
_new_word = Word.__new__
_set = object.__setattr__


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


def page_words(page: pdfium.PdfPage, unshown: bool = False) -> list[Word]:
    """The page's displayed words with boxes in fractions of the page as shown (origin top-left).

    Built from characters, not from pdfium's text rectangles: rectangles can overlap and
    would repeat letters ("Hà N Nội"). A space, a line break or a gap wider than half the
    letter height ends a word. This is the hot loop of born-digital reading, so it calls
    pdfium directly and builds words without validation; text is normalised per page later.
    Rotated pages, crop boxes, text that is not displayed (looked for when ``unshown``: the
    file holds invisible-text or optional-content operators) and form values are handled by
    ``extractors.pdf_display``.
    """
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return []
    frame = Frame(page)
    textpage = page.get_textpage()
    words: list[Word] = []
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        handle = ctypes.cast(textpage.raw, ctypes.c_void_p)
        drop = undisplayed_chars(page, textpage, count) if unshown and count else set()
        if drop or not frame.plain:
            words = _shown_words(text, handle, count, frame, drop)
            text = ""  # done: skip the plain loop below
        box = (ctypes.c_double * 4)()  # left, right, bottom, top: the order pdfium fills them
        view = memoryview(box).cast("B").cast("d")  # unpacks far faster than the ctypes array
        r0, r1, r2, r3 = (ctypes.byref(box, 8 * k) for k in range(4))
        char_box, last = _char_box, count - 1
        # Separators never need a box, so only runs of other characters are visited. When an
        # index lies past pdfium's own count (text and char indices can disagree), pdfium
        # writes nothing and the box read is that of its last character: fetched again here.
        for run in _RUN.finditer(text):
            begin, end = run.span()
            if not char_box(handle, begin, r0, r1, r2, r3):
                char_box(handle, last, r0, r1, r2, r3)
            x0, x1, y0, y1 = view
            start = begin
            for index in range(begin + 1, end):
                if not char_box(handle, index, r0, r1, r2, r3):
                    char_box(handle, last, r0, r1, r2, r3)
                cl, cr, cb, ct = view
                size = y1 - y0  # max(y1 - y0, ct - cb, 1e-6), inlined
                if ct - cb > size:
                    size = ct - cb
                if size < 1e-6:
                    size = 1e-6
                shift = cb - y0  # abs(shift) > 0.6 * size, without the call
                if cl - x1 > 0.5 * size or shift > 0.6 * size or -shift > 0.6 * size:
                    words.append(make_word(text[start:index], x0, y0, x1, y1, width, height))
                    x0, x1, y0, y1, start = cl, cr, cb, ct, index
                    continue
                # min()/max() inlined: the first operand wins ties
                if cl < x0:
                    x0 = cl
                if cb < y0:
                    y0 = cb
                if cr > x1:
                    x1 = cr
                if ct > y1:
                    y1 = ct
            words.append(make_word(text[start:end], x0, y0, x1, y1, width, height))
    finally:
        textpage.close()
    if words and not all(map(on_page, words)):
        words = [word for word in words if on_page(word)]  # drawn beyond the crop box: not shown
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0:
        words.extend(annotation_words(page, frame))
    return words


def _shown_words(text: str, handle: ctypes.c_void_p, count: int, frame: Frame, drop: set[int]) -> list[Word]:
    """``page_words``'s loop for pages whose user space is not the page as shown (rotated, or
    cropped away from the origin) or that hold undisplayed characters (skipped)."""
    box = (ctypes.c_double * 4)()
    view = memoryview(box).cast("B").cast("d")
    refs = tuple(ctypes.byref(box, 8 * k) for k in range(4))
    width, height, last = frame.shown_width, frame.shown_height, count - 1
    words: list[Word] = []
    for run in _RUN.finditer(text):
        begin, end = run.span()
        start: int | None = None
        x0 = x1 = y0 = y1 = 0.0
        for index in range(begin, end):
            if index in drop:
                if start is not None:
                    words.append(make_word(text[start:index], x0, y0, x1, y1, width, height))
                    start = None
                continue
            if not _char_box(handle, index, *refs):
                _char_box(handle, last, *refs)
            cl, cr, cb, ct = frame.shown_points(view[0], view[1], view[2], view[3])
            if start is not None:
                size = max(y1 - y0, ct - cb, 1e-6)
                if cl - x1 > 0.5 * size or abs(cb - y0) > 0.6 * size:
                    words.append(make_word(text[start:index], x0, y0, x1, y1, width, height))
                    start = None
                else:
                    x0, y0, x1, y1 = min(x0, cl), min(y0, cb), max(x1, cr), max(y1, ct)
                    continue
            start, x0, x1, y0, y1 = index, cl, cr, cb, ct
        if start is not None:
            words.append(make_word(text[start:end], x0, y0, x1, y1, width, height))
    return words


def make_word(text: str, x0: float, y0: float, x1: float, y1: float, width: float, height: float) -> Word:
    """A word from its text and box (pdf points, origin bottom-left).

    Equivalent to ``Word.model_construct`` with all three fields set, without its generic
    per-field loop: a text page yields thousands of words.
    """
    word = _new_word(Word)
    _set(word, "__dict__", {"text": text if text.isascii() else unicodedata.normalize("NFC", text),
                            "bbox": (x0 / width, 1 - y1 / height, x1 / width, 1 - y0 / height),
                            "confidence": 1.0})
    _set(word, "__pydantic_fields_set__", {"text", "bbox", "confidence"})
    _set(word, "__pydantic_extra__", None)
    _set(word, "__pydantic_private__", None)
    return word


def read_pdf(path: Path, relpath: str) -> ReadDocument:
    """Read every page's text layer; pages whose layer is missing or garbage go to OCR."""
    settings = active()
    unshown = check_streams(path)
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
        scripts = active_content(path)
        if scripts or javascript_count(pdf):
            document.warnings.append(f"Tệp PDF có nội dung chủ động ({', '.join(scripts) or 'JavaScript'}); "
                                     "không được chạy (active content present, never run)")
        needs_ocr: list[int] = []
        form_words: dict[int, list[Word]] = {}  # form values of pages going to OCR
        for index in range(count):
            check_deadline(f"trang {index + 1}")
            try:
                page = pdf[index]
                try:
                    words = page_words(page, unshown)
                    raw = words_to_text(words)
                    text = normalise_text(raw)
                    if text != raw and " ".join(text.split()) != " ".join(raw.split()):
                        words = fix_legacy_words(words)  # TCVN3/VNI converted: boxes say so too
                    verdict = judge_text_layer(text)
                    if not verdict.usable:
                        check_page_images(page, index + 1)  # before OCR renders it
                        if pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0:
                            form_words[index + 1] = annotation_words(page, Frame(page), widgets_only=True)
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
        add_form_words(document, form_words)
    return document


def add_form_words(document: ReadDocument, form_words: dict[int, list[Word]]) -> None:
    """Put the form values of OCR'd pages among their OCR words (the render has no fields)."""
    for position, page in enumerate(document.pages):
        extra = form_words.get(page.number or 0)
        if extra and page.source == "ocr":
            words = [*page.words, *extra]
            document.pages[position] = page.model_copy(update={
                "words": words, "text": normalise_text(words_to_text(words))})


def apply_ocr(path: Path, document: ReadDocument, page_numbers: list[int]) -> None:
    """OCR the listed pages and put their text in place of the rejected layer."""
    from extractors.image import ocr_pdf_pages  # heavy: OCR (numpy, Tesseract), only for pages without text

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
