"""Lay out blocks on A4 pages with reportlab, byte-reproducibly, recording every page's text.

Only what the dossiers need: wrapped paragraphs (left/centre/right/justify), tables with wrapping cells,
column spans, four border styles and header rows repeated after a page break, signature blocks (whose
positions are returned so the scanner can stamp and sign them), rules, emblems and e-signature boxes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

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
from .fonts import pdf_font, segments, text_width
from .pdfdecor import draw_frame, draw_logo, draw_sigbox

MM = 72.0 / 25.4
rl_config.useA85 = 0          # plain Flate streams: ASCII85 only inflates the files


@dataclass
class PdfResult:
    """Rendered PDF, the text drawn on each page, signature positions and the page size in points."""

    data: bytes
    pages: list[str]
    marks: list[dict] = field(default_factory=list)
    size: tuple[float, float] = A4


@dataclass
class _Tok:
    text: str
    font: str
    space: bool
    underline: bool = False


_NL = _Tok("\n", "", False)


class _Engine:
    def __init__(self, layout: Layout, total_pages: int | None):
        self.L = layout
        self.W, self.H = landscape(A4) if layout.landscape else A4
        ml, mr, mt, mb = (m * MM for m in layout.margins)
        self.x0, self.x1, self.top = ml, self.W - mr, self.H - mt
        self.bottom = mb + (14 if layout.page_numbers else 0)
        self.total = total_pages
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(self.W, self.H), invariant=1, pageCompression=1)
        self.c.setAuthor(layout.author)
        self.c.setCreator(layout.creator)
        self.c.setTitle(layout.title)
        self.c.setProducer(layout.creator)
        self.pages: list[list[str]] = [[]]
        self.marks: list[dict] = []
        self.y = self.top
        self._decorate()

    # -- pages -----------------------------------------------------------------------------------------
    def _decorate(self) -> None:
        draw_frame(self)

    def _footer(self) -> None:
        style = self.L.page_numbers
        if not style:
            return
        n = len(self.pages)
        text = {"n": str(n), "Trang n/N": f"Trang {n}/{self.total or '?'}",
                "n/N": f"{n}/{self.total or '?'}"}[style]
        font = pdf_font(self.L.family)
        w = text_width(text, font, 10)
        self._draw(self.W / 2 - w / 2, self.L.margins[3] * MM, text, font, 10)
        self.pages[-1].append(text)

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.pages.append([])
        self.y = self.top
        self._decorate()

    def finish(self) -> PdfResult:
        self._footer()
        self.c.showPage()
        self.c.save()
        pages = ["\n".join(p) + "\n" for p in self.pages]
        return PdfResult(self.buf.getvalue(), pages, self.marks, (self.W, self.H))

    # -- text ------------------------------------------------------------------------------------------
    def _draw(self, x: float, y: float, text: str, font: str, size: float) -> float:
        for seg, f in segments(text, font):
            self.c.setFont(f, size)
            self.c.drawString(x, y, seg)
            x += text_width(seg, f, size)
        return x

    def _tokens(self, runs: list[Run], bold: bool, italic: bool) -> list[_Tok]:
        toks: list[_Tok] = []
        pending = False
        for r in runs:
            font = pdf_font(self.L.family, r.bold or bold, r.italic or italic)
            for i, part in enumerate(r.text.split("\n")):
                if i:
                    toks.append(_NL)
                    pending = False
                for m in re.finditer(r"(\s*)(\S+)", part):
                    toks.append(_Tok(m.group(2), font, bool(m.group(1)) or pending, r.underline))
                    pending = False
                if part and part[-1].isspace():
                    pending = True
        return toks

    def _wrap(self, toks: list[_Tok], widths: tuple[float, float], size: float) -> list[tuple[list[_Tok],
                                                                                              bool]]:
        lines: list[tuple[list[_Tok], bool]] = []
        cur: list[_Tok] = []
        used = 0.0
        for t in toks:
            avail = widths[0] if not lines else widths[1]
            if t is _NL:
                lines.append((cur, True))
                cur, used = [], 0.0
                continue
            w = text_width(t.text, t.font, size)
            sp = text_width(" ", t.font, size) if (t.space and cur) else 0.0
            if cur and used + sp + w > avail + 0.01:
                lines.append((cur, False))
                cur, used, sp = [], 0.0, 0.0
            cur.append(t)
            used += sp + w
        lines.append((cur, True))
        return lines

    def _line(self, toks: list[_Tok], xa: float, xb: float, base: float, size: float, align: str,
              last: bool) -> str:
        widths = [text_width(t.text, t.font, size) for t in toks]
        gaps = [text_width(" ", t.font, size) if (t.space and i) else 0.0 for i, t in enumerate(toks)]
        natural = sum(widths) + sum(gaps)
        extra = 0.0
        x = xa
        if align == "center":
            x = xa + (xb - xa - natural) / 2
        elif align == "right":
            x = xb - natural
        elif align == "justify" and not last:
            n = sum(1 for g in gaps if g)
            if n:
                extra = (xb - xa - natural) / n
        text = ""
        for i, (t, w, g) in enumerate(zip(toks, widths, gaps, strict=True)):
            if g:
                x += g + extra
                text += " "
            # draw the following space too, so that text extraction finds real space characters
            trailing = " " if i + 1 < len(toks) and gaps[i + 1] else ""
            self._draw(x, base, t.text + trailing, t.font, size)
            if t.underline:
                self.c.setLineWidth(0.5)
                self.c.line(x, base - 1.5, x + w, base - 1.5)
            x += w
            text += t.text
        return text

    # -- blocks ----------------------------------------------------------------------------------------
    def para(self, p: Para) -> None:
        size = p.size or self.L.size
        lh = size * self.L.leading
        self.y -= p.before
        if p.keep_with_next and self.y - 4 * lh < self.bottom:
            self.new_page()
        xa = self.x0 + p.indent * MM
        first = p.first * MM
        toks = self._tokens(as_runs(p.runs), p.bold, p.italic)
        lines = self._wrap(toks, (self.x1 - xa - first, self.x1 - xa), size)
        for i, (line, last) in enumerate(lines):
            if self.y - lh < self.bottom:
                self.new_page()
            base = self.y - size * 0.95
            text = self._line(line, xa + (first if i == 0 else 0), self.x1, base, size, p.align, last)
            self.pages[-1].append(text)
            self.y -= lh
        self.y -= p.after

    def _cell_lines(self, cell: Cell, width: float, size: float, bold: bool):
        toks = self._tokens(as_runs(cell.text), cell.bold or bold, cell.italic)
        return [ln for ln, _ in self._wrap(toks, (width, width), cell.size or size)]

    def table(self, t: Table) -> None:
        size = t.size or self.L.size
        lh = size * 1.18
        total = self.x1 - self.x0
        scale = total / sum(t.widths)
        colw = [w * scale for w in t.widths]
        layouts = []
        for r, row in enumerate(t.rows):
            cells, col = [], 0
            for raw in row:
                cell = raw if isinstance(raw, Cell) else Cell(raw)
                x = self.x0 + sum(colw[:col])
                w = sum(colw[col:col + cell.span])
                align = cell.align or (t.align[col] if t.align else "left")
                bold = r < t.header_rows or r in t.bold_rows
                lines = self._cell_lines(cell, w - 2 * t.pad, size, bold)
                cells.append((cell, x, w, align, lines))
                col += cell.span
            h = max((len(c[4]) for c in cells), default=1) * lh + 2 * t.pad
            layouts.append((cells, h))
        first_on_page = True
        for r, (cells, h) in enumerate(layouts):
            if self.y - h < self.bottom:
                self._close_table(t)
                self.new_page()
                first_on_page = True
                if t.repeat_header and r >= t.header_rows:
                    for hr in range(t.header_rows):
                        self._row(t, layouts[hr], size, lh, hr, first_on_page)
                        first_on_page = False
            self._row(t, (cells, h), size, lh, r, first_on_page)
            first_on_page = False
        self._close_table(t)
        self.y -= t.after

    def _close_table(self, t: Table) -> None:
        if t.borders in ("hlines", "cols"):
            self.c.setLineWidth(0.8)
            self.c.line(self.x0, self.y, self.x1, self.y)

    def _row(self, t: Table, layout, size: float, lh: float, r: int, first_on_page: bool) -> None:
        cells, h = layout
        c = self.c
        top = self.y
        c.setLineWidth(0.6)
        if t.borders == "grid":
            for _, x, w, _, _ in cells:
                c.rect(x, top - h, w, h)
        elif t.borders in ("hlines", "cols"):
            if first_on_page:
                c.line(self.x0, top, self.x1, top)
            if r == t.header_rows - 1:
                c.line(self.x0, top - h, self.x1, top - h)
            if t.borders == "cols":
                for _, x, _w, _, _ in cells:
                    c.line(x, top, x, top - h)
                c.line(self.x1, top, self.x1, top - h)
        nlines = max((len(cl[4]) for cl in cells), default=0)
        for i in range(nlines):
            texts = []
            for cell, x, w, align, lines in cells:
                if i < len(lines):
                    csize = cell.size or size
                    base = top - t.pad - i * lh - csize * 0.93
                    texts.append(self._line(lines[i], x + t.pad, x + w - t.pad, base, csize,
                                            align, True))
            line = " ".join(s for s in texts if s)
            if line:
                self.pages[-1].append(line)
        self.y = top - h

    def sign_row(self, sr: SignRow) -> None:
        size = self.L.size
        lh = size * self.L.leading
        items = sr.items
        n_lines = max(len(s.titles) + (1 if s.date_line else 0) + (1 if s.note else 0) for s in items)
        need = sr.before + n_lines * lh + max(s.gap for s in items) + lh
        if self.y - need < self.bottom:
            self.new_page()
        self.y -= sr.before
        start = self.x0 + sr.left * (self.x1 - self.x0)
        colw = (self.x1 - start) / len(items)
        top = self.y
        rows: dict[int, list[str]] = {}
        bottom_y = top
        for k, s in enumerate(items):
            xa, xb = start + k * colw, start + (k + 1) * colw
            y = top
            specs = []
            if s.date_line:
                specs.append((s.date_line, False, True))
            specs += [(tt, True, False) for tt in s.titles]
            if s.note:
                specs.append((s.note, False, True))
            for idx, (text, bold, italic) in enumerate(specs):
                toks = self._tokens([Run(text, bold, italic)], False, False)
                rows.setdefault(idx, []).append(self._line(toks, xa, xb, y - size * 0.95, size, "center",
                                                           True))
                y -= lh
            self.marks.append({"page": len(self.pages) - 1, "cx": (xa + xb) / 2, "cy": y - s.gap / 2,
                               "w": colw, "gap": s.gap, "stamp": s.stamp, "seal": s.seal})
            y -= s.gap
            toks = self._tokens([Run(s.name, True)], False, False)
            rows.setdefault(99, []).append(self._line(toks, xa, xb, y - size * 0.95, size, "center", True))
            y -= lh
            bottom_y = min(bottom_y, y)
        for key in sorted(rows):
            self.pages[-1].append(" ".join(x for x in rows[key] if x))
        self.y = bottom_y - 4

    def rule(self, r: Rule) -> None:
        w = (self.x1 - self.x0) * r.frac
        cx = self.x0 + (self.x1 - self.x0) * (r.xfrac if r.xfrac is not None else 0.5)
        self.c.setLineWidth(0.7)
        self.c.line(cx - w / 2, self.y - 1, cx + w / 2, self.y - 1)
        self.y -= 7

    def logo(self, lg: Logo) -> None:
        draw_logo(self, lg)

    def sigbox(self, sb: SigBox) -> None:
        draw_sigbox(self, sb)

    def run(self, blocks: list[Block]) -> PdfResult:
        for b in blocks:
            if isinstance(b, Para):
                self.para(b)
            elif isinstance(b, Table):
                self.table(b)
            elif isinstance(b, Sign):
                self.sign_row(SignRow([b]))
            elif isinstance(b, SignRow):
                self.sign_row(b)
            elif isinstance(b, Space):
                self.y -= b.h
            elif isinstance(b, PageBreak):
                self.new_page()
            elif isinstance(b, Rule):
                self.rule(b)
            elif isinstance(b, Logo):
                self.logo(b)
            elif isinstance(b, SigBox):
                self.sigbox(b)
            else:
                raise TypeError(b)
        return self.finish()


def render_pdf(blocks: list[Block], layout: Layout) -> PdfResult:
    """Render blocks to PDF bytes (two passes when the footer needs the page count)."""
    total = None
    if layout.page_numbers and "N" in layout.page_numbers:
        total = len(_Engine(layout, None).run(blocks).pages)
    return _Engine(layout, total).run(blocks)
