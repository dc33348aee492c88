"""Old binary Office files (.doc Word 97–2003, .xls Excel 97–2003) via LibreOffice.

LibreOffice converts the file to .docx/.xlsx in a private temporary folder and the ordinary
readers take over, so tables, fonts (hence TCVN3/VNI detection) and cached formula values
come out exactly as for modern files. Each conversion runs with its own throw-away profile
(``-env:UserInstallation``): two conversions sharing a profile would hand the work to one
another or block on its lock, and a crashed run must not leave a broken profile behind.
LibreOffice starts a helper process, so on timeout the whole process group is killed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from extractors.base import ReadDocument
from extractors.docx_reader import read_docx
from extractors.errors import CorruptFileError, DocumentTimeoutError, EncryptedFileError, ToolMissingError
from extractors.settings import active, child_env
from extractors.xlsx_reader import read_xlsx

_TARGETS = {
    "doc": ("docx", "docx:MS Word 2007 XML"),
    "xls": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
}
# Import filters tried in turn. Naming one stops LibreOffice from falling back to its text
# import, which turns a damaged file into a "document" of binary junk; the older formats are
# tried only when the 97–2003 filter refuses the file.
_IMPORT_FILTERS = {
    "doc": ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    "xls": ("MS Excel 97", "MS Excel 95", "MS Excel 5.0/95"),
}


def soffice_path() -> str:
    """The LibreOffice executable, or raise ``ToolMissingError``."""
    for name in ("soffice", "libreoffice", "lowriter"):
        exe = shutil.which(name)
        if exe:
            return exe
    raise ToolMissingError("libreoffice (soffice)")


def convert(path: Path, source: str, workdir: Path) -> Path:
    """Convert ``path`` (a "doc" or "xls" file) inside ``workdir``; return the new file.

    The input is copied under a plain ASCII name first: LibreOffice names its output after
    the input and mishandles some Unicode and shell-special file names.
    """
    exe = soffice_path()
    work_input = workdir / f"input.{source}"
    shutil.copyfile(path, work_input)
    error: CorruptFileError | None = None
    for attempt, infilter in enumerate(_IMPORT_FILTERS[source]):
        try:
            return _run(exe, work_input, source, infilter, workdir / f"run{attempt}")
        except EncryptedFileError:
            raise
        except CorruptFileError as exc:
            error = error or exc
    assert error is not None
    raise error


def _run(exe: str, work_input: Path, source: str, infilter: str, rundir: Path) -> Path:
    """One LibreOffice conversion with a fresh profile, killed as a group on timeout."""
    extension, filter_name = _TARGETS[source]
    settings = active()
    outdir = rundir / "out"
    profile = rundir / "profile"
    command = [
        exe, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}", f"--infilter={infilter}",
        "--convert-to", filter_name, "--outdir", str(outdir), str(work_input),
    ]
    rundir.mkdir(parents=True, exist_ok=True)
    env = child_env(HOME=str(rundir), SAL_USE_VCLPLUGIN="svp")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                               cwd=rundir, start_new_session=True)
    try:
        stdout, _ = process.communicate(timeout=settings.libreoffice_timeout)
    except subprocess.TimeoutExpired as exc:
        raise DocumentTimeoutError(f"LibreOffice > {settings.libreoffice_timeout:g}s") from exc
    finally:
        _kill_group(process)  # also reaps helpers a finished run may have left behind
    output = outdir / f"input.{extension}"
    if not output.is_file() or output.stat().st_size == 0:
        lines = [line for line in stdout.decode("utf-8", "replace").splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        detail = (errors or lines or [f"exit {process.returncode}"])[-1].strip()
        if "password" in detail.lower():
            raise EncryptedFileError(detail)
        raise CorruptFileError(f"LibreOffice: {detail}")
    return output


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and the helpers it started (they share its new process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _read_converted(path: Path, relpath: str, source: str,
                    reader: Callable[[Path, str], ReadDocument]) -> ReadDocument:
    with tempfile.TemporaryDirectory(prefix=f"spcncl-lo-{source}-") as tmp:
        converted = convert(path, source, Path(tmp))
        document = reader(converted, relpath)
    document.format = source
    return document


def read_doc(path: Path, relpath: str) -> ReadDocument:
    """Read a Word 97–2003 .doc by converting it to .docx."""
    return _read_converted(path, relpath, "doc", read_docx)


def read_xls(path: Path, relpath: str) -> ReadDocument:
    """Read an Excel 97–2003 .xls by converting it to .xlsx."""
    return _read_converted(path, relpath, "xls", read_xlsx)
