"""The package builds without deprecation warnings of ours: ``project.license`` as a TOML table was
deprecated by setuptools (builds with it stop being supported after 2027-02-18); it is an SPDX string."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_the_wheel_builds_without_deprecation_warnings_and_declares_its_license(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    log = built.stdout + built.stderr
    assert "BuildBackendWarning" not in log and "SetuptoolsDeprecationWarning" not in log
    assert "is deprecated" not in log
    (wheel,) = tmp_path.glob("spcncl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        assert "License-Expression: MIT" in archive.read(metadata).decode()


def test_outputs_follow_the_umask_not_the_private_mode_of_a_temporary_file(tmp_path):
    """Outputs were 0600 (``mkstemp``): a colleague on the shared folder could not open the worksheet."""
    import os

    from pipeline.writers.atomic import write_text_atomic

    previous = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "a.json", "{}")
        os.umask(0o002)
        write_text_atomic(tmp_path / "b.json", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "b.json").stat().st_mode & 0o777 == 0o664
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == "{}"
