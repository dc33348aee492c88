"""Collect one dossier's files without following a link or writing outside the work area.

:class:`Unpacker` walks a dossier folder (links refused, pipes and devices refused, clutter
skipped) and unpacks archives — the dossier's own ``.zip`` and any zip inside it, down to
``max_archive_depth`` levels — under one budget of members and bytes, checking each member's
declared size, compression ratio, encryption, link bit and path before writing it, and the free
disk space. Every refusal becomes an :class:`InputFile` with a typed problem, so it reaches the
record and the letter. Members are written under their own path when it is a usable name on
this disk, else under a generated one; their name in the dossier is unchanged. The path
written is the member's name as the dossier shows it (composed Unicode, as ``relpath``), so the
unpacked folder mirrors the dossier and its files can be kept and linked by that name
(``pipeline.writers.evidence_files``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict

from extractors.errors import (
    CorruptFileError,
    DocumentLoadError,
    EncryptedFileError,
    FileAccessError,
    LimitExceededError,
    NotRegularFileError,
    UnsafeContentError,
    UnsupportedFormatError,
)
from extractors.registry import sniff_zip
from extractors.safety import check_member_size, clean_name, member_is_encrypted, open_zip
from extractors.settings import Settings

# operating-system and editor clutter that is not part of what the firm sent
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
JUNK_DIRS = {"__macosx", ".git"}
JUNK_PREFIXES = ("~$", ".~lock.", "._")  # Office owner files, LibreOffice locks, macOS resource forks
MAX_DIR_DEPTH = 32
MAX_DISK_NAME_BYTES = 200


class InputFile(BaseModel):
    """A file of a dossier: where it is on disk and its path inside the dossier."""

    model_config = ConfigDict(extra="forbid")

    path: Path | None
    relpath: str
    problem: str | None = None  # set when the file was refused before reading (unsafe path, link)
    problem_code: str | None = None


def refused(relpath: str, error: DocumentLoadError) -> InputFile:
    """A file refused before reading, carrying the typed error's message and code."""
    return InputFile(path=None, relpath=relpath, problem=error.user_message(), problem_code=error.code)


def is_junk(name: str) -> bool:
    """True for clutter a file manager or an editor leaves behind."""
    lowered = name.lower()
    return lowered in JUNK_NAMES or lowered in JUNK_DIRS or name.startswith(JUNK_PREFIXES)


def safe_member_path(name: str) -> PurePosixPath | None:
    """The member's path if it stays inside the archive's folder, else None."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    path = PurePosixPath(cleaned)
    if not path.parts or any(part in ("..", "") for part in path.parts):
        return None
    return path


def member_name(member: zipfile.ZipInfo) -> str:
    """A member's name, decoded as UTF-8 when the archive tool stored UTF-8 without the flag."""
    name = member.filename
    if not member.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def plain_archive(path: Path) -> bool:
    """True when the file is a zip archive that is not an Office document (by content)."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
                return False
        return sniff_zip(path) == "zip"
    except OSError:
        return False  # the reader will meet the same failure and record it
    except DocumentLoadError:
        return True  # an archive too large even to list: the unpacker refuses it


def encodable(path: Path) -> bool:
    """True when the path is valid UTF-8 (no bytes undecodable in this locale)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def plain_suffix(suffix: str) -> str:
    """A file extension reduced to ASCII letters and digits (for generated names)."""
    return "".join(ch for ch in suffix[:12] if (ch.isascii() and ch.isalnum()) or ch == ".")


def disk_parts(path: PurePosixPath) -> tuple[str, ...] | None:
    """The member's path as it can be written here, or None when it cannot (too long, unprintable)."""
    parts = path.parts
    for part in parts:
        if part in (".", "..") or clean_name(part) != part or len(part.encode("utf-8")) > MAX_DISK_NAME_BYTES:
            return None
    return parts


