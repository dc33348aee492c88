"""Word (.docx) reader: paragraphs and tables in document order, headers and footers after."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors.base import Page, ReadDocument
from extractors.textnorm import normalise_text
from pipeline.errors import CorruptFileError, DocumentLoadError


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


def read_docx(path: Path, relpath: str) -> ReadDocument:
    """Read a .docx into a single page (Word files carry no fixed pages)."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFileError(str(exc)) from exc
    except DocumentLoadError:
        raise
    except Exception as exc:  # python-docx raises bare lxml and opc errors
        raise CorruptFileError(f"{type(exc).__name__}: {exc}") from exc
    fonts = run_fonts(document)
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for block in iter_blocks(document):
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
    return ReadDocument(file=relpath, format="docx", pages=[page], fonts=fonts)
