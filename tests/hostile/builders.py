"""Small writers for hostile files: raw PDFs, zlib bombs built in milliseconds, OLE compound
files, Office packages with chosen XML parts, zips with patched headers.

Everything is generated at test time; nothing here needs a binary committed to the repository.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MIB = 1 << 20


# --- zlib -----------------------------------------------------------------------------------

def zeros_zlib(total: int, chunk: int = MIB) -> bytes:
    """A valid zlib stream that inflates to ``total`` zero bytes, built without compressing them:
    one full-flushed deflate block (byte-aligned, no back-references across it) is repeated."""
    compressor = zlib.compressobj(9)
    block = compressor.compress(b"\0" * chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, body = block[:2], block[2:]
    count, rest = divmod(total, chunk)
    tail = b""
    if rest:
        small = zlib.compressobj(9)
        tail = (small.compress(b"\0" * rest) + small.flush(zlib.Z_FULL_FLUSH))[2:]
    adler = ((total % 65521) << 16) | 1  # adler32 of zeros: a = 1, b = n mod 65521
    return header + body * count + tail + b"\x03\x00" + adler.to_bytes(4, "big")


def zeros_deflate(total: int) -> tuple[bytes, int]:
    """Raw deflate data for ``total`` zero bytes (for a zip member) and its CRC-32."""
    data = zeros_zlib(total)[2:-4]
    crc = 0
    block = b"\0" * MIB
    for _ in range(total // MIB):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(b"\0" * (total % MIB), crc)
    return data, crc


# --- PDF ------------------------------------------------------------------------------------

def pdf_bytes(objects: list[bytes], root: int = 1, trailer_extra: str = "") -> bytes:
    """A PDF file from numbered object bodies (object ``i`` is ``objects[i - 1]``) with a true xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R {trailer_extra}>>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(dictionary: str, data: bytes) -> bytes:
    """A stream object body."""
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_content(lines: Iterable[str]) -> bytes:
    """A content stream writing ASCII lines down a page in Helvetica."""
    parts = ["BT /F1 12 Tf 14 TL 72 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(f"({escaped}) Tj T*")
    parts.append("ET")
    return "\n".join(parts).encode("latin-1")


def simple_pdf(lines: list[str], catalog_extra: str = "", page_extra: str = "",
               extra: list[bytes] | None = None) -> bytes:
    """A one-page text PDF; ``extra`` objects are numbered from 6 on."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        f"/Contents 4 0 R {page_extra}>>".encode(),
        stream("", text_content(lines)),
        FONT,
        *(extra or []),
    ]
    return pdf_bytes(objects)


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages sharing one content stream."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        stream("", text_content(["Trang"])),
        FONT,
    ]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 3 0 R >>")
    objects += [page] * pages
    return pdf_bytes(objects)


def image_bomb_pdf(side: int) -> bytes:
    """One page covered by a ``side``×``side`` grey image whose Flate data inflates to side² bytes."""
    data = zeros_zlib(side * side)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        stream(f"/Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray "
               "/BitsPerComponent 8 /Filter /FlateDecode", data),
    ]
    return pdf_bytes(objects)


def content_bomb_pdf(size: int) -> bytes:
    """One page whose content stream inflates to ``size`` bytes (NULs: PDF whitespace)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream("/Filter /FlateDecode", zeros_zlib(size)),
    ]
    return pdf_bytes(objects)


def page_tree_cycle_pdf() -> bytes:
    """A page tree whose Pages node lists its own parent as a kid."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return pdf_bytes(objects)


UNICODE_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")


def _font() -> str:
    """A font that writes Vietnamese (DejaVu Sans when installed, else Helvetica)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in UNICODE_FONTS:
        if Path(path).is_file():
            if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVu", path))
            return "DejaVu"
    return "Helvetica"


