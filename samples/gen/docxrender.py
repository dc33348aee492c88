"""Turn blocks into a .docx with python-docx (Times New Roman, A4), optionally TCVN3-encoded (.VnTime)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import tcvn3
from .blocks import (
    Block,
    Cell,
    Layout,
    Logo,
    PageBreak,
    Para,
    Rule,
    Run,
    SigBox,
    Sign,
    SignRow,
    Space,
    Table,
    as_runs,
)
from .containers import DOCX_DROP, normalize_ooxml

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass
class DocMeta:
    """Package metadata pinned for reproducibility (and plausibility)."""

    created: datetime
    modified: datetime
    author: str = "Admin"
    last_modified_by: str = "Admin"
    revision: int = 3
    application: str = "Microsoft Office Word"


class _Writer:
    def __init__(self, layout: Layout, legacy: bool):
        self.L = layout
        self.legacy = legacy
        self.doc = Document()
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        if layout.landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Mm(297), Mm(210)
        ml, mr, mt, mb = layout.margins
        sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Mm(ml), Mm(mr), Mm(mt), Mm(mb)
        normal = self.doc.styles["Normal"]
        font_name = tcvn3.FONT if legacy else "Times New Roman"
        normal.font.name = font_name
        normal.font.size = Pt(layout.size)
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), font_name)
        normal.paragraph_format.space_after = Pt(3)
        normal.paragraph_format.line_spacing = 1.1
        self.width_mm = (297 if layout.landscape else 210) - ml - mr

    def _runs(self, par, runs: list[Run], bold=False, italic=False, size: float | None = None) -> None:
        for r in runs:
            for i, part in enumerate(r.text.split("\n")):
                if i:
                    par.add_run().add_break()
                if not part:
                    continue
                pieces = tcvn3.encode_runs(part) if self.legacy else [(part, None)]
                for text, font in pieces:
                    run = par.add_run(text)
                    run.bold = r.bold or bold or None
                    run.italic = r.italic or italic or None
                    if r.underline:
                        run.underline = True
                    if size:
                        run.font.size = Pt(size)
                    if font:
                        run.font.name = font
                        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), font)

    def para(self, p: Para, container=None) -> None:
        par = (container or self.doc).add_paragraph()
        par.alignment = ALIGN[p.align]
        pf = par.paragraph_format
        if p.indent:
            pf.left_indent = Mm(p.indent)
        if p.first:
            pf.first_line_indent = Mm(p.first)
        pf.space_before = Pt(p.before)
        pf.space_after = Pt(p.after)
        if p.keep_with_next:
            pf.keep_with_next = True
        self._runs(par, as_runs(p.runs), p.bold, p.italic, p.size)

    def table(self, t: Table) -> None:
        ncols = len(t.widths)
        tbl = self.doc.add_table(rows=len(t.rows), cols=ncols)
        if t.borders != "none":
            tbl.style = self.doc.styles["Table Grid"]
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        scale = self.width_mm / sum(t.widths)
        for i, w in enumerate(t.widths):
            tbl.columns[i].width = Mm(w * scale)
        for r, row in enumerate(t.rows):
            col = 0
            for raw in row:
                cell = raw if isinstance(raw, Cell) else Cell(raw)
                target = tbl.cell(r, col)
                if cell.span > 1:
                    target = target.merge(tbl.cell(r, col + cell.span - 1))
                target.width = Mm(sum(t.widths[col : col + cell.span]) * scale)
                par = target.paragraphs[0]
                align = cell.align or (t.align[col] if t.align else "left")
                par.alignment = ALIGN[align]
                par.paragraph_format.space_after = Pt(0)
                bold = cell.bold or r < t.header_rows or r in t.bold_rows
                self._runs(par, as_runs(cell.text), bold, cell.italic, cell.size or t.size)
                col += cell.span
        if t.header_rows and t.repeat_header:
            for r in range(t.header_rows):
                trpr = tbl.rows[r]._tr.get_or_add_trPr()
                el = trpr.makeelement(qn("w:tblHeader"), {})
                trpr.append(el)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(t.after / 2)

    def signs(self, sr: SignRow) -> None:
        n = len(sr.items)
        tbl = self.doc.add_table(rows=1, cols=n + 1)
        tbl.autofit = False
        left = self.width_mm * sr.left
        tbl.columns[0].width = tbl.cell(0, 0).width = Mm(max(left, 1))
        for k, s in enumerate(sr.items):
            cell = tbl.cell(0, k + 1)
            tbl.columns[k + 1].width = cell.width = Mm((self.width_mm - left) / n)
            pars = []
            if s.date_line:
                pars.append(Para(s.date_line, "center", italic=True, after=0))
            pars += [Para(x, "center", bold=True, after=0) for x in s.titles]
            if s.note:
                pars.append(Para(s.note, "center", italic=True, after=0))
            pars += [Para("", "center", after=0) for _ in range(int(s.gap // 16))]
            pars.append(Para(s.name, "center", bold=True, after=0))
            first = cell.paragraphs[0]
            for i, p in enumerate(pars):
                if i == 0:
                    first.alignment = ALIGN[p.align]
                    first.paragraph_format.space_after = Pt(0)
                    self._runs(first, as_runs(p.runs), p.bold, p.italic)
                else:
                    self.para(p, cell)

    def run(self, blocks: list[Block]) -> None:
        for b in blocks:
            if isinstance(b, Para):
                self.para(b)
            elif isinstance(b, Table):
                self.table(b)
            elif isinstance(b, Sign):
                self.signs(SignRow([b]))
            elif isinstance(b, SignRow):
                self.signs(b)
            elif isinstance(b, Space):
                self.para(Para("", after=b.h / 2))
            elif isinstance(b, PageBreak):
                self.doc.add_page_break()
            elif isinstance(b, Rule):
                align = (
                    "center"
                    if b.xfrac is None or abs(b.xfrac - 0.5) < 0.1
                    else ("left" if b.xfrac < 0.5 else "right")
                )
                self.para(Para("_" * max(8, int(b.frac * 60)), align, after=4))
            elif isinstance(b, Logo):
                self.para(Para(b.text, "center", bold=True, size=16))
            elif isinstance(b, SigBox):
                self.table(Table([[Cell("\n".join(b.lines), size=9)]], [1]))
            else:
                raise TypeError(b)


KEEP_STYLES = {
    "TableNormal",
    "TableGrid",
    "Normal",
    "DefaultParagraphFont",
    "NoList",
    "Title",
    "Heading1",
    "Heading2",
    "ListParagraph",
}


def _trim_styles(doc) -> None:
    """Drop the template's latent styles and unused styles (python-docx's template carries hundreds)."""
    root = doc.styles.element
    for el in list(root):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "latentStyles" or (tag == "style" and el.get(qn("w:styleId")) not in KEEP_STYLES):
            root.remove(el)


def render_docx(blocks: list[Block], layout: Layout, meta: DocMeta, legacy: bool = False) -> bytes:
    """Render blocks to normalised DOCX bytes; `legacy` writes TCVN3 text in .VnTime/.VnTimeH runs."""
    w = _Writer(layout, legacy)
    w.run(blocks)
    _trim_styles(w.doc)
    cp = w.doc.core_properties
    cp.author = meta.author
    cp.last_modified_by = meta.last_modified_by
    cp.created = meta.created
    cp.modified = meta.modified
    cp.revision = meta.revision
    cp.title = layout.title
    cp.comments = ""
    buf = io.BytesIO()
    w.doc.save(buf)
    return normalize_ooxml(
        buf.getvalue(),
        meta.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        meta.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        meta.application,
        DOCX_DROP,
    )
