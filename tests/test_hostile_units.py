"""The safety checks one by one: settings, messages, names, XML prologs, sniffing, deadlines,
memory caps, PDF pre-checks, and that normal documents stay fast."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
import unicodedata
import zipfile

import pytest

from extractors import pdf_safety, safety
from extractors.base import Page, ReadDocument, Word
from extractors.errors import (
    CorruptFileError,
    DocumentLoadError,
    DocumentTimeoutError,
    InputError,
    LimitExceededError,
    NotRegularFileError,
    UnsafeContentError,
    clean_detail,
)
from extractors.registry import clean_document, read_document, sniff_format
from extractors.settings import Settings
from tests.hostile import builders as b
from tests.hostile.corpus import valid_docx

from .conftest import ROOT


def test_every_limit_has_a_default_and_an_environment_override(monkeypatch):
    monkeypatch.setenv("SPCNCL_MAX_PAGES", " 25 ")
    monkeypatch.setenv("SPCNCL_LIBREOFFICE_TIMEOUT", "7.5")
    settings = Settings.from_env()
    assert (settings.max_pages, settings.libreoffice_timeout) == (25, 7.5)
    defaults = Settings()
    for name in ("max_file_bytes", "max_pages", "max_image_pixels", "max_decompressed_bytes", "document_timeout",
                 "ocr_timeout", "libreoffice_timeout", "max_pdf_stream_bytes", "max_xml_bytes", "max_sheet_rows"):
        assert getattr(defaults, name) > 0


@pytest.mark.parametrize("value", ["lots", "-1", "0"])
def test_a_bad_setting_is_an_input_error_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SPCNCL_MAX_PAGES", value)
    with pytest.raises(InputError) as caught:
        Settings.from_env()
    assert "SPCNCL_MAX_PAGES" in caught.value.user_message() and caught.value.exit_code == 2


def test_details_are_printable_and_bounded():
    assert clean_detail("a\x00b\x1b[31m\nc\udce9") == "a\ufffdb\ufffd[31m c\ufffd"
    assert len(clean_detail("x" * 5000)) == 300
    error = CorruptFileError("bad\x07byte")
    assert error.user_message() == "Tệp bị hỏng hoặc không đầy đủ (Corrupt or truncated file): bad\ufffdbyte"


def test_names_are_made_fit_to_show():
    assert safety.clean_name(unicodedata.normalize("NFD", "Hà Nội") + "\x07.pdf") == "Hà Nội\ufffd.pdf"
    long_a, long_b = "Báo cáo " * 100 + "a", "Báo cáo " * 100 + "b"
    short_a, short_b = safety.clean_name(long_a, 100), safety.clean_name(long_b, 100)
    assert len(short_a.encode()) <= 100 and short_a != short_b and "…" in short_a


@pytest.mark.parametrize("xml", [
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    '<!-- c --><?pi x?><!DOCTYPE r SYSTEM "http://198.51.100.1/r.dtd"><r/>',
    '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_any_dtd_in_an_office_part_is_refused(xml, encoding):
    data = xml.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>').encode(encoding)
    with pytest.raises(UnsafeContentError):
        safety.check_xml_prolog(iter([data]), "part.xml")


def test_clean_parts_pass_and_odd_ones_are_refused():
    safety.check_xml_prolog(iter([b'<?xml version="1.0"?>', b"<w:document xmlns:w='x'>" + b"a" * 100000]))
    with pytest.raises(UnsafeContentError):  # nothing legitimate puts 64 KB before the root
        safety.check_xml_prolog(iter([b"<!--" + b" " * 70000 + b"-->", b"<r/>"]))
    with pytest.raises(CorruptFileError):
        safety.check_xml_prolog(iter([b"<?xml version='1.0'?><<r/>"]), "x")


@pytest.mark.parametrize(("head", "fmt"), [
    (b"Rar!\x1a\x07\x00", "rar"), (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"), (b"\x1f\x8b\x08\x00", "gzip"),
    (b"<!DOCTYPE html><html>", "html"), (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "mhtml"),
    (b"<?xml version='1.0'?><w:wordDocument/>", "xml"), (b"Ten doanh nghiep: ABC\n", "text"),
    (b"\0\0\0\x18ftypheic\0\0\0\0", "heic"), (b"GIF89a\x01\x00", "gif"), (b"RIFF\0\0\0\0WEBPVP8 ", "image"),
    (b"{\\rtf1\\ansi", "rtf"), (b"\x00\x01\x02\x03\xff\xfe\x80", "unknown"), (b"   %PDF-1.4\n", "pdf"),
])
def test_formats_are_named_from_content(tmp_path, head, fmt):
    path = tmp_path / "tep.pdf"
    path.write_bytes(head + b"\0" * 16 if fmt not in ("text", "html", "xml", "mhtml", "rtf") else head)
    assert sniff_format(path) == fmt


def test_office_containers_are_told_apart(tmp_path):
    cases = {
        "encrypted_office": b.cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}),
        "doc": b.cfb({"WordDocument": b"x"}), "xls": b.cfb({"Workbook": b"x"}),
        "ppt": b.cfb({"PowerPoint Document": b"x"}),
        "pptx": b.zip_bytes([("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>")]),
        "xlsb": b.zip_bytes([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", b"\0")]),
        "odf": b.zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<c/>")]),
        "zip": b.zip_bytes([("a.pdf", b"%PDF-1.4")]),
    }
    for fmt, data in cases.items():
        path = tmp_path / f"{fmt}.docx"
        path.write_bytes(data)
        assert sniff_format(path) == fmt


def test_renamed_workbooks_and_macro_documents_are_read(tmp_path):
    sheet = b.xlsx_with_rows([b.inline_row(1, "Doanh thu", "2024")], macros=True)
    for name in ("bao-cao.xls", "bang", "so-lieu.pdf"):  # openpyxl alone refuses unknown extensions
        (tmp_path / name).write_bytes(sheet)
        document = read_document(tmp_path / name, name)
        assert "Doanh thu" in document.text and any("macro" in w for w in document.warnings)
    docm = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid_docx())) as source, zipfile.ZipFile(docm, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"macroEnabled.main+xml").replace(
                    b"application/vnd.openxmlformats-officedocument.macroEnabled",
                    b"application/vnd.ms-word.document.macroEnabled")
            target.writestr(item, data)
    (tmp_path / "don.docm").write_bytes(docm.getvalue())
    assert "ĐƠN ĐĂNG KÝ" in read_document(tmp_path / "don.docm", "don.docm").text


def test_pipes_and_folders_are_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "ong.pdf")
    for path in (tmp_path / "ong.pdf", tmp_path):
        with pytest.raises(NotRegularFileError):
            read_document(path, path.name)


def test_a_passed_deadline_stops_a_reader(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b.many_pages_pdf(30))
    with safety.deadline(0.0), pytest.raises(DocumentTimeoutError):
        time.sleep(0.01)
        safety.check_deadline("x")
    import extractors.pdf

    with safety.deadline(-1.0), pytest.raises(DocumentTimeoutError):
        extractors.pdf.read_pdf(path, "a.pdf")


def test_memory_cap_applies_in_reader_processes_only():
    assert not safety.in_reader_process()
    code = textwrap.dedent("""
        import multiprocessing, re
        from extractors import safety
        multiprocessing.current_process().name = "spcncl-reader-test"
        data = int(re.search(r"VmData:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
        assert safety.in_reader_process() and safety.limit_reader_memory(data + (256 << 20))
        try:
            block = bytearray(1 << 30)
        except MemoryError:
            print("refused")
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.stdout.strip() == "refused", done.stderr


def test_pdf_stream_and_image_checks(tmp_path, limits):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(b.content_bomb_pdf(64 << 20))
    pdf_safety.check_streams(bomb)  # within the default limit
    limits(max_pdf_stream_bytes=16 << 20)
    with pytest.raises(LimitExceededError):
        pdf_safety.check_streams(bomb)
    image = tmp_path / "image.pdf"
    image.write_bytes(b.image_bomb_pdf(10000))
    pdf_safety.check_streams(image)  # images are left to the pixel check
    with pytest.raises(LimitExceededError) as caught:
        read_document(image, "image.pdf")
    assert caught.value.message_vi.startswith("Ảnh ở trang 1 quá lớn")


def test_born_digital_pdfs_stay_fast(tmp_path):
    """The PDF pre-checks cost a few milliseconds; the reading stays ~100+ pages/s."""
    path = tmp_path / "bctc.pdf"
    lines = [f"Dòng {i}: Doanh thu thuần về bán hàng 12.345.678.{i:03d}" for i in range(25)]
    path.write_bytes(b.reportlab_pdf(lines, pages=200))
    started = time.perf_counter()
    document = read_document(path, "bctc.pdf")
    reading = time.perf_counter() - started
    started = time.perf_counter()
    pdf_safety.check_streams(path)
    pdf_safety.active_content(path)
    checks = time.perf_counter() - started
    assert document.page_count == 200 and not document.ocr
    assert 200 / reading > 40, f"{200 / reading:.0f} pages/s"  # ~115 pages/s measured on two cores
    assert checks < 0.05 * reading, f"checks {checks * 1000:.1f} ms of {reading * 1000:.0f} ms"


def test_every_document_error_has_both_messages_and_a_code():
    import extractors.errors as errors

    kinds = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, DocumentLoadError)]
    assert len(kinds) >= 10
    for kind in kinds:
        assert kind.code and kind.message_vi and kind.message_en and " (" not in kind.message_vi
        assert any(ord(ch) > 127 for ch in kind.message_vi), kind
    assert Settings().max_pages > 0


def test_a_failed_write_leaves_the_previous_output_whole(tmp_path):
    from pipeline.writers.atomic import save_atomic, write_text_atomic

    target = tmp_path / "worksheet.xlsx"
    write_text_atomic(target, "previous")

    def crash(path):
        path.write_bytes(b"half a work")
        raise OSError("disk full")

    with pytest.raises(OSError):
        save_atomic(target, crash)
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["worksheet.xlsx"]


def test_control_characters_are_stripped_from_words_not_only_from_the_page_text():
    """clean_document looks at all of a page's words at once; a control character in one word
    is still removed from that word (and only that word is rewritten)."""
    plain, dirty = Word(text="Doanh", bbox=(0, 0, 0.1, 0.1)), Word(text="thu\x07", bbox=(0.1, 0, 0.2, 0.1))
    document = ReadDocument(file="a.pdf", format="pdf", page_count=1, pages=[
        Page(number=1, text="Doanh thu\x07", source="text_layer", words=[plain, dirty])])
    clean_document(document)
    assert [w.text for w in document.pages[0].words] == ["Doanh", "thu"]
    assert document.pages[0].text == "Doanh thu"
    assert document.pages[0].words[0] is plain
