"""Print the README's Performance table from ``benchmarks/results/*.json``:
``python benchmarks/report.py``."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def main() -> None:
    r = json.loads((RESULTS / "round50.json").read_text(encoding="utf-8"))
    m, rd = r["machine"], r["round"]
    cold, warm, text, ocr = r["cold"], r["warm"], r["text"], r["ocr"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, Python {m['python']}, "
          f"Prefect {m['prefect']}, {m['tesseract']}, task runner `{m['task_runner']}`. Load average "
          f"{r['load_before']} before, {r['load_after']} after (the machine was shared with other test runs).\n")
    print(f"Round: {rd['dossiers']} dossiers, {rd['files']} files, {rd['pages']} pages "
          f"({rd['scanned_pages']} scanned = {rd['scanned_pages'] / rd['pages']:.0%}), {rd['bytes'] / 1e6:.0f} MB.\n")
    rows = [
        ("Cold round (empty store)", "≤ 15 min",
         f"{cold['wall_s'] / 60:.1f} min ({cold['pass_s'] / 60:.1f} min in the pass)",
         verdict(cold["wall_s"] <= 900)),
        ("Warm re-run, nothing changed", "≤ 5 % of cold",
         f"{warm['wall_s']:.1f} s = {warm['wall_s'] / cold['wall_s']:.1%} (the pass itself {warm['pass_s']:.1f} s)",
         verdict(warm["wall_s"] <= 0.05 * cold["wall_s"])),
        ("Born-digital text, end to end", "≥ 200 pages/s",
         f"{text['pipeline_pages_per_s_pass']:.0f} pages/s in the pass ({text['pipeline_pages_per_s_wall']:.0f} "
         f"with start-up); plain pypdfium2 {text['pypdfium2_pages_per_s']:.0f} pages/s",
         verdict(text["pipeline_pages_per_s_pass"] >= 200)),
        ("Born-digital text, readers alone", "",
         f"{text['readers_alone_pages_per_s']:.0f} pages/s: the same files read and extracted by "
         f"{text['readers_alone_processes']} processes, no Prefect, store or outputs",
         "") if "readers_alone_pages_per_s" in text else None,
        ("OCR vs serial `tesseract -l vie`", "≤ 0.6 ×",
         f"{ocr['pipeline_s_per_page_pass']:.2f} s/page vs {ocr['tesseract_s_per_page']:.2f} s/page = "
         f"{ocr['ratio_pass']:.2f} × ({ocr['pages']} pages)", verdict(ocr["ratio_pass"] <= 0.6)),
        ("Peak memory, whole process tree", "≤ 1 GB",
         f"{cold['peak_pss_mb']} MB PSS ({cold['peak_rss_mb']} MB RSS summed)",
         verdict(cold["peak_pss_mb"] <= 1024)),
    ]
    print("| measure | target | measured | |\n|---|---|---|---|")
    for row in rows:
        if row is not None:
            print("| " + " | ".join(row) + " |")
    runners = RESULTS / "runners.json"
    if runners.is_file():
        x = json.loads(runners.read_text(encoding="utf-8"))
        print(f"\nPrefect's cost per task ({x['tasks']} trivial tasks, {x['workers']} workers): "
              f"ThreadPoolTaskRunner {1000 * x['thread_s_per_task']:.0f} ms, "
              f"ProcessPoolTaskRunner {1000 * x['process_s_per_task']:.0f} ms.")


if __name__ == "__main__":
    main()
