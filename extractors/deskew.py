"""Skew of a scanned page: the small tilt a feeder or a hand on a flatbed gives every scan.

Measured here from the pixels alone (no Tesseract), so ``extractors.ocr`` can level the page
before reading it and map the words' boxes back onto the page as filed.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

MAX_SKEW = 6.0  # degrees; larger tilts are photos of a different kind, left to Tesseract


def estimate_skew(image: Image.Image) -> float:
    """Counter-clockwise degrees that level the text lines (projection-profile search).

    Dark pixels of a downscaled, Otsu-binarised copy are sheared by each candidate angle; the
    angle whose row histogram is most peaked (sum of squares) puts the lines level.
    """
    scale = min(1.0, 1200 / max(image.size))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BILINEAR) if scale < 1 else image
    pixels = np.asarray(small, dtype=np.uint8)
    dark = pixels < _otsu(pixels)
    ys, xs = np.nonzero(dark)
    if ys.size < 500 or ys.size > 0.4 * dark.size:
        return 0.0  # blank page, or a photo / black border that would swamp the text lines
    if ys.size > 80_000:  # a fixed random sample keeps the search fast and deterministic
        pick = np.random.default_rng(0).choice(ys.size, 80_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys_f = ys.astype(np.float64)
    xs_f = xs.astype(np.float64) - small.width / 2

    def peakedness(angle: float) -> float:
        sheared = ys_f - xs_f * math.tan(math.radians(angle))
        counts = np.bincount((sheared - sheared.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=peakedness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.05), key=peakedness)
    if peakedness(fine) < 1.02 * peakedness(0.0):
        return 0.0  # no clear gain: do not resample the page for nothing
    return float(round(fine, 2))


def _otsu(pixels: np.ndarray) -> int:
    """Otsu's threshold of an 8-bit image."""
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    weights = np.cumsum(hist)
    means = np.cumsum(hist * np.arange(256))
    between = (means[-1] * weights - means * total) ** 2 / np.maximum(weights * (total - weights), 1)
    return int(np.argmax(between))
