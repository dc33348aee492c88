"""Which file on disk a dossier's document is — the only way the station reaches the disk.

A request names a document by its dossier id and its index in the record's list, never by a path.
The file is looked for where the worksheet's links point (``pipeline.writers.evidence_files``): in
the run's inbox for a folder dossier, under ``OUT/files`` for an unpacked archive. It must be a
regular file (a symbolic link is refused), lie inside its dossier's folder once every link on the
way is followed, and still hold the bytes that were read (its sha256 is the record's): a file
swapped or planted since the run is never shown as the evidence of a value.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline.models import DossierRecord
from pipeline.writers.evidence_files import FILES, dossier_path, in_inbox, inside, regular_file, sha256
from pipeline.writers.records import record_filename


class DocumentFiles:
    """Finds a record's documents on disk; remembers each file's sha256 by its size and mtime."""

    def __init__(self, out: Path, inbox: Path | None) -> None:
        self.out = out.resolve()
        self.inbox = inbox
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()

    def path(self, record: DossierRecord, index: int) -> Path | None:
        """The file of the record's document ``index``, or None when it cannot be shown safely."""
        if not 0 <= index < len(record.documents):
            return None
        document = record.documents[index]
        relative = dossier_path(document.file)
        if relative is None or not document.sha256:
            return None
        kept_root = self.out / FILES
        kept = kept_root / record_filename(record.dossier_id) / relative
        candidates = [kept] if regular_file(kept) and inside(kept, kept_root / record_filename(record.dossier_id)) \
            else []
        if self.inbox is not None:
            found = in_inbox(self.inbox, record.dossier_id, relative)
            if found is not None:
                candidates.append(found)
        for candidate in candidates:
            if self.digest(candidate) == document.sha256:
                return candidate
        return None

    def digest(self, path: Path) -> str | None:
        """A file's sha256, computed once per size and modification time."""
        try:
            info = path.stat()
        except OSError:
            return None
        key = (str(path), info.st_size, info.st_mtime_ns)
        with self._lock:
            known = self._hashes.get(key)
        if known is None:
            try:
                known = sha256(path)
            except OSError:
                return None
            with self._lock:
                self._hashes[key] = known
        return known
