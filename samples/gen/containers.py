"""Deterministic ZIP containers: rewrite DOCX/XLSX packages and build dossier archives byte-reproducibly."""

from __future__ import annotations

import io
import re
import zipfile

OOXML_DT = (1980, 1, 1, 0, 0, 0)  # what Word and Excel themselves write into their packages
DOCX_DROP = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")


def _zinfo(name: str, dt: tuple[int, int, int, int, int, int], is_dir: bool = False) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=dt)
    zi.create_system = 0
    zi.create_version = 20
    zi.extract_version = 20
    zi.external_attr = 0x10 if is_dir else 0
    zi.compress_type = zipfile.ZIP_STORED if is_dir else zipfile.ZIP_DEFLATED
    return zi


def _dropped(name: str, drop: tuple[str, ...]) -> bool:
    return any(name == d or (d.endswith("/") and name.startswith(d)) for d in drop)


def normalize_ooxml(
    data: bytes, created: str, modified: str, application: str | None = None, drop: tuple[str, ...] = ()
) -> bytes:
    """Rewrite an OOXML package: drop parts, pin core-property dates, fixed entry times, sorted order.

    `created`/`modified` are W3CDTF strings such as `2026-08-14T09:12:00Z`.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist() if not _dropped(n, drop)}
    for name in list(parts):
        text = parts[name]
        if name == "[Content_Types].xml":
            for d in drop:
                text = re.sub(
                    rb'<Override PartName="/' + re.escape(d.encode()) + rb'[^"]*"[^>]*/>', b"", text
                )
            if not any(n.endswith(".jpeg") for n in parts):
                text = text.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
        elif name.endswith(".rels"):
            for d in drop:
                leaf = d.rstrip("/").split("/", 1)[-1] if d.startswith("word/") else d.rstrip("/")
                text = re.sub(
                    rb'<Relationship [^>]*Target="(\.\./)?' + re.escape(leaf.encode()) + rb'[^"]*"[^>]*/>',
                    b"",
                    text,
                )
        elif name == "docProps/core.xml":
            text = re.sub(
                rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                rb"\g<1>" + created.encode() + rb"\g<2>",
                text,
            )
            text = re.sub(
                rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                rb"\g<1>" + modified.encode() + rb"\g<2>",
                text,
            )
            text = re.sub(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>", b"", text)
        elif name == "docProps/app.xml" and application:
            text = re.sub(
                rb"<Application>[^<]*</Application>",
                b"<Application>" + application.encode() + b"</Application>",
                text,
            )
        parts[name] = text
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in order:
            z.writestr(_zinfo(name, OOXML_DT), parts[name], compresslevel=6)
    return out.getvalue()


def build_zip(files: dict[str, bytes], dt: tuple[int, int, int, int, int, int], dirs: bool = True) -> bytes:
    """A ZIP of `files` (path → bytes) with folder entries, fixed timestamps and sorted entries."""
    names = set(files)
    if dirs:
        for path in files:
            parts = path.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                names.add("/".join(parts[:i]) + "/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in sorted(names):
            if name.endswith("/"):
                z.writestr(_zinfo(name, dt, is_dir=True), b"")
            else:
                z.writestr(_zinfo(name, dt), files[name], compresslevel=6)
    return out.getvalue()
