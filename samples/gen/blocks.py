"""A tiny document model shared by the PDF and DOCX renderers.

Builders of each document kind return a list of blocks; `pdfrender` lays them out with reportlab (and
records the text of every page, for OCR ground truth), `docxrender` turns them into Word paragraphs and
tables. Text may contain `\\n` for forced line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of text with its own weight/slant."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


RunsLike = str | list[Run]


def as_runs(value: RunsLike, bold: bool = False, italic: bool = False) -> list[Run]:
    """Normalise a string or run list to a run list."""
    if isinstance(value, str):
        return [Run(value, bold, italic)]
    return value


@dataclass
class Para:
    """A paragraph. `align` is left/center/right/justify; sizes in points (None = document default)."""

    runs: RunsLike
    align: str = "justify"
    bold: bool = False
    italic: bool = False
    size: float | None = None
    indent: float = 0.0  # left indent, mm
    first: float = 0.0  # first-line indent, mm
    before: float = 0.0  # space before, pt
    after: float = 3.0  # space after, pt
    keep_with_next: bool = False


@dataclass
class Cell:
    """A table cell; `span` merges it with the following cells of the row."""

    text: RunsLike
    bold: bool = False
    italic: bool = False
    align: str | None = None
    span: int = 1
    size: float | None = None


@dataclass
class Table:
    """A table. `widths` are relative; `borders` is grid/none/hlines/cols."""

    rows: list[list[Cell | str]]
    widths: list[float]
    header_rows: int = 0
    repeat_header: bool = True
    borders: str = "grid"
    align: list[str] | None = None  # per column default alignment
    size: float | None = None
    pad: float = 2.5
    bold_rows: set[int] = field(default_factory=set)
    after: float = 6.0


@dataclass
class Sign:
    """A signature block: place/date line, titles, blank space for the signature, the signer's name."""

    titles: list[str]
    name: str
    note: str | None = "(Ký, ghi rõ họ tên, đóng dấu)"
    date_line: str | None = None
    stamp: bool = True
    gap: float = 62.0
    seal: str | None = None  # ring text of an authority's seal; None: the firm's own seal


@dataclass
class SignRow:
    """Signature blocks side by side; `left` is the fraction of the width left empty before them."""

    items: list[Sign]
    left: float = 0.45
    before: float = 8.0


@dataclass
class Space:
    """Vertical space in points."""

    h: float = 8.0


@dataclass
class PageBreak:
    """Start a new page."""


@dataclass
class Rule:
    """A short centred horizontal rule (under the national motto) of `frac` × text width."""

    frac: float = 0.28
    xfrac: float | None = None  # centre of the rule as a fraction of the width (None: middle)


@dataclass
class Logo:
    """A simple vector emblem (certification body / agency) with initials, centred."""

    text: str
    shape: str = "circle"
    size: float = 46.0


@dataclass
class SigBox:
    """An e-signature box such as tax-authority letters carry ("Ký bởi: … Ký ngày: …")."""

    lines: list[str]


Block = Para | Table | Sign | SignRow | Space | PageBreak | Rule | Logo | SigBox


@dataclass
class Layout:
    """Page settings shared by both renderers."""

    family: str = "times"  # reportlab family (see fonts.FAMILIES); DOCX always Times New Roman
    size: float = 13.0
    leading: float = 1.25
    margins: tuple[float, float, float, float] = (30.0, 20.0, 20.0, 20.0)  # left, right, top, bottom mm
    landscape: bool = False
    page_numbers: str | None = None  # None, "n", "Trang n/N", "n/N"
    frame: str | None = None  # None, "double", "thick"
    author: str = "Admin"
    creator: str = "Microsoft® Word 2016"
    title: str = ""
