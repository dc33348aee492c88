"""TrueType fonts for reportlab and Pillow: located on the system, stripped of hinting, registered once.

Liberation 2.x (under `truetype/liberation2/`) and DejaVu cover all Vietnamese precomposed letters; the
older Liberation 1.07 under `truetype/liberation/` does not, so it is only a last resort. Hinting tables
are dropped with fontTools before registration, which shrinks every embedded subset about three-fold.
"""

from __future__ import annotations

import io
import os
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation",
)

# family -> (regular, bold, italic, bold italic) file names
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "times": (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    "arial": (
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
    "dejavu-serif": (
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
    "dejavu-sans": (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    "dejavu-cond": (
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
        "DejaVuSerifCondensed-Italic.ttf",
        "DejaVuSerifCondensed-BoldItalic.ttf",
    ),
}
FALLBACK_FAMILY = "dejavu-sans"

_KEEP_CODEPOINTS = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x250))
    | set(range(0x300, 0x324))
    | set(range(0x1EA0, 0x1F00))
    | {
        0x2013,
        0x2014,
        0x2018,
        0x2019,
        0x201C,
        0x201D,
        0x2022,
        0x2026,
        0x2030,
        0x2116,
        0x20AB,
        0x2122,
        0x2605,
        0x2606,
        0x2610,
        0x2611,
        0x2612,
        0x2713,
        0x2714,
        0x2717,
        0x25A1,
        0x25A0,
        0x00AE,
    }
)


def font_path(filename: str) -> str:
    """Absolute path of an installed font file (first hit in FONT_DIRS)."""
    for d in FONT_DIRS:
        p = os.path.join(d, filename)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"font {filename} not found in {FONT_DIRS}")


@cache
def stripped_font(filename: str) -> bytes:
    """The font reduced to Latin/Vietnamese/symbol glyphs, without hinting (deterministic bytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont

    font = FTFont(font_path(filename), recalcTimestamp=False)
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH", "VDMX", "DSIG", "FFTM"):
        if tag in font:
            del font[tag]
    opts = subset.Options()
    opts.hinting = False
    opts.name_IDs = [0, 1, 2, 4, 6]
    opts.name_languages = [0x409]
    opts.layout_features = []
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH", "VDMX", "gasp", "DSIG", "FFTM"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=_KEEP_CODEPOINTS)
    import logging

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


@cache
def pdf_font(family: str, bold: bool = False, italic: bool = False) -> str:
    """Register (once) and return the reportlab font name for a family/style."""
    idx = (1 if bold else 0) + (2 if italic else 0)
    filename = FAMILIES[family][idx]
    name = filename.rsplit(".", 1)[0]
    pdfmetrics.registerFont(TTFont(name, io.BytesIO(stripped_font(filename)), asciiReadable=False))
    return name


@cache
def _cmap(fontname: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(fontname).face.charToGlyph)


def segments(text: str, fontname: str) -> list[tuple[str, str]]:
    """Split text into (segment, font) pieces, sending glyphs the font lacks to DejaVu Sans."""
    cmap = _cmap(fontname)
    fb = pdf_font(FALLBACK_FAMILY, "Bold" in fontname, "Italic" in fontname or "Oblique" in fontname)
    out: list[tuple[str, str]] = []
    for ch in text:
        f = fontname if ord(ch) in cmap or ch in " \t" else fb
        if out and out[-1][1] == f:
            out[-1] = (out[-1][0] + ch, f)
        else:
            out.append((ch, f))
    return out


def text_width(text: str, fontname: str, size: float) -> float:
    """Width in points of `text` drawn with fallback fonts."""
    return sum(pdfmetrics.stringWidth(s, f, size) for s, f in segments(text, fontname))


@cache
def pil_font(filename: str, size: int):
    """A Pillow FreeType font (full, hinted file) for drawing stamps and photos."""
    from PIL import ImageFont

    return ImageFont.truetype(font_path(filename), size)


def warm_fonts() -> None:
    """Strip and register every family once (before forking workers, which then share the result)."""
    for family in FAMILIES:
        for bold in (False, True):
            for italic in (False, True):
                pdf_font(family, bold, italic)
