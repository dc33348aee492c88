"""Where the worksheet's evidence links point, and the dossier files kept under ``OUT/files``.

A folder dossier's files are linked where they are, in the inbox (a relative link from the
workbook: nothing is copied). A dossier sent as a ``.zip`` (and any zip inside a dossier) is
unpacked by the pass into the work area ``OUT/.work/unpacked/<id>/``, which the next pass wipes;
its files are kept as ``OUT/files/<id>/<path in the dossier>`` — hard links to the unpacked copy,
so they take no more space on the disk (a copy where the disk refuses links) — and linked there.
``OUT/files`` holds exactly the files of the round's records: each write adds, refreshes and
removes what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pipeline.models import DossierRecord
from pipeline.writers.records import record_filename

log = logging.getLogger(__name__)

FILES = "files"
UNPACKED = Path(".work") / "unpacked"
# ASCII characters a link keeps as they are; the others are %-escaped (letters with diacritics stay)
_KEEP = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")


def href(relative: str, page: int | None = None) -> str:
    """A link target relative to the workbook (``/``-separated), with ``#page=N`` for a PDF."""
    escaped = "".join(ch if ch in _KEEP or ord(ch) > 127 else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
                      for ch in relative)
    if page and relative.lower().endswith(".pdf"):
        escaped += f"#page={page}"
    return escaped


def regular_file(path: Path) -> bool:
    """A regular file, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def dossier_path(relpath: str) -> PurePosixPath | None:
    """A file's path in its dossier, if it names a file inside the dossier."""
    path = PurePosixPath(relpath)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def in_inbox(inbox: Path, dossier_id: str, path: PurePosixPath) -> Path | None:
    """The file of a folder dossier in the inbox (its name as written there, composed or not)."""
    folder = inbox / dossier_id
    if "/" in dossier_id or dossier_id in (".", "..") or not folder.is_dir() or folder.is_symlink():
        return None
    real_folder = os.path.realpath(folder)
    for form in dict.fromkeys((str(path), unicodedata.normalize("NFD", str(path)))):
        candidate = folder / form
        if regular_file(candidate) and os.path.realpath(candidate).startswith(real_folder + os.sep):
            return candidate
    return None


def sha256(path: Path) -> str:
    """A file's sha256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_links(records: Iterable[DossierRecord], out: Path,
                   inbox: Path | None = None) -> dict[tuple[str, str], str]:
    """(dossier id, file in the dossier) → where the file opens from the workbook in ``out``.

    Keeps the files unpacked from archives under ``OUT/files`` on the way; a file found nowhere
    (inbox moved, work area deleted) has no link.
    """
    out = out.resolve()
    kept_root, unpacked_root = out / FILES, out / UNPACKED
    links: dict[tuple[str, str], str] = {}
    wanted: dict[Path, Path] = {}
    for record in records:
        folder = record_filename(record.dossier_id)
        for document in record.documents:
            path = dossier_path(document.file)
            if path is None:
                continue
            source, kept = unpacked_root / folder / path, kept_root / folder / path
            if regular_file(source) and inside(source, unpacked_root):
                wanted[kept] = source
                links[(record.dossier_id, document.file)] = kept.relative_to(out).as_posix()
                continue
            original = in_inbox(inbox, record.dossier_id, path) if inbox is not None else None
            if original is not None:
                links[(record.dossier_id, document.file)] = Path(os.path.relpath(original.resolve(), out)).as_posix()
            elif regular_file(kept) and inside(kept, kept_root) and sha256(kept) == document.sha256:  # kept before
                wanted[kept] = kept
                links[(record.dossier_id, document.file)] = kept.relative_to(out).as_posix()
    failed = keep_files(kept_root, wanted)
    return {key: target for key, target in links.items() if out / target not in failed}


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, lies under ``root`` (nothing planted leads out of OUT)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def keep_files(root: Path, wanted: dict[Path, Path]) -> set[Path]:
    """Make ``root`` hold exactly ``wanted`` (kept path → its source); returns the paths that
    could not be kept."""
    failed: set[Path] = set()
    for kept, source in wanted.items():
        if kept == source:
            continue
        try:
            if not inside(kept.parent, root):
                raise OSError("đường dẫn ra ngoài thư mục files")
            kept.parent.mkdir(parents=True, exist_ok=True)
            if kept.exists() and os.path.samefile(kept, source):
                continue
            temp = kept.with_name(f".{kept.name}.tmp")
            temp.unlink(missing_ok=True)
            try:
                os.link(source, temp)
            except OSError:  # a disk or a share without hard links
                shutil.copy2(source, temp)
            os.replace(temp, kept)
        except OSError as exc:
            log.warning("Không giữ được tệp %s trong %s: %s", kept.name, root, exc)
            failed.add(kept)
    prune(root, set(wanted))
    return failed


def prune(root: Path, keep: set[Path]) -> None:
    """Remove from ``root`` every file not in ``keep``, then the folders left empty."""
    if not root.is_dir() or root.is_symlink():
        return
    for folder, dirs, names in os.walk(root, topdown=False):
        here = Path(folder)
        for name in names:
            if here / name not in keep:
                try:
                    (here / name).unlink()
                except OSError as exc:
                    log.warning("Không xóa được tệp cũ %s: %s", here / name, exc)
        for name in dirs:
            child = here / name
            try:
                if child.is_symlink():
                    child.unlink()
                else:
                    child.rmdir()  # only when empty
            except OSError:
                pass
    with contextlib.suppress(OSError):
        root.rmdir()  # no archive in the round: no empty folder left behind
