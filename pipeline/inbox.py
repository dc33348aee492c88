"""Find the dossiers in an inbox: one folder per dossier, or one ``<id>.zip``.

Archives are unpacked into the output's work area with limits on members and bytes, and
members whose paths would escape (``../``, absolute paths, links) are refused and reported
as document errors, never written.
"""

from __future__ import annotations

import contextlib
import shutil
import stat
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict, Field

from pipeline.errors import InputError
from pipeline.settings import get_settings

# operating-system clutter that is not part of what the firm sent
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
JUNK_DIRS = {"__macosx", ".git"}


class InputFile(BaseModel):
    """A file of a dossier: where it is on disk and its path inside the dossier."""

    model_config = ConfigDict(extra="forbid")

    path: Path | None
    relpath: str
    problem: str | None = None  # set when the file was refused before reading (unsafe path, link)
    problem_code: str | None = None


class DossierInput(BaseModel):
    """One dossier to process."""

    model_config = ConfigDict(extra="forbid")

    dossier_id: str
    source: Path
    files: list[InputFile] = Field(default_factory=list)
    problem: str | None = None


def dossier_id_of(path: Path) -> str:
    """The dossier id: the folder name, or the archive name without ``.zip`` (NFC)."""
    name = path.name[:-4] if path.suffix.lower() == ".zip" and path.is_file() else path.name
    return unicodedata.normalize("NFC", name)


def discover(inbox: Path, workdir: Path) -> list[DossierInput]:
    """Every dossier in ``inbox``, sorted by id. Zips are unpacked under ``workdir``."""
    if not inbox.is_dir():
        raise InputError(str(inbox), message_vi="Không thấy thư mục hồ sơ", message_en="Inbox folder not found")
    dossiers: dict[str, DossierInput] = {}
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or entry.name.lower() in JUNK_NAMES:
            continue
        dossier_id = dossier_id_of(entry)
        if entry.is_symlink():
            dossier = DossierInput(dossier_id=dossier_id, source=entry,
                                   problem="Liên kết tượng trưng trong hộp thư bị bỏ qua (symlink refused)")
        elif entry.is_dir():
            dossier = DossierInput(dossier_id=dossier_id, source=entry, files=list_folder(entry))
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            dossier = DossierInput(dossier_id=dossier_id, source=entry,
                                   files=unpack_zip(entry, workdir / "unpacked" / dossier_id))
        else:
            continue  # a loose file in the inbox belongs to no dossier
        if dossier_id in dossiers:
            # the same id as a folder and as a zip: keep both, under distinct ids, so nothing is lost
            dossier.dossier_id = f"{dossier_id}__{entry.suffix.lstrip('.') or 'dir'}"
        dossiers[dossier.dossier_id] = dossier
    return [dossiers[key] for key in sorted(dossiers)]


def list_folder(folder: Path) -> list[InputFile]:
    """Every file under a dossier folder, links refused, clutter skipped."""
    files: list[InputFile] = []
    for path in sorted(folder.rglob("*")):
        relparts = path.relative_to(folder).parts
        if any(part.lower() in JUNK_DIRS for part in relparts) or path.name.lower() in JUNK_NAMES:
            continue
        relpath = unicodedata.normalize("NFC", "/".join(relparts))
        if path.is_symlink():
            files.append(InputFile(path=None, relpath=relpath, problem_code="unsafe_content",
                                   problem="Liên kết tượng trưng bị từ chối (symlink refused)"))
        elif path.is_file():
            files.append(InputFile(path=path, relpath=relpath))
    return files


def safe_member_path(name: str) -> PurePosixPath | None:
    """The member's path if it stays inside the archive's folder, else None."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    path = PurePosixPath(cleaned)
    if any(part in ("..", "") for part in path.parts) or not path.parts:
        return None
    return path


def unpack_zip(archive: Path, target: Path) -> list[InputFile]:
    """Unpack an archive safely; refused or failed members become files with a problem."""
    settings = get_settings()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    files: list[InputFile] = []
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        return [InputFile(path=None, relpath=archive.name, problem_code="corrupt_file",
                          problem=f"Tệp nén bị hỏng (corrupt archive): {exc}")]
    with handle:
        members = [m for m in handle.infolist() if not m.is_dir()]
        if len(members) > settings.max_archive_members:
            return [InputFile(path=None, relpath=archive.name, problem_code="limit_exceeded",
                              problem=f"Tệp nén có quá nhiều tệp ({len(members)})")]
        budget = settings.max_decompressed_bytes
        for member in members:
            name = member_name(member)
            relpath = unicodedata.normalize("NFC", name)
            safe = safe_member_path(name)
            mode = member.external_attr >> 16
            if safe is None:
                files.append(InputFile(path=None, relpath=relpath, problem_code="unsafe_content",
                                       problem="Đường dẫn trong tệp nén thoát ra ngoài (unsafe path)"))
                continue
            if stat.S_ISLNK(mode):
                files.append(InputFile(path=None, relpath=relpath, problem_code="unsafe_content",
                                       problem="Liên kết tượng trưng trong tệp nén bị từ chối (symlink)"))
                continue
            if any(p.lower() in JUNK_DIRS for p in safe.parts) or safe.name.lower() in JUNK_NAMES:
                continue
            destination = target.joinpath(*safe.parts)
            try:
                written = copy_member(handle, member, destination, budget)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
                files.append(InputFile(path=None, relpath=relpath, problem_code="corrupt_file",
                                       problem=f"Không giải nén được (cannot extract): {exc}"))
                continue
            if written < 0:
                files.append(InputFile(path=None, relpath=relpath, problem_code="limit_exceeded",
                                       problem="Tệp nén giải ra quá lớn (decompression limit)"))
                destination.unlink(missing_ok=True)
                budget = 0
                continue
            budget -= written
            files.append(InputFile(path=destination, relpath=str(safe)))
    return sorted(files, key=lambda f: f.relpath)


def member_name(member: zipfile.ZipInfo) -> str:
    """A member's name, decoded as UTF-8 when the archive tool stored UTF-8 without the flag."""
    name = member.filename
    if not member.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def copy_member(handle: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path, budget: int) -> int:
    """Copy one member, stopping at ``budget`` bytes (returns -1 when it would exceed it)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with handle.open(member) as source, destination.open("wb") as sink:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > budget:
                return -1
            sink.write(chunk)
    return written
