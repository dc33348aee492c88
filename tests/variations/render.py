"""Render one small document model to PDF, Word, Excel or a scan-like image.

A document is a list of blocks: paragraphs, tables and page breaks. A table cell is text
(``"\\n"`` forces a line break, so a label can be wrapped at a chosen word) or a number, which
each format writes its own way: PDF and Word print it with the document's number style, Excel
stores it as a number (or as printed text, when the document asks for text numbers).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from PIL import Image

Cell = str | int | float


def vn_number(value: float) -> str:
    """Vietnamese grouping: ``1.234.567,5``; negatives in parentheses as statements print them."""
    text = f"{abs(value):,.{0 if float(value).is_integer() else 2}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"({text})" if value < 0 else text


def en_number(value: float) -> str:
    """English grouping: ``1,234,567.5``."""
    text = f"{abs(value):,.{0 if float(value).is_integer() else 2}f}"
    return f"({text})" if value < 0 else text


@dataclass(frozen=True)
class Para:
    """A paragraph of text."""

    text: str
    bold: bool = False
    size: float = 10.5
    align: str = "left"  # left | center | right


@dataclass(frozen=True)
class Table:
    """A table; ``widths`` in millimetres, ``valign`` of the cells (TOP, MIDDLE, BOTTOM)."""

    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] | None = None
    valign: str = "MIDDLE"
    grid: bool = True
    bold_rows: int = 1


@dataclass(frozen=True)
class Break:
    """A page break."""


Block = Para | Table | Break


@dataclass(frozen=True)
class Doc:
    """Blocks and how numbers are printed in them."""

    blocks: Sequence[Block]
    number: Callable[[float], str] = vn_number
    text_numbers: bool = False  # Excel: numbers stored as printed text ("1,234,567,890")
    font: str = "DejaVuSerifCondensed"

    def cell_text(self, cell: Cell) -> str:
        """A cell as printed."""
        return cell if isinstance(cell, str) else self.number(cell)


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@cache
def pdf_font(name: str) -> str:
    """Register a DejaVu face (covers every Vietnamese letter) with reportlab, once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    return name


def _para_xml(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def to_pdf(doc: Doc, path: Path) -> Path:
    """A born-digital A4 PDF with a text layer."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    regular, bold = pdf_font(doc.font), pdf_font(f"{doc.font}-Bold")
    aligns = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
    flow: list[object] = []
    for block in doc.blocks:
        if isinstance(block, Break):
            flow.append(PageBreak())
        elif isinstance(block, Para):
            style = ParagraphStyle("p", fontName=bold if block.bold else regular, fontSize=block.size,
                                   leading=block.size * 1.3, alignment=aligns[block.align])
            flow += [Paragraph(_para_xml(block.text), style), Spacer(1, 1.5 * mm)]
        else:
            cells = []
            for index, row in enumerate(block.rows):
                font = bold if index < block.bold_rows else regular
                out = []
                for cell in row:
                    style = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11,
                                           alignment=TA_LEFT if isinstance(cell, str) else TA_RIGHT)
                    out.append(Paragraph(_para_xml(doc.cell_text(cell)), style))
                cells.append(out)
            widths = [w * mm for w in block.widths] if block.widths else None
            table = RLTable(cells, colWidths=widths)
            commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), block.valign)]
            if block.grid:
                commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            table.setStyle(commands)
            flow += [table, Spacer(1, 3 * mm)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title="", author="").build(flow)
    return path


def to_docx(doc: Doc, path: Path) -> Path:
    """A Word document: paragraphs and real tables."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    word = docx.Document()
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT}
    for block in doc.blocks:
        if isinstance(block, Break):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Para):
            paragraph = word.add_paragraph()
            paragraph.alignment = aligns[block.align]
            paragraph.add_run(block.text).bold = block.bold
        else:
            width = max(len(row) for row in block.rows)
            table = word.add_table(rows=len(block.rows), cols=width)
            if block.grid:
                table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    target = table.cell(r, c).paragraphs[0]
                    lines = doc.cell_text(cell).split("\n")
                    for k, line in enumerate(lines):
                        run = target.add_run(line)
                        run.bold = r < block.bold_rows
                        if k < len(lines) - 1:
                            run.add_break()
    word.save(str(path))
    return path


def to_xlsx(doc: Doc, path: Path) -> Path:
    """An Excel workbook, one sheet: paragraphs in column A, table rows as rows; page breaks start a sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    row = 1
    for block in doc.blocks:
        if isinstance(block, Break):
            sheet = book.create_sheet(f"Sheet{len(book.sheetnames) + 1}")
            row = 1
        elif isinstance(block, Para):
            sheet.cell(row=row, column=1, value=block.text)
            row += 1
        else:
            for cells in block.rows:
                for c, cell in enumerate(cells, start=1):
                    if isinstance(cell, str) or doc.text_numbers:
                        sheet.cell(row=row, column=c, value=doc.cell_text(cell).replace("\n", " "))
                    else:
                        sheet.cell(row=row, column=c, value=cell).number_format = "#,##0"
                row += 1
            row += 1
    book.save(str(path))
    return path


def scan_pages(pdf: Path, dpi: int = 150, angle: float = 0.7, seed: int = 7) -> list[Image.Image]:
    """The PDF's pages as a scanner gives them: grey, slightly rotated, noisy, a little blurred."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            pixels = np.asarray(image, dtype=np.float32) * 0.93 + 10 + rng.normal(0, 6, (image.height, image.width))
            grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
            grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=240)
            pages.append(grey.filter(ImageFilter.GaussianBlur(0.6)))
    finally:
        document.close()
    return pages


def to_scan_pdf(doc: Doc, path: Path, dpi: int = 150, angle: float = 0.7) -> Path:
    """A scanned PDF: the rendered pages as images, no text layer."""
    source = to_pdf(doc, path.with_suffix(".src.pdf"))
    pages = scan_pages(source, dpi, angle)
    first, *rest = pages
    first.save(str(path), "PDF", resolution=dpi, save_all=True, append_images=rest)
    source.unlink()
    return path


def to_photo(doc: Doc, path: Path, dpi: int = 150, angle: float = -1.8) -> Path:
    """A phone photo of the first page: colour JPEG, tilted, lit unevenly from one side."""
    import numpy as np
    from PIL import Image

    source = to_pdf(doc, path.with_suffix(".src.pdf"))
    page = scan_pages(source, dpi, angle, seed=11)[0]
    source.unlink()
    pixels = np.asarray(page, dtype=np.float32)
    light = np.linspace(0.82, 1.0, pixels.shape[1], dtype=np.float32)[None, :]
    rgb = np.stack([pixels * light * k for k in (1.0, 0.97, 0.9)], axis=2)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB").save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


WRITERS: dict[str, Callable[[Doc, Path], Path]] = {
    "pdf": to_pdf,
    "docx": to_docx,
    "xlsx": to_xlsx,
    "scan": to_scan_pdf,
    "photo": to_photo,
}
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "scan": ".pdf", "photo": ".jpg"}


def write(doc: Doc, fmt: str, path_stem: Path) -> Path:
    """Write ``doc`` in format ``fmt`` (pdf, docx, xlsx, scan, photo) next to ``path_stem``."""
    return WRITERS[fmt](doc, path_stem.with_suffix(SUFFIX[fmt]))
