"""What a Word document displays, walked from its XML (WordprocessingML) in reading order.

python-docx's ``paragraph.text`` reads every ``w:t`` of a paragraph's direct runs: it misses
content controls (``w:sdt``, how forms hold their filled fields), text boxes and inserted
tracked changes, and it would read hidden text. This walker reads what Word shows:

* content controls, block-level and inline, are read through; a control still showing its
  placeholder prompt ("Click here to enter text") holds no value and is left out; a check-box
  control reads as ☒ or ☐ from its checked state;
* tracked changes as they stand: inserted text (``w:ins``, ``w:moveTo``) is read, deleted text
  (``w:del``, ``w:moveFrom``, deleted table rows) is not;
* hidden text (``w:vanish`` on the run or through its styles) is not read;
* fields: the code (``w:instrText``) is not shown, the result is (``w:fldSimple`` and complex
  fields between ``begin``/``separate``/``end``, nested ones included); legacy form check boxes
  and drop-downs read as their state;
* text boxes and shapes (``w:txbxContent`` in DrawingML or VML, WordArt text) are read as
  lines after the paragraph that anchors them; of a ``mc:AlternateContent`` only the first
  choice is read, as its fallback repeats the same text box;
* symbols (``w:sym`` or text in Wingdings/Symbol) become the Unicode sign shown (☐ ☒ ☑ ✓);
* tabs stay tabs (a label and its value are two cells of the line), line breaks split the line,
  non-breaking hyphens are hyphens, soft hyphens are not shown;
* footnote and endnote references are remembered (their texts are read by the caller at the
  foot); their marks are not read, since a superscript ¹ after a figure would change it;
* each run is decoded from its own effective font (``extractors.docx_styles``), so a
  ``.VnTimeH`` title comes out in capitals next to ``.VnTime`` body text and Unicode runs
  stay untouched; runs drawn in capitals (``w:caps``) are read in capitals.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from extractors.docx_styles import RunFormat, W, WordStyles
from extractors.textnorm import fix_legacy, legacy_font_encoding, normalise_text

_W = f"{{{W}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐
_ON = {"1", "true", "on"}

# Symbol fonts draw their own glyphs for Latin code points; the signs forms use, by font.
_WINGDINGS = {0x6F: "\u2610", 0x71: "\u2610", 0x72: "\u2610", 0xA8: "\u2610", 0x6E: "\u25a0",
              0x78: "\u2612", 0xFD: "\u2612", 0xFE: "\u2611", 0xFC: "\u2713", 0xFB: "\u2717",
              0x6C: "\u25cf", 0x9F: "\u2022", 0xA7: "\u25aa", 0xD8: "\u27a2", 0x76: "\u2756"}
_WINGDINGS2 = {0xA3: "\u2610", 0x2A: "\u2610", 0x52: "\u2611", 0x53: "\u2612", 0x54: "\u2612",
               0x51: "\u2612", 0x50: "\u2713", 0x4F: "\u2717", 0x98: "\u2022"}
_SYMBOL = {0xD6: "\u221a", 0xB4: "\u00d7", 0xB7: "\u2022", 0xB3: "\u2265", 0xA3: "\u2264",
           0xB1: "\u00b1", 0xAE: "\u2192", 0xB0: "\u00b0", 0x2D: "\u2212", 0xBB: "\u2248", 0xB9: "\u2260"}
_SYMBOL.update({ord(a): b for a, b in zip("ABCDEFGHIKLMNOPQRSTUWXYZ", "ΑΒΧΔΕΦΓΗΙΚΛΜΝΟΠΘΡΣΤΥΩΞΨΖ", strict=True)})
_SYMBOL.update({ord(a): b for a, b in zip("abcdefghijklmnopqrstuvwxyz", "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True)})
SYMBOL_FONTS = {"wingdings": _WINGDINGS, "wingdings 2": _WINGDINGS2, "symbol": _SYMBOL, "webdings": {}}


def symbol_text(text: str, font: str) -> str:
    """``text`` drawn in a symbol font, as the Unicode signs it shows (others as bullets)."""
    table = SYMBOL_FONTS.get(font.strip().lower(), {})
    out = []
    for char in text:
        code = ord(char)
        if 0xF000 <= code <= 0xF0FF:  # Word stores symbol glyphs in the private-use area
            code -= 0xF000
        if char.isspace():
            out.append(char)
        else:
            out.append(table.get(code, "\u2022"))
    return "".join(out)


def local(element: Any) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _on(element: Any, attribute: str = _W + "val") -> bool:
    """An on/off element's state (present without a value means on)."""
    if element is None:
        return False
    value = element.get(attribute)
    return value is None or value.lower() in _ON


@dataclass
class Block:
    """A paragraph's text (its lines split by line breaks) or a table's rows of cell texts."""

    text: str | None = None
    rows: list[list[str]] | None = None


