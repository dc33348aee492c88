"""The source of a value, shown to the reviewer: a page image, or a sheet or Word file as HTML.

Page images and the evidence frame
----------------------------------
An evidence ``bbox`` is (x0, y0, x1, y1) in fractions of the page *as shown*, origin top-left.
The PNGs written here are in that same frame, so the web page scales the fractions by the image
size and draws the box with no further mapping:

* PDF pages are rendered by pdfium with its defaults: the crop box, turned by the page's
  ``/Rotate``. Text-layer words (``extractors.pdf.page_words``) are mapped into that frame by
  ``extractors.pdf_display.Frame`` (crop box, then rotation); pages without a usable layer are
  OCR'd from pdfium renders with the same defaults (``extractors.image.render_pdf_pages``).
* Image files (every frame of a TIFF a page, the first frame of anything else, as the reader
  does) are turned by their EXIF orientation with ``ImageOps.exif_transpose``, the call
  ``extractors.image.prepare`` makes before OCR. ``prepare`` then only greys and scales the page
  uniformly, which leaves fractions unchanged, and ``extractors.ocr`` maps its boxes back through
  any right-angle turn it made and never deskews the pixels (skew is taken out of the boxes only
  to group rows). So OCR boxes are fractions of the EXIF-upright image, the image rendered here.
  ``prepare`` itself is not called: it greys the page and may drop red ink (stamps), which the
  reviewer should see; only its geometric step matters and that step is the same call.

Rendered PNGs are cached by the file's sha256, page and width; a cached page is served without
opening the source (its page count travels in a PNG text chunk). Sheets and Word files are shown
as escaped HTML with the block that best matches the evidence snippet marked ``class="hit"``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from docx.table import Table
from openpyxl.utils import get_column_letter
from PIL import Image, ImageOps, PngImagePlugin
from pydantic import BaseModel, ConfigDict

from extractors.docx_reader import open_word
from extractors.errors import DocumentLoadError
from extractors.pdf import open_pdf
from extractors.pdf_safety import check_page_images, check_streams
from extractors.registry import sniff_format
from extractors.safety import check_image, check_ooxml, check_sheet_sizes
from extractors.xlsx_format import general_number, render_date, render_number

IMAGE_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".tif", ".tiff", ".bmp", ".webp", ".mpo"}
SHEET_SUFFIXES = {".xlsx", ".xlsm"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
MAX_WIDTH_PX = 4000
MAX_PIXELS = 40_000_000
SCAN_ROWS = 200_000  # rows of a sheet looked through for the hit
PAGES_KEY = "spcncl-pages"
_SHA = re.compile(r"[0-9a-fA-F]{8,128}")
_TOKEN = re.compile(r"\w+")


class PageRenderError(Exception):
    """The source cannot be shown; ``message_vi`` says why in Vietnamese, ``str()`` in English."""

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message_vi = message_vi


class RenderedPage(BaseModel):
    """A page rendered to a PNG: where it is, its size in pixels, and the file's page count."""

    model_config = ConfigDict(extra="forbid")

    path: Path
    width: int
    height: int
    pages: int


def preview_kind(filename: str) -> str:
    """How a file is shown, by its name: ``image``, ``sheet``, ``docx`` or ``none``."""
    suffix = Path(filename).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in SHEET_SUFFIXES:
        return "sheet"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    return "none"


@contextmanager
def _wrapped(source: Path) -> Iterator[None]:
    """Turn the readers' and libraries' failures on ``source`` into ``PageRenderError``."""
    try:
        yield
    except PageRenderError:
        raise
    except DocumentLoadError as exc:
        raise PageRenderError(f"Cannot open {source.name}: {exc.message_en} {exc.detail}".strip(),
                              f"Không mở được tệp {source.name}: {exc.message_vi}") from exc
    except Exception as exc:  # pdfium, Pillow, openpyxl, zipfile, lxml, python-docx, OSError…
        raise PageRenderError(f"Cannot open {source.name}: {type(exc).__name__}: {exc}",
                              f"Không mở được tệp {source.name}") from exc


