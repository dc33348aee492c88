"""Build Word documents with features python-docx has no API for (raw WordprocessingML)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.parser import parse_xml

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())


def build_docx(path: Path, body_xml: str, document: docx.document.Document | None = None) -> Path:
    """A .docx whose body holds ``body_xml`` (w: prefixed blocks) after what ``document`` has."""
    document = document or docx.Document()
    body = document.element.body
    fragment = parse_xml(f"<w:body {DECLS}>{body_xml}</w:body>")
    sect = body.find(f"{{{NS['w']}}}sectPr")
    for child in list(fragment):
        if sect is not None:
            sect.addprevious(child)
        else:
            body.append(child)
    document.save(str(path))
    return path


def add_part(path: Path, name: str, xml: str, rel_type: str, content_type: str) -> None:
    """Add a part (footnotes, comments…) to a saved .docx and relate it to the main document."""
    with zipfile.ZipFile(path) as source:
        items = {n: source.read(n) for n in source.namelist()}
    rels = items["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdX{len(rels)}" Type="{rel_type}" '
                        f'Target="{name}"/></Relationships>')
    items["word/_rels/document.xml.rels"] = rels.encode()
    types = items["[Content_Types].xml"].decode()
    items["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>').encode()
    items[f"word/{name}"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items.items():
            target.writestr(item, data)


def p(*runs: str, ppr: str = "") -> str:
    """A paragraph of raw runs."""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    """A run holding ``text``."""
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
