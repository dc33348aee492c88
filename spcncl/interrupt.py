"""Ctrl-C stops a command at once: its helpers are ended, one Vietnamese line is printed, exit 130.

Letting ``KeyboardInterrupt`` travel took 79 s and ended in tracebacks: Prefect's engine caught it
and tried to report the crash to its embedded server, which the same Ctrl-C had already stopped
(it is in the terminal's process group), retrying the dead connection; then the reading threads
were waited for. Nothing of that is needed: what a pass finishes is written atomically as it
finishes (each dossier's record and state, each document's reading in the store), and a pass
killed at any point resumes from it (``tests/test_resume_sigkill.py``). So the handler ends the
reader processes first (a read in flight then never returns: no document is recorded as failed
because its reader was killed on purpose), then the Prefect server, prints the line, ends any
other child and leaves with ``os._exit``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.errors import InterruptedRun

STEP_SECONDS = 1.5  # what one clean-up step may take before the stop goes on without it


def descendants(pid: int) -> list[int]:
    """Every living process below ``pid`` (Linux ``/proc``; none where it is missing)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (name) state ppid …": the name may hold spaces or parentheses
            fields = entry.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_children() -> None:
    """End every process this one started that is still there (the fork server of the readers,
    a letters writer): nothing outlives the command or holds its output open."""
    for pid in descendants(os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _within(step: Callable[[], Any], seconds: float) -> None:
    """Run a clean-up step, giving up on it after ``seconds`` (a lock held by the interrupted code)."""
    runner = threading.Thread(target=lambda: _quietly(step), daemon=True)
    runner.start()
    runner.join(seconds)


def _quietly(step: Callable[[], Any]) -> None:
    with contextlib.suppress(Exception):
        step()


def stop_at_once(say: Callable[[str], Any], *steps: Callable[[], Any]) -> None:
    """From now on, until the process ends (its exit included: Prefect stops its server at exit),
    Ctrl-C (SIGINT) runs ``steps`` (each for at most a second and a half), tells the user with ``say``
    that what was done is kept, ends every child process and exits 130. A second Ctrl-C while
    stopping changes nothing. Only the main thread may set it (elsewhere this does nothing)."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for step in steps:
            _within(step, STEP_SECONDS)
        stopped = InterruptedRun()
        _within(lambda: say(stopped.message_vi), STEP_SECONDS)
        kill_children()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(stopped.exit_code)

    signal.signal(signal.SIGINT, stop)