def _out_of_range(page: int, count: int) -> PageRenderError:
    return PageRenderError(f"The file has {count} page(s), no page {page}",
                           f"Tệp chỉ có {count} trang, không có trang {page}")


def page_image(source: Path, sha256: str, page: int, cache: Path, width_px: int = 1100) -> RenderedPage:
    """Render page ``page`` (from 1) of a PDF or image file to a PNG ``width_px`` wide, cached.

    The PNG is in the frame of the evidence boxes (see the module docstring). A cached PNG is
    returned without opening ``source``; a new one is written atomically.
    """
    if not _SHA.fullmatch(sha256):
        raise PageRenderError(f"Not a file hash: {sha256!r}", "Mã băm của tệp không hợp lệ")
    if not 16 <= width_px <= MAX_WIDTH_PX:
        raise PageRenderError(f"Width {width_px} px out of range", f"Độ rộng ảnh {width_px} điểm ảnh không hợp lệ")
    target = cache / f"{sha256}-{page}-{width_px}.png"
    cached = _cached(target)
    if cached is not None:
        return cached
    if page < 1:
        raise PageRenderError(f"No page {page}", f"Không có trang {page}")
    with _wrapped(source):
        kind = sniff_format(source)
        if kind == "pdf":
            image, count = _render_pdf(source, page, width_px)
        elif kind == "image":
            image, count = _render_image(source, page, width_px)
        else:
            raise PageRenderError(f"Cannot open {source.name}: neither a PDF nor an image ({kind})",
                                  f"Không mở được tệp {source.name}: không phải tệp PDF hay tệp ảnh")
        _write_png(image, count, target)
    return RenderedPage(path=target, width=image.width, height=image.height, pages=count)


def _cached(target: Path) -> RenderedPage | None:
    """The cached render, its size read from the PNG header (no pixels decoded)."""
    try:
        with Image.open(target) as png:
            width, height = png.size
            pages = int(png.info.get(PAGES_KEY, 0))
    except (OSError, ValueError, SyntaxError):
        return None  # absent, or unreadable: render again
    if pages < 1:
        return None
    return RenderedPage(path=target, width=width, height=height, pages=pages)


def _write_png(image: Image.Image, pages: int, target: Path) -> None:
    """Write the PNG beside its final name, then move it into place (readers never see half)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    info = PngImagePlugin.PngInfo()
    info.add_text(PAGES_KEY, str(pages))
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".render-", suffix=".png")
    try:
        with os.fdopen(handle, "wb") as stream:
            image.save(stream, format="PNG", pnginfo=info, compress_level=3)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:  # a page of absurd proportions would render into gigabytes
        raise PageRenderError(f"Page of unusual proportions: {width}×{height} px",
                              "Trang có kích thước bất thường, không hiển thị được")


def _render_pdf(source: Path, page: int, width_px: int) -> tuple[Image.Image, int]:
    """A PDF page as pdfium shows it (crop box, page rotation), ``width_px`` wide."""
    check_streams(source)  # refuse content-stream bombs before pdfium decodes anything
    pdf = open_pdf(source)
    try:
        count = len(pdf)
        if page > count:
            raise _out_of_range(page, count)
        pdf_page = pdf[page - 1]
        try:
            check_page_images(pdf_page, page)
            width, height = pdf_page.get_size()  # of the page as shown: crop box, turned
            if width <= 0 or height <= 0:
                raise PageRenderError(f"Page {page} has no size", f"Trang {page} không có kích thước")
            scale = width_px / width * (1 - 1e-9)  # pdfium rounds up: never one pixel too wide
            _pixels(width_px, round(height * scale))
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True)
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    finally:
        pdf.close()
    return image, count


def _render_image(source: Path, page: int, width_px: int) -> tuple[Image.Image, int]:
    """One frame of an image file, EXIF-upright as the OCR reader reads it, ``width_px`` wide."""
    check_image(source)  # pixel and frame limits, read from the header
    with Image.open(source) as image:
        count = int(getattr(image, "n_frames", 1) or 1) if image.format == "TIFF" else 1
        if page > count:
            raise _out_of_range(page, count)
        image.seek(page - 1)
        if image.format == "JPEG":
            image.draft("RGB", (width_px, width_px))  # decode at a reduced size: same fractions
        image.load()
        frame = image.copy()
    frame = ImageOps.exif_transpose(frame) or frame  # the reader's own turn (extractors.image.prepare)
    frame = _displayable(frame)
    height = max(1, round(frame.height * width_px / frame.width))
    _pixels(width_px, height)
    if frame.size != (width_px, height):
        frame = frame.resize((width_px, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return frame, count


def _displayable(frame: Image.Image) -> Image.Image:
    """RGB or grey pixels: transparency on white paper, 16-bit and float scans stretched."""
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        import numpy as np  # heavy: only 16-bit and float scans need it

        values = np.asarray(frame, dtype=np.float64)
        top = float(values.max()) or 1.0
        return Image.fromarray((np.clip(values, 0, None) * (255 / top)).astype(np.uint8))
    return frame if frame.mode in ("RGB", "L") else frame.convert("RGB")


def _tokens(text: str) -> Counter[str]:
    """Words of a text after NFC and casefolding (the unit the snippet is matched in)."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFC", text).casefold()))


