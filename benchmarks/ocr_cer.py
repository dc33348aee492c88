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
from pipeline.ocr_accuracy import character_error_rate, source_file, truth_pages, word_recall  # noqa: E402


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
        rate, recall = character_error_rate(read.text, page.text), word_recall(read.text, page.text)
        chars = len(" ".join(page.text.split()))
        photo = path.suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff")
        rows.append({"dossier": page.dossier_id, "file": page.relpath, "page": page.page, "source": read.source,
                     "kind": "photo" if photo else "scan", "chars": chars, "edits": round(rate * chars),
                     "cer": round(rate, 4), "word_recall": round(recall, 4)})
        print(f"{page.dossier_id}  {page.relpath:35} p{page.page}  {read.source:4} {chars:5} chars  "
              f"CER {rate:6.2%}  words found {recall:6.1%}")
    summary: dict = {"seconds": round(time.perf_counter() - started, 1)}
    for kind in ("scan", "photo"):
        chosen = [r for r in rows if r["kind"] == kind]
        if chosen:
            summary[kind] = {
                "pages": len(chosen),
                "cer_pooled": round(sum(r["edits"] for r in chosen) / sum(r["chars"] for r in chosen), 4),
                "cer_median": round(statistics.median(r["cer"] for r in chosen), 4),
                "word_recall_pooled": round(sum(r["word_recall"] * r["chars"] for r in chosen)
                                            / sum(r["chars"] for r in chosen), 4),
            }
            print(f"{kind}: {summary[kind]}")
    summary["rows"] = rows
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