class Unpacker:
    """Collects one dossier's files, unpacking its archives under ``target`` within one budget."""

    def __init__(self, target: Path, settings: Settings) -> None:
        self.settings = settings
        self.target = target
        self.bytes_left = self.settings.max_decompressed_bytes
        self.files_left = self.settings.max_archive_members
        self.seen: set[str] = set()
        self.generated = 0
        if target.exists():
            shutil.rmtree(target)

    def unique(self, relpath: str) -> str:
        """The path inside the dossier, made distinct from those already listed."""
        candidate, number = relpath, 1
        while candidate in self.seen:
            number += 1
            stem, dot, suffix = relpath.rpartition(".")
            candidate = f"{stem} ({number}).{suffix}" if dot and "/" not in suffix else f"{relpath} ({number})"
        self.seen.add(candidate)
        return candidate

    def add(self, files: list[InputFile], file: InputFile) -> None:
        """List a file, or a problem once the dossier holds too many."""
        if self.files_left == 0:
            files.append(refused(self.unique("…"), LimitExceededError(
                f"> {self.settings.max_archive_members}", message_vi="Hồ sơ có quá nhiều tệp, phần còn lại bị bỏ qua",
                message_en="Too many files in the dossier")))
        if self.files_left <= 0:
            self.files_left = -1
            return
        self.files_left -= 1
        file.relpath = self.unique(file.relpath)
        files.append(file)

    def folder(self, folder: Path) -> list[InputFile]:
        """Every file under a dossier folder, links refused, clutter skipped, archives unpacked."""
        files: list[InputFile] = []
        self._walk(folder, (), files)
        return sorted(files, key=lambda f: f.relpath)

    def _walk(self, folder: Path, parts: tuple[str, ...], files: list[InputFile]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.add(files, refused(clean_name("/".join(parts) or folder.name), FileAccessError(str(exc))))
            return
        for entry in entries:
            if self.files_left < 0:
                return  # too many files already: the rest is not even looked at
            if is_junk(entry.name):
                continue
            relparts = (*parts, entry.name)
            relpath = clean_name("/".join(relparts))
            path = Path(entry.path)
            if entry.is_symlink():
                self.add(files, refused(relpath, UnsafeContentError(
                    "symlink", message_vi="Liên kết tượng trưng bị từ chối", message_en="Symbolic link refused")))
            elif entry.is_dir(follow_symlinks=False):
                if len(relparts) > MAX_DIR_DEPTH:
                    self.add(files, refused(relpath, LimitExceededError(
                        f"> {MAX_DIR_DEPTH}", message_vi="Thư mục lồng quá sâu", message_en="Folders nested too deep")))
                else:
                    self._walk(path, relparts, files)
            elif entry.is_file(follow_symlinks=False):
                if plain_archive(path):
                    self._nested(path, relpath, self.target / clean_name(relpath, MAX_DISK_NAME_BYTES), 1, files)
                elif not encodable(path):
                    self.add(files, self._alias(path, relpath))
                else:
                    self.add(files, InputFile(path=path, relpath=relpath))
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
                self.add(files, refused(relpath, NotRegularFileError(stat.filemode(mode))))

    def _alias(self, path: Path, relpath: str) -> InputFile:
        """A file whose path is not valid UTF-8 (bytes from another code page), reached through a
        hard link (or a copy) under a clean name: JSON, logs and child processes never see the bytes."""
        self.generated += 1
        alias = self.target / f"_ten_tep_{self.generated:05d}{plain_suffix(path.suffix)}"
        try:
            alias.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, alias)
            except OSError:
                size = path.stat().st_size
                if size > self.bytes_left:
                    raise LimitExceededError(f"{size} byte") from None
                shutil.copyfile(path, alias)
                self.bytes_left -= size
        except (OSError, DocumentLoadError) as exc:
            error = exc if isinstance(exc, DocumentLoadError) else FileAccessError(str(exc))
            return refused(relpath, error)
        return InputFile(path=alias, relpath=relpath)

    def archive(self, archive: Path) -> list[InputFile]:
        """Every file in a dossier's archive (nested archives unpacked within the limits)."""
        files: list[InputFile] = []
        self._unpack(archive, "", self.target, 1, files, clean_name(archive.name))
        return sorted(files, key=lambda f: f.relpath)

    def _nested(self, archive: Path, relpath: str, where: Path, depth: int, files: list[InputFile]) -> None:
        """Unpack an archive found inside the dossier at ``relpath``; its files land in a folder
        named like the archive (``where``) when the disk allows, so paths on disk mirror relpaths."""
        if depth > self.settings.max_archive_depth:
            self.add(files, refused(relpath, LimitExceededError(
                f"> {self.settings.max_archive_depth}", message_vi="Tệp nén lồng nhau quá nhiều lớp",
                message_en="Archives nested too deep")))
            return
        self.generated += 1
        staging = self.target / f"_giai_nen_{self.generated:05d}"
        start = len(files)
        self._unpack(archive, relpath + "/", staging, depth, files, relpath)
        if archive.is_relative_to(self.target):
            archive.unlink(missing_ok=True)  # never an inbox file: only what was unpacked here
        if not staging.exists():
            return
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(where)
        except OSError:
            return  # the files stay in the staging folder, listed with their paths there
        for file in files[start:]:
            if file.path is not None and file.path.is_relative_to(staging):
                file.path = where / file.path.relative_to(staging)

    def _unpack(self, archive: Path, prefix: str, target: Path, depth: int, files: list[InputFile],
                label: str) -> None:
        try:
            handle = open_zip(archive)
        except DocumentLoadError as exc:
            self.add(files, refused(label, exc))
            return
        with handle:
            for member in handle.infolist():
                if not member.is_dir():
                    self._member(handle, member, prefix, target, depth, files)

    def _member(self, handle: zipfile.ZipFile, member: zipfile.ZipInfo, prefix: str, target: Path, depth: int,
                files: list[InputFile]) -> None:
        name = member_name(member)
        relpath = prefix + clean_name(name)
        safe = safe_member_path(name)
        if safe is None:
            self.add(files, refused(relpath, UnsafeContentError(
                "path", message_vi="Đường dẫn trong tệp nén thoát ra ngoài thư mục hồ sơ",
                message_en="Archive member path escapes the dossier")))
            return
        if any(is_junk(part) for part in safe.parts):
            return
        shown = clean_name(unicodedata.normalize("NFC", str(safe)))
        relpath = prefix + shown
        try:
            self._check_member(member)
        except DocumentLoadError as exc:
            self.add(files, refused(relpath, exc))
            return
        destination = self._destination(target, PurePosixPath(shown))
        try:
            written = copy_member(handle, member, destination, self.bytes_left)
        except NotImplementedError as exc:
            destination.unlink(missing_ok=True)
            self.add(files, refused(relpath, UnsupportedFormatError(str(exc), message_vi="Tệp trong tệp nén dùng "
                                    "phương thức nén không được hỗ trợ")))
            return
        except Exception as exc:  # zipfile and zlib raise assorted errors on damaged data (zlib.error, struct.error…)
            destination.unlink(missing_ok=True)
            self.add(files, refused(relpath, CorruptFileError(str(exc), message_vi="Không giải nén được tệp trong "
                                    "tệp nén", message_en="Cannot extract the archive member")))
            return
        if written < 0:
            destination.unlink(missing_ok=True)
            self.bytes_left = 0
            self.add(files, refused(relpath, LimitExceededError(
                "decompressed", message_vi="Tệp nén giải ra quá lớn", message_en="Archive unpacks to too much data")))
            return
        self.bytes_left -= written
        if plain_archive(destination):
            self._nested(destination, relpath, destination, depth + 1, files)
        else:
            self.add(files, InputFile(path=destination, relpath=relpath))

    def _check_member(self, member: zipfile.ZipInfo) -> None:
        """Refuse links, encrypted members, bombs, and members the disk has no room for."""
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UnsafeContentError("symlink", message_vi="Liên kết tượng trưng trong tệp nén bị từ chối",
                                     message_en="Symbolic link in the archive refused")
        if member_is_encrypted(member):
            raise EncryptedFileError(member.filename, message_vi="Tệp trong tệp nén được đặt mật khẩu")
        check_member_size(member, self.bytes_left)
        try:
            self.target.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(self.target).free
        except OSError as exc:
            raise FileAccessError(str(exc)) from exc
        if free - member.file_size < self.settings.min_free_disk_bytes:
            raise FileAccessError(f"{free} byte", message_vi="Không đủ chỗ trống trên đĩa để giải nén",
                                  message_en="Not enough free disk space to unpack")

    def _destination(self, target: Path, safe: PurePosixPath) -> Path:
        """Where a member is written: its path in the dossier when that is a usable, unused file name here,
        else a generated name in ``target`` (the member's name in the dossier is unchanged)."""
        parts = disk_parts(safe)
        if parts is not None:
            destination = target.joinpath(*parts)
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.exists() and destination.resolve().is_relative_to(target.resolve()):
                    return destination
            except OSError:
                pass
        self.generated += 1
        return self.target / f"_tep_{self.generated:05d}{plain_suffix(safe.suffix)}"


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
