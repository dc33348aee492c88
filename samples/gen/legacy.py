"""Legacy Office formats through LibreOffice (headless, isolated profile) and their content comparison.

`.doc`/`.xls` written by LibreOffice embed conversion-time metadata, so they are not byte-reproducible;
`content_key` reduces them to their text (doc) or cell values (xls) for `--check`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile

FILTERS = {
    "doc": "doc:MS Word 97",
    "xls": "xls:MS Excel 97",
    "txt": "txt:Text (encoded):UTF8",
    "xlsx": "xlsx",
}


def soffice() -> str | None:
    """Path of the LibreOffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_many(items: dict[str, bytes], target: str, timeout: int = 180) -> dict[str, bytes]:
    """Convert {file name: bytes} to `target` (doc, xls, txt, xlsx) in one LibreOffice run."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    if not items:
        return {}
    with tempfile.TemporaryDirectory(prefix="spcncl-lo-") as tmp:
        src, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.makedirs(src)
        os.makedirs(out)
        paths = []
        for name, data in items.items():
            p = os.path.join(src, name)
            with open(p, "wb") as fh:
                fh.write(data)
            paths.append(p)
        cmd = [
            exe,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTERS[target],
            "--outdir",
            out,
            *paths,
        ]
        subprocess.run(
            cmd,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            env={**os.environ, "HOME": tmp},
        )
        result = {}
        for name in items:
            stem = name.rsplit(".", 1)[0]
            with open(os.path.join(out, f"{stem}.{target}"), "rb") as fh:
                result[name] = fh.read()
        return result


def content_keys(files: dict[str, bytes]) -> dict[str, str]:
    """Text content of .doc files and cell values of .xls files (keyed like `files`)."""
    docs = {f"f{i}.doc": (k, v) for i, (k, v) in enumerate(files.items()) if k.lower().endswith(".doc")}
    xlss = {f"f{i}.xls": (k, v) for i, (k, v) in enumerate(files.items()) if k.lower().endswith(".xls")}
    keys: dict[str, str] = {}
    for tmp_name, text in convert_many({n: kv[1] for n, kv in docs.items()}, "txt").items():
        keys[docs[tmp_name][0]] = text.decode("utf-8", "replace").replace("\r\n", "\n").strip()
    from openpyxl import load_workbook

    for tmp_name, data in convert_many({n: kv[1] for n, kv in xlss.items()}, "xlsx").items():
        wb = load_workbook(io.BytesIO(data), data_only=True)
        lines = []
        for ws in wb.worksheets:
            lines.append(f"## {ws.title}")
            for row in ws.iter_rows(values_only=True):
                if any(v is not None for v in row):
                    lines.append("\t".join("" if v is None else str(v) for v in row))
        keys[xlss[tmp_name][0]] = "\n".join(lines)
    return keys
