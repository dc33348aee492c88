"""Paper-origin variants: stamp, sign, print-and-scan a born-digital PDF; photograph a page with a phone.

Everything is seeded (Python `random` for geometry, numpy for noise), so the output is byte-reproducible
with the same Pillow/libjpeg, pdfium and numpy builds.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .fonts import pil_font
from .model import Firm
from .pdfrender import PdfResult

DPI = 200
SCALE = DPI / 72.0
STAMP_RED = (200, 28, 48)
INK_BLUE = (28, 42, 140)
SCANNERS = (
    ("Canon iR-ADV C5535", "Adobe PSL 1.3e for Canon"),
    ("RICOH MP C3004", "RICOH MP C3004"),
    ("HP Scan", "HP Scan"),
    ("KYOCERA TASKalfa 3253ci", "KYOCERA"),
    ("NAPS2", "PdfSharp"),
)
STAMP_FORM = {"cp": "C.T.C.P", "tnhh": "C.T.T.N.H.H", "tnhh1tv": "C.T.T.N.H.H"}


def _arc_text(
    layer: Image.Image, text: str, c: float, r: float, start: float, end: float, top: bool, size: int
) -> None:
    font = pil_font("DejaVuSans-Bold.ttf", size)
    n = len(text)
    for i, ch in enumerate(text):
        a = start + (end - start) * (i + 0.5) / n
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), ch, fill=255, font=font, anchor="mm")
        rot = a - 90 if top else a - 270
        glyph = glyph.rotate(rot, resample=Image.BICUBIC)
        x = c + r * math.cos(math.radians(a)) - size
        y = c - r * math.sin(math.radians(a)) - size
        layer.paste(255, (int(x), int(y)), glyph)


def stamp_mask(firm: Firm, rng: random.Random, diameter: int) -> Image.Image:
    """The alpha mask of a round company seal ("con dấu") with M.S.D.N, place and name."""
    size = diameter + 24
    layer = Image.new("L", (size, size), 0)
    dr = ImageDraw.Draw(layer)
    c, R = size / 2, diameter / 2
    w = max(4, diameter // 55)
    dr.ellipse([c - R, c - R, c + R, c + R], outline=255, width=w)
    dr.ellipse([c - R * 0.64, c - R * 0.64, c + R * 0.64, c + R * 0.64], outline=255, width=max(2, w // 2))
    fs = int(diameter * 0.085)
    _arc_text(
        layer, f"M.S.D.N:{firm.tax_code} - {STAMP_FORM[firm.legal_form]}", c, R * 0.82, 200, -20, True, fs
    )
    _arc_text(layer, firm.stamp_place, c, R * 0.82, 235, 305, False, fs)
    lines = ["CÔNG TY", {"cp": "CỔ PHẦN", "tnhh": "TNHH", "tnhh1tv": "TNHH MTV"}[firm.legal_form]]
    lines += firm.short.split("\n")
    fsz = int(diameter * 0.075)
    font = pil_font("DejaVuSans-Bold.ttf", fsz)
    total = len(lines) * fsz * 1.15
    for i, line in enumerate(lines):
        while font.getlength(line) > R * 1.2 and fsz > 8:
            fsz -= 1
            font = pil_font("DejaVuSans-Bold.ttf", fsz)
        dr.text((c, c - total / 2 + (i + 0.5) * fsz * 1.15), line, fill=255, font=font, anchor="mm")
    dr.text((c, c + R * 0.5), "★", fill=255, font=pil_font("DejaVuSans.ttf", fs), anchor="mm")
    return layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def seal_mask(text: str, rng: random.Random, diameter: int) -> Image.Image:
    """The alpha mask of a state agency's seal: its name around the ring, an emblem (star) in the middle."""
    size = diameter + 24
    layer = Image.new("L", (size, size), 0)
    dr = ImageDraw.Draw(layer)
    c, R = size / 2, diameter / 2
    w = max(4, diameter // 55)
    dr.ellipse([c - R, c - R, c + R, c + R], outline=255, width=w)
    dr.ellipse([c - R * 0.62, c - R * 0.62, c + R * 0.62, c + R * 0.62], outline=255, width=max(2, w // 2))
    _arc_text(layer, text + " *", c, R * 0.81, 225, -45, True, int(diameter * 0.075))
    pts = []
    for k in range(10):
        r = R * (0.42 if k % 2 == 0 else 0.17)
        a = math.radians(90 + 36 * k)
        pts.append((c + r * math.cos(a), c - r * math.sin(a)))
    dr.polygon(pts, fill=255)
    return layer.rotate(rng.uniform(-20, 20), resample=Image.BICUBIC)


def _ink(mask: Image.Image, seed: int, strength: float) -> np.ndarray:
    """Turn a 0/255 mask into uneven ink coverage 0..1."""
    m = np.asarray(mask.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) / 255.0
    rs = np.random.default_rng(seed)
    blot = rs.uniform(0.55, 1.0, (max(2, mask.height // 24), max(2, mask.width // 24))).astype(np.float32)
    blot_img = Image.fromarray((blot * 255).astype(np.uint8)).resize(mask.size, Image.BILINEAR)
    return m * (np.asarray(blot_img, dtype=np.float32) / 255.0) * strength


def _apply_ink(page: np.ndarray, cover: np.ndarray, x0: int, y0: int, color: tuple[int, int, int]) -> None:
    h, w = cover.shape
    ph, pw = page.shape[:2]
    xa, ya, xb, yb = max(x0, 0), max(y0, 0), min(x0 + w, pw), min(y0 + h, ph)
    if xa >= xb or ya >= yb:
        return
    cov = cover[ya - y0 : yb - y0, xa - x0 : xb - x0, None]
    col = np.array(color, dtype=np.float32)[None, None, :] / 255.0
    region = page[ya:yb, xa:xb, :]
    page[ya:yb, xa:xb, :] = region * (1 - cov * (1 - col))


def signature_mask(rng: random.Random, w: int, h: int) -> Image.Image:
    """A handwritten-looking scribble: a loop, a long flourish and a tail."""
    mask = Image.new("L", (w, h), 0)
    dr = ImageDraw.Draw(mask)
    pts = []
    loops = rng.randint(2, 4)
    for k in range(260):
        t = k / 259
        x = w * (0.08 + 0.84 * t) + w * 0.06 * math.sin(t * loops * 2 * math.pi)
        y = h * (
            0.55
            - 0.25 * math.sin(t * math.pi * rng.uniform(0.8, 1.2))
            + 0.18 * math.cos(t * loops * 2 * math.pi + 1.3)
        )
        pts.append((x, y))
    dr.line(pts, fill=255, width=max(3, w // 90), joint="curve")
    y_tail = h * rng.uniform(0.65, 0.8)
    dr.line(
        [(w * 0.05, y_tail), (w * 0.55, y_tail - h * 0.1), (w * 0.95, y_tail - h * 0.3)],
        fill=255,
        width=max(2, w // 120),
    )
    return mask


def mark_page(
    img: Image.Image,
    marks: list[dict],
    page_h_pt: float,
    firm: Firm | None,
    rng: random.Random,
    seed: int,
    scale: float = SCALE,
    stamp: bool = True,
) -> Image.Image:
    """Sign every signature mark and stamp those that carry the firm's seal (stamp partly over the text)."""
    page = np.asarray(img.convert("RGB"), dtype=np.float32) / 255.0
    for k, m in enumerate(marks):
        cx, cy = m["cx"] * scale, (page_h_pt - m["cy"]) * scale
        sw, sh = int(m["w"] * scale * 0.8), int(m["gap"] * scale * 1.1)
        sig = _ink(signature_mask(rng, sw, sh), seed + 11 * k, 0.95)
        _apply_ink(page, sig, int(cx - sw / 2 + rng.uniform(-10, 10)), int(cy - sh / 2), INK_BLUE)
        if stamp and m.get("stamp") and (firm is not None or m.get("seal")):
            dia = int(38 / 25.4 * DPI * scale / SCALE)
            sm = seal_mask(m["seal"], rng, dia) if m.get("seal") else stamp_mask(firm, rng, dia)
            cover = _ink(sm, seed + 7 * k, rng.uniform(0.7, 0.92))
            sx = int(cx - m["w"] * scale * 0.32 - sm.width / 2)
            sy = int(cy - sm.height / 2 - rng.uniform(0, 0.25) * sm.height)
            _apply_ink(page, cover, sx, sy, STAMP_RED)
    return Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8))


def degrade(img: Image.Image, rng: random.Random, seed: int, gray: bool) -> Image.Image:
    """Scanner look: paper tint, noise, dust, skew of 0.3–2°, slight blur."""
    rs = np.random.default_rng(seed)
    mode = "L" if gray else "RGB"
    a = np.asarray(img.convert(mode), dtype=np.float32)
    a = a * rng.uniform(0.9, 0.95) + rng.uniform(8, 16)
    noise = rs.normal(0, rng.uniform(1.0, 1.8), a.shape[:2]).astype(np.float32)
    a += noise if gray else noise[..., None]
    paper = rng.uniform(236, 246)
    lum = a if gray else a.mean(axis=2)
    a[lum > paper - 12] = paper  # the scanner's background clean-up keeps paper flat
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode)
    dr = ImageDraw.Draw(out)
    for _ in range(rng.randint(15, 45)):
        x, y, r = rng.uniform(0, out.width), rng.uniform(0, out.height), rng.uniform(0.6, 2.2)
        shade = int(rng.uniform(60, 150))
        dr.ellipse([x - r, y - r, x + r, y + r], fill=shade if gray else (shade, shade, shade))
    skew = rng.uniform(0.3, 2.0) * rng.choice([-1, 1])
    fill = int(paper)
    out = out.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=fill if gray else (fill,) * 3)
    return out.filter(ImageFilter.GaussianBlur(rng.uniform(0.85, 1.2)))


def jpeg(img: Image.Image, quality: int, exif: bytes | None = None) -> bytes:
    """Encode as progressive JPEG (4:2:0, optimised Huffman tables)."""
    buf = io.BytesIO()
    kw = {"exif": exif} if exif else {}
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=True, **kw)
    return buf.getvalue()


def images_to_pdf(pages: list[tuple[bytes, tuple[int, int]]], rng: random.Random) -> bytes:
    """Wrap JPEG page images in an image-only PDF (no text layer), one page per image at 200 dpi."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, pageCompression=1)
    creator, producer = rng.choice(SCANNERS)
    c.setCreator(creator)
    c.setProducer(producer)
    for data, (w, h) in pages:
        pw, ph = w * 72.0 / DPI, h * 72.0 / DPI
        c.setPageSize((pw, ph))
        c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, pw, ph)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf(res: PdfResult, firm: Firm | None, rng: random.Random, seed: int, opts: dict) -> bytes:
    """Print, stamp, sign and scan a rendered PDF: returns an image-only PDF.

    opts: `gray` (scan in grayscale), `rotate` ({page index: 90 or 180}), `quality` (JPEG), `stamp`.
    """
    doc = pdfium.PdfDocument(res.data)
    out = []
    for i in range(len(doc)):
        page = doc[i]
        img = page.render(scale=SCALE).to_pil()
        marks = [m for m in res.marks if m["page"] == i]
        if marks and opts.get("sign", True):
            img = mark_page(img, marks, page.get_height(), firm, rng, seed + i, stamp=opts.get("stamp", True))
        gray = opts.get("gray", False) or not marks
        img = degrade(img, rng, seed + 101 * i, gray)
        rot = opts.get("rotate", {}).get(i)
        if rot:
            img = img.rotate(rot, expand=True)
        q = opts.get("quality", 50)
        out.append((jpeg(img, q), img.size))
    doc.close()
    return images_to_pdf(out, rng)


def _coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Perspective coefficients mapping output (dst) points back to input (src) points, for PIL."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return [float(x) for x in np.linalg.solve(a, b)]


def phone_photo(res: PdfResult, rng: random.Random, seed: int) -> bytes:
    """Photograph page 1 on a desk: perspective tilt, uneven light, noise; pixels stored rotated + EXIF 6."""
    doc = pdfium.PdfDocument(res.data)
    page = doc[0]
    scale = 150 / 72.0
    img = page.render(scale=scale).to_pil().convert("RGB")
    if res.marks:
        img = mark_page(img, res.marks[:1], page.get_height(), None, rng, seed, scale=scale, stamp=False)
    doc.close()
    W, H = 1500, 2000
    rs = np.random.default_rng(seed)
    desk = np.zeros((H, W, 3), dtype=np.float32)
    grad = np.linspace(0.8, 1.1, W, dtype=np.float32)[None, :, None]
    desk[:] = np.array([112, 86, 62], dtype=np.float32) * grad
    desk += rs.normal(0, 6, (H, W, 1)).astype(np.float32)
    j = lambda s: rng.uniform(-s, s)  # noqa: E731
    dst = [
        (110 + j(40), 150 + j(40)),
        (1390 + j(40), 95 + j(40)),
        (1430 + j(30), 1900 + j(40)),
        (70 + j(30), 1850 + j(40)),
    ]
    src = [(0, 0), (img.width, 0), (img.width, img.height), (0, img.height)]
    coeffs = _coeffs(dst, src)
    warped = img.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", img.size, 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    m = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    photo = desk * (1 - m) + np.asarray(warped, dtype=np.float32) * m
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1.08 - 0.3 * ((xx / W - 0.25) ** 2 + (yy / H - 0.2) ** 2)
    light -= 0.12 * np.exp(-(((xx - W * 0.7) / (W * 0.25)) ** 2))
    photo = photo * light[..., None] + rs.normal(0, 3.0, (H, W, 1)).astype(np.float32)
    upright = Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    upright = upright.resize((960, 1280), Image.LANCZOS)  # what a chat app keeps of a phone photo
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x010F] = "samsung"
    exif[0x0110] = "SM-A536E"
    exif[0x0112] = 6
    exif[0x0132] = "2026:08:12 09:31:55"
    return jpeg(stored, 74, exif.tobytes())