def _best(snippet: str, candidates: Sequence[str]) -> int | None:
    """Index of the candidate sharing most words with the snippet (ties: fewest extra words,
    then the first); None when none shares at least half of the snippet's words."""
    wanted = _tokens(snippet)
    need = max(1, (sum(wanted.values()) + 1) // 2)
    best: tuple[int, int] | None = None
    index: int | None = None
    for number, text in enumerate(candidates):
        have = _tokens(text)
        shared = sum((have & wanted).values())
        if shared < need:
            continue
        score = (shared, -sum((have - wanted).values()))
        if best is None or score > best:
            best, index = score, number
    return index


def _cell_text(value: Any, fmt: str) -> str:
    """A cell as the reader shows it (its number format, dates day first); never raises."""
    if value is None:
        return ""
    try:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return render_date(value, fmt or "General")
        if isinstance(value, int | float):
            shown = render_number(value, fmt or "General")
            return shown if shown is not None else general_number(value)
    except Exception:  # an odd format or value: shown plainly rather than failing the page
        return str(value)
    return str(value).replace("\r\n", "\n")


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    """The named worksheet (exact title, else equal after NFC and casefolding), else the first
    visible one."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise PageRenderError("The workbook has no worksheet", "Bảng tính không có trang tính nào")
    if sheet is not None:
        exact = [s for s in sheets if s.title == sheet]
        folded = unicodedata.normalize("NFC", sheet).casefold()
        loose = [s for s in sheets if unicodedata.normalize("NFC", s.title).casefold() == folded]
        if exact or loose:
            return (exact or loose)[0]
    visible = [s for s in sheets if getattr(s, "sheet_state", "visible") == "visible"]
    return (visible or sheets)[0]


def sheet_html(source: Path, sheet: str | None, snippet: str, max_rows: int = 400, max_cols: int = 40) -> str:
    """A worksheet as an escaped ``<table class="sheet">``, the row best matching ``snippet``
    marked (``id="hit"``, its matching cells ``class="hit"``), at most ``max_rows`` rows around
    it and ``max_cols`` columns; the first visible sheet when ``sheet`` is None or not found."""
    max_rows, max_cols = max(1, max_rows), max(1, max_cols)
    rows: list[list[str]] = []
    truncated = False
    with _wrapped(source):
        check_ooxml(source)
        check_sheet_sizes(source)  # the reader's row and cell limits
        with source.open("rb") as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_vba=False)
            try:
                worksheet = _pick_sheet(workbook, sheet)
                title = str(worksheet.title)
                for row in worksheet.iter_rows(min_row=1, min_col=1):
                    if len(rows) >= SCAN_ROWS:
                        truncated = True
                        break
                    rows.append([_cell_text(cell.value, getattr(cell, "number_format", "") or "") for cell in row])
            finally:
                workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    used = max((max((i + 1 for i, text in enumerate(r) if text), default=0) for r in rows), default=0)
    hit = _best(snippet, [" ".join(t for t in r if t) for r in rows]) if snippet.strip() else None
    start = 0 if hit is None else max(0, hit - max_rows // 2)
    end = min(len(rows), start + max_rows)
    start = max(0, end - max_rows)
    shown_cols = min(used, max_cols) or 1
    wanted = _tokens(snippet)
    span = shown_cols + 1
    out = [f'<table class="sheet"><caption>{html.escape(title)}</caption><thead><tr><th></th>']
    out.extend(f"<th>{get_column_letter(c)}</th>" for c in range(1, shown_cols + 1))
    out.append("</tr></thead><tbody>")
    if start:
        out.append(f'<tr class="note"><td colspan="{span}">Không hiển thị {start} dòng phía trên</td></tr>')
    for index in range(start, end):
        cells = rows[index][:shown_cols] + [""] * (shown_cols - len(rows[index][:shown_cols]))
        marked = index == hit
        out.append('<tr id="hit">' if marked else "<tr>")
        out.append(f"<th>{index + 1}</th>")
        for text in cells:
            hit_cell = marked and text and _tokens(text) & wanted
            out.append(f'<td class="hit">{html.escape(text)}</td>' if hit_cell else f"<td>{html.escape(text)}</td>")
        out.append("</tr>")
    notes = [f"Không hiển thị {len(rows) - end} dòng phía dưới" if end < len(rows) else "",
             f"Chỉ đọc {SCAN_ROWS} dòng đầu của trang tính" if truncated else "",
             f"Không hiển thị {used - shown_cols} cột bên phải" if used > shown_cols else ""]
    out.extend(f'<tr class="note"><td colspan="{span}">{note}</td></tr>' for note in notes if note)
    out.append("</tbody></table>")
    return "".join(out)


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _row_cells(row: Any) -> list[str]:
    """A table row's cell texts, a merged cell once (python-docx repeats it for each grid column)."""
    return [cell.text for cell in {id(cell._tc): cell for cell in row.cells}.values()]


def docx_html(source: Path, snippet: str) -> str:
    """A Word file's body as escaped ``<p>`` and ``<table>`` blocks in document order, the
    paragraph or table row best matching ``snippet`` marked ``class="hit" id="hit"``."""
    blocks: list[tuple[str, list[list[str]]]] = []  # a paragraph is one row of one cell
    with _wrapped(source):
        check_ooxml(source)
        document = open_word(source)
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(("table", [_row_cells(row) for row in item.rows]))
            elif item.text.strip():
                blocks.append(("p", [[item.text]]))
    places = [(number, row) for number, (_, rows) in enumerate(blocks) for row in range(len(rows))]
    best = _best(snippet, [" ".join(blocks[n][1][r]) for n, r in places]) if snippet.strip() else None
    hit = places[best] if best is not None else None
    marked = ' class="hit" id="hit"'
    out = ['<div class="docx">']
    for number, (kind, rows) in enumerate(blocks):
        if kind == "p":
            out.append(f"<p{marked if hit == (number, 0) else ''}>{_escaped(rows[0][0])}</p>")
            continue
        out.append('<table class="docx-table">')
        for row, cells in enumerate(rows):
            out.append(f"<tr{marked if hit == (number, row) else ''}>")
            out.extend(f"<td>{_escaped(text)}</td>" for text in cells)
            out.append("</tr>")
        out.append("</table>")
    out.append("</div>")
    return "".join(out)
