"""Find the dossiers in an inbox: one folder per dossier, or one ``<id>.zip``.

Nothing here follows a link or writes outside the output's work area: each dossier's files are
collected by :class:`pipeline.unpack.Unpacker` (folders walked without following links, archives
unpacked under limits into ``OUT/.work/unpacked/<id>/``, every refusal a file with a typed
problem). Dossier ids are made fit to show (NFC, control characters and undecodable bytes as
``�``, at most 150 bytes) and unique: a second ``X`` (a folder and an ``X.zip``, or two spellings
that normalise alike) becomes ``X__zip``, ``X__dir``… A loose file in the inbox belongs to no
dossier and is left alone; so is OUT when it lies inside the inbox.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from extractors.errors import InputError, InternalReadError, UnsafeContentError
from extractors.safety import clean_name
from extractors.settings import Settings, active
from pipeline.unpack import (  # re-exported: the rest of the pipeline imports them from here
    JUNK_DIRS,
    JUNK_NAMES,
    InputFile,
    Unpacker,
    copy_member,
    encodable,
    is_junk,
    member_name,
    safe_member_path,
)
from pipeline.writers.records import record_filename

__all__ = ["JUNK_DIRS", "JUNK_NAMES", "DossierInput", "InputFile", "copy_member", "discover", "dossier_id_of",
           "list_folder", "member_name", "safe_member_path", "unique_id", "unpack_zip"]

MAX_ID_BYTES = 150


class DossierInput(BaseModel):
    """One dossier to process."""

    model_config = ConfigDict(extra="forbid")

    dossier_id: str
    source: Path
    files: list[InputFile] = Field(default_factory=list)
    problem: str | None = None
    problem_code: str | None = None


def dossier_id_of(path: Path) -> str:
    """The dossier id: the folder name, or the archive name without ``.zip`` (NFC, printable)."""
    name = path.name[:-4] if path.name.lower().endswith(".zip") and not path.is_dir() else path.name
    return clean_name(name, MAX_ID_BYTES) or "_"


def unique_id(base: str, kind: str, taken: set[str]) -> str:
    """``base``, or ``base__<kind>[n]`` when it (or its record's file name) is taken already."""
    candidate, number = base, 1
    while candidate in taken or record_filename(candidate) in taken:
        number += 1
        candidate = f"{base}__{kind}" if number == 2 else f"{base}__{kind}{number - 1}"
    taken.update((candidate, record_filename(candidate)))
    return candidate


def discover(inbox: Path, workdir: Path, settings: Settings | None = None) -> list[DossierInput]:
    """Every dossier in ``inbox``, sorted by id. Zips are unpacked under ``workdir``, within the limits of
    ``settings`` (default: those in force)."""
    settings = settings or active()
    if not inbox.is_dir():
        raise InputError(str(inbox), message_vi="Không thấy thư mục hồ sơ", message_en="Inbox folder not found")
    try:
        entries = sorted(os.scandir(inbox), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"{inbox}: {exc}", message_vi="Không đọc được thư mục hồ sơ",
                         message_en="Cannot list the inbox") from exc
    taken: set[str] = set()
    dossiers: list[DossierInput] = []
    output = workdir.resolve().parent  # OUT, when it was put inside the inbox
    for entry in entries:
        if entry.name.startswith(".") or is_junk(entry.name):
            continue
        path = Path(entry.path)
        if path.resolve() == output:
            continue
        source = path if encodable(path) else inbox / clean_name(entry.name)
        is_zip = entry.name.lower().endswith(".zip")
        if entry.is_symlink():
            dossier_id = unique_id(dossier_id_of(path), "link", taken)
            error = UnsafeContentError(clean_name(entry.name), message_vi="Hồ sơ là liên kết tượng trưng, bị từ chối",
                                       message_en="Symbolic link in the inbox refused")
            dossiers.append(DossierInput(dossier_id=dossier_id, source=source, problem=error.user_message(),
                                            problem_code=error.code))
        elif entry.is_dir(follow_symlinks=False) or (entry.is_file(follow_symlinks=False) and is_zip):
            kind = "dir" if entry.is_dir(follow_symlinks=False) else "zip"
            dossier_id = unique_id(dossier_id_of(path), kind, taken)
            dossiers.append(DossierInput(dossier_id=dossier_id, source=source,
                                         files=collect(path, kind, workdir / "unpacked" / record_filename(dossier_id),
                                                       settings)))
        # anything else (a loose file, a pipe) belongs to no dossier
    return sorted(dossiers, key=lambda d: d.dossier_id)


def collect(path: Path, kind: str, target: Path, settings: Settings) -> list[InputFile]:
    """A dossier's files; a failure nobody foresaw becomes a finding on the dossier, not a crash."""
    try:
        unpacker = Unpacker(target, settings)
        return unpacker.folder(path) if kind == "dir" else unpacker.archive(path)
    except Exception as exc:  # the batch goes on; the next pass tries this dossier again
        error = InternalReadError(f"{type(exc).__name__}: {exc}")
        return [InputFile(path=None, relpath=clean_name(path.name), problem=error.user_message(),
                          problem_code=error.code)]


def list_folder(folder: Path, workdir: Path, settings: Settings | None = None) -> list[InputFile]:
    """Every file under a dossier folder (archives in it unpacked under ``workdir/unpacked``)."""
    return Unpacker(workdir / "unpacked" / record_filename(dossier_id_of(folder)), settings or active()).folder(folder)


def unpack_zip(archive: Path, target: Path, settings: Settings | None = None) -> list[InputFile]:
    """Unpack a dossier's archive safely; refused or failed members become files with a problem."""
    return Unpacker(target, settings or active()).archive(archive)