def reportlab_pdf(lines: list[str], pages: int = 1, encrypt: tuple[str, str] | None = None) -> bytes:
    """A born-digital PDF from reportlab (optionally encrypted with user and owner passwords)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(encrypt[0], ownerPassword=encrypt[1], canCopy=0) if encrypt else None
    pdf = canvas.Canvas(buffer, encrypt=encryption)
    font = _font()
    for number in range(pages):
        pdf.setFont(font, 11)
        y = 780
        for line in lines:
            pdf.drawString(72, y, f"{line}")
            y -= 16
        pdf.drawString(72, 60, f"Trang {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def break_xref(data: bytes) -> bytes:
    """The same PDF with its xref offsets wrong and ``startxref`` pointing nowhere."""
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n999999\n%%EOF\n"
    table = broken.find(b"\nxref")
    if table >= 0:
        end = broken.find(b"trailer", table)
        body = broken[table:end]
        broken = broken[:table] + bytes(b if not chr(b).isdigit() else ord("7") for b in body) + broken[end:]
    return broken


# --- OLE compound files (.doc, encrypted .docx/.xlsx) --------------------------------------

def cfb(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` in its root storage.

    Streams are padded to 4096 bytes (and declared so) so none lives in the mini stream; siblings are chained
    through their right pointers in the format's name order (shorter names first).
    """
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    dir_sectors = (len(names) + 1 + 3) // 4
    data_sectors = [-(-len(d) // sector) for d in datas]
    total = dir_sectors + sum(data_sectors)
    fat_sectors = 1
    while fat_sectors * 128 < total + fat_sectors:
        fat_sectors += 1
    fat = [fat_mark] * fat_sectors
    first_dir = len(fat)
    fat += [len(fat) + i + 1 for i in range(dir_sectors - 1)] + [end]
    starts = []
    for count in data_sectors:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, 1 if names else free, free, end, 0)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else free
        entries.append(entry(name, 2, free, right, starts[index], len(datas[index])))
    directory = b"".join(entries).ljust(dir_sectors * sector, b"\0")
    difat = list(range(fat_sectors)) + [free] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *difat))
    body = b"".join(struct.pack("<128I", *fat[i * 128 : (i + 1) * 128]) for i in range(fat_sectors))
    body += directory + b"".join(d.ljust(n * sector, b"\0") for d, n in zip(datas, data_sectors, strict=True))
    return header + body


# --- Office Open XML ------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')


def docx_with_body(document_xml: bytes | str) -> bytes:
    """A minimal .docx whose ``word/document.xml`` is exactly ``document_xml``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def docx_paragraphs(lines: list[str]) -> bytes:
    """A minimal valid .docx with one paragraph per line."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>" for line in lines)
    return docx_with_body(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}'
                          '</w:body></w:document>')


def escape(text: str) -> str:
    """XML text escaping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>{extra}'
              '<Override PartName="/xl/workbook.xml" ContentType="{workbook}"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.worksheet+xml"/></Types>')
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_RELS = DOCX_RELS.replace("word/document.xml", "xl/workbook.xml")
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'worksheet" Target="worksheets/sheet1.xml"/>{extra}</Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def xlsx_with_rows(rows: Iterable[str], dimension: str = "", macros: bool = False) -> bytes:
    """A minimal .xlsx (or .xlsm with a VBA project) whose sheet rows are the given XML fragments."""
    buffer = io.BytesIO()
    extra_types = ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macros else "")
    extra_rels = ('<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                  'Target="vbaProject.bin"/>' if macros else "")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", XLSX_TYPES.format(extra=extra_types,
                                                                  workbook=XLSM_MAIN if macros else XLSX_MAIN))
        archive.writestr("_rels/.rels", XLSX_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(extra=extra_rels))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD.format(dimension=dimension).encode())
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10000:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write("".join(batch).encode() + SHEET_TAIL.encode())
        if macros:
            archive.writestr("xl/vbaProject.bin", cfb({"VBA": b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\n"
                                                              b"Shell \"calc.exe\"\r\nEnd Sub\r\n"}))
    return buffer.getvalue()


def inline_row(number: int, *texts: str) -> str:
    """One sheet row of inline strings."""
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>' for i, t in enumerate(texts))
    return f'<row r="{number}">{cells}</row>'


# --- zip archives -----------------------------------------------------------------------------

def zip_bytes(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """An archive of the given members (names or prepared ``ZipInfo``), deflated."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are wanted here
        for info, data in members:
            archive.writestr(info, data)
    return buffer.getvalue()


def patch_members(data: bytes, name: str, *, flags: int = 0, clear: int = 0, file_size: int | None = None) -> bytes:
    """Set (``flags``) or clear (``clear``) general-purpose flag bits and/or the declared size of one
    member, in its local header and its central-directory entry (as a hostile archiver would)."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    struct.pack_into("<H", raw, local + 6, (struct.unpack_from("<H", raw, local + 6)[0] | flags) & ~clear)
    if file_size is not None:
        struct.pack_into("<I", raw, local + 22, file_size)
    position = 0
    while (at := raw.find(b"PK\x01\x02", position)) >= 0:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<H", raw, at + 8, (struct.unpack_from("<H", raw, at + 8)[0] | flags) & ~clear)
            if file_size is not None:
                struct.pack_into("<I", raw, at + 24, file_size)
        position = at + 4
    return bytes(raw)


def zip_with_raw_member(name: str, deflated: bytes, crc: int, size: int) -> bytes:
    """An archive holding one member given as raw deflate data with its CRC and size (a bomb
    whose data was never compressed here)."""
    encoded = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0)
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated), size,
                          len(encoded), 0, 0, 0, 0, 0o100644 << 16, 0)
    body = local + encoded + deflated
    directory = central + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def write(path: Path, data: bytes) -> Path:
    """Write bytes, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
