"""Born-digital text corpus: ``python benchmarks/make_text_corpus.py [--out DIR] [--dossiers 50] [--pages 40]``.

Writes an inbox the pipeline accepts (``DIR/inbox/<dossier_id>/…``, default
``benchmarks/data/text2000``): ``--dossiers`` dossiers, each holding one born-digital PDF of exactly
``--pages`` pages — the audited annual financial statements a firm attaches to its application:
cover, contents, the directors' report, the auditor's report, the balance sheet and income
statement (drawn by the samples' own ``samples.gen.docs_fin``), the cash-flow statement, and notes
to the statements (policy text and note tables: two-year tables, a fixed-asset movement table with
six columns), all in Vietnamese with diacritics. The firms and figures are the samples' catalogue
dossiers (``samples.gen``) cloned under new ids and re-seeded, so no two files share bytes.

Deterministic: every random choice comes from ``samples.gen.util.rng_for`` seeded by the dossier
id, reportlab runs in invariant mode. Also writes ``DIR/manifest.json`` (files, pages, bytes).
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
from samples.gen.common import firm_header_lines  # noqa: E402
from samples.gen.docs_fin import build_statement, statement_lines, unit_line  # noqa: E402
from samples.gen.fonts import warm_fonts  # noqa: E402
from samples.gen.model import Dossier  # noqa: E402
from samples.gen.pdfrender import render_pdf  # noqa: E402
from samples.gen.util import UNIT_FACTOR, rng_for, vn_int  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "data" / "text2000"
FILE_NAME = "BCTC {year} da kiem toan (ban day du).pdf"
YEAR = 2025
AUDITORS = ["Công ty TNHH Kiểm toán và Tư vấn Sao Việt", "Công ty TNHH Kiểm toán An Phát",
            "Công ty TNHH Hãng Kiểm toán Thăng Long", "Công ty TNHH Kiểm toán và Định giá Hồng Hà"]
POLICIES = [
    "Báo cáo tài chính được lập theo Chuẩn mực kế toán Việt Nam, Chế độ kế toán doanh nghiệp Việt Nam ban "
    "hành kèm theo Thông tư số 200/2014/TT-BTC ngày 22 tháng 12 năm 2014 của Bộ Tài chính và các quy định "
    "pháp lý có liên quan đến việc lập và trình bày báo cáo tài chính.",
    "Kỳ kế toán năm của Công ty bắt đầu từ ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12. Đơn vị tiền tệ "
    "sử dụng trong ghi chép kế toán và trình bày báo cáo tài chính là đồng Việt Nam (VND).",
    "Hàng tồn kho được xác định trên cơ sở giá thấp hơn giữa giá gốc và giá trị thuần có thể thực hiện được; "
    "giá gốc hàng tồn kho được tính theo phương pháp bình quân gia quyền và hạch toán theo phương pháp kê khai "
    "thường xuyên. Dự phòng giảm giá được lập cho phần chênh lệch giữa giá gốc và giá trị thuần.",
    "Tài sản cố định hữu hình được trình bày theo nguyên giá trừ giá trị hao mòn lũy kế. Khấu hao được trích "
    "theo phương pháp đường thẳng dựa trên thời gian hữu dụng ước tính: nhà cửa, vật kiến trúc từ 05 đến 25 "
    "năm; máy móc, thiết bị từ 03 đến 12 năm; phương tiện vận tải từ 06 đến 10 năm.",
    "Các khoản phải thu được trình bày theo giá trị ghi sổ trừ đi các khoản dự phòng phải thu khó đòi, được "
    "lập cho từng khoản nợ căn cứ vào tuổi nợ quá hạn hoặc mức tổn thất dự kiến có thể xảy ra.",
    "Chi phí đi vay liên quan trực tiếp đến việc đầu tư xây dựng hoặc sản xuất tài sản dở dang được tính vào "
    "giá trị của tài sản đó cho đến khi tài sản được đưa vào sử dụng; các chi phí đi vay khác được ghi nhận "
    "vào chi phí tài chính trong năm phát sinh.",
    "Các nghiệp vụ phát sinh bằng ngoại tệ được quy đổi theo tỷ giá thực tế tại ngày phát sinh; chênh lệch tỷ "
    "giá phát sinh trong năm và chênh lệch do đánh giá lại số dư cuối năm được ghi nhận vào doanh thu hoặc "
    "chi phí hoạt động tài chính.",
    "Chi phí thuế thu nhập doanh nghiệp hiện hành được xác định trên cơ sở thu nhập chịu thuế và thuế suất "
    "thuế thu nhập doanh nghiệp áp dụng trong năm tài chính hiện hành, hiện là 20%.",
    "Doanh thu bán hàng được ghi nhận khi phần lớn rủi ro và lợi ích gắn liền với quyền sở hữu sản phẩm đã "
    "được chuyển giao cho người mua, doanh thu được xác định tương đối chắc chắn và Công ty đã thu được hoặc "
    "sẽ thu được lợi ích kinh tế từ giao dịch bán hàng.",
    "Các khoản dự phòng phải trả được ghi nhận khi Công ty có nghĩa vụ nợ hiện tại do kết quả từ một sự kiện "
    "đã xảy ra, việc thanh toán nghĩa vụ nợ có thể dẫn đến sự giảm sút về lợi ích kinh tế và giá trị của "
    "nghĩa vụ nợ đó được ước tính một cách đáng tin cậy.",
    "Vốn chủ sở hữu được ghi nhận theo số vốn thực góp của các cổ đông. Lợi nhuận sau thuế chưa phân phối "
    "được trích lập các quỹ theo Điều lệ Công ty và nghị quyết của Đại hội đồng cổ đông thường niên.",
    "Các bên được coi là liên quan nếu một bên có khả năng kiểm soát hoặc có ảnh hưởng đáng kể đối với bên "
    "kia trong việc ra quyết định các chính sách tài chính và hoạt động; giao dịch với các bên liên quan "
    "được thực hiện theo giá thị trường.",
]
NOTE_TABLES = {
    "Tiền và các khoản tương đương tiền": ["Tiền mặt", "Tiền gửi ngân hàng không kỳ hạn",
                                           "Tiền đang chuyển", "Các khoản tương đương tiền"],
    "Phải thu ngắn hạn của khách hàng": ["Khách hàng trong nước", "Khách hàng nước ngoài",
                                         "Các bên liên quan", "Khách hàng khác"],
    "Hàng tồn kho": ["Nguyên liệu, vật liệu", "Công cụ, dụng cụ", "Chi phí sản xuất kinh doanh dở dang",
                     "Thành phẩm", "Hàng hóa", "Hàng gửi đi bán", "Dự phòng giảm giá hàng tồn kho"],
    "Chi phí trả trước": ["Công cụ dụng cụ chờ phân bổ", "Chi phí sửa chữa tài sản", "Chi phí thuê văn phòng",
                          "Chi phí bảo hiểm", "Chi phí trả trước khác"],
    "Phải trả người bán ngắn hạn": ["Nhà cung cấp trong nước", "Nhà cung cấp nước ngoài",
                                    "Các bên liên quan", "Phải trả người bán khác"],
    "Thuế và các khoản phải nộp Nhà nước": ["Thuế giá trị gia tăng", "Thuế xuất, nhập khẩu",
                                            "Thuế thu nhập doanh nghiệp", "Thuế thu nhập cá nhân",
                                            "Thuế nhà đất, tiền thuê đất", "Các loại thuế khác"],
    "Vay và nợ thuê tài chính": ["Vay ngắn hạn ngân hàng", "Vay dài hạn đến hạn trả", "Nợ thuê tài chính",
                                 "Vay cá nhân"],
    "Chi phí sản xuất kinh doanh theo yếu tố": ["Chi phí nguyên liệu, vật liệu", "Chi phí nhân công",
                                                 "Chi phí khấu hao tài sản cố định",
                                                 "Chi phí dịch vụ mua ngoài", "Chi phí khác bằng tiền"],
    "Chi phí bán hàng và chi phí quản lý doanh nghiệp": ["Chi phí nhân viên", "Chi phí vật liệu, bao bì",
                                                         "Chi phí khấu hao", "Chi phí vận chuyển",
                                                         "Thuế, phí và lệ phí", "Chi phí khác"],
}
ASSET_COLUMNS = ["Nhà cửa, vật kiến trúc", "Máy móc, thiết bị", "Phương tiện vận tải", "Thiết bị quản lý"]
CASH_FLOW = [
    ("", "I. Lưu chuyển tiền từ hoạt động kinh doanh", True), ("01", "1. Lợi nhuận trước thuế", False),
    ("", "2. Điều chỉnh cho các khoản", False), ("02", "- Khấu hao TSCĐ và BĐSĐT", False),
    ("03", "- Các khoản dự phòng", False), ("05", "- Lãi, lỗ từ hoạt động đầu tư", False),
    ("06", "- Chi phí lãi vay", False),
    ("08", "3. Lợi nhuận từ hoạt động kinh doanh trước thay đổi vốn lưu động", False),
    ("09", "- Tăng, giảm các khoản phải thu", False), ("10", "- Tăng, giảm hàng tồn kho", False),
    ("11", "- Tăng, giảm các khoản phải trả", False), ("12", "- Tăng, giảm chi phí trả trước", False),
    ("14", "- Tiền lãi vay đã trả", False), ("15", "- Thuế thu nhập doanh nghiệp đã nộp", False),
    ("20", "Lưu chuyển tiền thuần từ hoạt động kinh doanh", True),
    ("", "II. Lưu chuyển tiền từ hoạt động đầu tư", True),
    ("21", "1. Tiền chi để mua sắm, xây dựng TSCĐ và các tài sản dài hạn khác", False),
    ("22", "2. Tiền thu từ thanh lý, nhượng bán TSCĐ và các tài sản dài hạn khác", False),
    ("27", "7. Tiền thu lãi cho vay, cổ tức và lợi nhuận được chia", False),
    ("30", "Lưu chuyển tiền thuần từ hoạt động đầu tư", True),
    ("", "III. Lưu chuyển tiền từ hoạt động tài chính", True), ("33", "3. Tiền thu từ đi vay", False),
    ("34", "4. Tiền trả nợ gốc vay", False), ("36", "6. Cổ tức, lợi nhuận đã trả cho chủ sở hữu", False),
    ("40", "Lưu chuyển tiền thuần từ hoạt động tài chính", True),
    ("50", "Lưu chuyển tiền thuần trong năm (50 = 20 + 30 + 40)", True),
    ("60", "Tiền và tương đương tiền đầu năm", False), ("70", "Tiền và tương đương tiền cuối năm", True),
]


def amount(rng: random.Random, low: float, high: float, d: Dossier) -> str:
    """A figure between ``low`` and ``high`` times the year's net revenue, in the statement's unit."""
    unit = UNIT_FACTOR[d.fs_unit]
    return vn_int(round(d.fig.net[YEAR] * rng.uniform(low, high) / unit) * (-1 if rng.random() < 0.15 else 1))


def front_pages(d: Dossier, rng: random.Random, auditor: str) -> list:
    """Contents, the directors' report and the auditor's report (one page each)."""
    name = d.firm.name
    contents = [("Báo cáo của Ban Giám đốc", "02"), ("Báo cáo kiểm toán độc lập", "03"),
                ("Bảng cân đối kế toán", "04"), ("Báo cáo kết quả hoạt động kinh doanh", "05"),
                ("Báo cáo lưu chuyển tiền tệ", "06"), ("Thuyết minh báo cáo tài chính", "07 - 40")]
    blocks: list = [Para(name.upper(), "center", bold=True, size=12), Para("MỤC LỤC", "center", bold=True, size=14),
                    Table([[Cell("Nội dung", bold=True), Cell("Trang", bold=True)], *[[a, b] for a, b in contents]],
                          [8, 2], header_rows=1, borders="hlines", align=["left", "center"]), PageBreak()]
    blocks += [Para("BÁO CÁO CỦA BAN GIÁM ĐỐC", "center", bold=True, size=14),
               Para(f"Ban Giám đốc {name} (sau đây gọi tắt là “Công ty”) trình bày báo cáo này cùng với báo cáo "
                    f"tài chính đã được kiểm toán của Công ty cho năm tài chính kết thúc ngày 31/12/{YEAR}.",
                    "justify", first=8.0),
               Para("Khái quát về Công ty", "left", bold=True),
               Para(f"{name} hoạt động theo Giấy chứng nhận đăng ký doanh nghiệp mã số {d.firm.tax_code} do Sở Kế "
                    f"hoạch và Đầu tư thành phố Hà Nội cấp. Trụ sở chính của Công ty đặt tại {d.firm.address}. "
                    f"Hoạt động chính của Công ty là sản xuất và kinh doanh {d.product.name.lower()}.",
                    "justify", first=8.0),
               Para("Trách nhiệm của Ban Giám đốc", "left", bold=True)]
    blocks += [Para(s, "justify", first=8.0) for s in rng.sample(POLICIES, 3)]
    blocks += [Para(f"Thay mặt và đại diện cho Ban Giám đốc, {d.firm.rep_title} {d.firm.rep}.", "right",
                    italic=True), PageBreak()]
    blocks += [Para("BÁO CÁO KIỂM TOÁN ĐỘC LẬP", "center", bold=True, size=14),
               Para(f"Kính gửi: Các cổ đông, Hội đồng quản trị và Ban Giám đốc {name}", "left", bold=True),
               Para(f"Chúng tôi đã kiểm toán báo cáo tài chính kèm theo của {name}, được lập ngày "
                    f"{rng.randint(10, 28):02d}/03/{YEAR + 1}, bao gồm Bảng cân đối kế toán tại ngày 31/12/{YEAR}, "
                    "Báo cáo kết quả hoạt động kinh doanh, Báo cáo lưu chuyển tiền tệ cho năm tài chính kết thúc "
                    "cùng ngày và Bản thuyết minh báo cáo tài chính.", "justify", first=8.0),
               Para("Trách nhiệm của Kiểm toán viên", "left", bold=True),
               Para("Trách nhiệm của chúng tôi là đưa ra ý kiến về báo cáo tài chính dựa trên kết quả của cuộc kiểm "
                    "toán. Chúng tôi đã tiến hành kiểm toán theo các chuẩn mực kiểm toán Việt Nam. Các chuẩn mực "
                    "này yêu cầu chúng tôi tuân thủ chuẩn mực và các quy định về đạo đức nghề nghiệp, lập kế "
                    "hoạch và thực hiện cuộc kiểm toán để đạt được sự đảm bảo hợp lý về việc liệu báo cáo tài "
                    "chính có còn sai sót trọng yếu hay không.", "justify", first=8.0),
               Para("Ý kiến của Kiểm toán viên", "left", bold=True),
               Para(f"Theo ý kiến của chúng tôi, báo cáo tài chính đã phản ánh trung thực và hợp lý, trên các khía "
                    f"cạnh trọng yếu, tình hình tài chính của {name} tại ngày 31/12/{YEAR}, cũng như kết quả hoạt "
                    "động kinh doanh và tình hình lưu chuyển tiền tệ cho năm tài chính kết thúc cùng ngày.",
                    "justify", first=8.0),
               Para(auditor, "right", bold=True), PageBreak()]
    return blocks


def cash_flow(d: Dossier, rng: random.Random) -> list:
    """The cash-flow statement (B03-DN, indirect method), one page."""
    lines = statement_lines(d, YEAR)
    unit = UNIT_FACTOR[d.fs_unit]
    rows: list[list[Cell | str]] = [[Cell("CHỈ TIÊU", align="center"), Cell("Mã số", align="center"),
                                     Cell("Năm nay", align="center"), Cell("Năm trước", align="center")]]
    bold = set()
    for code, label, is_bold in CASH_FLOW:
        if is_bold:
            bold.add(len(rows))
        if code == "01":
            values = [vn_int(lines["50"] // unit), vn_int(round(lines["50"] / unit * rng.uniform(0.8, 1.1)))]
        elif code:
            values = [amount(rng, 0.001, 0.08, d), amount(rng, 0.001, 0.08, d)]
        else:
            values = ["", ""]
        rows.append([label, code, *values])
    return [Para(" ".join(firm_header_lines(d.firm)), "left", bold=True, size=10),
            Para("BÁO CÁO LƯU CHUYỂN TIỀN TỆ", "center", bold=True, size=14, after=0),
            Para(f"(Theo phương pháp gián tiếp) Năm {YEAR}", "center", italic=True, after=0),
            Para(unit_line(d, {}), "right", italic=True, size=10),
            Table(rows, [6.6, 1, 2.4, 2.4], header_rows=1, borders="cols",
                  align=["left", "center", "right", "right"], size=10, bold_rows=bold), PageBreak()]


def note_page(d: Dossier, number: int, rng: random.Random) -> list:
    """One page of notes: two numbered notes with policy text and two-year tables, or the fixed-asset
    movement table with its policy text."""
    titles = list(NOTE_TABLES)
    blocks: list = []
    if number == 1:
        blocks += [Para(d.firm.name.upper(), "center", bold=True, size=11),
                   Para("THUYẾT MINH BÁO CÁO TÀI CHÍNH", "center", bold=True, size=13, after=0),
                   Para(f"Cho năm tài chính kết thúc ngày 31/12/{YEAR}", "center", italic=True)]
    if number % 5 == 3:
        blocks.append(Para(f"{2 * number - 1}. TÀI SẢN CỐ ĐỊNH HỮU HÌNH", "left", bold=True, before=4))
        blocks += [Para(s, "justify", first=8.0) for s in rng.sample(POLICIES, 3)]
        rows: list[list[Cell | str]] = [[Cell("Khoản mục", bold=True), *[Cell(c, bold=True) for c in ASSET_COLUMNS],
                                         Cell("Cộng", bold=True)]]
        for group, items in (("NGUYÊN GIÁ", ["Số dư đầu năm", "Mua trong năm", "Đầu tư XDCB hoàn thành",
                                             "Thanh lý, nhượng bán", "Số dư cuối năm"]),
                             ("GIÁ TRỊ HAO MÒN LŨY KẾ", ["Số dư đầu năm", "Khấu hao trong năm",
                                                         "Thanh lý, nhượng bán", "Số dư cuối năm"]),
                             ("GIÁ TRỊ CÒN LẠI", ["Tại ngày đầu năm", "Tại ngày cuối năm"])):
            rows.append([Cell(group, bold=True), "", "", "", "", ""])
            rows += [[item, *[amount(rng, 0.001, 0.05, d) for _ in range(5)]] for item in items]
        blocks.append(Table(rows, [3.2, 1.8, 1.8, 1.8, 1.8, 1.8], header_rows=1, size=8.5,
                            align=["left", "right", "right", "right", "right", "right"]))
        blocks += [Para(s, "justify", first=8.0) for s in rng.sample(POLICIES, 2)]
        blocks.append(Para(f"{2 * number}. TÀI SẢN CỐ ĐỊNH VÔ HÌNH", "left", bold=True, before=4))
        blocks += [Para(s, "justify", first=8.0) for s in rng.sample(POLICIES, 2)]
    else:
        for part in (2 * number - 1, 2 * number):
            title = titles[part % len(titles)]
            blocks.append(Para(f"{part}. {title.upper()}", "left", bold=True, before=4))
            blocks += [Para(s, "justify", first=8.0) for s in rng.sample(POLICIES, 2)]
            rows = [[Cell("Khoản mục", bold=True), Cell(f"31/12/{YEAR}", bold=True),
                     Cell(f"01/01/{YEAR}", bold=True)]]
            rows += [[item, amount(rng, 0.0005, 0.06, d), amount(rng, 0.0005, 0.06, d)]
                     for item in NOTE_TABLES[title]]
            rows.append([Cell("Cộng", bold=True), amount(rng, 0.01, 0.2, d), amount(rng, 0.01, 0.2, d)])
            blocks.append(Table(rows, [5, 2.5, 2.5], header_rows=1, align=["left", "right", "right"], size=10))
        blocks.append(Para(rng.choice(POLICIES), "justify", first=8.0))
    blocks.append(PageBreak())
    return blocks


def bundle(d: Dossier, pages: int) -> tuple[bytes, int]:
    """The dossier's whole statements bundle of exactly ``pages`` pages: (PDF bytes, pages)."""
    rng = rng_for("text-corpus", d.id)
    auditor = rng.choice(AUDITORS)
    opts = {"variant": "cover+bcdkt+kqkd", "auditor": auditor, "borders": rng.choice(["cols", "grid"]),
            "headers": rng.choice(["namnay", "years"])}
    statements = build_statement(d, YEAR, opts, rng)
    cover_end = next(i for i, b in enumerate(statements) if isinstance(b, PageBreak)) + 1
    head = [*statements[:cover_end], *front_pages(d, rng, auditor), *statements[cover_end:], PageBreak(),
            *cash_flow(d, rng)]
    notes = [note_page(d, n, rng) for n in range(1, pages + 1)]
    layout = build._layout(build.Doc(FILE_NAME, "financial_statement", "pdf"), rng)
    sections = pages - 7  # a first guess: seven pages before the notes
    for _ in range(6):
        blocks = [*head, *[b for page in notes[:sections] for b in page]]
        if isinstance(blocks[-1], PageBreak):
            blocks.pop()
        result = render_pdf(blocks, layout)
        if len(result.pages) == pages:
            return result.data, pages
        sections += pages - len(result.pages)
    raise RuntimeError(f"{d.id}: cannot reach {pages} pages (got {len(result.pages)})")


