"""Certificates (ISO/HACCP, IP titles, high-tech) and the product description report."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from .blocks import Logo, Para, Run, Sign, Space, Table
from .common import firm_header_lines, official_header
from .docs_legal import person
from .model import Cert, Dossier, HTCert, IPCert
from .util import d_slash, d_vn, fmt_date, vn_dec, vn_int

SYSTEM = {
    "ISO 9001": ("Quality Management System", "Hệ thống quản lý chất lượng"),
    "ISO 14001": ("Environmental Management System", "Hệ thống quản lý môi trường"),
    "ISO 22000": ("Food Safety Management System", "Hệ thống quản lý an toàn thực phẩm"),
    "ISO 45001": ("Occupational Health and Safety Management System",
                  "Hệ thống quản lý an toàn sức khỏe nghề "
                  "nghiệp"),
    "HACCP": ("Hazard Analysis and Critical Control Point (HACCP) System",
              "Hệ thống phân tích mối nguy và kiểm "
              "soát điểm tới hạn (HACCP)"),
    "other": ("Information Security Management System", "Hệ thống quản lý an toàn thông tin"),
}
IP_TITLES = {
    "nhan_hieu": ("GIẤY CHỨNG NHẬN ĐĂNG KÝ NHÃN HIỆU", "Nhãn hiệu"),
    "sang_che": ("BẰNG ĐỘC QUYỀN SÁNG CHẾ", "Tên sáng chế"),
    "giai_phap_huu_ich": ("BẰNG ĐỘC QUYỀN GIẢI PHÁP HỮU ÍCH", "Tên giải pháp hữu ích"),
    "kieu_dang": ("BẰNG ĐỘC QUYỀN KIỂU DÁNG CÔNG NGHIỆP", "Tên kiểu dáng công nghiệp"),
}


def _initials(issuer: str) -> str:
    words = [w for w in issuer.replace("–", " ").split() if w[0].isupper()]
    return "".join(w[0] for w in words[:3]) if issuer[:3] != "QUA" else "QC"


def build_quality_cert(d: Dossier, c: Cert, rng: random.Random) -> list:
    """An ISO/HACCP certificate in English, bilingual or Vietnamese wording."""
    en, vi = SYSTEM[c.standard]
    if "GMP" in c.edition:
        en, vi = "Good Manufacturing Practice", "Điều kiện thực hành tốt sản xuất thuốc (GMP)"
    vi_low = vi[0].lower() + vi[1:]
    fd = lambda x: fmt_date(x, c.date_style)  # noqa: E731
    blocks: list = [Logo(_initials(c.issuer)), Para(c.issuer, "center", bold=True, size=12, after=14)]
    if c.lang == "en":
        blocks += [Para("CERTIFICATE", "center", bold=True, size=26, after=2),
                   Para(f"Certificate No.: {c.number}", "center", after=14),
                   Para(f"This is to certify that the {en} of", "center", after=6),
                   Para(c.holder.upper(), "center", bold=True, size=14, after=2),
                   Para(c.holder_address, "center", after=10),
                   Para("has been assessed and found to conform to the requirements of", "center", after=6),
                   Para(c.edition, "center", bold=True, size=22, after=10),
                   Para("Scope of certification:", "center", bold=True, after=1),
                   Para(c.scope, "center", after=14)]
        rows = []
        if c.original:
            rows.append(["Original cycle start date:", fd(c.original)])
        rows += [["Issue date:", fd(c.issued)], ["Expiry date:", fd(c.expires)]]
        blocks.append(Table(rows, [1, 1], borders="none", align=["right", "left"], pad=1.5))
        blocks.append(Para("Subject to the continued satisfactory operation of the organization's management "
                           "system, "
                           "this certificate is valid until the expiry date shown above.", "center",
                           italic=True,
                           size=9.5, before=8))
        blocks.append(Sign(["Managing Director"], person(rng), note=None, stamp=False, gap=40))
    else:
        vi_only = c.lang == "vi"
        title = "GIẤY CHỨNG NHẬN" if vi_only else "GIẤY CHỨNG NHẬN / CERTIFICATE"
        blocks += [Para(title, "center", bold=True, size=22, after=2),
                   Para(f"Số: {c.number}" if vi_only else f"Số/No.: {c.number}", "center", after=12),
                   Para(f"Chứng nhận {vi_low} của:" if vi_only else
                        f"Chứng nhận {vi_low} của / This is to certify that the {en} of:", "center", after=6),
                   Para(c.holder.upper(), "center", bold=True, size=14, after=2),
                   Para(f"Địa chỉ: {c.holder_address}" if vi_only else f"Địa chỉ/Address: {c.holder_address}",
                        "center", after=10),
                   Para("phù hợp với tiêu chuẩn:" if vi_only else
                        "phù hợp với tiêu chuẩn / has been assessed and found to conform to:", "center",
                        after=4),
                   Para(("TCVN " + c.edition if c.standard in ("ISO 9001", "ISO 14001") and rng.random() < 0.5
                         else c.edition), "center", bold=True, size=20, after=10),
                   Para("Phạm vi chứng nhận:" if vi_only else "Lĩnh vực chứng nhận / Scope:", "center",
                        bold=True,
                        after=1),
                   Para(c.scope, "center", after=12)]
        lab = (("Ngày cấp:", "Có hiệu lực đến:") if vi_only else
               ("Ngày cấp / Date of issue:", "Hiệu lực đến / Valid until:"))
        rows = [[lab[0], fd(c.issued)], [lab[1], fd(c.expires)]]
        blocks.append(Table(rows, [1.2, 1], borders="none", align=["right", "left"], pad=1.5))
        signer = "CỤC TRƯỞNG" if c.issuer.startswith("Cục") else "GIÁM ĐỐC"
        blocks.append(Sign([signer if vi_only else "GIÁM ĐỐC / DIRECTOR"], person(rng), note=None,
                           stamp=False, gap=40, date_line=f"Hà Nội, {d_vn(c.issued)}" if vi_only else None))
    return blocks


def build_ip_cert(d: Dossier, ip: IPCert, rng: random.Random) -> list:
    """A title of the Intellectual Property Office (trademark certificate or patent)."""
    f = d.firm
    title, label = IP_TITLES[ip.kind]
    blocks = official_header(["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỤC SỞ HỮU TRÍ TUỆ"], None, None, size=11.5)
    prefix = {"nhan_hieu": "4", "sang_che": "1", "giai_phap_huu_ich": "2", "kieu_dang": "3"}[ip.kind]
    blocks += [Space(10), Para(title, "center", bold=True, size=16, after=2),
               Para(f"Số: {ip.number}", "center", bold=True, size=14, after=12),
               Para("Cục trưởng Cục Sở hữu trí tuệ cấp văn bằng bảo hộ này cho:", "left", after=6),
               Para([Run("Chủ văn bằng: "), Run(f.name.upper(), bold=True)], "left", after=1),
               Para(f"Địa chỉ: {f.address_gcn or f.address}", "left", after=6),
               Para([Run(f"{label}: "), Run(ip.title, bold=True)], "left", after=6),
               Table([[f"Số đơn: {prefix}-{ip.filed.year}-{rng.randint(10000, 49999):05d}",
                       f"Ngày nộp đơn: {d_slash(ip.filed)}"],
                      [f"Ngày cấp: {d_slash(ip.granted)}", f"Hiệu lực đến: {d_slash(ip.expires)}"]], [1, 1],
                     borders="none", pad=1.5)]
    if ip.classes:
        blocks.append(Para(f"Danh mục sản phẩm, dịch vụ mang nhãn hiệu: {ip.classes}", "left", size=11.5))
    blocks.append(Para("Văn bằng bảo hộ có hiệu lực trên toàn lãnh thổ Việt Nam, có thể được gia hạn theo "
                       "quy định.",
                       italic=True, size=11))
    blocks.append(Sign(["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], person(rng), note=None,
                       date_line=f"Hà Nội, {d_vn(ip.granted)}",
                       seal="BỘ KHOA HỌC VÀ CÔNG NGHỆ * CỤC SỞ HỮU TRÍ TUỆ"))
    return blocks


def build_hightech(d: Dossier, h: HTCert, rng: random.Random) -> list:
    """The Ministry of Science and Technology's high-tech product certificate."""
    f = d.firm
    blocks = official_header(["BỘ KHOA HỌC", "VÀ CÔNG NGHỆ"], h.number, h.issued, size=12)
    blocks += [Para("GIẤY CHỨNG NHẬN", "center", bold=True, size=18, after=0),
               Para("SẢN PHẨM CÔNG NGHỆ CAO", "center", bold=True, size=16, after=8),
               Para("BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ", "center", bold=True, after=4)]
    blocks += [Para(x, first=10, italic=True, after=1) for x in (
        "Căn cứ Luật Công nghệ cao ngày 13 tháng 11 năm 2008;",
        "Căn cứ Quyết định số 38/2020/QĐ-TTg ngày 30 tháng 12 năm 2020 của Thủ tướng Chính phủ ban hành Danh "
        "mục "
        "công nghệ cao được ưu tiên đầu tư phát triển và Danh mục sản phẩm công nghệ cao được khuyến khích "
        "phát "
        "triển;",
        f"Xét hồ sơ đề nghị của {f.name} và ý kiến của Hội đồng thẩm định,")]
    blocks += [Para("CHỨNG NHẬN:", "center", bold=True, before=6),
               Para([Run("Sản phẩm: "), Run(d.product.name, bold=True)], "left"),
               Para(f"Của doanh nghiệp: {f.name}", "left", after=1),
               Para(f"Mã số doanh nghiệp: {f.tax_code}", "left", after=1),
               Para(f"Địa chỉ: {f.address}", "left", after=1),
               Para(f"Cơ sở sản xuất: {f.factory}", "left"),
               Para("là sản phẩm công nghệ cao thuộc Danh mục sản phẩm công nghệ cao được khuyến khích phát "
                    "triển, "
                    f"mục {h.list_item}.", first=10),
               Para(f"Giấy chứng nhận có hiệu lực đến {d_vn(h.expires)}.", first=10),
               Sign(["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], person(rng), note=None, seal="BỘ KHOA HỌC VÀ CÔNG NGHỆ")]
    return blocks


def build_product_description(d: Dossier, rng: random.Random, opts: dict) -> list:
    """Báo cáo thuyết minh sản phẩm: narrative with rounded (hedged) figures — a trap for extractors."""
    f, p, fig = d.firm, d.product, d.fig
    signed: date = opts.get("date", d.form.date)
    blocks = official_header(firm_header_lines(f), None, signed, size=11.5)
    r25, r24 = fig.product[2025], fig.product[2024]
    growth = Decimal(r25 - r24) * 100 / Decimal(r24)
    approx_rev = vn_int(round(r25 / 10**9))
    blocks += [Para("BÁO CÁO THUYẾT MINH SẢN PHẨM", "center", bold=True, size=15, after=0),
               Para(f"Sản phẩm: {p.name}", "center", bold=True, after=10),
               Para("1. Giới thiệu chung", "left", bold=True),
               Para(f"{f.name} được thành lập năm {f.founded.year}, hiện có khoảng "
                    f"{vn_int(round(fig.employees, -1 if fig.employees < 1000 else -2))} lao động, cơ sở sản "
                    "xuất "
                    f"đặt tại {f.factory}.", first=10),
               Para("2. Mô tả sản phẩm và công nghệ sản xuất", "left", bold=True),
               Para(p.technology or "Sản phẩm được sản xuất trên dây chuyền hiện đại, tự động hóa cao.",
                    first=10)]
    if p.capacity:
        blocks.append(Para(f"Công suất thiết kế: {p.capacity}.", first=10))
    if p.standards:
        blocks += [Para("3. Tiêu chuẩn áp dụng", "left", bold=True), Para(p.standards, first=10)]
    blocks += [Para("4. Thị trường và kết quả kinh doanh", "left", bold=True),
               Para(f"Doanh thu của sản phẩm năm 2025 ước đạt khoảng {approx_rev} tỷ đồng, "
                    f"{'tăng' if growth >= 0 else 'giảm'} {vn_dec(abs(growth), 1)}% so với năm 2024. "
                    + (p.market or ""), first=10)]
    usd = fig.export[2025]
    if usd:
        blocks.append(Para(f"Kim ngạch xuất khẩu năm 2025 đạt trên {vn_dec(Decimal(usd // 10**5) / 10)} "
                           "triệu USD.",
                           first=10))
    blocks.append(Sign([f.rep_title.upper()], f.rep))
    return blocks

