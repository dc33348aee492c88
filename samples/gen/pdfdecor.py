"""Page decorations for the PDF engine: certificate frames, emblems, e-signature boxes."""

from __future__ import annotations

from .blocks import Logo, SigBox
from .fonts import pdf_font, text_width

MM = 72.0 / 25.4


def draw_frame(eng) -> None:
    """Draw the decorative frame of certificates on the current page."""
    if eng.L.frame:
        c = eng.c
        c.saveState()
        c.setStrokeColorRGB(0.12, 0.22, 0.45)
        m = 9 * MM
        if eng.L.frame == "double":
            c.setLineWidth(2.2)
            c.rect(m, m, eng.W - 2 * m, eng.H - 2 * m)
            c.setLineWidth(0.6)
            c.rect(m + 5, m + 5, eng.W - 2 * m - 10, eng.H - 2 * m - 10)
        else:
            c.setLineWidth(5)
            c.rect(m, m, eng.W - 2 * m, eng.H - 2 * m)
        c.restoreState()


def draw_logo(eng, lg: Logo) -> None:
    """Draw a simple emblem with initials, centred, and advance."""
    if eng.y - lg.size - 6 < eng.bottom:
        eng.new_page()
    c = eng.c
    cx = (eng.x0 + eng.x1) / 2
    r = lg.size / 2
    cy = eng.y - r
    c.saveState()
    c.setStrokeColorRGB(0.1, 0.25, 0.55)
    c.setFillColorRGB(0.1, 0.25, 0.55)
    c.setLineWidth(2)
    if lg.shape == "circle":
        c.circle(cx, cy, r)
        c.circle(cx, cy, r - 4)
    else:
        c.rect(cx - r, cy - r, 2 * r, 2 * r)
    font = pdf_font(eng.L.family, True)
    fs = min(16.0, 1.5 * lg.size / max(len(lg.text), 1))
    w = text_width(lg.text, font, fs)
    eng._draw(cx - w / 2, cy - fs * 0.35, lg.text, font, fs)
    c.restoreState()
    eng.pages[-1].append(lg.text)
    eng.y -= lg.size + 8


def draw_sigbox(eng, sb: SigBox) -> None:
    """Draw an e-signature box on the right half and advance."""
    size = 9.0
    lh = size * 1.3
    h = lh * len(sb.lines) + 8
    if eng.y - h < eng.bottom:
        eng.new_page()
    xa = eng.x0 + 0.52 * (eng.x1 - eng.x0)
    c = eng.c
    c.saveState()
    c.setStrokeColorRGB(0.1, 0.55, 0.2)
    c.setLineWidth(1)
    c.rect(xa, eng.y - h, eng.x1 - xa, h)
    c.setFillColorRGB(0.1, 0.45, 0.15)
    font = pdf_font(eng.L.family)
    for i, line in enumerate(sb.lines):
        eng._draw(xa + 6, eng.y - 6 - (i + 0.8) * lh, line, font, size)
        eng.pages[-1].append(line)
    c.restoreState()
    eng.y -= h + 6
