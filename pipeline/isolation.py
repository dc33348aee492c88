"""Read documents in reader processes: a hard per-document timeout, and a crash, a hang in
native code or runaway memory in one reader never takes the run down.

Readers are long-lived worker processes (forked from a ``forkserver`` that imported the readers
once), one per document read at the same time, so the readers' start-up and lazy set-up are paid
once per worker, not once per document. Each worker leads its own process group (its Tesseract
and LibreOffice helpers too). When a document's time is up the worker is killed with its group
and replaced; workers die with the run when it is killed. The reading itself, and the store in
``OUT/.cache``, are exactly those of ``pipeline.extraction``; the process that starts the
workers never loads the readers itself.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import json
import multiprocessing
import os
import queue
import signal
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractors.errors import DocumentTimeoutError
from extractors.settings import Settings
from pipeline.cache import entry_path, failed_result, relocate
from pipeline.inbox import InputFile
from pipeline.reading import DocumentResult

PRELOAD = ["pipeline.extraction", "extractors.pdf", "extractors.ocr", "extractors.extract", "extractors.image",
           "extractors.docx_reader", "extractors.xlsx_reader", "extractors.legacy_office", "pipeline.reader_preload"]
PR_SET_PDEATHSIG = 1
JOBS_PER_WORKER = 200  # a worker is replaced after this many documents (bounds slow leaks)


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _trim() -> None:
    """Give the memory freed by the last document back to the system (glibc keeps it otherwise)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _serve(conn: Connection) -> None:
    """A reader worker: read each file sent, answer ``{"cached", "result"}`` or ``{"error"}``."""
    from pipeline.extraction import cached_read  # heavy: the readers load in reader processes only (preloaded)

    with contextlib.suppress(OSError):
        os.setpgrp()
    _die_with_parent()
    # The preloaded modules (spaCy, pdfium, the patterns) are tens of thousands of objects that
    # live as long as the worker: out of the collector's reach, a document's thousands of words
    # no longer make every full collection walk them too (~10 % of born-digital reading time).
    gc.freeze()
    # A page yields hundreds of short-lived words; at the default threshold (700) a young
    # collection runs every few words and costs ~1 ms a page (15 % of born-digital reading).
    # The pipeline's objects hold no cycles worth collecting promptly: collect rarely instead.
    gc.set_threshold(50_000, 20, 100)
    while True:
        try:
            job = json.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            result, cached = cached_read(InputFile.model_validate_json(job["file"]),
                                         Path(job["cache_dir"]) if job["cache_dir"] else None, job["sha"],
                                         Settings.model_validate_json(job["settings"]))
            answer = {"cached": cached, "result": result.model_dump_json()}
        except Exception as exc:  # cached_read never raises for a bad file; this is a bug or a dead disk
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        conn.send_bytes(json.dumps(answer).encode())
        del answer
        _trim()


class _Worker:
    """One reader process and the pipe to it."""

    def __init__(self, context: Any) -> None:
        self.conn, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(theirs,), name="spcncl-reader", daemon=True)
        self.process.start()
        theirs.close()
        self.jobs = 0

    def kill(self) -> None:
        """Kill the worker and everything it started."""
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.pid is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
        self.process.join(5)


# What one document in flight may take: the reading child (≈150 MB) and two Tesseract processes
# with page images (≈2 × 120 MB), rounded up.
MEMORY_PER_WORKER = 450 * 1024 * 1024


