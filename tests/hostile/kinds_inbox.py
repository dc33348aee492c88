"""Bad archives, names, links and inbox layouts."""

from __future__ import annotations

import os
import stat
import zipfile

from tests.hostile import builders as b
from tests.hostile.corpus import READ, Case, Corpus, ascii_zip_name, codes, nfd, valid_docx

GOOD = "don-dang-ky.docx"


def zip_case(corpus: Corpus, name: str, what: str, members: list[tuple[zipfile.ZipInfo | str, bytes]],
             files: dict[str, frozenset[str | None]], data: bytes | None = None) -> Case:
    """A dossier ``<name>.zip`` with the given members (or raw ``data``)."""
    b.write(corpus.inbox / f"{name}.zip", data if data is not None else b.zip_bytes(members))
    return corpus.add(Case(kind=name.split("-", 1)[1], what=what, dossier=name, files=files))


def add_inbox_kinds(corpus: Corpus) -> None:
    """Every kind of bad archive, name, link and inbox layout."""
    add_zip_kinds(corpus)
    add_name_kinds(corpus)
    add_layout_kinds(corpus)


def add_zip_kinds(corpus: Corpus) -> None:
    """Bombs, escapes, links, encryption, nesting, damage."""
    good = valid_docx()
    raw, crc = b.zeros_deflate(1 << 30)
    bomb = b.zip_with_raw_member("bomb.bin", raw, crc, 1 << 30)
    zip_case(corpus, "Z01-zip-bomb", "dossier zip with a member inflating to 1 GiB (1 MB packed)", [],
             {"bomb.bin": codes("limit_exceeded")}, data=bomb)
    raw, crc = b.zeros_deflate(200 << 20)
    ratio = b.zip_with_raw_member("so-lieu.bin", raw, crc, 200 << 20)
    zip_case(corpus, "Z02-zip-ratio-bomb", "member within the size budget but packed 1000:1 (200 MiB of zeros)", [],
             {"so-lieu.bin": codes("limit_exceeded")}, data=ratio)
    lying = b.patch_members(b.zip_bytes([(GOOD, good), ("bctc.pdf", b"%PDF-1.4\n" + b"0" * (1 << 20))]),
                            "bctc.pdf", file_size=1000)
    zip_case(corpus, "Z03-zip-lying-size", "member whose headers declare 1000 bytes for 1 MiB of data", [],
             {GOOD: READ, "bctc.pdf": codes("corrupt_file")}, data=lying)
    evil = corpus.evil_name
    escapes = [(GOOD, good), (f"../../{evil}", b"escaped"), (f"/tmp/{evil}", b"absolute"),
               (f"C:\\Windows\\{evil}", b"drive"), (f"..\\..\\{evil}", b"backslash"), (f"a/../../{evil}", b"inner")]
    zip_case(corpus, "Z04-zip-path-traversal", "members named ../, /absolute, C:\\, ..\\ and a/../../", escapes,
             {GOOD: READ, f"../../{evil}": codes("unsafe_content"), f"/tmp/{evil}": codes("unsafe_content"),
              f"C:\\Windows\\{evil}": codes("unsafe_content"), f"..\\..\\{evil}": codes("unsafe_content"),
              f"a/../../{evil}": codes("unsafe_content")})
    link = zipfile.ZipInfo("passwd.pdf")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    dirlink = zipfile.ZipInfo("ngoai")
    dirlink.external_attr = (stat.S_IFLNK | 0o777) << 16
    zip_case(corpus, "Z05-zip-symlinks", "members that are symbolic links (to /etc/passwd, to a folder outside)",
             [(GOOD, good), (link, b"/etc/passwd"), (dirlink, str(corpus.outside).encode())],
             {GOOD: READ, "passwd.pdf": codes("unsafe_content"), "ngoai": codes("unsafe_content")})
    level3 = b.zip_bytes([("lop3.docx", valid_docx("LỚP 3"))])
    level2 = b.zip_bytes([("lop2.docx", valid_docx("LỚP 2")), ("lop3.zip", level3)])
    level1 = b.zip_bytes([("lop1.docx", valid_docx("LỚP 1")), ("lop2.zip", level2)])
    zip_case(corpus, "Z06-nested-zips", "zip in a zip in a zip in the dossier zip (one level past the limit)",
             [(GOOD, good), ("ho-so/lop1.zip", level1)],
             {GOOD: READ, "ho-so/lop1.zip/lop1.docx": READ, "ho-so/lop1.zip/lop2.zip/lop2.docx": READ,
              "ho-so/lop1.zip/lop2.zip/lop3.zip": codes("limit_exceeded")})
    encrypted = b.patch_members(b.zip_bytes([(GOOD, good), ("bctc.pdf", b"%PDF-1.4 secret")]), "bctc.pdf", flags=1)
    zip_case(corpus, "Z07-zip-encrypted-member", "member flagged password-protected (ZipCrypto)", [],
             {GOOD: READ, "bctc.pdf": codes("encrypted_file")}, data=encrypted)
    whole = b.zip_bytes([(GOOD, good), ("bctc.docx", good)])
    zip_case(corpus, "Z08-zip-truncated", "dossier zip cut in half (no central directory)", [],
             {"Z08-zip-truncated.zip": codes("corrupt_file")}, data=whole[: len(whole) // 2])
    zip_case(corpus, "Z09-zip-duplicate-members", "two members with the same name",
             [(GOOD, good), (GOOD, valid_docx("BẢN THỨ HAI"))], {GOOD: READ, "don-dang-ky (2).docx": READ})
    many = [(f"tep-{i:04d}.txt", b"x") for i in range(2001)]
    zip_case(corpus, "Z10-zip-too-many-members", "2001 members (limit 2000)", many,
             {"Z10-zip-too-many-members.zip": codes("limit_exceeded")})
    zip_case(corpus, "Z11-zip-empty", "empty dossier zip", [], {}).status = frozenset({"error"})
    long_name = "Báo cáo tài chính đã được kiểm toán năm 2024 của công ty " * 6 + ".docx"
    junk = [(GOOD, good), ("__MACOSX/._don-dang-ky.docx", b"\0\x05\x16\x07"), ("._bctc.pdf", b"\0"),
            ("~$don-dang-ky.docx", b"\x0bowner"), (".DS_Store", b"\0\0\0\x01Bud1"), (ascii_zip_name(long_name), good)]
    zip_case(corpus, "Z12-zip-junk-and-long-name", "macOS/Office clutter and a member name of 490 bytes", junk,
             {GOOD: READ, long_name: READ})
    name = "Hồ sơ/Giấy chứng nhận.docx"
    unflagged = b.patch_members(b.zip_bytes([(name, good)]), name, clear=0x800)
    zip_case(corpus, "Z13-zip-utf8-without-flag", "UTF-8 member names stored without the UTF-8 flag (old archivers)",
             [], {name: READ}, data=unflagged)


def add_name_kinds(corpus: Corpus) -> None:
    """File and folder names: NFD, control characters, undecodable bytes, length."""
    good = valid_docx()
    folder = corpus.dossier("N01-nfd-names")
    b.write(folder / nfd("Báo cáo tài chính.docx"), good)
    b.write(folder / nfd("Hồ sơ") / "Giấy phép.docx", good)
    corpus.add(Case(kind="nfd-file-names", what="file and folder names in NFD (macOS)", dossier="N01-nfd-names",
                    files={"Báo cáo tài chính.docx": READ, "Hồ sơ/Giấy phép.docx": READ}))
    folder = corpus.dossier("N02-control-char-names")
    b.write(folder / "don\x07dang\x1bky\n.docx", good)
    corpus.add(Case(kind="control-char-file-names", what="file name with BEL, ESC and a newline",
                    dossier="N02-control-char-names", files={"don\ufffddang\ufffdky\ufffd.docx": READ}))
    folder = corpus.dossier("N03-undecodable-name")
    folder.mkdir(parents=True)
    raw = os.fsencode(folder) + b"/b\xe1o c\xe1o.docx"  # Latin-1 bytes, not UTF-8
    with open(raw, "wb") as handle:
        handle.write(good)
    corpus.add(Case(kind="non-utf8-file-name", what="file name in Latin-1 bytes (not UTF-8)",
                    dossier="N03-undecodable-name", files={"b\ufffdo c\ufffdo.docx": READ}))
    undecodable = os.fsencode(corpus.inbox) + b"/N06-h\xe5-s\xe5"  # a folder named in Latin-1 bytes
    os.mkdir(undecodable)
    with open(undecodable + b"/" + GOOD.encode(), "wb") as handle:
        handle.write(good)
    corpus.add(Case(kind="non-utf8-dossier-id", what="dossier folder named in Latin-1 bytes (not UTF-8)",
                    dossier="N06-h\ufffd-s\ufffd", files={GOOD: READ}))
    b.write(corpus.inbox / "N04-ho\x01so" / GOOD, good)
    corpus.add(Case(kind="control-char-dossier-id", what="dossier folder name with a control character",
                    dossier="N04-ho\ufffdso", files={GOOD: READ}))
    long_id = "N05-" + "Công ty cổ phần " * 11 + "Hà Nội"
    b.write(corpus.inbox / long_id / GOOD, good)
    corpus.add(Case(kind="long-dossier-id", what=f"dossier folder name of {len(long_id.encode())} bytes",
                    dossier="N05-Công ty cổ phần Công ty", files={GOOD: READ}, id_prefix=True))


def add_layout_kinds(corpus: Corpus) -> None:
    """Links, pipes, empty and duplicate dossiers, loose files."""
    good = valid_docx()
    (corpus.inbox / "L01-symlink-dossier").symlink_to(corpus.outside / "secret-dossier")
    corpus.add(Case(kind="symlink-dossier", what="inbox entry that is a link to a folder outside the inbox",
                    dossier="L01-symlink-dossier", files={"L01-symlink-dossier": codes("unsafe_content")},
                    status=frozenset({"error"})))
    folder = corpus.dossier("L02-symlinks-in-dossier")
    b.write(folder / GOOD, good)
    (folder / "bctc.pdf").symlink_to(corpus.outside / "secret.txt")
    (folder / "thu-muc").symlink_to(corpus.outside / "secret-dossier")
    corpus.add(Case(kind="symlinks-in-dossier", what="links to a file and a folder outside, inside a dossier",
                    dossier="L02-symlinks-in-dossier",
                    files={GOOD: READ, "bctc.pdf": codes("unsafe_content"), "thu-muc": codes("unsafe_content")}))
    folder = corpus.dossier("L03-fifo")
    b.write(folder / GOOD, good)
    os.mkfifo(folder / "bctc.pdf")
    corpus.add(Case(kind="named-pipe", what="a named pipe (FIFO) among the files: reading it would block",
                    dossier="L03-fifo", files={GOOD: READ, "bctc.pdf": codes("unsupported_format")}))
    corpus.dossier("L04-empty-folder").mkdir()
    corpus.add(Case(kind="empty-dossier-folder", what="empty dossier folder", dossier="L04-empty-folder",
                    status=frozenset({"error"})))
    b.write(corpus.inbox / "L05-duplicate" / GOOD, good)
    b.write(corpus.inbox / "L05-duplicate.zip", b.zip_bytes([("bctc.docx", good)]))
    corpus.add(Case(kind="duplicate-id-folder-and-zip", what="the same dossier id as a folder and as a zip",
                    dossier="L05-duplicate", files={GOOD: READ}))
    corpus.add(Case(kind="duplicate-id-folder-and-zip", what="(the zip of the pair)", dossier="L05-duplicate__zip",
                    files={"bctc.docx": READ}))
    b.write(corpus.inbox / "L06-Hà-Nội" / GOOD, good)
    b.write(corpus.inbox / nfd("L06-Hà-Nội") / "bctc.docx", good)
    corpus.add(Case(kind="duplicate-id-nfc-nfd", what="two folders whose names differ only in Unicode normalisation",
                    dossier="L06-Hà-Nội", files={"bctc.docx": READ}))
    corpus.add(Case(kind="duplicate-id-nfc-nfd", what="(the second spelling)", dossier="L06-Hà-Nội__dir",
                    files={GOOD: READ}))
    nested = b.zip_bytes([("bctc.docx", good)])
    folder = corpus.dossier("L07-zip-in-folder")
    b.write(folder / GOOD, good)
    b.write(folder / "tai-lieu.zip", nested)
    corpus.add(Case(kind="zip-inside-dossier-folder", what="a zip among a dossier folder's files",
                    dossier="L07-zip-in-folder", files={GOOD: READ, "tai-lieu.zip/bctc.docx": READ}))
    b.write(corpus.inbox / "ghi-chu.txt", b"loose file in the inbox root")
    folder = corpus.dossier("L08-office-lock-files")
    b.write(folder / GOOD, good)
    b.write(folder / "~$n-dang-ky.docx", b"\x0bowner-file")
    b.write(folder / ".~lock.bctc.xlsx#", b"user,host")
    b.write(folder / "Thumbs.db", b"\0" * 64)
    corpus.add(Case(kind="office-lock-and-clutter", what="Office owner files, LibreOffice locks, Thumbs.db",
                    dossier="L08-office-lock-files", files={GOOD: READ}))
