"""What a PDF viewer displays beyond the plain text layer, and what it does not display.

* Rotated pages (``/Rotate``) and crop boxes: pdfium hands character boxes in the page's own
  unrotated space. They are turned into the page as shown (crop box, then rotation) before
  words and lines are built, so a landscape list printed on a rotated page reads in rows;
  text outside the crop box is not displayed and not read.
* Text that is not displayed: text drawn in render mode 3 (invisible) or 7 (clip only) on a
  born-digital page is left out. On a scanned page the invisible text is the OCR layer that
  stands for the image under it: it is kept (``textquality`` judges it).
* Form fields and typed annotations: a filled form's values live in widget annotations, not in
  the page content, and "add text" tools type into FreeText annotations. The viewer shows both,
  so their text is read where it stands (check boxes and radio buttons as ☒ or ☐). Values are
  read from the field dictionaries; no form environment is created and nothing is run.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.base import Word

CHECKED, UNCHECKED = "\u2612", "\u2610"
_HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView
_PUSHBUTTON = 1 << 16  # button field flag: a push button has no state to show
_INVISIBLE_MODES = (3, 7)
OCR_LAYER_COVER = 0.5  # an image covering this share of the page makes invisible text an OCR layer

Box = tuple[float, float, float, float]


class Frame:
    """Maps boxes in the page's user space (points, origin bottom-left) to the page as shown."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        """Read the page's crop box and rotation."""
        self.left, self.bottom, right, top = page.get_cropbox()
        self.width, self.height = right - self.left, top - self.bottom
        self.rotation = page.get_rotation() % 360
        swap = self.rotation in (90, 270)
        self.shown_width, self.shown_height = (self.height, self.width) if swap else (self.width, self.height)

    @property
    def plain(self) -> bool:
        """True when user space already is the page as shown (no rotation, crop box at 0, 0)."""
        return self.rotation == 0 and abs(self.left) < 0.5 and abs(self.bottom) < 0.5

    def fractions(self, left: float, right: float, bottom: float, top: float) -> Box:
        """A user-space box as fractions of the shown page (x0, y0, x1, y1; origin top-left)."""
        if self.width <= 0 or self.height <= 0:
            return (0.0, 0.0, 0.0, 0.0)
        x0, x1 = (left - self.left) / self.width, (right - self.left) / self.width
        y0, y1 = 1 - (top - self.bottom) / self.height, 1 - (bottom - self.bottom) / self.height
        if self.rotation == 90:
            return (1 - y1, x0, 1 - y0, x1)
        if self.rotation == 180:
            return (1 - x1, 1 - y1, 1 - x0, 1 - y0)
        if self.rotation == 270:
            return (y0, 1 - x1, y1, 1 - x0)
        return (x0, y0, x1, y1)

    def shown_points(self, left: float, right: float, bottom: float, top: float) -> Box:
        """A user-space box in points of the shown page, origin bottom-left (left, right, bottom, top)."""
        x0, y0, x1, y1 = self.fractions(left, right, bottom, top)
        return (x0 * self.shown_width, x1 * self.shown_width,
                (1 - y1) * self.shown_height, (1 - y0) * self.shown_height)


def on_page(word: Word) -> bool:
    """Whether the word's centre lies on the shown page (text beyond the crop box is not shown)."""
    x0, y0, x1, y1 = word.bbox
    return -0.01 <= (x0 + x1) / 2 <= 1.01 and -0.01 <= (y0 + y1) / 2 <= 1.01


def _objects(container: Any, count: Callable[[Any], int], get: Callable[[Any, int], Any],
             depth: int = 0) -> list[Any]:
    """Page objects, descending into form XObjects (at most eight levels)."""
    out = []
    for index in range(max(0, count(container))):
        obj = get(container, index)
        if not obj:
            continue
        out.append(obj)
        if depth < 8 and pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            out.extend(_objects(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, depth + 1))
    return out


