"""Review station benchmark: ``python benchmarks/bench_station.py [--out OUT] [--repeat N]``.

On a round's output folder (default: a fresh ``spcncl run``-equivalent pass over ``samples/inbox``
into a temporary folder) it serves the station with uvicorn on 127.0.0.1, as ``spcncl review OUT
--serve`` does, and times over HTTP what a reviewer's browser asks for when a dossier page opens:
the page itself and the page image of its first doubtful value (or its first value with a page).

* **cold**: the first time each dossier is opened (page images rendered and cached under OUT);
* **warm**: the same again (images from the cache), ``--repeat`` times; the median and the worst.

The issue's target: a dossier page opens in < 300 ms warm. Results go to
``benchmarks/results/station.json`` (``--results``) with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_round import machine  # noqa: E402

IMAGE = re.compile(r'"doc": (\d+), "file": "[^"]*", "page": (\d+), "preview": "image"')


def sample_round(folder: Path) -> Path:
    """The samples decided into ``folder`` (the pass without Prefect, as the tests run it)."""
    from extractors.settings import Settings
    from pipeline.round import load_round
    from pipeline.run import run_pass

    rubric, rnd = load_round(None, 2026)
    run_pass(ROOT / "samples" / "inbox", folder, rubric, rnd, Settings.from_env(), workers=2)
    return folder


def start(out: Path) -> tuple[str, object]:
    """The station served on a free loopback port; returns its address and the server."""
    import uvicorn

    from station.app import create_app, open_station

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(open_station(out, "127.0.0.1", port)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def open_dossier(client, base: str, dossier: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds to fetch a dossier page and the page image its viewer shows first."""
    started = time.perf_counter()
    page = client.get(f"{base}/d/{dossier}")
    page.raise_for_status()
    text = page.text
    doubtful = text.find("state-doubtful")
    found = IMAGE.search(text.replace("&#34;", '"'), doubtful if doubtful >= 0 else 0) or \
        IMAGE.search(text.replace("&#34;", '"'))
    if found:
        client.get(f"{base}/d/{dossier}/doc/{found.group(1)}/page/{found.group(2)}.png").raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and write its results."""
    import httpx

    from pipeline.writers.records import read_records

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="a round's output folder (default: the samples, decided now)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "station.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        out = args.out or sample_round(Path(temp) / "out")
        base, server = start(out)
        dossiers = [r.dossier_id for r in read_records(out)]
        with httpx.Client(timeout=60) as client:
            cold = [open_dossier(client, base, d) for d in dossiers]
            warm = [open_dossier(client, base, d) for _ in range(args.repeat) for d in dossiers]
        server.should_exit = True  # type: ignore[attr-defined]
    result = {
        "dossiers": len(dossiers), "repeat": args.repeat,
        "cold_ms": {"median": round(statistics.median(cold) * 1000, 1), "max": round(max(cold) * 1000, 1)},
        "warm_ms": {"median": round(statistics.median(warm) * 1000, 1),
                    "p95": round(sorted(warm)[int(0.95 * (len(warm) - 1))] * 1000, 1),
                    "max": round(max(warm) * 1000, 1)},
        "target_warm_ms": 300, "machine": machine(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
