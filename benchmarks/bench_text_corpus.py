"""Born-digital text corpus benchmark: ``python benchmarks/bench_text_corpus.py [--corpus DIR] [--end-to-end]``.

On the corpus written by ``benchmarks/make_text_corpus.py`` (default ``benchmarks/data/text2000``:
fifty 40-page statement bundles, 2,000 pages), all in ONE process unless said otherwise:

* **pypdfium2**: plain ``get_textpage().get_text_range()`` page after page, the floor any reader
  of the text layer pays;
* **readers**: the pipeline's reading and extraction of every file in-process
  (``pipeline.extraction.read_and_extract``: sniffing, limits, the PDF reader, kinds, every field
  extractor), no Prefect, no store, no decisions, no outputs;
* **end to end** (``--end-to-end``): ``python -m spcncl run INBOX --out OUT --round 2026`` as a
  user runs it (embedded Prefect with its own ``PREFECT_HOME`` in a temporary folder, fresh OUT),
  pages per second over the pass's own seconds (``OUT/.state/last_pass.json``, start-up not
  counted) and over the wall time.

Each in-process measure runs ``--repeat`` times and the fastest counts (the machine is shared).
``--profile FILE`` writes the readers' cProfile statistics of one more pass to FILE.
Results go to ``benchmarks/results/text2000.json`` (``--results``) with the machine they ran on.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_round import TreeMemory, machine, plain_pdfium  # noqa: E402

DEFAULT_CORPUS = ROOT / "benchmarks" / "data" / "text2000"


def corpus_files(corpus: Path) -> list[Path]:
    """Every PDF of the corpus's inbox, in a fixed order."""
    files = sorted((corpus / "inbox").rglob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDF under {corpus / 'inbox'}: run benchmarks/make_text_corpus.py first")
    return files


def readers_pass(files: list[Path]) -> tuple[int, float]:
    """Pages and seconds of one in-process pass of the pipeline's reading and extraction."""
    from pipeline.extraction import read_and_extract
    from pipeline.inbox import InputFile

    pages, start = 0, time.perf_counter()
    for path in files:
        result = read_and_extract(InputFile(path=path, relpath=path.name))
        if result.entry.error:
            raise RuntimeError(f"{path}: {result.entry.error}")
        pages += result.entry.pages or 0
    return pages, time.perf_counter() - start


def readers(files: list[Path], repeat: int, profile: Path | None = None) -> dict:
    """The fastest of ``repeat`` in-process passes (after one warm-up file), optionally profiled."""
    from extractors.extract import warm_up

    warm_up()
    readers_pass(files[:1])  # imports, patterns and pdfium loaded before the clock starts
    gc.freeze()  # as a reader worker does once its modules are loaded (pipeline/isolation.py)
    best, pages = float("inf"), 0
    for _ in range(repeat):
        pages, seconds = readers_pass(files)
        best = min(best, seconds)
    if profile is not None:
        profiler = cProfile.Profile()
        profiler.runcall(readers_pass, files)
        profiler.dump_stats(str(profile))
    return {"pages": pages, "seconds": round(best, 3), "pages_per_s": round(pages / best, 1), "repeat": repeat}


def pdfium(files: list[Path], repeat: int) -> dict:
    """The fastest of ``repeat`` plain pypdfium2 passes over the text layer."""
    best, pages = float("inf"), 0
    for _ in range(repeat):
        pages, seconds = plain_pdfium(files)
        best = min(best, seconds)
    return {"pages": pages, "seconds": round(best, 3), "pages_per_s": round(pages / best, 1), "repeat": repeat}


def end_to_end(inbox: Path, pages: int, round_year: str = "2026") -> dict:
    """One cold ``spcncl run`` over ``inbox`` with a throw-away PREFECT_HOME and OUT: the pass's own
    seconds (start-up not counted), the wall time, and peak memory of the process tree."""
    with tempfile.TemporaryDirectory(prefix="spcncl-text2000-") as tmp:
        out = Path(tmp) / "out"
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"), DO_NOT_TRACK="1",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false")
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(out),
                                    "--round", round_year], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        memory = TreeMemory(process.pid)
        memory.start()
        _, stderr = process.communicate()
        wall = time.perf_counter() - start
        memory.stop.set()
        memory.join()
        if process.returncode != 0:
            raise RuntimeError(f"spcncl run failed ({process.returncode}): {stderr.decode()[-2000:]}")
        report = json.loads((out / ".state" / "last_pass.json").read_text(encoding="utf-8"))
    return {"pass_s": report["seconds"], "wall_s": round(wall, 2), "documents_read": report["documents_read"],
            "documents_failed": report["documents_failed"], "pages_per_s_pass": round(pages / report["seconds"], 1),
            "pages_per_s_wall": round(pages / wall, 1), "peak_rss_mb": round(memory.peak_rss / 1024),
            "peak_pss_mb": round(memory.peak_pss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "text2000.json")
    parser.add_argument("--repeat", type=int, default=3, help="in-process passes; the fastest counts")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics of one readers pass here")
    parser.add_argument("--end-to-end", action="store_true", help="also time a cold `spcncl run` of the corpus")
    parser.add_argument("--skip-pdfium", action="store_true")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    manifest_path = args.corpus / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    results: dict = {"machine": machine(), "corpus": {k: v for k, v in manifest.items() if k != "file_list"},
                     "files": len(files), "load_before": round(os.getloadavg()[0], 2)}
    if not args.skip_pdfium:
        results["pypdfium2"] = pdfium(files, args.repeat)
        print("pypdfium2", results["pypdfium2"], flush=True)
    results["readers"] = readers(files, args.repeat, args.profile)
    print("readers", results["readers"], flush=True)
    if args.end_to_end:
        results["end_to_end"] = end_to_end(args.corpus / "inbox", results["readers"]["pages"])
        print("end to end", results["end_to_end"], flush=True)
    results["load_after"] = round(os.getloadavg()[0], 2)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"results: {args.results}")


if __name__ == "__main__":
    main()
