"""OCR benchmark: the pipeline's OCR of a scanned PDF vs plain serial ``tesseract -l vie``.

Usage: python benchmarks/bench_ocr.py [--pages N] [--rotated K] [--workers W]

Builds one scanned PDF of N pages: the real scans in the shared realdocs collection (as
images at their own resolution) alternating with generated statement pages (known text,
skewed 0.5–2°, noise, specks, blur; K of them upside down). Then times

* pipeline: ``extractors.ocr.ocr_pdf_pages`` on every page (render at settings.ocr_dpi,
  deskew, orientation check, parallel Tesseract), memo cleared first;
* baseline: the same pages rendered to PNG beforehand (not timed), then
  ``tesseract page.png out -l vie`` one after another, as someone would by hand.

It prints both wall times, their ratio (goal ≤ 0.6 on two cores) and the character error
rate of the pipeline on the generated pages (the plain run's text follows Tesseract's column
order, so for it only an order-free word recall is comparable).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors import image as image_module
from extractors import ocr
from extractors.base import Page
from extractors.image import prepare
from extractors.settings import Settings, activate
from pipeline.ocr_accuracy import character_error_rate as cer

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SCANS = sorted(Path("/work/shared/realdocs/financial").glob("*.jpg")) or sorted(
    (Path(__file__).resolve().parent.parent / "tests" / "resources" / "realdocs").glob("*.jpg"))
LABELS = [
    ("Doanh thu bán hàng và cung cấp dịch vụ", "01"), ("Các khoản giảm trừ doanh thu", "02"),
    ("Doanh thu thuần về bán hàng và cung cấp dịch vụ", "10"), ("Giá vốn hàng bán", "11"),
    ("Lợi nhuận gộp về bán hàng và cung cấp dịch vụ", "20"), ("Doanh thu hoạt động tài chính", "21"),
    ("Chi phí tài chính", "22"), ("Trong đó: Chi phí lãi vay", "23"), ("Chi phí bán hàng", "25"),
    ("Chi phí quản lý doanh nghiệp", "26"), ("Lợi nhuận thuần từ hoạt động kinh doanh", "30"),
    ("Thu nhập khác", "31"), ("Chi phí khác", "32"), ("Lợi nhuận khác", "40"),
    ("Tổng lợi nhuận kế toán trước thuế", "50"), ("Chi phí thuế thu nhập doanh nghiệp hiện hành", "51"),
    ("Lợi nhuận sau thuế thu nhập doanh nghiệp", "60"), ("Lãi cơ bản trên cổ phiếu", "70"),
]


def amount(rng: random.Random) -> str:
    return f"{rng.randint(10_000_000, 999_999_999_999):,}".replace(",", ".")


def generated_page(seed: int, upside_down: bool) -> tuple[Image.Image, str]:
    """An A4 income statement at 300 dpi with its text, degraded like a cheap office scan."""
    rng = random.Random(seed)
    title = ["CÔNG TY CỔ PHẦN NHỰA VÀ CƠ KHÍ HÀ NỘI", "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH",
             f"Năm {rng.choice([2023, 2024, 2025])}", "Đơn vị tính: đồng"]
    lines = title + [f"{label}\t{code}\t{amount(rng)}\t{amount(rng)}" for label, code in LABELS]
    lines.append("Người lập biểu\tKế toán trưởng\tTổng giám đốc")
    font = ImageFont.truetype(FONT, 40)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        for column, cell in enumerate(line.split("\t")):
            x = 180 if len(line.split("\t")) == 1 else [180, 1280, 1560, 2000][column]
            draw.text((x, 260 + 120 * row), cell, font=font, fill=0)
    page = page.rotate(rng.uniform(0.5, 2.0) * rng.choice([-1, 1]), resample=Image.Resampling.BICUBIC,
                       fillcolor=255)
    noise = np.random.default_rng(seed)
    pixels = np.asarray(page, dtype=np.float32) + noise.normal(0, 25, (page.height, page.width))
    pixels[noise.random(pixels.shape) < 0.001] = 0
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    return (page.rotate(180) if upside_down else page), "\n".join(lines)




def build(pages: int, rotated: int, folder: Path) -> tuple[Path, dict[int, str]]:
    """The scanned PDF, and the known text of its generated pages by page number."""
    images: list[tuple[Image.Image, int]] = []
    truth: dict[int, str] = {}
    scans = list(SCANS)
    generated = 0
    for number in range(1, pages + 1):
        if number % 2 == 1 and scans:
            image, dpi = prepare(Image.open(scans.pop(0)), Settings().max_image_pixels)
            images.append((image, dpi))
        else:
            page, text = generated_page(number, upside_down=generated < rotated)
            generated += 1
            images.append((page, 300))
            truth[number] = text
    # PIL writes one resolution per file, so each page becomes its own PDF (A4 at its own
    # dpi, as a scanner would), then pdfium joins them.
    document = pdfium.PdfDocument.new()
    for index, (image, dpi) in enumerate(images):
        single = folder / f"single{index}.pdf"
        image.save(single, resolution=float(dpi))
        source = pdfium.PdfDocument(str(single))
        document.import_pages(source)
        source.close()
    path = folder / "scan.pdf"
    document.save(str(path))
    document.close()
    return path, truth


def word_recall(hypothesis: str, reference: str) -> float:
    """Share of the reference's words found in the output, in any order (fair to the plain
    run, whose text follows Tesseract's column order rather than table rows)."""
    found = Counter(hypothesis.split())
    wanted = Counter(reference.split())
    return sum(min(n, found[w]) for w, n in wanted.items()) / max(1, sum(wanted.values()))


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (Tesseract runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def baseline(folder: Path, numbers: list[int], single_thread: bool) -> tuple[float, float]:
    """Plain ``tesseract page.png out -l vie``, one page after the other: (wall, CPU) seconds."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1") if single_thread else None
    start, cpu = time.perf_counter(), cpu_seconds()
    for number in numbers:
        subprocess.run([shutil.which("tesseract") or "tesseract", str(folder / f"p{number}.png"),
                        str(folder / f"b{number}"), "-l", "vie"], check=True, capture_output=True, env=env)
    return time.perf_counter() - start, cpu_seconds() - cpu


def pipeline(pdf: Path, numbers: list[int]) -> tuple[float, float, dict[int, Page]]:
    """The pipeline's OCR of the whole PDF, memo cleared so every page is really read."""
    ocr.clear_memo()
    start, cpu = time.perf_counter(), cpu_seconds()
    result = image_module.ocr_pdf_pages(pdf, numbers)
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--rotated", type=int, default=1, help="generated pages put in upside down")
    parser.add_argument("--workers", type=int, default=0, help="0 = settings.ocr_workers (0 = all cores)")
    parser.add_argument("--repeat", type=int, default=1, help="alternate both runs N times, keep the best")
    parser.add_argument("--omp1", action="store_true", help="also time the plain run with OMP_THREAD_LIMIT=1")
    args = parser.parse_args()
    if args.workers:
        os.environ["SPCNCL_OCR_WORKERS"] = str(args.workers)
        activate(Settings())
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="ocrbench-") as tmp:
        folder = Path(tmp)
        pdf, truth = build(args.pages, args.rotated, folder)
        numbers = list(range(1, args.pages + 1))
        for number, image, _ in image_module.render_pdf_pages(pdf, numbers, settings.ocr_dpi):
            image.save(folder / f"p{number}.png")
        print(f"{args.pages} pages ({len(truth)} generated, {min(args.rotated, len(truth))} upside down), "
              f"{settings.ocr_dpi} dpi, workers={ocr.worker_count()}, cores={os.cpu_count()}, "
              f"languages={settings.ocr_languages}, load before {os.getloadavg()[0]:.2f}")
        plain: list[tuple[float, float]] = []
        plain1: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        result: dict[int, Page] = {}
        for _ in range(args.repeat):
            plain.append(baseline(folder, numbers, single_thread=False))
            if args.omp1:
                plain1.append(baseline(folder, numbers, single_thread=True))
            elapsed, cpu, result = pipeline(pdf, numbers)
            ours.append((elapsed, cpu))
        best_plain, best_ours = min(t for t, _ in plain), min(t for t, _ in ours)

        def runs(values: list[tuple[float, float]]) -> str:
            return "runs (wall/CPU s) " + ", ".join(f"{w:.1f}/{c:.1f}" for w, c in values)

        print(f"baseline  serial `tesseract -l vie`: {best_plain:7.2f} s  ({best_plain / args.pages:.2f} s/page)  "
              + runs(plain))
        best_plain1 = min(t for t, _ in plain1) if plain1 else 0.0
        if plain1:
            print(f"baseline  same, OMP_THREAD_LIMIT=1 : {best_plain1:7.2f} s  " + runs(plain1))
        print(f"pipeline  ocr_pdf_pages          : {best_ours:7.2f} s  ({best_ours / args.pages:.2f} s/page)  "
              + runs(ours))
        print(f"ratio pipeline / baseline        : {best_ours / best_plain:7.2f}  (goal <= 0.6)"
              + (f";  vs OMP_THREAD_LIMIT=1 baseline {best_ours / best_plain1:.2f}" if plain1 else ""))
        print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine inflates both runs)")
        for number, text in truth.items():
            plain_text = (folder / f"b{number}.txt").read_text(encoding="utf-8")
            page = result[number]
            recall, plain_recall = word_recall(page.text, text), word_recall(plain_text, text)
            print(f"  page {number}: CER pipeline {cer(page.text, text):.3f}"
                  f" | word recall pipeline {recall:.3f}, plain {plain_recall:.3f} | confidence {page.confidence:.2f}")
        if truth:
            mean = sum(cer(result[n].text, t) for n, t in truth.items()) / len(truth)
            print(f"mean CER of the pipeline on generated pages: {mean:.4f}")


if __name__ == "__main__":
    main()
