"""Prefect's own cost per task for each task runner: ``python benchmarks/bench_runners.py [--tasks N]``.

Runs a flow of N trivial tasks (they return their argument) under ``ThreadPoolTaskRunner`` and
``ProcessPoolTaskRunner`` with the same worker count, in embedded mode, and prints the seconds
per task. This is what a runner adds to every document task of a round, whatever the document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prefect import flow, task
from prefect.futures import wait
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner


@task
def echo(value: int) -> int:
    """A task that does nothing."""
    return value


def timed(runner: object, count: int) -> float:
    """Seconds for ``count`` trivial tasks under ``runner`` (flow start-up excluded)."""

    @flow(task_runner=runner)  # type: ignore[arg-type]
    def many(n: int) -> float:
        start = time.perf_counter()
        futures = [echo.submit(i) for i in range(n)]
        wait(futures)
        assert sum(f.result() for f in futures) == n * (n - 1) // 2
        return time.perf_counter() - start

    return many(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    results = {"tasks": args.tasks, "workers": args.workers, "load_before": round(os.getloadavg()[0], 2)}
    for name, runner in (("thread", ThreadPoolTaskRunner(max_workers=args.workers)),
                         ("process", ProcessPoolTaskRunner(max_workers=args.workers))):
        seconds = timed(runner, args.tasks)
        results[f"{name}_s_per_task"] = round(seconds / args.tasks, 4)
        print(f"{name:8s}: {seconds:6.2f} s for {args.tasks} tasks = {1000 * seconds / args.tasks:.1f} ms/task",
              flush=True)
    results["load_after"] = round(os.getloadavg()[0], 2)
    if args.results:
        args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
