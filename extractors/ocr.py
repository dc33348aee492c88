"""OCR with Tesseract for pages that have no usable text layer, and for photos and scans.

Each page image is turned upright if needed and read by the ``tesseract`` command with TSV
output, so every word keeps its box and confidence; small skew is measured and taken out of
the word boxes when rows are rebuilt. Pages are
read in parallel: one Tesseract process per core, each limited to one thread
(``OMP_THREAD_LIMIT=1``; Tesseract's own OpenMP threads only fight each other on a busy
machine). An in-process memo keyed on the page image's sha256 means no page is read twice.

Orientation is checked only when the first pass reads poorly (most pages are upright, and a
full OSD pass costs half a recognition pass): then Tesseract's OSD model decides, or, where
``osd.traineddata`` is missing, the rotation whose quick read is most confident wins.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image

from extractors.base import Page, Word
from extractors.deskew import estimate_skew
from extractors.errors import CorruptFileError, DocumentLoadError, DocumentTimeoutError, ToolMissingError
from extractors.layout import words_to_text
from extractors.ocr_gaps import reread_lost_words
from extractors.ocr_numbers import join_split_numbers, repair_number
from extractors.safety import check_deadline
from extractors.settings import active, child_env
from extractors.textnorm import normalise_text
from extractors.textquality import ENGLISH_PAGE, english_share

log = logging.getLogger(__name__)

POOR_READ = 0.75  # mean word confidence under which the page may be upside down: check orientation
OSD_TRUST = 1.5  # Tesseract's orientation confidence needed before rotating a page
OSD_LONG_SIDE = 2000  # pixels; pages are shrunk to this for orientation detection
MEMO_SIZE = 256  # pages remembered per process
# Sparse-text segmentation: rows are rebuilt from word boxes (extractors.layout), so
# Tesseract's own column analysis is not needed, and in psm 3 it dropped the whole narrow
# "Mã số" column of the QTP balance sheet (0 of 32 codes read; psm 11 read all 32 at the
# same speed and no lower accuracy on the prose scans).
PSM = "11"
LINE_PSM = "7"  # one text line: for a line read again because words went missing in it
# Table rules and specks read as these; they carry no meaning and split rows into bogus cells.
_NOISE = re.compile(r"^[|¦‖_~`'\"^*•:;,.\[\]{}<>=+]+$")
_TRANSPOSE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


@dataclass
class OcrResult:
    """One page read: words (boxes in the original image's frame), rebuilt text, confidence."""

    words: list[Word] = field(default_factory=list)
    text: str = ""
    confidence: float = 0.0
    rotation: int = 0  # clockwise degrees applied to make the page upright
    skew: float = 0.0  # counter-clockwise degrees that level the lines (applied to boxes only)

    def to_page(self, number: int) -> Page:
        """This result as a ``Page`` whose text came from OCR."""
        return Page(number=number, text=self.text, source="ocr", confidence=self.confidence,
                    words=list(self.words))


_memo: OrderedDict[str, OcrResult] = OrderedDict()
_memo_lock = threading.Lock()


@lru_cache(maxsize=1)
def tesseract_path() -> str:
    """The ``tesseract`` executable, or raise ``ToolMissingError``."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise ToolMissingError("tesseract")
    return exe


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Traineddata names Tesseract can load (``vie``, ``eng``, ``osd``…)."""
    done = subprocess.run([tesseract_path(), "--list-langs"], capture_output=True, text=True,
                          timeout=30, check=False)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def ocr_languages() -> str:
    """The configured languages that are installed, joined for ``-l``; raise if none is."""
    wanted = [lang for lang in active().ocr_languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed_languages()]
    if not usable:
        raise ToolMissingError(f"tesseract-ocr-{wanted[0] if wanted else 'vie'}")
    return "+".join(usable)


def _tesseract(image: Image.Image, args: list[str], dpi: int) -> subprocess.CompletedProcess[bytes]:
    """Run Tesseract on an image written as an uncompressed TIFF.

    A file, not a pipe: Tesseract reads stdin slowly (0.3–0.4 s more per A4 page, measured),
    and an uncompressed TIFF costs milliseconds to write where PNG costs half a second.
    """
    settings = active()
    env = child_env(OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="spcncl-ocr-") as tmp:
        source = Path(tmp) / "page.tif"
        image.save(source, format="TIFF", dpi=(dpi, dpi))
        try:
            return subprocess.run([tesseract_path(), str(source), "stdout", "--dpi", str(dpi), *args],
                                  capture_output=True, env=env, timeout=settings.ocr_timeout, check=False)
        except subprocess.TimeoutExpired as exc:  # run() has already killed the child
            raise DocumentTimeoutError(f"tesseract > {settings.ocr_timeout:g}s") from exc


@dataclass
class _Read:
    """Raw Tesseract words of one image: text, pixel boxes and confidences."""

    size: tuple[int, int]
    items: list[tuple[str, tuple[int, int, int, int], float]]

    @property
    def confidence(self) -> float:
        """Mean word confidence, 0..1."""
        return sum(c for _, _, c in self.items) / len(self.items) if self.items else 0.0

    @property
    def sideways(self) -> bool:
        """True when most words are taller than wide: a page turned 90°, which Tesseract
        reads as vertical lines with high confidence (so confidence alone misses it)."""
        longer = [(b[3] - b[1]) > (b[2] - b[0]) for t, b, _ in self.items if len(t) >= 3]
        return len(longer) >= 3 and sum(longer) > 0.5 * len(longer)


def read_tsv(image: Image.Image, dpi: int, languages: str, psm: str = PSM) -> _Read:
    """Recognise one upright image; keep level-5 (word) rows of Tesseract's TSV."""
    done = _tesseract(image, ["-l", languages, "--psm", psm, "tsv"], dpi)
    if done.returncode != 0 and not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise CorruptFileError(f"tesseract: {message[-300:]}")
    items: list[tuple[str, tuple[int, int, int, int], float]] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = repair_number(normalise_text(cols[11]).strip())
        if not text or _NOISE.match(text):
            continue
        left, top, width, height = (int(v) for v in cols[6:10])
        items.append((text, (left, top, left + width, top + height), max(0.0, float(cols[10])) / 100))
    return _Read(size=image.size, items=items)


def detect_orientation(image: Image.Image, dpi: int, languages: str) -> int:
    """Clockwise degrees (0, 90, 180, 270) that make the page upright; 0 when unsure."""
    if "osd" in installed_languages():
        # OSD needs no fine detail: at a 2000-px long side it was right on all 18 turned test
        # pages (real scans and generated) and 40 % faster than at 300 dpi; at 1400 px it erred.
        scale = min(1.0, OSD_LONG_SIDE / max(image.size))
        small = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.Resampling.BILINEAR) if scale < 1 else image
        done = _tesseract(small, ["-l", "osd", "--psm", "0"], max(1, round(dpi * scale)))
        output = done.stdout.decode("utf-8", "replace")
        rotate = re.search(r"Rotate:\s*(\d+)", output)
        trust = re.search(r"Orientation confidence:\s*([\d.]+)", output)
        if rotate and trust and float(trust.group(1)) >= OSD_TRUST:
            return int(rotate.group(1)) % 360
        return 0
    # No OSD model: read a half-size copy each way round and keep the most confident reading.
    small = image.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.Resampling.BILINEAR)
    scores = {angle: read_tsv(small.transpose(_TRANSPOSE[angle]), dpi // 2, languages).confidence
              for angle in (90, 180, 270)}
    scores[0] = read_tsv(small, dpi // 2, languages).confidence
    best = max(scores, key=lambda angle: scores[angle])
    return best if scores[best] > scores[0] + 0.15 else 0


def _unrotate(point: tuple[float, float], angle: float, source: tuple[int, int],
              rotated: tuple[int, int]) -> tuple[float, float]:
    """Map a point of ``source.rotate(angle, expand=True)`` back into ``source``."""
    rad = math.radians(angle)
    rx, ry = point[0] - rotated[0] / 2, point[1] - rotated[1] / 2
    return (rx * math.cos(rad) - ry * math.sin(rad) + source[0] / 2,
            rx * math.sin(rad) + ry * math.cos(rad) + source[1] / 2)


def _words(read: _Read, skew: float, turn: tuple[float, tuple[int, int], tuple[int, int]] | None,
           original: tuple[int, int]) -> tuple[list[Word], str]:
    """Words in the original frame, and the text rebuilt with the lines levelled.

    The image itself is never deskewed (Tesseract reads slightly tilted lines as well, and a
    resample costs 0.3 s a page): each box is turned by ``skew`` about the centre only to
    group rows. Evidence boxes are mapped back through a right-angle ``turn`` so they point
    at the page as filed.
    """
    read = _Read(size=read.size, items=join_split_numbers(read.items))
    width, height = read.size
    level: list[Word] = []
    words: list[Word] = []
    for text, box, conf in read.items:
        corners = [(float(x), float(y)) for x in (box[0], box[2]) for y in (box[1], box[3])]
        levelled = [_unrotate(p, -skew, read.size, read.size) for p in corners]
        xs, ys = [p[0] / width for p in levelled], [p[1] / height for p in levelled]
        level.append(Word(text=text, bbox=(min(xs), min(ys), max(xs), max(ys)), confidence=conf))
        if turn is not None:
            corners = [_unrotate(p, *turn) for p in corners]
        xs = [min(max(x / original[0], 0.0), 1.0) for x, _ in corners]
        ys = [min(max(y / original[1], 0.0), 1.0) for _, y in corners]
        words.append(Word(text=text, bbox=(min(xs), min(ys), max(xs), max(ys)), confidence=conf))
    return words, words_to_text(level)


def ocr_image(image: Image.Image, dpi: int = 300) -> OcrResult:
    """Read one page image: recognise; if the read is poor or sideways, turn the page upright
    and read again; then level the rows by the measured skew.

    The first configured language (``vie``) reads every page alone: combined with ``eng``,
    Tesseract swaps Vietnamese words for their unaccented English-model reading (CER 0.5 % →
    2 % on our test pages) and runs 30 % slower. Only pages that read as English are read
    again with the full combination, which suits them better.
    """
    languages = ocr_languages()
    primary = languages.split("+")[0]
    gray = image if image.mode == "L" else image.convert("L")
    page, read, rotation = gray, read_tsv(gray, dpi, primary), 0
    turn: tuple[float, tuple[int, int], tuple[int, int]] | None = None
    if read.confidence < POOR_READ or read.sideways:
        degrees = detect_orientation(gray, dpi, primary)
        if degrees:
            turned = gray.transpose(_TRANSPOSE[degrees])
            second = read_tsv(turned, dpi, primary)
            if second.confidence > read.confidence:
                page, read, rotation = turned, second, degrees
                turn = (-float(degrees), gray.size, turned.size)
    language = primary
    if languages != primary and primary != "eng" and english_share(" ".join(t for t, _, _ in read.items)) >= (
            ENGLISH_PAGE):
        language = languages  # an English page: gaps are read again with the full combination too
        again = read_tsv(page, dpi, languages)
        if again.confidence > read.confidence:
            read = again
    # a word dropped inside a line leaves an inked gap: that stretch is read again on its own
    read = _Read(size=read.size, items=reread_lost_words(
        read.items, page, lambda crop: read_tsv(crop, dpi, language, LINE_PSM).items))
    skew = estimate_skew(page)
    words, text = _words(read, skew, turn, gray.size)
    return OcrResult(words=words, text=text, confidence=round(read.confidence, 4),
                     rotation=rotation, skew=skew)


def _memo_key(image: Image.Image, dpi: int) -> str:
    return hashlib.sha256(image.tobytes() + f"{image.mode}{image.size}{dpi}{ocr_languages()}".encode()).hexdigest()


def worker_count() -> int:
    """Parallel Tesseract processes: the setting, or the cores this process may use."""
    configured = active().ocr_workers
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: honours CPU sets of containers
    return configured if configured > 0 else max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def ocr_many(pages: Iterable[tuple[int, Image.Image, int]]) -> Iterator[tuple[int, OcrResult | DocumentLoadError]]:
    """OCR ``(key, image, dpi)`` items in parallel, yielding ``(key, result or error)``.

    ``pages`` may be a generator that renders lazily: at most two pages per worker wait in
    memory. Identical images (same sha256) are read once, and remembered for this process.
    The document's deadline (``extractors.safety``) is checked between pages, so a reader out
    of time stops queuing pages instead of finishing a long scan.
    """
    tesseract_path()  # fail fast, before rendering anything
    workers = worker_count()
    running: dict[Future[OcrResult], tuple[str, list[int]]] = {}
    queued: dict[str, list[int]] = {}

    def drain(block: bool) -> Iterator[tuple[int, OcrResult | DocumentLoadError]]:
        done, _ = wait(list(running), return_when=FIRST_COMPLETED, timeout=None if block else 0)
        for future in done:
            key, numbers = running.pop(future)
            queued.pop(key, None)
            error = future.exception()
            outcome: OcrResult | DocumentLoadError
            if error is None:
                outcome = future.result()
                _remember(key, outcome)
            elif isinstance(error, DocumentLoadError):
                outcome = error
            else:
                outcome = CorruptFileError(f"OCR: {type(error).__name__}: {error}")
            yield from ((number, outcome) for number in numbers)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        try:
            for number, image, dpi in pages:
                check_deadline("OCR")
                key = _memo_key(image, dpi)
                with _memo_lock:
                    known = _memo.get(key)
                if known is not None:
                    yield number, known
                elif key in queued:  # the same image is already being read in this batch
                    queued[key].append(number)
                else:
                    while len(running) >= 2 * workers:
                        yield from drain(True)
                    queued[key] = [number]
                    # each page in the settings of the reading that asked for it (a context per thread)
                    running[pool.submit(contextvars.copy_context().run, ocr_image, image, dpi)] = (key, queued[key])
                    yield from drain(False)
            while running:
                check_deadline("OCR")
                yield from drain(True)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # drop queued pages; running ones end soon
            raise


def _remember(key: str, result: OcrResult) -> None:
    with _memo_lock:
        _memo[key] = result
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def collect(results: Iterable[tuple[int, OcrResult | DocumentLoadError]]) -> tuple[
        dict[int, OcrResult], dict[int, DocumentLoadError]]:
    """Split ``ocr_many`` output into successes and failures."""
    good: dict[int, OcrResult] = {}
    bad: dict[int, DocumentLoadError] = {}
    for number, outcome in results:
        if isinstance(outcome, DocumentLoadError):
            bad[number] = outcome
        else:
            good[number] = outcome
    return good, bad


def clear_memo() -> None:
    """Forget remembered pages (tests and benchmarks measure cold runs)."""
    with _memo_lock:
        _memo.clear()


