"""Word (.docx) reader: what Word displays, in reading order (``extractors.docx_text``).

The package is checked first (``extractors.safety.check_ooxml``: sizes, encryption, no DTD in
any XML part); python-docx then parses with entity resolution off. Macro-enabled documents and
templates (.docm, .dotx) are read like .docx; their macros are never run.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart

from extractors.base import Page, ReadDocument
from extractors.docx_styles import W, WordStyles
from extractors.docx_text import Block, WordWalker
from extractors.errors import CorruptFileError, DocumentLoadError
from extractors.safety import check_deadline, check_ooxml

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# main-part content types read as a Word document: .docx, .docm, .dotx, .dotm
WORD_MAIN_TYPES = {
    CT.WML_DOCUMENT_MAIN,
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
for _content_type in WORD_MAIN_TYPES:  # python-docx maps only the .docx type to a document part
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)


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
    """Read a .docx into a single page (Word files carry no fixed pages).

    The body comes first, then the footnotes and endnotes it refers to, then the headers and
    footers Word shows (a first-page header only where the section has one, even-page ones
    only where the document turns them on), each part once.
    """
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
    part = document.part
    walker = WordWalker(WordStyles(_part_root(part, RT.STYLES), _part_root(part, RT.THEME)), fonts)
    lines: list[str] = []
    tables: list[list[list[str]]] = []

    def add(blocks: list[Block], skip_empty: bool = False) -> None:
        for number, block in enumerate(blocks):
            if number % 256 == 0:
                check_deadline("Word")
            if block.rows is not None:
                tables.append(block.rows)
                lines.extend("\t".join(cells) for cells in block.rows)
            elif block.text is not None and (block.text.strip() or not skip_empty):
                lines.append(block.text)

    add(walker.blocks(document.element.body))
    for note in _notes(part, walker.notes):
        walker.fields = []
        add(walker.blocks(note), skip_empty=True)
    for story in _header_footer_parts(document):
        walker.fields = []
        add(walker.blocks(story), skip_empty=True)
    page = Page(number=None, text="\n".join(lines), source="native", tables=tables)
    return ReadDocument(file=relpath, format="docx", pages=[page], fonts=fonts, warnings=warnings)


def _part_root(part: Any, reltype: str) -> Any | None:
    """The root element of the part related to ``part`` by ``reltype``, if there is one."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is not None:
                return element
            try:
                return parse_xml(target.blob)
            except Exception:  # a damaged side part does not stop the body being read
                return None
    return None


def _notes(part: Any, references: list[tuple[str, str]]) -> Iterator[Any]:
    """The footnotes and endnotes the shown text refers to, in the order it refers to them."""
    roots = {"footnote": _part_root(part, RT.FOOTNOTES), "endnote": _part_root(part, RT.ENDNOTES)}
    by_id: dict[tuple[str, str], Any] = {}
    for kind, root in roots.items():
        if root is None:
            continue
        for note in root.iterchildren(f"{{{W}}}{kind}"):
            if note.get(f"{{{W}}}type") in (None, "normal"):  # not the separator lines
                by_id[(kind, note.get(f"{{{W}}}id") or "")] = note
    seen: set[tuple[str, str]] = set()
    for reference in references:
        if reference in by_id and reference not in seen:
            seen.add(reference)
            yield by_id[reference]


def _header_footer_parts(document: DocxDocument) -> Iterator[Any]:
    """Header and footer roots shown by the sections, each once, in section order."""
    settings = _part_root(document.part, RT.SETTINGS)
    even_pages = settings is not None and settings.find(f"{{{W}}}evenAndOddHeaders") is not None
    seen: set[str] = set()
    body = document.element.body
    for sect in body.iter(f"{{{W}}}sectPr"):
        first_page = sect.find(f"{{{W}}}titlePg") is not None
        for tag in ("headerReference", "footerReference"):
            for reference in sect.iterchildren(f"{{{W}}}{tag}"):
                kind = reference.get(f"{{{W}}}type") or "default"
                if (kind == "first" and not first_page) or (kind == "even" and not even_pages):
                    continue
                rid = reference.get(f"{{{R}}}id") or ""
                if rid in seen or rid not in document.part.rels:
                    continue
                seen.add(rid)
                target = document.part.rels[rid].target_part
                element = getattr(target, "element", None)
                if element is not None:
                    yield element