@dataclass
class _Line:
    """A paragraph being assembled: text pieces with the format they are drawn in."""

    pieces: list[tuple[str, RunFormat | None]] = field(default_factory=list)
    floats: list[Block] = field(default_factory=list)
    hidden: bool = False

    def add(self, text: str, fmt: RunFormat | None = None) -> None:
        if not text:
            return
        if self.pieces and self.pieces[-1][1] == fmt and fmt is not None:
            self.pieces[-1] = (self.pieces[-1][0] + text, fmt)  # legacy decoding needs whole words
        else:
            self.pieces.append((text, fmt))


class WordWalker:
    """Reads blocks (paragraphs, tables) of one story: the body, a header, a note, a text box."""

    def __init__(self, styles: WordStyles, document_fonts: list[str]) -> None:
        """``document_fonts`` lower the bar of legacy detection where a run's font is unknown."""
        self.styles = styles
        self.document_fonts = document_fonts
        self.fields: list[bool] = []  # per open field: True once its result part has begun
        self.notes: list[tuple[str, str]] = []  # ("footnote"|"endnote", id) in reading order

    @property
    def visible(self) -> bool:
        """Whether text at this point is shown (not inside a field's code)."""
        return all(self.fields)

    def blocks(self, container: Any) -> list[Block]:
        """The blocks of a body, cell, text box, header or note, in order."""
        out: list[Block] = []
        for child in container.iterchildren():
            tag = local(child)
            if tag == "p":
                out.extend(self.paragraph(child))
            elif tag == "tbl":
                out.append(Block(rows=self.table(child)))
            elif tag == "sdt":
                if not _showing_placeholder(child):
                    content = child.find(_W + "sdtContent")
                    if content is not None:
                        out.extend(self.blocks(content))
            elif tag in ("customXml", "ins", "moveTo", "smartTag"):
                out.extend(self.blocks(child))
            elif tag == "AlternateContent":
                out.extend(self.blocks(_choice(child)))
        return out

    # --- paragraphs -------------------------------------------------------------------
    def paragraph(self, paragraph: Any) -> list[Block]:
        """The paragraph's line, then the text boxes it anchors."""
        line = _Line()
        self.inline(paragraph, self.styles.paragraph_style(paragraph), line)
        text = self.finish(line)
        out = [] if line.hidden and not text.strip() else [Block(text=text)]
        return out + line.floats

    def inline(self, element: Any, pstyle: str | None, line: _Line) -> None:
        """Runs and run containers inside a paragraph."""
        for child in element.iterchildren():
            tag = local(child)
            if tag == "r":
                self.run(child, pstyle, line)
            elif tag in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "dir", "bdo", "fldSimple"):
                self.inline(child, pstyle, line)
            elif tag == "sdt":
                self.inline_sdt(child, pstyle, line)
            elif tag == "AlternateContent":
                self.inline(_choice(child), pstyle, line)
            elif tag in ("oMath", "oMathPara") and self.visible:
                line.add("".join(t.text or "" for t in child.iter(MATH + "t")))
            # w:del and w:moveFrom (deleted), bookmarks, proofing marks, comment ranges: nothing shown

    def inline_sdt(self, sdt: Any, pstyle: str | None, line: _Line) -> None:
        """An inline content control: a check box, a placeholder, or content read through."""
        properties = sdt.find(_W + "sdtPr")
        checkbox = properties.find(W14 + "checkbox") if properties is not None else None
        if checkbox is not None:
            if self.visible:
                line.add(CHECKED if _on(checkbox.find(W14 + "checked"), W14 + "val") else UNCHECKED)
            return
        if _showing_placeholder(sdt):
            return
        content = sdt.find(_W + "sdtContent")
        if content is not None:
            self.inline(content, pstyle, line)

    def run(self, run: Any, pstyle: str | None, line: _Line) -> None:
        """One run's displayed text."""
        fmt = self.styles.run_format(pstyle, run.find(_W + "rPr"))
        line.hidden = line.hidden or fmt.hidden
        for child in run.iterchildren():
            tag = local(child)
            if tag == "fldChar":
                self.field_char(child, line)  # hidden or not, it opens and closes fields
                continue
            if fmt.hidden or not self.visible:
                continue
            if tag == "t":
                line.add(child.text or "", fmt)
            elif tag in ("tab", "ptab"):
                line.add("\t")
            elif tag in ("br", "cr"):
                line.add("\n")
            elif tag == "noBreakHyphen":
                line.add("-")
            elif tag == "sym":
                font = child.get(_W + "font") or "Symbol"
                with contextlib.suppress(ValueError):
                    line.add(symbol_text(chr(int(child.get(_W + "char") or "0", 16)), font))
            elif tag in ("footnoteReference", "endnoteReference"):
                self.notes.append((tag[:-len("Reference")], child.get(_W + "id") or ""))
            elif tag in ("drawing", "pict", "object", "AlternateContent"):
                saved, self.fields = self.fields, []  # a text box is a story of its own
                try:
                    line.floats.extend(self.shapes(_choice(child) if tag == "AlternateContent" else child))
                finally:
                    self.fields = saved
            # instrText (field codes), delText, softHyphen, annotation marks: not shown

    def field_char(self, char: Any, line: _Line) -> None:
        """Open, split or close a complex field; a legacy form field shows its state."""
        kind = char.get(_W + "fldCharType")
        if kind == "begin":
            data = char.find(_W + "ffData")
            if data is not None and self.visible:
                line.add(_form_field(data))
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def shapes(self, element: Any) -> list[Block]:
        """Text boxes and WordArt inside a drawing, in the order they are stored."""
        out: list[Block] = []
        for child in element.iterchildren():
            tag = local(child)
            if tag == "txbxContent":
                out.extend(self.blocks(child))
            elif tag == "AlternateContent":
                out.extend(self.shapes(_choice(child)))
            elif tag == "textpath" and child.get("string"):
                out.append(Block(text=normalise_text(child.get("string"))))
            else:
                out.extend(self.shapes(child))
        return out

    def finish(self, line: _Line) -> str:
        """The paragraph's text: each piece decoded from the font it is drawn in."""
        pieces: list[str] = []
        fonts_known = False
        for text, fmt in line.pieces:
            if fmt is not None and fmt.font:
                fonts_known = True
                if fmt.font.strip().lower() in SYMBOL_FONTS:
                    text = symbol_text(text, fmt.font)
                elif legacy_font_encoding([fmt.font]) in ("tcvn3", "vni"):
                    text = fix_legacy(text, [fmt.font])
            if fmt is not None and fmt.caps:
                text = text.upper()
            pieces.append(text)
        # where no run's font is known, the document's fonts are the best hint left
        return normalise_text("".join(pieces), None if fonts_known else self.document_fonts)

    # --- tables -----------------------------------------------------------------------
    def table(self, table: Any) -> list[list[str]]:
        """Rows of cell texts. A cell spanning columns is read once; a cell merged down
        repeats the text of the cell it continues; deleted rows are left out."""
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for row in _children(table, "tr"):
            properties = row.find(_W + "trPr")
            if properties is not None and properties.find(_W + "del") is not None:
                continue
            before = row.find(f"{_W}trPr/{_W}gridBefore")
            column = _int(before.get(_W + "val") if before is not None else None, 0)
            cells: list[str] = []
            current: dict[int, str] = {}
            for cell in _children(row, "tc"):
                tcpr = cell.find(_W + "tcPr")
                span = _int(_val(tcpr, "gridSpan"), 1) if tcpr is not None else 1
                vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
                hmerge = tcpr.find(_W + "hMerge") if tcpr is not None else None
                if hmerge is not None and hmerge.get(_W + "val") != "restart":
                    column += span
                    continue
                if vmerge is not None and vmerge.get(_W + "val") != "restart":
                    text = above.get(column, "")
                else:
                    text = self.cell_text(cell)
                cells.append(text)
                for offset in range(max(1, span)):
                    current[column + offset] = text
                column += max(1, span)
            above = current
            rows.append(cells)
        return rows

    def cell_text(self, cell: Any) -> str:
        """A cell's blocks on one line: line breaks and tabs inside a cell would split the row."""
        parts: list[str] = []
        for block in self.blocks(cell):
            if block.rows is not None:
                parts.append("\n".join("\t".join(r) for r in block.rows))
            elif block.text:
                parts.append(block.text)
        return " ".join(" ".join(part.split()) for part in parts if part.strip())


