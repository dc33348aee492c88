"""`--check`: regenerate into a temporary folder and compare with the committed samples."""

from __future__ import annotations

import os
import tempfile
import zipfile

from .build import generate
from .legacy import content_keys, soffice

CONTENT_COMPARED = (".doc", ".xls")
OWNED = ("inbox", "truth", "README.md")


def _walk(root: str) -> dict[str, str]:
    files = {}
    for top in OWNED:
        base = os.path.join(root, top)
        if os.path.isfile(base):
            files[top] = base
            continue
        for dirpath, _, names in os.walk(base):
            for n in names:
                full = os.path.join(dirpath, n)
                files[os.path.relpath(full, root)] = full
    return files


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def compare(committed: str, fresh: str) -> list[str]:
    """Differences between two sample trees (byte-wise, or by content for LibreOffice outputs)."""
    a, b = _walk(committed), _walk(fresh)
    problems = [f"missing from committed samples: {p}" for p in sorted(set(b) - set(a))]
    problems += [f"not produced by the generator: {p}" for p in sorted(set(a) - set(b))]
    lo_a, lo_b = {}, {}
    for rel in sorted(set(a) & set(b)):
        da, db = _read(a[rel]), _read(b[rel])
        if rel.lower().endswith(CONTENT_COMPARED):
            if da != db:            # identical bytes need no LibreOffice round trip
                lo_a[rel], lo_b[rel] = da, db
        elif da != db:
            problems.append(f"differs: {rel}" + _zip_hint(da, db))
    if lo_a:
        if soffice() is None:
            print("warning: LibreOffice not found, not comparing " + ", ".join(sorted(lo_a)))
        else:
            ka, kb = content_keys(lo_a), content_keys(lo_b)
            problems += [f"content differs: {rel}" for rel in lo_a if ka[rel] != kb[rel]]
    return problems


def _zip_hint(da: bytes, db: bytes) -> str:
    import io

    try:
        za, zb = zipfile.ZipFile(io.BytesIO(da)), zipfile.ZipFile(io.BytesIO(db))
    except zipfile.BadZipFile:
        return ""
    diff = [
        n
        for n in sorted(set(za.namelist()) | set(zb.namelist()))
        if n not in za.namelist() or n not in zb.namelist() or za.read(n) != zb.read(n)
    ]
    return f" (zip members: {', '.join(diff[:5])})" if diff else " (zip metadata)"


def run_check(out_dir: str) -> int:
    """Regenerate into a temp dir; print differences; return the exit code."""
    with tempfile.TemporaryDirectory(prefix="spcncl-samples-") as tmp:
        generate(tmp, log=lambda *_: None, allow_missing_lo=True)
        problems = compare(out_dir, tmp)
    if problems:
        print(f"{len(problems)} difference(s) between {out_dir} and a fresh generation:")
        for p in problems:
            print("  " + p)
        return 1
    how = "compared by content" if soffice() else "NOT compared: no LibreOffice"
    print(f"samples in {out_dir} are up to date (LibreOffice .doc/.xls {how})")
    return 0
