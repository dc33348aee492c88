"""Progress of a pass, reported by the flow and shown by whoever listens (the CLI's rich bars).

The flow calls the module functions; they do nothing until a listener is installed with
:func:`listening`, so a flow run by a Prefect worker or ``serve`` costs nothing extra.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Protocol

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Listener(Protocol):
    """Receives the events of a pass."""

    def started(self, dossiers: int, documents: int, reused: int) -> None:
        """The pass knows its work: dossiers and documents to do, dossiers taken as they were."""

    def document_done(self, dossier_id: str, relpath: str, from_store: bool) -> None:
        """One document was read (or taken from the store)."""

    def dossier_done(self, dossier_id: str, status: str) -> None:
        """One dossier was decided and its record written."""

    def writing(self) -> None:
        """The whole-round outputs are being written."""


_listener: Listener | None = None
_lock = threading.Lock()


@contextlib.contextmanager
def listening(listener: Listener) -> Iterator[Listener]:
    """Install ``listener`` for the passes run inside the block."""
    global _listener
    with _lock:
        previous, _listener = _listener, listener
    try:
        yield listener
    finally:
        with _lock:
            _listener = previous


def started(dossiers: int, documents: int, reused: int) -> None:
    """Tell the listener the size of the pass."""
    if _listener is not None:
        _listener.started(dossiers, documents, reused)


def document_done(dossier_id: str, relpath: str, from_store: bool) -> None:
    """Tell the listener a document is done."""
    if _listener is not None:
        _listener.document_done(dossier_id, relpath, from_store)


def dossier_done(dossier_id: str, status: str) -> None:
    """Tell the listener a dossier is done."""
    if _listener is not None:
        _listener.dossier_done(dossier_id, status)


def writing() -> None:
    """Tell the listener the round's outputs are being written."""
    if _listener is not None:
        _listener.writing()


class RichProgress:
    """Two bars on the terminal (dossiers, documents) for ``spcncl run``."""

    def __init__(self, console: object) -> None:
        self.bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), TextColumn("{task.fields[note]}"),
                             console=console, transient=False)  # type: ignore[arg-type]
        self.dossiers = self.bars.add_task("Hồ sơ", total=None, note="")
        self.documents = self.bars.add_task("Tài liệu", total=None, note="")

    def __enter__(self) -> RichProgress:
        self.bars.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop drawing the bars (leaving them as they are on the screen)."""
        self.bars.stop()

    def started(self, dossiers: int, documents: int, reused: int) -> None:
        """Set the totals; reused dossiers count as done."""
        note = f"{reused} không đổi" if reused else ""
        self.bars.update(self.dossiers, total=dossiers + reused, completed=reused, note=note)
        self.bars.update(self.documents, total=documents, completed=0)

    def document_done(self, dossier_id: str, relpath: str, from_store: bool) -> None:
        """Advance the documents bar."""
        self.bars.update(self.documents, advance=1, note=f"{dossier_id}/{relpath}"[-60:])

    def dossier_done(self, dossier_id: str, status: str) -> None:
        """Advance the dossiers bar."""
        self.bars.update(self.dossiers, advance=1)

    def writing(self) -> None:
        """Say the worksheet is being written."""
        self.bars.update(self.documents, note="ghi phiếu thẩm định…")
