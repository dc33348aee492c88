"""Write outputs atomically: a temporary file beside the target, then a rename.

A crash or a kill mid-write leaves the previous file (or none), never half a worksheet. The file
gets the permissions any new file of the user gets (the umask), not the private 0600 of a
temporary file: colleagues on a shared folder must be able to open the worksheet and letters.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where Linux tells it (``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:  # elsewhere only by setting it: briefly, under a lock
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with temp.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(temp, 0o666 & ~current_umask())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write bytes atomically."""
    with atomic_path(target) as temp:
        temp.write_bytes(data)


def save_atomic(target: Path, save: Callable[[Path], None]) -> None:
    """Let ``save`` write to a temporary path (openpyxl, python-docx), then move it in place."""
    with atomic_path(target) as temp:
        save(temp)