def _children(element: Any, tag: str) -> Iterable[Any]:
    """Rows of a table or cells of a row, also those wrapped in content controls."""
    for child in element.iterchildren():
        name = local(child)
        if name == tag:
            yield child
        elif name == "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif name in ("customXml", "ins", "moveTo"):
            yield from _children(child, tag)


def _val(properties: Any, name: str) -> str | None:
    element = properties.find(_W + name)
    return element.get(_W + "val") if element is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _choice(alternate: Any) -> Any:
    """The branch of a ``mc:AlternateContent`` read: its first choice, else its fallback."""
    branch = alternate.find(MC + "Choice")
    if branch is None:
        branch = alternate.find(MC + "Fallback")
    return branch if branch is not None else alternate.makeelement("empty")


def _showing_placeholder(sdt: Any) -> bool:
    """Whether a content control still shows its prompt rather than a value."""
    return _on(sdt.find(f"{_W}sdtPr/{_W}showingPlcHdr"))


def _form_field(data: Any) -> str:
    """What a legacy form field shows by itself: a check box's state or a drop-down's choice."""
    checkbox = data.find(_W + "checkBox")
    if checkbox is not None:
        checked = checkbox.find(_W + "checked")
        if checked is None:
            checked = checkbox.find(_W + "default")
        return CHECKED if checked is not None and _on(checked) else UNCHECKED
    dropdown = data.find(_W + "ddList")
    if dropdown is not None:
        entries = [e.get(_W + "val") or "" for e in dropdown.findall(_W + "listEntry")]
        chosen = _int(_val(dropdown, "result") or _val(dropdown, "default"), 0)
        return entries[chosen] if 0 <= chosen < len(entries) else ""
    return ""
