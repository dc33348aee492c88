"""Generate a large synthetic round for the benchmark: ``python benchmarks/make_round.py [--out DIR]``.

The 19 catalogue dossiers of ``samples/gen`` are cloned under new ids (``BENCH-001`` …) until the
round holds ``--dossiers`` of them; every file is re-seeded by its new id, so no two files share
bytes (the document store cannot cheat by de-duplicating). Each clone also gets the two long
documents real dossiers carry:

* ``Thuyet minh BCTC 2025.pdf`` — born-digital notes to the financial statements (policies,
  note tables with two year columns), and
* ``Ban sao/BCTC 2024 kem thuyet minh (scan).pdf`` — a printed, stamped and scanned bundle of
  notes pages (image-only PDF at 200 dpi, degraded as ``samples.gen.scan`` does it).

Their lengths are chosen so that the whole round holds about ``--pages`` pages (PDF and image
pages), ``--scanned`` of them scanned. The generator modules are imported, never modified.
Writes ``DIR/inbox/`` and ``DIR/manifest.json`` (every file: dossier, path, format, pages,
scanned). Deterministic for the same library builds; the ``.doc``/``.xls`` clones come from
LibreOffice as in the samples.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.gen import build  # noqa: E402
from samples.gen.blocks import Cell, PageBreak, Para, Table  # noqa: E402
from samples.gen.containers import build_zip  # noqa: E402
from samples.gen.fonts import warm_fonts  # noqa: E402
from samples.gen.legacy import convert_many, soffice  # noqa: E402
from samples.gen.model import Doc, Dossier  # noqa: E402
from samples.gen.pdfrender import render_pdf  # noqa: E402
from samples.gen.scan import scan_pdf  # noqa: E402
from samples.gen.util import int_seed, rng_for, vn_int  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "data" / "round50"
NOTES_BORN = "Thuyet minh BCTC 2025.pdf"
NOTES_SCAN = "Ban sao/BCTC 2024 kem thuyet minh (scan).pdf"
PAGES_PER_NOTE_SECTION = 1  # one section ≈ one page (a paragraph block and a two-year table)

POLICIES = [
    "Báo cáo tài chính được lập theo Chuẩn mực kế toán Việt Nam, Chế độ kế toán doanh nghiệp Việt Nam "
    "ban hành kèm theo Thông tư số 200/2014/TT-BTC và các quy định pháp lý có liên quan.",
    "Kỳ kế toán năm của Công ty bắt đầu từ ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12. Đơn vị tiền tệ "
    "sử dụng trong kế toán là đồng Việt Nam (VND).",
    "Hàng tồn kho được xác định trên cơ sở giá thấp hơn giữa giá gốc và giá trị thuần có thể thực hiện được; "
    "giá gốc hàng tồn kho được tính theo phương pháp bình quân gia quyền và hạch toán theo phương pháp kê khai "
    "thường xuyên.",
    "Tài sản cố định hữu hình được trình bày theo nguyên giá trừ giá trị hao mòn lũy kế. Khấu hao được trích "
    "theo phương pháp đường thẳng dựa trên thời gian hữu dụng ước tính của tài sản.",
    "Các khoản phải thu được trình bày theo giá trị ghi sổ trừ đi các khoản dự phòng phải thu khó đòi, được "
    "lập cho từng khoản nợ căn cứ vào tuổi nợ quá hạn hoặc mức tổn thất dự kiến có thể xảy ra.",
    "Chi phí đi vay liên quan trực tiếp đến việc đầu tư xây dựng hoặc sản xuất tài sản dở dang được tính vào "
    "giá trị của tài sản đó cho đến khi tài sản được đưa vào sử dụng.",
    "Các nghiệp vụ phát sinh bằng ngoại tệ được quy đổi theo tỷ giá thực tế tại ngày phát sinh; chênh lệch tỷ "
    "giá được ghi nhận vào doanh thu hoặc chi phí hoạt động tài chính trong năm.",
    "Chi phí thuế thu nhập doanh nghiệp hiện hành được xác định trên cơ sở thu nhập chịu thuế và thuế suất "
    "áp dụng trong năm tài chính hiện hành.",
]
NOTE_TABLES = {
    "Tiền và các khoản tương đương tiền": ["Tiền mặt", "Tiền gửi ngân hàng không kỳ hạn",
                                           "Các khoản tương đương tiền"],
    "Phải thu ngắn hạn của khách hàng": ["Khách hàng trong nước", "Khách hàng nước ngoài",
                                         "Các bên liên quan", "Khách hàng khác"],
    "Hàng tồn kho": ["Nguyên liệu, vật liệu", "Công cụ, dụng cụ", "Chi phí sản xuất kinh doanh dở dang",
                     "Thành phẩm", "Hàng hóa", "Hàng gửi đi bán"],
    "Tài sản cố định hữu hình": ["Nhà cửa, vật kiến trúc", "Máy móc, thiết bị", "Phương tiện vận tải",
                                 "Thiết bị dụng cụ quản lý", "Tài sản cố định khác"],
    "Phải trả người bán ngắn hạn": ["Nhà cung cấp trong nước", "Nhà cung cấp nước ngoài",
                                    "Các bên liên quan"],
    "Thuế và các khoản phải nộp Nhà nước": ["Thuế giá trị gia tăng", "Thuế thu nhập doanh nghiệp",
                                            "Thuế thu nhập cá nhân", "Các loại thuế khác"],
    "Vay và nợ thuê tài chính": ["Vay ngắn hạn ngân hàng", "Vay dài hạn đến hạn trả", "Nợ thuê tài chính"],
    "Chi phí sản xuất kinh doanh theo yếu tố": ["Chi phí nguyên liệu, vật liệu", "Chi phí nhân công",
                                                 "Chi phí khấu hao tài sản cố định",
                                                 "Chi phí dịch vụ mua ngoài", "Chi phí khác bằng tiền"],
}


def notes_blocks(d: Dossier, year: int, sections: int, rng: random.Random) -> list:
    """Notes to the financial statements: ``sections`` pages of policy text and note tables."""
    blocks: list = [
        Para(d.firm.name.upper(), "center", bold=True, size=12),
        Para("THUYẾT MINH BÁO CÁO TÀI CHÍNH", "center", bold=True, size=14, after=0),
        Para(f"Cho năm tài chính kết thúc ngày 31/12/{year}", "center", italic=True),
    ]
    titles = list(NOTE_TABLES)
    for index in range(sections):
        if index:
            blocks.append(PageBreak())
        title = titles[index % len(titles)]
        blocks.append(Para(f"{index + 1}. {title.upper()}", "left", bold=True, before=4))
        for sentence in rng.sample(POLICIES, 3):
            blocks.append(Para(sentence, "justify", first=8.0))
        rows: list[list[Cell | str]] = [[Cell("Khoản mục", bold=True), Cell(f"31/12/{year}", bold=True),
                                         Cell(f"01/01/{year}", bold=True)]]
        for item in NOTE_TABLES[title]:
            rows.append([item, vn_int(rng.randint(10**8, 10**12)), vn_int(rng.randint(10**8, 10**12))])
        rows.append([Cell("Cộng", bold=True), vn_int(rng.randint(10**11, 10**13)),
                     vn_int(rng.randint(10**11, 10**13))])
        blocks.append(Table(rows, [5, 2.5, 2.5], header_rows=1, align=["left", "right", "right"], size=10.5))
        blocks.append(Para(rng.choice(POLICIES), "justify", first=8.0))
    return blocks


def produce(d: Dossier, doc: Doc) -> build.Produced:
    """One file: the two long notes documents here, everything else by the samples' own producer."""
    if doc.kind != "notes":
        return build.produce(d, doc)
    rng = rng_for("doc", d.id, doc.path)
    seed = int_seed("doc", d.id, doc.path)
    year = 2025 if doc.fmt == "pdf" else 2024
    result = render_pdf(notes_blocks(d, year, doc.opts["sections"], rng), build._layout(doc, rng))
    out = build.Produced(how="benchmark notes", pages=len(result.pages))
    out.data = result.data if doc.fmt == "pdf" else scan_pdf(result, d.firm, rng, seed, {"gray": True})
    return out