def available_memory() -> int | None:
    """Bytes of memory available to new work (``MemAvailable``), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def usable_cores() -> int:
    """Cores this process may run on (CPU sets of containers honoured)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def worker_count(settings: Settings) -> int:
    """Documents read at once: the ``workers`` setting, else the cores, bounded by available memory."""
    if settings.workers > 0:
        return settings.workers
    memory = available_memory()
    by_memory = max(1, memory // MEMORY_PER_WORKER) if memory else usable_cores()
    return max(1, min(usable_cores(), by_memory))


class ReaderPool:
    """Reader workers started on demand, one per concurrent caller, reused between documents.

    Unless the ``ocr_workers`` setting is given, each document is given its share of the cores for
    Tesseract when it starts (all of them when it is read alone, half when two are read at once),
    so OCR never runs many more Tesseract processes than cores, yet a lone long scan at the end
    of a round still uses every core.
    """

    def __init__(self) -> None:
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._context: Any = None
        self._busy = 0
        self._abandoned = threading.Event()

    def _new_worker(self) -> _Worker:
        with self._lock:
            if self._context is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._context = context
            worker = _Worker(self._context)
            self._all.add(worker)
            return worker

    def started(self) -> bool:
        """Whether the fork server of the workers runs."""
        return self._context is not None

    def start(self, count: int) -> None:
        """Have ``count`` idle workers ready (their fork server loads the readers once)."""
        with self._lock:
            missing = count - len(self._all)
        for _ in range(missing):
            self._idle.put(self._new_worker())

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def read(self, file: InputFile, cache_dir: Path | None, sha: str | None, settings: Settings,
             timeout: float) -> tuple[DocumentResult, bool]:
        """Read one file in a worker; a worker past ``timeout`` or dead is killed and replaced."""
        self._park_if_abandoned()
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = self._new_worker()
        with self._lock:
            self._busy += 1
            busy = self._busy
        try:
            return self._read(worker, file, cache_dir, sha, settings, timeout, busy)
        finally:
            with self._lock:
                self._busy -= 1

    def _read(self, worker: _Worker, file: InputFile, cache_dir: Path | None, sha: str | None, settings: Settings,
              timeout: float, busy: int) -> tuple[DocumentResult, bool]:
        if not settings.ocr_workers:
            settings = settings.model_copy(update={"ocr_workers": max(1, usable_cores() // busy)})
        job = {"file": file.model_dump_json(), "cache_dir": str(cache_dir) if cache_dir else None, "sha": sha,
               "settings": settings.model_dump_json()}
        try:
            worker.conn.send_bytes(json.dumps(job).encode())
            if not worker.conn.poll(timeout):
                self._retire(worker)
                message = DocumentTimeoutError(f"> {timeout:g}s").user_message()
                return failed_result(file, sha, "timeout", message), False
            answer = json.loads(worker.conn.recv_bytes())
        except (EOFError, OSError, ValueError):
            self._park_if_abandoned()
            self._retire(worker)
            return failed_result(file, sha, "internal_error",
                                 f"Tiến trình đọc tệp dừng đột ngột (reader process died, exit code "
                                 f"{worker.process.exitcode})"), False
        worker.jobs += 1
        if worker.jobs >= JOBS_PER_WORKER:
            self._retire(worker)
        else:
            self._idle.put(worker)
        if "error" in answer:
            return failed_result(file, sha, "internal_error",
                                 f"Lỗi nội bộ khi đọc tệp (internal error): {answer['error']}"), False
        try:
            return DocumentResult.model_validate_json(answer["result"]), bool(answer["cached"])
        except (ValidationError, KeyError) as exc:
            return failed_result(file, sha, "internal_error", f"Lỗi nội bộ khi đọc tệp (internal error): {exc}"), False

    def abandon(self) -> None:
        """Kill every worker for good because the process is ending (Ctrl-C): a read in flight never
        returns, so its document is not recorded as failed by a reader that was killed on purpose."""
        self._abandoned.set()
        self.close()

    def _park_if_abandoned(self) -> None:
        if self._abandoned.is_set():
            threading.Event().wait()  # for ever: the process exits around this thread

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
        while not self._idle.empty():
            self._idle.get_nowait()


_pool = ReaderPool()
atexit.register(_pool.close)


def from_store(file: InputFile, cache_dir: Path | None, sha: str | None, settings: Settings) -> DocumentResult | None:
    """The stored reading of the file, without starting anything, or None."""
    if cache_dir is None or sha is None:
        return None
    target = entry_path(cache_dir, sha, settings)
    if not target.is_file():
        return None
    try:
        return relocate(DocumentResult.model_validate_json(target.read_text(encoding="utf-8")), file.relpath)
    except (ValidationError, OSError, ValueError):
        return None


def read_isolated(file: InputFile, cache_dir: Path | None, sha: str | None, settings: Settings,
                  timeout: float | None = None) -> tuple[DocumentResult, bool]:
    """Read (or take from the store) one file in a reader process with ``settings``; returns
    (result, was_cached).

    When the reading runs past ``timeout`` (default: the ``document_timeout`` setting) the
    worker is killed with its helpers and the file gets a ``timeout`` error; a worker that dies
    gives an ``internal_error``. Neither is stored, so the next pass tries the file again.
    """
    stored = from_store(file, cache_dir, sha, settings)
    if stored is not None:
        return stored, True
    limit = settings.document_timeout if timeout is None else timeout
    return _pool.read(file, cache_dir, sha, settings, limit)


def readers_started() -> bool:
    """Whether this process has started reader workers (and so their fork server)."""
    return _pool.started()


def start_readers(settings: Settings) -> threading.Thread:
    """Start the reader workers in the background, so that loading the readers (~2 s of one core)
    overlaps whatever the caller does next (Prefect's start) instead of the pass's first documents."""
    starting = threading.Thread(target=_pool.start, args=(worker_count(settings),), name="spcncl-readers-start",
                                daemon=True)
    starting.start()
    return starting


def shutdown() -> None:
    """Stop the reader workers (they are started again when needed)."""
    _pool.close()


def abandon_reads() -> None:
    """Kill the reader workers at once as the process ends (Ctrl-C); reads in flight never return."""
    _pool.abandon()
