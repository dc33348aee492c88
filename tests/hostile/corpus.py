"""The hostile corpus: one dossier (or inbox entry) per kind of bad input, generated into a folder.

Each :class:`Case` says which dossier it lands in and, per file, which error code(s) the pipeline
may record (``None``: read normally). ``python -m tests.hostile.corpus ROOT`` writes the corpus
for a look by hand; the tests build it in a temporary folder.
"""

from __future__ import annotations

import os
import stat
import sys
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.hostile import builders as b

Codes = frozenset[str | None]
READ: Codes = frozenset({None})
HANG_MARKER = b"SPCNCL-HANG-MARKER"
HANG_SECONDS = 613  # the stub's sleeps: a distinctive number to find leftovers by


def codes(*names: str | None) -> Codes:
    """Acceptable outcomes of one file."""
    return frozenset(names)


@dataclass
class Case:
    """One kind of bad input and what the pipeline must make of it."""

    kind: str
    what: str
    dossier: str
    files: dict[str, Codes] = field(default_factory=dict)
    status: frozenset[str] | None = None
    warning: str | None = None  # a substring one document's warnings must contain
    id_prefix: bool = False  # ``dossier`` is only the start of the id (a long name, shortened)


@dataclass
class Corpus:
    """Where the corpus was written and what each case expects."""

    root: Path
    inbox: Path
    outside: Path
    stub_bin: Path
    token: str  # content of the files outside the inbox: must never reach an output
    evil_name: str  # name archive members try to write outside OUT: must never exist
    cases: list[Case] = field(default_factory=list)

    def add(self, case: Case) -> Case:
        self.cases.append(case)
        return case

    def dossier(self, name: str) -> Path:
        return self.inbox / name


def valid_docx(title: str = "ĐƠN ĐĂNG KÝ THAM GIA") -> bytes:
    return b.docx_paragraphs([title, "Tên doanh nghiệp: Công ty TNHH Thử Nghiệm", "Mã số thuế: 0101234567"])


def valid_pdf(title: str = "BÁO CÁO TÀI CHÍNH NĂM 2024") -> bytes:
    return b.reportlab_pdf([title, "Công ty TNHH Thử Nghiệm", "Doanh thu thuần về bán hàng: 12.345.678.900 đồng"],
                           pages=3)


def picture(text: str, size: tuple[int, int] = (900, 300), dpi: tuple[int, int] | None = None,
            fmt: str = "JPEG") -> bytes:
    import io

    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).text((30, 100), text, fill=0, font=ImageFont.load_default(size=48))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"dpi": dpi} if dpi is not None else {}))
    return buffer.getvalue()


def png_header_bomb(side: int) -> bytes:
    """A PNG whose header declares ``side``×``side`` pixels over a few bytes of data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def soffice_stub(folder: Path) -> Path:
    """A ``soffice`` that hangs (with a helper child) on files carrying the marker, and hands
    every other file to the real LibreOffice."""
    real = next((str(Path(p) / "soffice") for p in os.environ.get("PATH", "").split(os.pathsep)
                 if (Path(p) / "soffice").is_file() and Path(p) != folder), "/usr/bin/soffice")
    script = folder / "soffice"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        "#!/bin/sh\n"
        'for last in "$@"; do :; done\n'
        f'if grep -q {HANG_MARKER.decode()} "$last" 2>/dev/null; then\n'
        f"  sleep {HANG_SECONDS} &\n"
        f"  exec sleep {HANG_SECONDS}\n"
        "fi\n"
        f'exec {real} "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


def build(root: Path) -> Corpus:
    """Write the whole corpus under ``root`` (``inbox/``, ``outside/``, ``bin/``)."""
    token = f"SECRET-{uuid.uuid4().hex}"
    corpus = Corpus(root=root, inbox=root / "inbox", outside=root / "outside", stub_bin=soffice_stub(root / "bin"),
                    token=token, evil_name=f"spcncl-evil-{uuid.uuid4().hex[:12]}.txt")
    corpus.inbox.mkdir(parents=True)
    secret_dir = corpus.outside / "secret-dossier"
    b.write(secret_dir / "secret.docx", b.docx_paragraphs([token]))
    b.write(corpus.outside / "secret.txt", token.encode())
    from tests.hostile.kinds_files import add_file_kinds
    from tests.hostile.kinds_inbox import add_inbox_kinds

    add_file_kinds(corpus)
    add_inbox_kinds(corpus)
    return corpus


def ascii_zip_name(name: str) -> zipfile.ZipInfo:
    """A member flagged as UTF-8 named ``name``, dated like a real archive."""
    info = zipfile.ZipInfo(name, date_time=(2025, 3, 1, 9, 30, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


if __name__ == "__main__":
    built = build(Path(sys.argv[1]))
    for case in built.cases:
        print(f"{case.kind:28} {case.dossier}")
