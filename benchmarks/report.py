"""Print the README's Performance table from ``benchmarks/results/*.json``:
``python benchmarks/report.py``."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
OCR_BEFORE_S_PER_PAGE = 0.69  # round50.json of 2026-12-04, before the pass became one plain function


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def main() -> None:
    r = json.loads((RESULTS / "round50.json").read_text(encoding="utf-8"))
    m, rd = r["machine"], r["round"]
    cold, warm, text, ocr = r["cold"], r["warm"], r["text"], r["ocr"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, Python {m['python']}, "
          f"Prefect {m['prefect']}, {m['tesseract']}, task runner `{m['task_runner']}`. Load average "
          f"{r['load_before']} before, {r['load_after']} after.\n")
    print(f"Round: {rd['dossiers']} dossiers, {rd['files']} files, {rd['pages']} pages "
          f"({rd['scanned_pages']} scanned = {rd['scanned_pages'] / rd['pages']:.0%}), {rd['bytes'] / 1e6:.0f} MB.\n")
    rows = [
        ("Cold round (empty store)", "≤ 15 min",
         f"{cold['wall_s'] / 60:.1f} min ({cold['pass_s'] / 60:.1f} min in the pass)",
         verdict(cold["wall_s"] <= 900)),
        ("Warm re-run, nothing changed", "≤ 3 % of cold",
         f"{warm['wall_s']:.1f} s = {warm['wall_s'] / cold['wall_s']:.1%} (the pass itself {warm['pass_s']:.1f} s)",
         verdict(warm["wall_s"] <= 0.03 * cold["wall_s"])),
        ("Born-digital text of the round, end to end", "≥ 200 pages/s",
         f"{text['pipeline_pages_per_s_pass']:.0f} pages/s in the pass ({text['pipeline_pages_per_s_wall']:.0f} "
         f"with start-up); plain pypdfium2 {text['pypdfium2_pages_per_s']:.0f} pages/s",
         verdict(text["pipeline_pages_per_s_pass"] >= 200)),
        ("Born-digital text, readers alone", "",
         f"{text['readers_alone_pages_per_s']:.0f} pages/s: the same files read and extracted by "
         f"{text['readers_alone_processes']} processes, no Prefect, store or outputs",
         "") if "readers_alone_pages_per_s" in text else None,
        ("OCR, pipeline seconds per scanned page", f"≤ {OCR_BEFORE_S_PER_PAGE} s (before issue 12)",
         f"{ocr['pipeline_s_per_page_pass']:.2f} s/page; serial `tesseract -l vie` "
         f"{ocr['tesseract_s_per_page']:.2f} s/page = {ocr['ratio_pass']:.2f} × ({ocr['pages']} pages)",
         verdict(ocr["pipeline_s_per_page_pass"] <= OCR_BEFORE_S_PER_PAGE * 1.05)),
        ("Peak memory, whole process tree", "≤ 700 MiB PSS",
         f"{cold['peak_pss_mb']} MiB PSS ({cold['peak_rss_mb']} MiB RSS summed)",
         verdict(cold["peak_pss_mb"] <= 700)),
    ]
    print("| measure | target | measured | |\n|---|---|---|---|")
    for row in rows:
        if row is not None:
            print("| " + " | ".join(row) + " |")
    corpus = RESULTS / "text2000.json"
    if corpus.is_file():
        t = json.loads(corpus.read_text(encoding="utf-8"))
        c, e2e = t["corpus"], t.get("end_to_end") or {}
        print(f"\nText corpus ({c['pages']} born-digital pages in {c['files']} PDFs, load average "
              f"{t['load_before']} before): plain pypdfium2 {t['pypdfium2']['pages_per_s']:.0f} pages/s and the "
              f"readers {t['readers']['pages_per_s']:.0f} pages/s, each in one process; end to end "
              f"{e2e.get('pages_per_s_pass', 0):.0f} pages/s in the pass ({e2e.get('pages_per_s_wall', 0):.0f} with "
              f"start-up; target ≥ 300 in the pass, {verdict(e2e.get('pages_per_s_pass', 0) >= 300)}), "
              f"peak {e2e.get('peak_pss_mb', '?')} MiB PSS.")
    runners = RESULTS / "runners.json"
    if runners.is_file():
        x = json.loads(runners.read_text(encoding="utf-8"))
        print(f"\nPrefect's cost per task ({x['tasks']} trivial tasks, {x['workers']} workers): "
              f"ThreadPoolTaskRunner {1000 * x['thread_s_per_task']:.0f} ms, "
              f"ProcessPoolTaskRunner {1000 * x['process_s_per_task']:.0f} ms.")


if __name__ == "__main__":
    main()