def plan(count: int) -> list[Dossier]:
    """The catalogue's born-digital dossiers under new ids (``TEXT-001`` …)."""
    catalogue = [d for d in build.all_dossiers() if 2024 in d.fig.net and YEAR in d.fig.net]
    return [dataclasses.replace(catalogue[i % len(catalogue)], id=f"TEXT-{i + 1:03d}", docs=[])
            for i in range(count)]


def _produce(args: tuple[int, int, int]) -> tuple[str, bytes, int]:
    count, pages, index = args
    d = plan(count)[index]
    data, got = bundle(d, pages)
    return d.id, data, got


def generate(out: Path, count: int, pages: int, workers: int) -> dict:
    """Write ``out/inbox`` and ``out/manifest.json``; returns the manifest."""
    warm_fonts()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        produced = list(pool.map(_produce, [(count, pages, i) for i in range(count)]))
    shutil.rmtree(out / "inbox", ignore_errors=True)
    files = []
    for dossier_id, data, got in produced:
        target = out / "inbox" / dossier_id / FILE_NAME.format(year=YEAR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files.append({"dossier": dossier_id, "path": target.name, "format": "pdf", "kind": "financial_statement",
                      "pages": got, "scanned": False, "delivery": "folder"})
    manifest = {"dossiers": count, "files": len(files), "pages": sum(f["pages"] for f in files),
                "scanned_pages": 0, "text_pdf_pages": sum(f["pages"] for f in files),
                "bytes": sum(p.stat().st_size for p in (out / "inbox").rglob("*") if p.is_file()),
                "file_list": files}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dossiers", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40, help="pages of each dossier's PDF")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    start = time.perf_counter()
    manifest = generate(args.out, args.dossiers, args.pages, args.workers)
    print(f"{manifest['dossiers']} dossiers, {manifest['pages']} pages, {manifest['bytes'] / 1e6:.1f} MB "
          f"in {args.out / 'inbox'} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
