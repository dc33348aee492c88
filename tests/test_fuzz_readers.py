"""Property-based fuzzing of the readers' entry points and of the inbox.

Seeds (a born-digital PDF, a .docx, a .xlsx, a PNG, a zip) are mutated — bytes flipped,
inserted, deleted, the file cut short — and the XML inside Office files is replaced by fuzzed
markup. Whatever comes in, ``read_document`` returns a document with printable text or raises a
``DocumentLoadError``; ``discover`` lists every archive member inside the work area with a
printable name. OCR itself is stubbed here (Tesseract is not what is being fuzzed).
``SPCNCL_FUZZ_EXAMPLES`` raises the number of examples; ``tests/hostile/fuzz.py`` runs a longer,
coverage-guided fuzz with atheris (see ``docs/security.md``).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.errors import DocumentLoadError
from extractors.ocr import OcrResult
from extractors.registry import read_document
from pipeline.inbox import discover
from tests.hostile import builders as b
from tests.hostile.corpus import picture, valid_docx

EXAMPLES = int(os.environ.get("SPCNCL_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

SEEDS = {
    "pdf": b.reportlab_pdf(["Bao cao tai chinh nam 2024", "Doanh thu thuan: 12.345.678.900"]),
    "docx": valid_docx(),
    "xlsx": b.xlsx_with_rows([b.inline_row(1, "Doanh thu", "2024"), b.inline_row(2, "12345", "678")]),
    "png": picture("GIAY PHEP", size=(120, 40), fmt="PNG"),
}


@st.composite
def mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few random edits: flips, insertions, deletions, a cut."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = data[at : at + 32] * draw(st.integers(2, 50))
    return bytes(data)


@pytest.fixture
def no_ocr(monkeypatch):
    """OCR answers with an empty page at once (the readers around it are what is fuzzed)."""
    import extractors.image
    import extractors.pdf

    monkeypatch.setattr(extractors.pdf, "apply_ocr", lambda path, document, numbers: None)
    monkeypatch.setattr(extractors.image, "ocr_many", lambda pages: ((n, OcrResult()) for n, _, _ in pages))


def read_or_refuse(path: Path) -> None:
    """The property: a document with printable text, or a typed refusal."""
    try:
        document = read_document(path, path.name)
    except DocumentLoadError as exc:
        assert exc.code and exc.message_vi
        return
    for page in document.pages:
        assert not UNPRINTABLE.search(page.text)
        assert all(not UNPRINTABLE.search(cell) for table in page.tables for row in table for cell in row)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_mutated_files_are_read_or_refused(fmt, tmp_path, no_ocr):
    @FUZZ
    @given(data=mutations(SEEDS[fmt]))
    def check(data: bytes) -> None:
        path = tmp_path / f"fuzz.{fmt}"
        path.write_bytes(data)
        read_or_refuse(path)

    check()


XMLISH = st.lists(st.sampled_from(["<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>",
                                   "<w:tr>", "<w:tc>", "</w:tc>", "</w:tr>", "text", "&amp;", "&#x1;", "<!--",
                                   "-->", "<!DOCTYPE x>", "<?pi ?>", "<![CDATA[", "]]>", "Đơn ", "\x00", "\ufeff",
                                   ' xml:space="preserve"', "<w:br/>", "<w:tab/>"]), max_size=60).map("".join)


@FUZZ
@given(body=XMLISH, prolog=st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>',
                                            '<?xml version="1.0" encoding="UTF-16"?>']))
def test_fuzzed_word_xml_is_read_or_refused(tmp_path_factory, body, prolog):
    xml = f'{prolog}<w:document xmlns:w="{b.W_NS}"><w:body>{body}</w:body></w:document>'
    raw = xml.encode("utf-16") if "UTF-16" in prolog else xml.encode("utf-8", "surrogatepass")
    path = tmp_path_factory.mktemp("docx") / "fuzz.docx"
    path.write_bytes(b.docx_with_body(raw))
    read_or_refuse(path)


CELLISH = st.lists(st.sampled_from(['<row r="1">', "</row>", '<row r="999999">', '<c r="A1" t="inlineStr">',
                                    '<c r="XFD1">', "</c>", "<is><t>", "</t></is>", "<v>", "</v>", "12", "x",
                                    '<c t="s">', "<f>1/0</f>", "&#9;"]), max_size=40).map("".join)


@FUZZ
@given(rows=CELLISH)
def test_fuzzed_sheet_xml_is_read_or_refused(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("xlsx") / "fuzz.xlsx"
    path.write_bytes(b.xlsx_with_rows([rows]))
    read_or_refuse(path)


NAME_PARTS = st.sampled_from([*"ab./\\:~$_ \x01\nĐàé", "..", "__MACOSX", "C:", "x" * 300, "a.zip"])
MEMBER_NAMES = st.lists(st.lists(NAME_PARTS, min_size=1, max_size=8).map("".join), min_size=1, max_size=8)


@FUZZ
@given(names=MEMBER_NAMES, nested=st.booleans())
def test_any_member_names_stay_inside_the_work_area(tmp_path_factory, names, nested):
    root = tmp_path_factory.mktemp("inbox")
    inbox, work = root / "inbox", root / "out" / ".work"
    inbox.mkdir()
    members: list[tuple[zipfile.ZipInfo | str, bytes]] = [(name, b"data") for name in names]
    if nested:
        members.append(("inner.zip", b.zip_bytes([(name, b"deep") for name in names])))
    (inbox / "HS-1.zip").write_bytes(b.zip_bytes(members))
    dossiers = discover(inbox, work)
    assert [d.dossier_id for d in dossiers] == ["HS-1"]
    for file in dossiers[0].files:
        assert not UNPRINTABLE.search(file.relpath)
        assert (file.path is None) == (file.problem is not None)
        if file.path is not None:
            assert file.path.resolve().is_relative_to(work.resolve())
    outside = {p for p in root.rglob("*") if not p.resolve().is_relative_to(work.resolve())}
    assert outside <= {inbox, inbox / "HS-1.zip", root / "out"}


ARCHIVE_SEED = b.zip_bytes([("a/don.docx", valid_docx()), ("b.zip", b.zip_bytes([("c.pdf", SEEDS["pdf"])]))])


@FUZZ
@given(data=mutations(ARCHIVE_SEED))
def test_damaged_archives_unpack_or_refuse(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("inbox")
    (root / "inbox").mkdir()
    (root / "inbox" / "HS-1.zip").write_bytes(data)
    (dossier,) = discover(root / "inbox", root / "out" / ".work")
    for file in dossier.files:
        assert (file.path is None) == (file.problem is not None)
        assert file.problem_code in (None, "corrupt_file", "limit_exceeded", "unsafe_content", "encrypted_file",
                                     "unsupported_format", "io_error")
