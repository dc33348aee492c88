"""Word (.docx) reader: paragraphs and tables in document order, headers and footers after.

The package is checked first (``extractors.safety.check_ooxml``: sizes, encryption, no DTD in
any XML part); python-docx then parses with entity resolution off. Macro-enabled documents and
templates (.docm, .dotx) are read like .docx; their macros are never run.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import PartFactory
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors.base import Page, ReadDocument
from extractors.safety import check_deadline, check_ooxml
from extractors.textnorm import normalise_text
from pipeline.errors import CorruptFileError, DocumentLoadError

# main-part content types read as a Word document: .docx, .docm, .dotx, .dotm
WORD_MAIN_TYPES = {
    CT.WML_DOCUMENT_MAIN,
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
for _content_type in WORD_MAIN_TYPES:  # python-docx maps only the .docx type to a document part
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)


def iter_blocks(document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in the order they appear."""
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def table_rows(table: Table) -> list[list[str]]:
    """A table's rows as cell texts; merged cells repeat once, nested tables are flattened."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a horizontally merged cell is returned once per grid column
                continue
            previous = cell._tc
            parts = [p.text for p in cell.paragraphs]
            parts += ["\n".join("\t".join(r) for r in table_rows(t)) for t in cell.tables]
            # line breaks inside a cell would split one table row over several text lines
            cells.append(" ".join(" ".join(part.split()) for part in parts if part.strip()))
        rows.append(cells)
    return rows


def run_fonts(document: DocxDocument) -> list[str]:
    """Font names used by the document's runs and styles (to detect legacy encodings)."""
    fonts: set[str] = set()
    for element in document.element.body.iter():
        if element.tag.endswith("}rFonts"):
            for value in element.attrib.values():
                fonts.add(value)
    return sorted(fonts)


def open_word(path: Path) -> DocxDocument:
    """The python-docx document of a Word package (macro-enabled and template kinds included)."""
    part = Package.open(str(path)).main_document_part
    if part.content_type not in WORD_MAIN_TYPES or not isinstance(part, DocumentPart):
        raise CorruptFileError(part.content_type, message_vi="Tệp không phải văn bản Word",
                               message_en="Not a Word document")
    return part.document


def read_docx(path: Path, relpath: str) -> ReadDocument:
    """Read a .docx into a single page (Word files carry no fixed pages)."""
    warnings = check_ooxml(path)
    try:
        document = open_word(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFileError(str(exc)) from exc
    except DocumentLoadError:
        raise
    except Exception as exc:  # python-docx raises bare lxml and opc errors
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    fonts = run_fonts(document)
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for number, block in enumerate(iter_blocks(document)):
        if number % 256 == 0:
            check_deadline("Word")
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            rows = table_rows(block)
            tables.append(rows)
            lines.extend("\t".join(cells) for cells in rows)
    for section in document.sections:
        for part in (section.header, section.footer):
            lines.extend(p.text for p in part.paragraphs if p.text.strip())
    text = normalise_text("\n".join(lines), fonts)
    tables = [[[normalise_text(c, fonts) for c in row] for row in rows] for rows in tables]
    page = Page(number=None, text=text, source="native", tables=tables)
    return ReadDocument(file=relpath, format="docx", pages=[page], fonts=fonts, warnings=warnings)
