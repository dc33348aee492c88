"""Character error rate of the pipeline's OCR on every scanned or photographed sample page.

Usage: python benchmarks/ocr_cer.py [--results benchmarks/results/ocr_cer.json]

Each page listed in ``samples/truth/pages`` is read the way ``spcncl`` reads it
(``extractors.registry.read_document``: text layer judged, OCR where it is unusable, deskew,
orientation) and its text compared with the text the generator drew on it
(``pipeline.ocr_accuracy``). Prints one line per page and the mean, and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.registry import read_document  # noqa: E402
from pipeline.ocr_accuracy import character_error_rate, source_file, truth_pages  # noqa: E402


def main() -> None:
    """Measure and print the CER of every sample page."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "ocr_cer.json")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    samples = ROOT / "samples"
    rows, documents = [], {}
    started = time.perf_counter()
    for page in truth_pages(samples):
        path = source_file(samples, page)
        key = str(path)
        if key not in documents:
            documents[key] = read_document(path, page.relpath)
        read = documents[key].pages[page.page - 1]
        rate = character_error_rate(read.text, page.text)
        rows.append({"dossier": page.dossier_id, "file": page.relpath, "page": page.page, "source": read.source,
                     "chars": len(" ".join(page.text.split())), "cer": round(rate, 4)})
        print(f"{page.dossier_id}  {page.relpath:45} p{page.page}  {read.source:10} CER {rate:6.2%}")
    rates = [r["cer"] for r in rows]
    summary = {"pages": len(rows), "mean_cer": round(statistics.mean(rates), 4), "max_cer": max(rates),
               "median_cer": round(statistics.median(rates), 4), "seconds": round(time.perf_counter() - started, 1),
               "rows": rows}
    print(f"{len(rows)} pages: mean CER {summary['mean_cer']:.2%}, median {summary['median_cer']:.2%}, "
          f"max {summary['max_cer']:.2%}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
