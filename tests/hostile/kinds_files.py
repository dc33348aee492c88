"""Bad documents, each in a dossier folder of its own beside one good file."""

from __future__ import annotations

import os
import random

from tests.hostile import builders as b
from tests.hostile.corpus import (
    HANG_MARKER,
    READ,
    Case,
    Corpus,
    codes,
    picture,
    png_header_bomb,
    valid_docx,
    valid_pdf,
)

GOOD = "don-dang-ky.docx"


def kind(corpus: Corpus, name: str, what: str, files: dict[str, tuple[bytes, frozenset[str | None]]],
         warning: str | None = None) -> Case:
    """A dossier folder ``name`` with the given bad files and one good Word file."""
    folder = corpus.dossier(name)
    b.write(folder / GOOD, valid_docx())
    expected = {GOOD: READ}
    for relpath, (data, outcome) in files.items():
        b.write(folder / relpath, data)
        expected[relpath] = outcome
    return corpus.add(Case(kind=name.split("-", 1)[1], what=what, dossier=name, files=expected, warning=warning))


def add_file_kinds(corpus: Corpus) -> None:
    """Every kind of bad document."""
    rng = random.Random(20260101)
    pdf = valid_pdf()
    kind(corpus, "F01-zero-byte", "zero-byte file named .pdf", {"bao-cao.pdf": (b"", codes("empty_file"))})
    kind(corpus, "F02-truncated-pdf", "PDF cut at 40 % of its length",
         {"bao-cao.pdf": (pdf[: len(pdf) * 2 // 5], codes("corrupt_file", None))})
    kind(corpus, "F03-broken-xref", "PDF whose xref offsets and startxref are wrong",
         {"giay-dkkd.pdf": (b.break_xref(pdf), READ)})
    kind(corpus, "F04-encrypted-user-pw", "PDF encrypted with a user (open) password",
         {"bctc.pdf": (b.reportlab_pdf(["Bao cao"], encrypt=("mat-khau", "chu-so-huu")), codes("encrypted_file"))})
    kind(corpus, "F05-encrypted-owner-only", "PDF encrypted with an owner password only (no copy permission)",
         {"bctc.pdf": (b.reportlab_pdf(["Bao cao tai chinh 2024"], encrypt=("", "chu-so-huu")), READ)})
    kind(corpus, "F06-thousands-of-pages", "PDF with 5000 pages",
         {"ho-so.pdf": (b.many_pages_pdf(5000), codes("limit_exceeded"))})
    kind(corpus, "F07-image-bomb-pdf", "PDF page image of 40000×40000 px (1.6 GB decoded, 1.5 MB on disk)",
         {"scan.pdf": (b.image_bomb_pdf(40000), codes("limit_exceeded"))})
    kind(corpus, "F08-content-stream-bomb", "PDF content stream inflating to 1 GiB",
         {"noi-dung.pdf": (b.content_bomb_pdf(1 << 30), codes("limit_exceeded"))})
    js = b.simple_pdf(
        ["Thuyet minh san pham"],
        catalog_extra="/OpenAction << /S /JavaScript /JS (app.alert\\('x'\\);) >> /Names << /JavaScript 6 0 R >> ",
        page_extra=f"/AA << /O << /S /Launch /F ({corpus.root / 'launched'}) /Win << /F (cmd.exe) >> >> >> ",
        extra=[b"<< /Names [(a) << /S /JavaScript /JS (this.exportDataObject\\({cName: 'x', nLaunch: 2}\\);) >>] >>"],
    )
    kind(corpus, "F09-pdf-javascript-launch", "PDF with OpenAction JavaScript, a name-tree script and a Launch action",
         {"thuyet-minh.pdf": (js, READ)}, warning="không được chạy")
    kind(corpus, "F10-jpeg-named-pdf", "JPEG photo named .pdf",
         {"giay-chung-nhan.pdf": (picture("GIAY CHUNG NHAN ISO 9001"), READ)})
    kind(corpus, "F11-docx-not-zip", "plain text named .docx",
         {"don.docx": ("Đây không phải tệp Word.\n".encode() * 20, codes("unsupported_format"))})
    xxe = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{corpus.outside / "secret.txt"}">'
           '<!ENTITY net SYSTEM "http://198.51.100.7/x">]>'
           f'<w:document xmlns:w="{b.W_NS}"><w:body><w:p><w:r><w:t>&xxe;&net;</w:t></w:r></w:p></w:body></w:document>')
    kind(corpus, "F12-docx-xxe", "docx whose document.xml declares external entities (a local file, a URL)",
         {"don.docx": (b.docx_with_body(xxe), codes("unsafe_content"))})
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{laughs}]>'
            f'<w:document xmlns:w="{b.W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    kind(corpus, "F13-docx-billion-laughs", "docx with a billion-laughs entity expansion",
         {"don.docx": (b.docx_with_body(bomb), codes("unsafe_content"))})
    rows = [b.inline_row(1, "Chỉ tiêu", "Năm 2024"), b.inline_row(2, "Doanh thu", "12345678900")]
    kind(corpus, "F14-xlsm-macros", "macro-enabled workbook (.xlsm) with an AutoOpen VBA project",
         {"so-lieu.xlsm": (b.xlsx_with_rows(rows, macros=True), READ)}, warning="macro")
    million = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 1_000_001))
    kind(corpus, "F15-xlsx-million-rows", "xlsx with 1,000,000 rows and no declared dimension",
         {"so-lieu.xlsx": (b.xlsx_with_rows(million), codes("limit_exceeded"))})
    far = ['<row r="1"><c r="A1"><v>1</v></c></row>', '<row r="999999999"><c r="A999999999"><v>2</v></c></row>']
    kind(corpus, "F16-xlsx-row-beyond-excel", "xlsx with a row numbered 999,999,999 and a lying dimension",
         {"so-lieu.xlsx": (b.xlsx_with_rows(far, dimension='<dimension ref="A1:XFD1048576"/>'),
                           codes("corrupt_file"))})
    control = [b.inline_row(1, "Doanh_x0007_ thu_x001B_", "Nam_x0000_2024"), b.inline_row(2, "Lợi nhuận", "5")]
    layer = b.simple_pdf(["Ten doanh nghiep\x07: Cong ty\x1b TNHH\x01 ABC\x0c", "Doanh thu\x08 nam 2024: 1.234.567"])
    kind(corpus, "F17-control-chars-in-text", "PDF text layer with BEL/ESC/BS/FF characters; xlsx cells with _x0007_",
         {"giay-dk.pdf": (layer, READ), "so-lieu.xlsx": (b.xlsx_with_rows(control), READ)})
    deep = f'<?xml version="1.0"?><w:document xmlns:w="{b.W_NS}"><w:body>{"<w:p>" * 100000}</w:body></w:document>'
    kind(corpus, "F18-docx-deep-xml", "docx whose body nests 100,000 elements",
         {"don.docx": (b.docx_with_body(deep), codes("corrupt_file"))})
    spaces = (f'<?xml version="1.0"?><w:document xmlns:w="{b.W_NS}"><w:body>' + " " * (40 << 20)
              + "</w:body></w:document>")
    kind(corpus, "F19-docx-xml-bomb", "docx whose document.xml inflates to 40 MiB of blanks (ratio ~1000:1)",
         {"don.docx": (b.docx_with_body(spaces), codes("limit_exceeded"))})
    hang = b.cfb({"WordDocument": HANG_MARKER * 64, "1Table": b"\0" * 64})
    kind(corpus, "F20-doc-hangs-libreoffice", "Word 97 .doc on which LibreOffice hangs (stub soffice that never "
         "returns, with a helper child)", {"mau.doc": (hang, codes("timeout"))})
    kind(corpus, "F21-image-1x1", "1×1 pixel PNG", {"anh.png": (picture("", size=(1, 1), fmt="PNG"),
                                                          codes(None, "corrupt_file", "unreadable"))})
    kind(corpus, "F22-image-0-dpi", "PNG declaring 0 dpi", {"anh.png": (picture("GIAY PHEP", dpi=(0, 0), fmt="PNG"),
                                                              READ)})
    kind(corpus, "F23-png-header-bomb", "PNG header declaring 100000×100000 px over 100 bytes",
         {"anh.png": (png_header_bomb(100000), codes("limit_exceeded"))})
    tiff = _tiff_frames(450)
    kind(corpus, "F24-tiff-450-frames", "TIFF with 450 frames", {"scan.tif": (tiff, codes("limit_exceeded"))})
    encrypted = b.cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<?xml version='1.0'?>",
                       "EncryptedPackage": os.urandom(4096)})
    kind(corpus, "F25-encrypted-office", "password-protected .xlsx (OLE file holding EncryptedPackage)",
         {"bctc.xlsx": (encrypted, codes("encrypted_file"))})
    kind(corpus, "F26-random-bytes", "random bytes named .pdf",
         {"du-lieu.pdf": (bytes(rng.getrandbits(8) for _ in range(5000)), codes("unsupported_format"))})
    kind(corpus, "F27-pdf-header-garbage", "%PDF- header followed by garbage",
         {"x.pdf": (b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(5000)), codes("corrupt_file"))})
    kind(corpus, "F28-rar-archive", "RAR archive named .rar", {"ho-so.rar": (b"Rar!\x1a\x07\x01\x00" + b"\0" * 64,
                                                                     codes("unsupported_format"))})
    kind(corpus, "F29-html-as-doc", "HTML page saved as .doc", {"don.doc": (
        b"<html><head><title>Don</title></head><body><p>Don dang ky</p></body></html>", codes("unsupported_format"))})
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64
    kind(corpus, "F30-heic-photo", "iPhone HEIC photo", {"anh.heic": (heic, codes("unsupported_format"))})
    kind(corpus, "F31-pdf-page-tree-cycle", "PDF whose page tree loops back on itself",
         {"vong.pdf": (b.page_tree_cycle_pdf(), codes("corrupt_file"))})
    kind(corpus, "F32-good-control", "a normal PDF and Word file (must be read as usual)",
         {"bctc.pdf": (pdf, READ)})


def _tiff_frames(count: int) -> bytes:
    import io

    from PIL import Image

    frames = [Image.new("L", (8, 8), 255) for _ in range(count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()