def undisplayed_chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, count: int) -> set[int]:
    """Indices of characters drawn invisibly on a page that is not a scan with an OCR layer."""
    objects = _objects(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
    invisible = {ctypes.cast(o, ctypes.c_void_p).value for o in objects
                 if pdfium_c.FPDFPageObj_GetType(o) == pdfium_c.FPDF_PAGEOBJ_TEXT
                 and pdfium_c.FPDFTextObj_GetTextRenderMode(o) in _INVISIBLE_MODES}
    if not invisible or _scanned(page, objects):
        return set()
    handle = textpage.raw
    return {index for index in range(count)
            if ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, index), ctypes.c_void_p).value in invisible}


def _scanned(page: pdfium.PdfPage, objects: list[Any]) -> bool:
    """Whether an image covers most of the page (a scan, whose invisible text is its OCR layer)."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in objects:
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if (right.value - left.value) * (top.value - bottom.value) >= OCR_LAYER_COVER * area:
            return True
    return False


def _string(annot: Any, key: str) -> str:
    """A text or name entry of an annotation's dictionary ("" when absent)."""
    name = key.encode()
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, name, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(annot, name, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")


def _number(annot: Any, key: str) -> int:
    value = ctypes.c_float()
    if pdfium_c.FPDFAnnot_GetNumberValue(annot, key.encode(), value):
        return int(value.value)
    return 0


def _inherited(annot: Any, key: str, reader: Callable[[Any, str], Any]) -> Any:
    """A field entry from the widget, else from its parent fields (values live there for kids)."""
    value = reader(annot, key)
    current, opened = annot, []
    for _ in range(8):
        if value or not pdfium_c.FPDFAnnot_HasKey(current, b"Parent"):
            break
        parent = pdfium_c.FPDFAnnot_GetLinkedAnnot(current, b"Parent")
        if not parent:
            break
        opened.append(parent)
        current = parent
        value = reader(current, key)
    for handle in opened:
        pdfium_c.FPDFPage_CloseAnnot(handle)
    return value


def annotation_text(annot: Any, widgets_only: bool = False) -> str:
    """What a widget or FreeText annotation shows as text ("" for anything else)."""
    subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
    if pdfium_c.FPDFAnnot_GetFlags(annot) & _HIDDEN_FLAGS:
        return ""
    if subtype == pdfium_c.FPDF_ANNOT_FREETEXT and not widgets_only:
        return _string(annot, "Contents")
    if subtype != pdfium_c.FPDF_ANNOT_WIDGET:
        return ""
    kind = _inherited(annot, "FT", _string)
    if kind == "Btn":
        if _inherited(annot, "Ff", _number) & _PUSHBUTTON or not pdfium_c.FPDFAnnot_HasKey(annot, b"AS"):
            return ""
        return CHECKED if _string(annot, "AS") not in ("", "Off") else UNCHECKED
    if kind in ("Tx", "Ch"):
        return str(_inherited(annot, "V", _string))
    return ""


def annotation_words(page: pdfium.PdfPage, frame: Frame, widgets_only: bool = False) -> list[Word]:
    """Words for the form values and typed text the page's annotations show, placed in their boxes.

    ``widgets_only`` for a page going to OCR: the rendered image already holds typed
    annotations, but not form fields (they are drawn only within a form environment).
    """
    words: list[Word] = []
    rect = pdfium_c.FS_RECTF()
    for index in range(max(0, pdfium_c.FPDFPage_GetAnnotCount(page.raw))):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            text = annotation_text(annot, widgets_only).replace("\r\n", "\n").replace("\r", "\n")
            if not text.strip() or not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            lines = [line for line in text.split("\n") if line.strip()]
            x0, y0, x1, y1 = frame.fractions(min(rect.left, rect.right), max(rect.left, rect.right),
                                             min(rect.bottom, rect.top), max(rect.bottom, rect.top))
            step = (y1 - y0) / max(1, len(lines))
            for number, line in enumerate(lines):
                top = y0 + number * step
                words.append(Word(text=" ".join(line.split()), bbox=(x0, top, x1, top + step)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return words
