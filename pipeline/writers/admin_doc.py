"""Building blocks of an administrative document in the format of Nghị định 30/2020/NĐ-CP.

A4, margins 20/20/30/15 mm, Times New Roman; the issuing body (parent body upper-case, body
upper-case bold, a short rule under it) beside the national motto (upper-case bold 13, motto
bold 14 with a rule of its own length); number/symbol and the subject line under the body;
place and date in italics under the motto; page numbers at the top centre from page 2; the
"Nơi nhận" list and the signature block side by side at the end.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from extractors import vnformat
from pipeline.writers.secretariat import PLACEHOLDERS, Secretariat

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
TEXT_WIDTH = 16.5  # cm between the margins
LEFT, RIGHT = 6.3, 10.2  # header columns (cm)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def set_fonts(element, name: str = FONT) -> None:  # type: ignore[no-untyped-def]
    """Set every script's font (Latin, East Asian, complex) so Vietnamese stays in one face."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def text(paragraph: Paragraph, content: str, size: float = 14, bold: bool = False, italic: bool = False) -> Paragraph:
    """Add a run in the document's font."""
    run = paragraph.add_run(content)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    run.font.name = FONT
    set_fonts(run._r)
    return paragraph


def placeholder(paragraph: Paragraph, key: str, size: float = 14, bold: bool = False) -> Paragraph:
    """The placeholder for a field the configuration left empty, highlighted so no draft goes
    out with it unnoticed (see ``Secretariat.gaps``)."""
    text(paragraph, PLACEHOLDERS[key], size, bold=bold)
    paragraph.runs[-1].font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def para(container, content: str = "", size: float = 14, bold: bool = False, italic: bool = False,  # type: ignore[no-untyped-def]
         align: WD_ALIGN_PARAGRAPH | None = None, indent: float | None = None, after: float = 6,
         first: bool = False) -> Paragraph:
    """A paragraph in a document or a cell (``first`` reuses a cell's empty first paragraph)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if content:
        text(paragraph, content, size, bold, italic)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    return paragraph


def new_document(title: str, author: str) -> DocumentObject:
    """An empty A4 document with the decree's margins, font and page numbers from page 2."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)  # type: ignore[attr-defined]
    set_fonts(normal.element)  # type: ignore[attr-defined]
    normal.paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
    normal.paragraph_format.line_spacing = 1.1  # type: ignore[attr-defined]
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = "2"
    run.append(label)
    field.append(run)
    number._p.append(field)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "vi-VN"
    return document


def no_borders(table: Table) -> None:
    """A layout table: no borders, fixed column widths."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    table.autofit = False


def widths(table: Table, sizes: list[float]) -> None:
    """Fixed column widths in cm (on the grid and on every cell: Word and LibreOffice honour that)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, size in zip(table.columns, sizes, strict=True):
        column.width = Cm(size)
    for row in table.rows:
        for cell, size in zip(row.cells, sizes, strict=True):
            cell.width = Cm(size)


def rule(cell: _Cell, length: float, cell_width: float) -> None:
    """A centred horizontal rule ``length`` cm long under the text of a cell."""
    paragraph = para(cell, after=0)
    side = max(0.0, (cell_width - length) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    properties.append(border)
    spacing = paragraph.paragraph_format
    spacing.line_spacing = Pt(2)


def heading(document: DocumentObject, sec: Secretariat, symbol: str, subject: str, day: dt.date) -> None:
    """The issuing body and the national motto; number/symbol, subject, place and date."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    widths(table, [LEFT, RIGHT])
    body, motto = table.cell(0, 0), table.cell(0, 1)
    para(body, sec.parent_body.upper(), 13, align=CENTER, after=0, first=True)
    para(body, sec.body.upper(), 13, bold=True, align=CENTER, after=0)
    rule(body, 2.2, LEFT)
    para(motto, MOTTO, 13, bold=True, align=CENTER, after=0, first=True)
    para(motto, MOTTO_LINE, 14, bold=True, align=CENTER, after=0)
    rule(motto, 6.1, RIGHT)
    number, date = table.cell(1, 0), table.cell(1, 1)
    para(number, f"Số:        /{symbol}", 13, align=CENTER, after=2, first=True).paragraph_format.space_before = Pt(6)
    if subject:
        para(number, subject, 12, align=CENTER, after=0)
    para(date, f"{sec.place}, {vnformat.long_date(day)}", 14, italic=True, align=CENTER, after=0,
         first=True).paragraph_format.space_before = Pt(6)


def signature(document: DocumentObject, sec: Secretariat, recipients: list[str]) -> None:
    """"Nơi nhận" (left) and the signer's authority, title and name (right)."""
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    widths(table, [7.5, 9.0])
    left, right = table.cell(0, 0), table.cell(0, 1)
    para(left, "Nơi nhận:", 12, bold=True, italic=True, after=0, first=True)
    for name in recipients:
        para(left, f"- {name.rstrip(';.')};", 11, after=0)
    para(left, f"- Lưu: {sec.archive.rstrip('.')}.", 11, after=0)
    first = True
    for line in (sec.signer.authority, sec.signer.title):
        if line:
            para(right, line.upper(), 14, bold=True, align=CENTER, after=0, first=first)
            first = False
    for _ in range(4):
        para(right, "", 14, after=0)
    if sec.signer.name.strip():
        para(right, sec.signer.name, 14, bold=True, align=CENTER, after=0)
    else:
        placeholder(para(right, align=CENTER, after=0), "signer.name", bold=True)


def grid_table(document: DocumentObject, header: list[str], rows: list[list[str]], sizes: list[float],
               size: float = 12, centred: tuple[int, ...] = ()) -> Table:
    """A bordered data table with a bold header row that repeats on each page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        para(cell, title, size, bold=True, align=CENTER, after=0, first=True)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            para(cell, value, size, align=CENTER if index in centred else None, after=0, first=True)
    widths(table, sizes)
    return table
