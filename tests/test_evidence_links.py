"""Evidence one click away: each "Chứng cứ" row's file cell opens the file (at its page for a PDF),
and the files of a dossier sent as a .zip are kept under OUT where the links point."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from openpyxl import load_workbook

from pipeline.inbox import unpack_zip
from pipeline.models import DocumentEntry, DossierRecord, Evidence, Finding
from pipeline.round import load_round
from pipeline.writers import worksheet_layout as L
from pipeline.writers.evidence_files import FILES, evidence_links
from pipeline.writers.records import read_records
from pipeline.writers.worksheet import write_worksheet
from pipeline.writers.worksheet_errors import ERRORS
from pipeline.writers.worksheet_questions import QUESTIONS
from tests.hostile import builders as b
from tests.hostile.corpus import valid_docx

from .conftest import SAMPLES
from .test_review_helpers import base_round, rows, run_round, titles


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def evidence_links_of(out: Path) -> list[tuple[dict, str | None]]:
    """Each Chứng cứ row with a file: (the row, its file cell's link target)."""
    sheet = load_workbook(out / "worksheet.xlsx")[L.EVIDENCE]
    column = titles(sheet)["Tệp"]
    found = []
    for row, cells in zip(rows(sheet), sheet.iter_rows(min_row=L.FIRST_ROW), strict=False):
        if row["Tệp"]:
            link = cells[column - 1].hyperlink
            found.append((row, link.target if link else None))
    return found


def check_links(out: Path, records: list[DossierRecord]) -> list[Path]:
    """Every row's link opens the very file the record names, at the row's page for a PDF."""
    documents = {(r.dossier_id, d.file): d for r in records for d in r.documents}
    opened = []
    evidence = evidence_links_of(out)
    assert evidence
    for row, target in evidence:
        assert target is not None, row
        path, _, fragment = target.partition("#")
        file = (out / unquote(path)).resolve()
        assert file.is_file(), target
        document = documents[(row[L.DOSSIER], row["Tệp"])]
        assert sha256(file) == document.sha256
        assert unicodedata.normalize("NFC", unquote(path)).endswith(row["Tệp"])
        if row["Tệp"].lower().endswith(".pdf") and row["Trang"]:
            assert fragment == f"page={row['Trang']}"
        else:
            assert fragment == ""
        opened.append(file)
    return opened


def test_evidence_rows_had_no_way_to_open_their_file(tmp_path_factory):
    # the reviewer read "BCTC 2025.pdf, trang 2" and had to hunt for it in the inbox
    inbox, out = base_round(tmp_path_factory)
    opened = check_links(out, read_records(out))
    assert all(f.is_relative_to(inbox.resolve()) for f in opened)  # folder dossiers: linked where they are
    assert not (out / FILES).exists()  # nothing copied


def test_zip_dossier_files_are_kept_under_out_where_the_links_point(tmp_path):
    # a .zip dossier was unpacked in the hidden work area, wiped on the next pass; a member whose
    # name came in decomposed Unicode was even written under a generated name (_tep_00001.pdf)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "inbox" / "HN2026-019.zip", inbox)
    out = tmp_path / "out"
    records, _ = run_round(inbox, out)
    opened = check_links(out, records)
    kept = (out / FILES / "HN2026-019").resolve()
    assert opened and all(f.is_relative_to(kept) for f in opened)
    assert any(f.name == "Chứng nhận ISO 9001.pdf" for f in opened)
    every = {d.file for d in records[0].documents}
    assert {p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_file()} == every
    # the next pass unpacks again: the links still open the same files
    run_round(inbox, out)
    check_links(out, read_records(out))
    # a dossier withdrawn from the inbox takes its kept files with it
    (inbox / "HN2026-019.zip").unlink()
    shutil.copytree(SAMPLES / "inbox" / "HN2026-014", inbox / "HN2026-014")
    run_round(inbox, out)
    assert not (out / FILES).exists()


def test_zip_member_named_in_decomposed_unicode_unpacks_under_its_dossier_name(tmp_path):
    name = unicodedata.normalize("NFD", "Hồ sơ/Chứng nhận ISO 9001.docx")
    archive = tmp_path / "HS-1.zip"
    b.write(archive, b.zip_bytes([(name, valid_docx())]))
    target = tmp_path / "out" / ".work" / "unpacked" / "HS-1"
    [file] = unpack_zip(archive, target)
    assert file.relpath == "Hồ sơ/Chứng nhận ISO 9001.docx"
    assert file.path == target / file.relpath


def record_with(dossier_id: str, *files: tuple[str, bytes]) -> DossierRecord:
    return DossierRecord(dossier_id=dossier_id, status="complete", proposed=False, documents=[
        DocumentEntry(file=name, kind=None, pages=1, ocr=False, sha256=hashlib.sha256(data).hexdigest(), error=None)
        for name, data in files])


def test_kept_files_follow_the_records_and_folder_files_stay_in_the_inbox(tmp_path):
    out, inbox = tmp_path / "out", tmp_path / "inbox"
    unpacked = out / ".work" / "unpacked"
    b.write(unpacked / "HS-1" / "a" / "b.pdf", b"%PDF-1 one")
    b.write(unpacked / "HS-1" / "c.pdf", b"%PDF-1 two")
    b.write(out / FILES / "HS-1" / "old.pdf", b"withdrawn")
    b.write(out / FILES / "HS-9" / "x.pdf", b"dossier gone")
    b.write(inbox / "HS-2" / unicodedata.normalize("NFD", "Báo cáo.pdf"), b"%PDF-1 mac")  # as macOS names it
    records = [record_with("HS-1", ("a/b.pdf", b"%PDF-1 one"), ("c.pdf", b"%PDF-1 two")),
               record_with("HS-2", ("Báo cáo.pdf", b"%PDF-1 mac"), ("gone.pdf", b"x"))]
    links = evidence_links(records, out, inbox)
    assert links == {("HS-1", "a/b.pdf"): "files/HS-1/a/b.pdf", ("HS-1", "c.pdf"): "files/HS-1/c.pdf",
                     ("HS-2", "Báo cáo.pdf"): "../inbox/HS-2/" + unicodedata.normalize("NFD", "Báo cáo.pdf")}
    assert sorted(p.relative_to(out / FILES).as_posix() for p in (out / FILES).rglob("*")) == [
        "HS-1", "HS-1/a", "HS-1/a/b.pdf", "HS-1/c.pdf"]
    assert (out / FILES / "HS-1" / "c.pdf").stat().st_ino == (unpacked / "HS-1" / "c.pdf").stat().st_ino  # no copy
    # the work area deleted: the kept files still serve, while they are the records' files
    shutil.rmtree(out / ".work")
    assert evidence_links(records[:1], out) == {key: v for key, v in links.items() if key[0] == "HS-1"}
    changed = record_with("HS-1", ("a/b.pdf", b"%PDF-1 another"), ("c.pdf", b"%PDF-1 two"))
    assert evidence_links([changed], out) == {("HS-1", "c.pdf"): "files/HS-1/c.pdf"}


def test_questions_and_unusable_files_open_their_file_too(tmp_path_factory, tmp_path):
    """Only «Chứng cứ» had links: a reviewer question said "xem BCTC 2025.pdf, trang 2" and a broken file's
    row named it, and the reviewer still had to find either in the inbox."""
    inbox, out = base_round(tmp_path_factory)
    records = read_records(out)
    record = records[0]
    pdf = next(d for d in record.documents if d.file.lower().endswith(".pdf") and (d.pages or 0) >= 1)
    broken = next(d for d in record.documents if d is not pdf)
    record.findings.append(Finding(code="review:document:financial_statement", severity="warning",
                                   message="Chưa đọc được doanh thu năm 2025; cần thẩm định.",
                                   evidence=[Evidence(file=pdf.file, page=pdf.pages, text="…")]))
    broken.error, broken.error_code = "Tệp bị hỏng", "corrupt_file"
    rubric, rnd = load_round(None, 2026)
    write_worksheet(records, rubric, rnd, tmp_path / "out", inbox=inbox)
    book = load_workbook(tmp_path / "out" / "worksheet.xlsx")

    def target_of(sheet_name: str, column_title: str, dossier_id: str) -> str:
        sheet = book[sheet_name]
        column = titles(sheet)[column_title]
        for row, cells in zip(rows(sheet), sheet.iter_rows(min_row=L.FIRST_ROW), strict=False):
            if row[L.DOSSIER] == dossier_id and cells[column - 1].hyperlink is not None:
                return cells[column - 1].hyperlink.target
        raise AssertionError(f"no link in {sheet_name} for {dossier_id}")

    question = target_of(QUESTIONS, "Xem tại", record.dossier_id)
    path, _, fragment = question.partition("#")
    assert sha256((tmp_path / "out" / unquote(path)).resolve()) == pdf.sha256 and fragment == f"page={pdf.pages}"
    error = target_of(ERRORS, "Tệp", record.dossier_id)
    assert sha256((tmp_path / "out" / unquote(error)).resolve()) == broken.sha256
