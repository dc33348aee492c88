"""Dossier discovery: ids, links, nesting, limits, names — and nothing written outside OUT."""

from __future__ import annotations

import os
import unicodedata

import pytest

from pipeline.inbox import discover
from pipeline.writers.records import record_filename
from tests.hostile import builders as b
from tests.hostile.corpus import valid_docx


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_output_inside_the_inbox_is_not_a_dossier(inbox):
    b.write(inbox / "HS-1" / "don.docx", valid_docx())
    work = inbox / "out" / ".work"
    work.mkdir(parents=True)
    assert [d.dossier_id for d in discover(inbox, work)] == ["HS-1"]


def test_ids_whose_file_names_would_collide_stay_distinct(inbox, tmp_path):
    for name in ("a:b", "a?b", "HS", unicodedata.normalize("NFD", "Hà"), "Hà"):
        b.write(inbox / name / "don.docx", valid_docx())
    b.write(inbox / "HS.zip", b.zip_bytes([("x.docx", valid_docx())]))
    b.write(inbox / "HS.ZIP", b.zip_bytes([("y.docx", valid_docx())]))
    dossiers = discover(inbox, tmp_path / "out" / ".work")
    ids = [d.dossier_id for d in dossiers]
    assert len(set(ids)) == len(ids) == 7
    assert len({record_filename(i) for i in ids}) == 7
    assert {"HS", "HS__zip", "HS__zip2", "Hà", "Hà__dir"} <= set(ids)
    zipped = {d.dossier_id: [f.relpath for f in d.files] for d in dossiers if d.dossier_id.startswith("HS__")}
    assert sorted(zipped.values()) == [["x.docx"], ["y.docx"]]  # each zip unpacked into a folder of its own


def test_nested_archives_unpack_where_their_relpath_says(inbox, tmp_path):
    inner = b.zip_bytes([("bctc.docx", valid_docx())])
    b.write(inbox / "HS-1" / "don.docx", valid_docx())
    b.write(inbox / "HS-1" / "ho so" / "tai-lieu.zip", inner)
    b.write(inbox / "HS-2.zip", b.zip_bytes([("a/tai-lieu.zip", inner)]))
    work = tmp_path / "out" / ".work"
    dossiers = {d.dossier_id: d for d in discover(inbox, work)}
    folder_file = next(f for f in dossiers["HS-1"].files if f.relpath == "ho so/tai-lieu.zip/bctc.docx")
    assert folder_file.path == work / "unpacked" / "HS-1" / "ho so" / "tai-lieu.zip" / "bctc.docx"
    zip_file = dossiers["HS-2"].files[0]
    assert zip_file.relpath == "a/tai-lieu.zip/bctc.docx"
    assert zip_file.path == work / "unpacked" / "HS-2" / "a" / "tai-lieu.zip" / "bctc.docx"
    assert (inbox / "HS-1" / "ho so" / "tai-lieu.zip").is_file()  # the inbox is never touched


def test_a_second_pass_replaces_the_unpacked_copy(inbox, tmp_path):
    b.write(inbox / "HS-1.zip", b.zip_bytes([("a.docx", valid_docx())]))
    work = tmp_path / "out" / ".work"
    discover(inbox, work)
    b.write(inbox / "HS-1.zip", b.zip_bytes([("b.docx", valid_docx())]))
    files = discover(inbox, work)[0].files
    assert [f.relpath for f in files] == ["b.docx"]
    assert sorted(p.name for p in (work / "unpacked" / "HS-1").iterdir()) == ["b.docx"]


def test_members_are_refused_when_the_disk_is_nearly_full(inbox, tmp_path, limits):
    limits(min_free_disk_bytes=1 << 60)
    b.write(inbox / "HS-1.zip", b.zip_bytes([("a.docx", valid_docx())]))
    (file,) = discover(inbox, tmp_path / "out" / ".work")[0].files
    assert file.path is None and file.problem_code == "io_error"
    assert file.problem is not None and file.problem.startswith("Không đủ chỗ trống trên đĩa")


def test_a_folder_with_too_many_files_is_cut_with_a_finding(inbox, tmp_path, limits):
    limits(max_archive_members=5)
    for number in range(8):
        b.write(inbox / "HS-1" / f"tep-{number}.docx", b"x")
    files = discover(inbox, tmp_path / "out" / ".work")[0].files
    assert len([f for f in files if f.problem is None]) == 5
    assert [f.problem_code for f in files if f.problem is not None] == ["limit_exceeded"]


def test_archive_budget_is_shared_by_nested_archives(inbox, tmp_path, limits):
    limits(max_decompressed_bytes=30_000)
    big = os.urandom(12_000)
    inner = b.zip_bytes([("c.bin", big), ("d.bin", big)])
    b.write(inbox / "HS-1.zip", b.zip_bytes([("a.bin", big), ("in.zip", inner)]))
    files = discover(inbox, tmp_path / "out" / ".work")[0].files
    refused = [f.relpath for f in files if f.problem_code == "limit_exceeded"]
    assert refused and all(f.path is None or f.path.stat().st_size == 12_000 for f in files)
    assert sum(f.path.stat().st_size for f in files if f.path is not None) <= 30_000


def test_undecodable_file_names_are_reached_through_a_clean_alias(inbox, tmp_path):
    folder = inbox / "HS-1"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/gi\xe1y ph\xe9p.docx"
    with open(raw, "wb") as handle:
        handle.write(valid_docx())
    work = tmp_path / "out" / ".work"
    (file,) = discover(inbox, work)[0].files
    assert file.relpath == "gi\ufffdy ph\ufffdp.docx"
    assert file.path is not None and file.path.is_relative_to(work)
    str(file.path).encode("utf-8")  # JSON, logs and child processes can carry it
    assert file.path.stat().st_ino == os.stat(raw).st_ino  # a hard link, not a copy


def test_clutter_is_skipped_and_pipes_are_refused(inbox, tmp_path):
    folder = inbox / "HS-1"
    b.write(folder / "don.docx", valid_docx())
    for junk in ("~$don.docx", ".~lock.don.docx#", "Thumbs.db", ".DS_Store", "__MACOSX/x", "._don.docx"):
        b.write(folder / junk, b"junk")
    os.mkfifo(folder / "ong.pdf")
    files = {f.relpath: f for f in discover(inbox, tmp_path / "out" / ".work")[0].files}
    assert sorted(files) == ["don.docx", "ong.pdf"]
    assert files["ong.pdf"].problem_code == "unsupported_format"


def test_links_are_never_followed(inbox, tmp_path):
    outside = tmp_path / "outside"
    b.write(outside / "bi-mat.docx", valid_docx())
    (inbox / "HS-link").symlink_to(outside)
    b.write(inbox / "HS-1" / "don.docx", valid_docx())
    (inbox / "HS-1" / "a.docx").symlink_to(outside / "bi-mat.docx")
    (inbox / "HS-1" / "thu-muc").symlink_to(outside)
    dossiers = {d.dossier_id: d for d in discover(inbox, tmp_path / "out" / ".work")}
    assert dossiers["HS-link"].problem is not None and not dossiers["HS-link"].files
    codes = {f.relpath: f.problem_code for f in dossiers["HS-1"].files}
    assert codes == {"a.docx": "unsafe_content", "don.docx": None, "thu-muc": "unsafe_content"}
