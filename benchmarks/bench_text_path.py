"""Born-digital text path, readers and extractors alone: pages per second in one process.

    .venv/bin/python benchmarks/bench_text_path.py

Every text-layer PDF of samples/inbox and the foreign set (scans left out), read and extracted
three times; the fastest pass counts. No Prefect, store or outputs: the cost of reading and of
extraction only, to compare two versions of the code on the same machine.
"""

from __future__ import annotations

import glob
import time
from pathlib import Path

from extractors.errors import DocumentLoadError
from extractors.extract import extract_facts, warm_up
from extractors.registry import read_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    warm_up()
    paths = sorted(glob.glob(str(ROOT / "samples/inbox/*/**/*.pdf"), recursive=True))
    paths += sorted(glob.glob(str(ROOT / "tests/resources/foreign/inbox/*/*.pdf")))
    files = []
    for name in paths:
        try:
            if not read_document(Path(name), Path(name).name).ocr:
                files.append(Path(name))
        except DocumentLoadError:
            continue  # the broken files of the samples
    best, pages = float("inf"), 0
    for _ in range(3):
        start, pages = time.perf_counter(), 0
        for path in files:
            document = read_document(path, path.name)
            extract_facts(document)
            pages += len(document.pages)
        best = min(best, time.perf_counter() - start)
    print(f"{len(files)} text PDFs, {pages} pages: {pages / best:.0f} pages/s (read + extract, one process)")


if __name__ == "__main__":
    main()