def clone(base: Dossier, number: int, born: int, scanned: int) -> Dossier:
    """A catalogue dossier under a new id, with the two long notes documents added."""
    docs = list(base.docs)
    if born:
        docs.append(Doc(NOTES_BORN, "notes", "pdf", opts={"sections": born}))
    if scanned:
        docs.append(Doc(NOTES_SCAN, "notes", "scan", opts={"sections": scanned}))
    return dataclasses.replace(base, id=f"BENCH-{number:03d}", docs=docs)


def plan(count: int, pages: int, share: float) -> list[Dossier]:
    """The clones, with notes lengths spread so the round reaches the page and scan targets."""
    catalogue = build.all_dossiers()
    bases = [catalogue[i % len(catalogue)] for i in range(count)]
    base_pages, base_scanned = 0, 0
    for base in bases:
        for doc in base.docs:
            estimate = doc_pages_estimate(doc)
            base_pages += estimate
            base_scanned += estimate if doc.scanned else 0
    want_scanned = max(0, round(pages * share) - base_scanned)
    want_born = max(0, pages - base_pages - want_scanned - base_scanned)
    rng = random.Random(20260930)
    dossiers = []
    for number, base in enumerate(bases, start=1):
        left = count - number + 1
        scan = round(want_scanned / left * rng.uniform(0.6, 1.4)) if left > 1 else want_scanned
        born = round(want_born / left * rng.uniform(0.6, 1.4)) if left > 1 else want_born
        scan, born = max(1, min(scan, want_scanned)), max(1, min(born, want_born))
        want_scanned -= scan
        want_born -= born
        dossiers.append(clone(base, number, born, scan))
    return dossiers


