"""What a new user hits first with the command line (issue 13): ``--version``; an output folder that
cannot be written refused before Prefect is even started (it used to start the embedded server first,
then fail inside the flow); the parser's help and errors in Vietnamese (they were typer's English);
an empty inbox refused (it ran, exited 0 and emptied the outputs); a round the rubric does not have
blamed on ``--round`` (it said the rubric file was invalid)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from pipeline import __version__

from .conftest import ROOT, SAMPLES

ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|Error|Missing|Invalid|Try|Show this|default|required|"
                     r"No such|Got unexpected)\b")


def spcncl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "spcncl", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


def test_version_is_printed():
    done = spcncl("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"spcncl {__version__}"


def test_an_unwritable_output_folder_is_refused_before_prefect_starts(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    home = tmp_path / "prefect-home"
    env = {"PREFECT_HOME": str(home), "DO_NOT_TRACK": "1"}
    done = spcncl("run", str(SAMPLES / "inbox"), "--out", str(blocker / "out"), "--round", "2026", env=env)
    assert done.returncode == 4, done.stderr
    assert "Không ghi được kết quả" in done.stderr and str(blocker / "out") in done.stderr
    assert not home.exists()  # Prefect never started: nothing of its own was created
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [("--help",), ("run", "--help"), ("extract", "--help"), ("eval", "--help")])
def test_help_is_vietnamese_not_typers_english(args):
    done = spcncl(*args)
    assert done.returncode == 0, done.stderr
    command = " ".join(["spcncl", *args[:-1]])
    assert f"Cách dùng: {command} [TÙY CHỌN]" in done.stdout
    assert "Tùy chọn" in done.stdout and "In hướng dẫn này rồi thoát" in done.stdout
    assert not ENGLISH.findall(done.stdout), done.stdout
    assert "<bool>" not in done.stdout and "<path>" not in done.stdout


@pytest.mark.parametrize(("args", "said"), [
    (("run",), "Lỗi: Thiếu tham số INBOX."),
    (("run", "x", "--bogus"), "Lỗi: Không có tùy chọn --bogus; có phải --out?"),
    (("run", "x", "--round", "abc"), "Lỗi: Giá trị «abc» của --round không phải số nguyên."),
    (("run", "x", "y"), "Lỗi: Thừa tham số: y."),
    (("run", "x", "--out"), "Lỗi: Tùy chọn --out cần một giá trị."),
    (("frob",), "Lỗi: Không có lệnh «frob»."),
])
def test_parser_errors_are_vietnamese_not_typers_english(args, said):
    done = spcncl(*args)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr.splitlines(), done.stderr
    assert not ENGLISH.findall(done.stderr), done.stderr
    assert "Traceback" not in done.stderr


def test_an_empty_inbox_is_refused_instead_of_emptying_the_outputs(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    done = spcncl("run", str(inbox), "--out", str(out))
    assert done.returncode == 7, done.stderr
    assert "Thư mục hồ sơ không có hồ sơ nào" in done.stderr and str(inbox) in done.stderr
    assert not out.exists()
    # files dropped straight into the inbox belong to no dossier: said so
    (inbox / "bctc.pdf").write_bytes((SAMPLES / "inbox" / "HN2026-007" / "BCTC 2025.pdf").read_bytes())
    (inbox / "Thumbs.db").write_bytes(b"junk")
    done = spcncl("run", str(inbox), "--out", str(out))
    assert done.returncode == 7, done.stderr
    assert "1 tệp nằm thẳng trong thư mục" in done.stderr
    assert not out.exists()


def test_a_round_the_rubric_lacks_is_blamed_on_the_round_option_not_the_rubric(tmp_path):
    done = spcncl("run", str(SAMPLES / "inbox"), "--out", str(tmp_path / "out"), "--round", "1999")
    assert done.returncode == 2, done.stderr
    said = " ".join(done.stderr.split())
    assert "Tùy chọn --round" in said and "không có vòng 1999" in said and "các vòng có: 2026" in said
    assert "Tệp tiêu chí không hợp lệ" not in said
    assert not (tmp_path / "out").exists()
