""".doc and .xls through LibreOffice: real values out, isolated profiles, timeouts enforced."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import docx
import openpyxl
import pytest

from extractors import legacy_office
from extractors.errors import CorruptFileError, DocumentTimeoutError, ToolMissingError
from extractors.legacy_office import read_doc, read_xls
from extractors.settings import Settings, activate
from extractors.textnorm import TCVN3_TABLE


def realdoc(name: str, folder: str) -> Path:
    """A real document: the copy vendored in tests/resources, else the shared collection."""
    vendored = Path(__file__).resolve().parent / "resources" / "realdocs" / name
    return vendored if vendored.exists() else Path("/work/shared/realdocs") / folder / name


FORM = realdoc("Mau_B02-DNNT_KQKD_TT199_2014.doc", "forms")
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def soffice_convert(source: Path, target: str) -> Path:
    """Make a legacy file for the test with the same isolation the reader uses."""
    profile = Path("/tmp") / f"spcncl-test-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                        "--convert-to", target, "--outdir", str(source.parent), str(source)],
                       check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return source.with_suffix("." + target.split(":")[0])


@pytest.fixture
def settings_env(monkeypatch):
    def apply(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(f"SPCNCL_{key.upper()}", value)
        activate(Settings())

    yield apply
    activate(None)


@pytest.mark.skipif(not FORM.exists(), reason="realdocs missing")
def test_real_b02_form_doc() -> None:
    document = read_doc(FORM, "forms/Mau_B02.doc")
    assert document.format == "doc"
    text = document.pages[0].text
    assert "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH" in text
    assert "Mẫu số B 02 - DNNT" in text
    rows = [row for table in document.pages[0].tables for row in table]
    assert ["Chỉ tiêu", "Mã số", "Năm nay", "Năm trước"] in rows
    codes = {row[1] for row in rows if len(row) > 1}
    assert {"10", "11", "50", "60"} <= codes
    assert any(row[0].startswith("13. Lợi nhuận sau thuế thu nhập doanh nghiệp") for row in rows)


def test_doc_made_from_python_docx_with_tcvn3_run(tmp_path: Path) -> None:
    source = tmp_path / "phieu.docx"
    document = docx.Document()
    document.add_paragraph("PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC")
    inverse = {v: k for k, v in TCVN3_TABLE.items() if k not in "\u03bc\u2212"}
    legacy = "".join(inverse.get(c, c) for c in "Tên doanh nghiệp: Công ty cổ phần Nhựa Hà Nội")
    document.add_paragraph().add_run(legacy).font.name = ".VnTime"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Mã số thuế", "0101234567"
    table.cell(1, 0).text, table.cell(1, 1).text = "Số lao động", "1.250"
    document.save(str(source))
    # via ODT: LibreOffice 7.4 drops python-docx tables when exporting .docx straight to .doc
    doc_path = soffice_convert(soffice_convert(source, "odt"), "doc:MS Word 97")
    assert doc_path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real OLE .doc

    result = read_doc(doc_path, "hs/phieu.doc")
    assert result.format == "doc"
    assert result.file == "hs/phieu.doc"
    text = result.pages[0].text
    assert "PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN" in text
    assert "Tên doanh nghiệp: Công ty cổ phần Nhựa Hà Nội" in text  # TCVN3 survived the round trip
    assert result.pages[0].tables == [[["Mã số thuế", "0101234567"], ["Số lao động", "1.250"]]]


def test_xls_made_from_openpyxl(tmp_path: Path) -> None:
    source = tmp_path / "doanhthu.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Doanh thu"
    sheet.append(["Năm", "Doanh thu sản phẩm (đồng)", "Xuất khẩu (USD)"])
    sheet.append([2023, 120_500_000_000, 1_200_000])
    sheet.append([2024, 145_250_000_000, 2_350_000.5])
    sheet.append(["Tổng", "=B2+B3", "=C2+C3"])
    workbook.create_sheet("Lao động").append(["Số lao động", 312])
    workbook.save(str(source))
    xls_path = soffice_convert(source, "xls:MS Excel 97")

    result = read_xls(xls_path, "hs/doanhthu.xls")
    assert result.format == "xls"
    assert [p.label for p in result.pages] == ["Doanh thu", "Lao động"]
    rows = result.pages[0].tables[0]
    assert rows[0] == ["Năm", "Doanh thu sản phẩm (đồng)", "Xuất khẩu (USD)"]
    assert rows[2] == ["2024", "145250000000", "2350000.5"]
    assert rows[3] == ["Tổng", "265750000000", "3550000.5"]  # formulas come back computed
    assert result.pages[1].tables[0] == [["Số lao động", "312"]]


def test_timeout_kills_the_whole_process_group(tmp_path: Path, settings_env, monkeypatch) -> None:
    settings_env(libreoffice_timeout="0.3")
    started: list[int] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process.pid)
        return process

    monkeypatch.setattr(legacy_office.subprocess, "Popen", recording_popen)
    with pytest.raises(DocumentTimeoutError):
        read_doc(FORM, "forms/slow.doc")
    assert started
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # killed helpers may linger a moment as zombies
        try:
            os.killpg(started[0], 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.killpg(started[0], 0)  # nothing of that LibreOffice is left running


def test_missing_libreoffice(monkeypatch) -> None:
    monkeypatch.setattr(legacy_office.shutil, "which", lambda name: None)
    with pytest.raises(ToolMissingError):
        read_doc(FORM, "forms/x.doc")


def test_garbage_xls_is_corrupt(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000))
    with pytest.raises(CorruptFileError):
        read_xls(bad, "hs/bad.xls")