def doc_pages_estimate(doc: Doc) -> int:
    """Rough pages of a catalogue file before rendering (for planning only; the manifest counts)."""
    if doc.fmt in ("docx", "doc", "xlsx", "xls", "tcvn3", "notzip_docx", "garbage_pdf", "truncated_pdf"):
        return 0
    if doc.kind == "financial_statement":
        return 1 + doc.opts.get("variant", "kqkd").count("+")
    return 1


def _produce_one(args: tuple[int, int, int, int]) -> tuple[str, dict[str, build.Produced]]:
    count, pages_target, share_milli, index = args
    d = plan(count, pages_target, share_milli / 1000)[index]
    return d.id, {doc.path: produce(d, doc) for doc in d.docs}


def generate(out: Path, count: int, pages: int, share: float, workers: int) -> dict:
    """Write ``out/inbox`` and ``out/manifest.json``; returns the manifest."""
    dossiers = plan(count, pages, share)
    warm_fonts()
    jobs = [(count, pages, round(share * 1000), i) for i in range(count)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        produced = dict(pool.map(_produce_one, jobs))
    legacy = {f"j{i}.{'docx' if p.lo_target == 'doc' else 'xlsx'}": p
              for i, p in enumerate(p for files in produced.values() for p in files.values() if p.lo_target)}
    if legacy and soffice() is not None:
        for target in ("doc", "xls"):
            batch = {name: p.data for name, p in legacy.items() if p.lo_target == target}
            if batch:
                for name, data in convert_many(batch, target).items():
                    legacy[name].data = data
    shutil.rmtree(out / "inbox", ignore_errors=True)
    files = []
    for d in dossiers:
        documents = produced[d.id]
        if d.delivery == "zip":
            target = out / "inbox" / f"{d.id}.zip"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(build_zip({path: p.data for path, p in documents.items()}, d.zip_date))
        for doc in d.docs:
            p = documents[doc.path]
            if d.delivery != "zip":
                target = out / "inbox" / d.id / doc.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(p.data)
            files.append({"dossier": d.id, "path": doc.path, "format": doc.fmt, "kind": doc.kind,
                          "pages": p.pages if doc.fmt not in ("truncated_pdf",) else None,
                          "scanned": doc.fmt in ("scan", "photo"), "delivery": d.delivery})
    counted = [f for f in files if f["pages"]]
    manifest = {
        "dossiers": count,
        "files": len(files),
        "pages": sum(f["pages"] for f in counted),
        "scanned_pages": sum(f["pages"] for f in counted if f["scanned"]),
        "text_pdf_pages": sum(f["pages"] for f in counted if f["format"] == "pdf"),
        "bytes": sum(p.stat().st_size for p in (out / "inbox").rglob("*") if p.is_file()),
        "file_list": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dossiers", type=int, default=50)
    parser.add_argument("--pages", type=int, default=2000, help="PDF and image pages in the round")
    parser.add_argument("--scanned", type=float, default=0.4, help="share of scanned pages")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    start = time.perf_counter()
    manifest = generate(args.out, args.dossiers, args.pages, args.scanned, args.workers)
    print(f"{manifest['dossiers']} dossiers, {manifest['files']} files, {manifest['pages']} pages "
          f"({manifest['scanned_pages']} scanned = {manifest['scanned_pages'] / manifest['pages']:.0%}), "
          f"{manifest['bytes'] / 1e6:.0f} MB in {args.out / 'inbox'} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
