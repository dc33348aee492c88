"""Run a whole inbox as one batch through the plain functions and write a JSON report.

``python -m tests.hostile.batch INBOX OUT REPORT`` — the same stages as ``spcncl run`` without
Prefect (``tests/test_samples_e2e.py::sample_run``): discover, read each file through the store,
decide each dossier, write the outputs. The report lists every document's outcome, warnings and
reading time, and the process's peak memory (its own and its helpers').
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def run(inbox: Path, out: Path, year: int = 2026) -> dict:
    """Process ``inbox`` into ``out``; returns the report."""
    from extractors.settings import Settings
    from pipeline.round import load_round
    from pipeline.run import process_in_order, read_in_process, run_pass

    started = time.perf_counter()
    rubric, rnd = load_round(None, year)
    documents: dict[str, list[dict]] = {}

    def process(jobs, ctx):  # type: ignore[no-untyped-def]
        for outcome in process_in_order(jobs, ctx):
            documents[outcome.record.dossier_id] = [{
                "file": r.result.entry.file, "error_code": r.result.entry.error_code, "error": r.result.entry.error,
                "warnings": r.result.warnings, "kind": r.result.entry.kind, "seconds": round(r.seconds, 3),
            } for r in outcome.readings]
            yield outcome

    records = run_pass(inbox, out, rubric, rnd, Settings.from_env(), use_cache=True, process=process,
                       reader=read_in_process).records
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
        "statuses": {r.dossier_id: r.status for r in records},
        "documents": documents,
    }


def main(argv: list[str]) -> int:
    """Entry point: guard the network, run, write the report."""
    inbox, out, report = (Path(a) for a in argv[:3])
    if len(argv) > 3:
        from tests.hostile.netguard import install

        install(Path(argv[3]))
    data = run(inbox, out)
    report.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
