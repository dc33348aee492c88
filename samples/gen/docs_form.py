"""The registration form (Phiếu đăng ký tham gia xét chọn SPCNCL) in four layouts and three units."""

from __future__ import annotations

import random
from decimal import Decimal

from .blocks import Cell, Para, Run, Sign, Table
from .common import firm_header_lines, group_label, official_header, title_for
from .docs_fin import statement_lines
from .model import GROUPS, Dossier
from .util import UNIT_LABEL, YEARS, fmt_amount, vn_dec, vn_int

TITLE = "PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI NĂM 2026"
ATTACHED = [
    "Giấy chứng nhận đăng ký doanh nghiệp (bản sao)",
    "Báo cáo tài chính năm 2024, năm 2025",
    "Văn bản xác nhận thực hiện nghĩa vụ thuế",
    "Giấy phép môi trường / hồ sơ môi trường của cơ sở sản xuất",
    "Bản cam kết chấp hành các quy định pháp luật",
    "Các giấy chứng nhận hệ thống quản lý chất lượng, văn bằng sở hữu trí tuệ",
    "Báo cáo thuyết minh sản phẩm và các tài liệu khác có liên quan",
]


def _money(d: Dossier, vnd: int) -> str:
    return fmt_amount(vnd, d.form.unit, d.form.decimals)


def _usd(d: Dossier, usd: int) -> str:
    if d.form.export_style == "trieu_usd":
        text = vn_dec(Decimal(usd) / 10**6)
        if Decimal(text.replace(".", "").replace(",", ".")) * 10**6 != usd:
            raise ValueError(f"export {usd} not exact in triệu USD")
        return text if usd else "-"
    return vn_int(usd) if usd else "0"


def _usd_unit(d: Dossier) -> str:
    return "triệu USD" if d.form.export_style == "trieu_usd" else "USD"


def _rounded(d: Dossier, v: int) -> int:
    """Round an amount the way firms round it on the form (0,1 tỷ or one million)."""
    unit = {"ty": 10**8, "trieu": 10**6, "dong": 10**6}[d.form.unit]
    return (v + unit // 2) // unit * unit


def _gross(d: Dossier, year: int) -> int:
    """Enterprise gross revenue (line 01), rounded."""
    return _rounded(d, statement_lines(d, year)["01"])


def _employees_by_year(d: Dossier, rng: random.Random) -> dict[int, int]:
    e = d.fig.employees
    return {2023: int(e * rng.uniform(0.84, 0.95)), 2024: int(e * rng.uniform(0.93, 0.99)), 2025: e}


def _firm_section(d: Dossier, rng: random.Random) -> list:
    f = d.firm
    tax = d.form.tax_code or f.tax_code
    tax_label = rng.choice(["Mã số thuế", "Mã số doanh nghiệp", "Mã số doanh nghiệp/Mã số thuế"])
    out = [Para("I. THÔNG TIN VỀ DOANH NGHIỆP", "left", bold=True, before=4, keep_with_next=True)]
    items = [
        ("Tên doanh nghiệp", f.name),
        (tax_label, tax),
        ("Địa chỉ trụ sở chính", f.address),
        (
            rng.choice(["Địa chỉ nhà máy/cơ sở sản xuất", "Địa chỉ cơ sở sản xuất", "Địa chỉ nhà máy"]),
            f.factory,
        ),
    ]
    if f.extra_office:
        items.append(("Văn phòng giao dịch", f.extra_office))
    items += [
        ("Điện thoại", f.phone + (f"        Email: {f.email}" if f.email else "")),
        ("Người đại diện theo pháp luật", f"{title_for(f)} {f.rep}        Chức vụ: {f.rep_title}"),
        ("Vốn điều lệ", f"{vn_int(f.capital)} đồng"),
    ]
    for i, (label, value) in enumerate(items, 1):
        out.append(
            Para([Run(f"{i}. {label}: "), Run(value, bold=label == "Tên doanh nghiệp")], "left", indent=5)
        )
    return out


def _group_block(d: Dossier) -> list:
    style = d.form.group_style
    if style == "text":
        return [Para(f"2. Nhóm ngành: {group_label(d)}", "left", indent=5)]
    if style == "checkbox":
        lines = [f"{'☒' if code == d.product.group else '☐'} {name}" for code, name in GROUPS.items()]
        return [
            Para("2. Thuộc nhóm ngành (đánh dấu vào ô phù hợp):", "left", indent=5),
            Table([[lines[i], lines[i + 1]] for i in range(0, 8, 2)], [1, 1], borders="none", pad=1),
        ]
    rows = [[Cell("Nhóm ngành", bold=True), Cell("Đánh dấu (x)", bold=True, align="center")]]
    rows += [
        [name, Cell("x" if code == d.product.group else "", align="center")] for code, name in GROUPS.items()
    ]
    return [
        Para("2. Nhóm ngành của sản phẩm:", "left", indent=5),
        Table(rows, [5, 2], header_rows=1, size=11),
    ]


def _product_section(d: Dossier, rng: random.Random) -> list:
    p, fm = d.product, d.form
    ht = d.hightech is not None
    claims = ", ".join(fm.claimed) if fm.claimed else "Chưa có"
    out = [
        Para("II. THÔNG TIN VỀ SẢN PHẨM ĐĂNG KÝ", "left", bold=True, before=4, keep_with_next=True),
        Para([Run("1. Tên sản phẩm: "), Run(p.name, bold=True)], "left", indent=5),
    ]
    out += _group_block(d)
    if fm.group_style == "text":
        out.append(
            Para(
                f"3. Sản phẩm thuộc Danh mục sản phẩm công nghệ cao: {'Có' if ht else 'Không'}",
                "left",
                indent=5,
            )
        )
    elif fm.group_style == "checkbox":
        out.append(
            Para(
                f"3. Sản phẩm công nghệ cao:   {'☒' if ht else '☐'} Có    {'☐' if ht else '☒'} Không",
                "left",
                indent=5,
            )
        )
    else:
        out.append(
            Para(
                f"3. Sản phẩm công nghệ cao:   Có [{'x' if ht else ' '}]    Không [{' ' if ht else 'x'}]",
                "left",
                indent=5,
            )
        )
    label = rng.choice(
        [
            "Hệ thống quản lý/chứng nhận đã đạt",
            "Chứng nhận hệ thống quản lý chất lượng",
            "Các chứng chỉ ISO đã được cấp",
        ]
    )
    out.append(Para(f"4. {label}: {claims}", "left", indent=5))
    ipn = fm.ip_count
    ip_text = f"{ipn:02d} văn bằng" if ipn else "Chưa có"
    out.append(
        Para(
            f"5. Số văn bằng bảo hộ quyền sở hữu trí tuệ liên quan đến sản phẩm: {ip_text}", "left", indent=5
        )
    )
    if p.capacity:
        out.append(Para(f"6. Công suất thiết kế: {p.capacity}", "left", indent=5))
    return out


def _figures_cols(d: Dossier, rng: random.Random) -> list:
    unit = UNIT_LABEL[d.form.unit]
    hdr = [Cell("TT", align="center"), Cell("Chỉ tiêu", align="center"), Cell("Đơn vị tính", align="center")]
    hdr += [Cell(f"Năm {y}", align="center") for y in YEARS]
    rows = [hdr]
    n = 1
    if d.form.show_enterprise_rev:
        rows.append(
            [str(n), "Tổng doanh thu của doanh nghiệp", unit] + [_money(d, _gross(d, y)) for y in YEARS]
        )
        n += 1
    rows.append(
        [str(n), "Doanh thu của sản phẩm đăng ký", unit] + [_money(d, d.fig.product[y]) for y in YEARS]
    )
    rows.append(
        [str(n + 1), "Kim ngạch xuất khẩu của sản phẩm", _usd_unit(d)]
        + [_usd(d, d.fig.export[y]) for y in YEARS]
    )
    emp = _employees_by_year(d, rng)
    rows.append([str(n + 2), "Số lao động", "người"] + [vn_int(emp[y]) for y in YEARS])
    if rng.random() < 0.6:
        rows.append(
            [str(n + 3), "Lợi nhuận sau thuế của doanh nghiệp", unit]
            + [_money(d, _rounded(d, statement_lines(d, y)["60"])) for y in YEARS]
        )
    return [
        Table(
            rows,
            [0.6, 4.2, 1.6, 2, 2, 2],
            header_rows=1,
            size=11,
            align=["center", "left", "center", "right", "right", "right"],
        )
    ]


def _figures_rows(d: Dossier, rng: random.Random) -> list:
    unit = UNIT_LABEL[d.form.unit]
    emp = _employees_by_year(d, rng)
    hdr = [
        Cell("Năm", align="center"),
        Cell(f"Doanh thu sản phẩm\n({unit})", align="center"),
        Cell(f"Xuất khẩu\n({_usd_unit(d)})", align="center"),
        Cell("Lao động bình quân\n(người)", align="center"),
    ]
    rows = [hdr] + [
        [str(y), _money(d, d.fig.product[y]), _usd(d, d.fig.export[y]), vn_int(emp[y])] for y in YEARS
    ]
    return [
        Table(rows, [1.2, 3, 3, 2.6], header_rows=1, size=11.5, align=["center", "right", "right", "right"]),
        Para(
            f"Ghi chú: Số lao động {d.form.employees_note} là {vn_int(d.fig.employees)} người.",
            "left",
            italic=True,
            size=11,
        ),
    ]


def _figures_paras(d: Dossier, rng: random.Random) -> list:
    unit = UNIT_LABEL[d.form.unit]
    out = []
    for y in YEARS:
        out.append(
            Para(
                f"- Doanh thu sản phẩm năm {y}: {_money(d, d.fig.product[y])} {unit}",
                "left",
                indent=5,
                after=1,
            )
        )
    for y in YEARS:
        usd = d.fig.export[y]
        extra = ""
        if usd and y == 2025 and rng.random() < 0.7:
            vnd_ty = Decimal(usd * 26_000) / 10**9
            extra = f" (tương đương khoảng {vn_dec(vnd_ty, 1)} tỷ đồng)"
        val = f"{_usd(d, usd)} {_usd_unit(d)}" if usd else "không có"
        out.append(Para(f"- Kim ngạch xuất khẩu năm {y}: {val}{extra}", "left", indent=5, after=1))
    out.append(
        Para(
            f"- Tổng số lao động ({d.form.employees_note}): {vn_int(d.fig.employees)} người", "left", indent=5
        )
    )
    if d.form.show_enterprise_rev:
        g = _gross(d, 2025)
        out.append(
            Para(
                f"- Tổng doanh thu toàn doanh nghiệp năm 2025 đạt {_money(d, g)} {unit} (số làm tròn).",
                "left",
                indent=5,
            )
        )
    return out


def build_form(d: Dossier, rng: random.Random) -> list:
    """Blocks of the registration form for dossier `d` (layout per `d.form.layout`)."""
    f, fm = d.firm, d.form
    blocks = official_header(firm_header_lines(f), fm.number or None, fm.date, size=11.5)
    blocks += [
        Para(TITLE, "center", bold=True, size=13.5, after=4),
        Para("Kính gửi: Sở Công Thương thành phố Hà Nội", "center", after=8),
    ]
    blocks += _firm_section(d, rng)
    blocks += _product_section(d, rng)
    heading = rng.choice(
        [
            "III. CÁC CHỈ TIÊU SẢN XUẤT, KINH DOANH (3 NĂM GẦN NHẤT)",
            "III. KẾT QUẢ SẢN XUẤT KINH DOANH CỦA SẢN PHẨM GIAI ĐOẠN 2023 - 2025",
        ]
    )
    blocks.append(Para(heading, "left", bold=True, before=4, keep_with_next=True))
    if fm.layout in ("cols", "checklist"):
        blocks.append(
            Para(f"Đơn vị tính: {UNIT_LABEL[fm.unit]} (trừ khi ghi khác)", "right", italic=True, size=11)
        )
        blocks += _figures_cols(d, rng)
    elif fm.layout == "rows":
        blocks += _figures_rows(d, rng)
    else:
        blocks += _figures_paras(d, rng)
    blocks.append(Para("IV. HỒ SƠ KÈM THEO", "left", bold=True, before=4, keep_with_next=True))
    blocks += [Para(f"{i}. {x}", "left", indent=5, after=1) for i, x in enumerate(ATTACHED, 1)]
    blocks.append(
        Para(
            "Doanh nghiệp cam đoan các thông tin kê khai trên đây là đúng sự thật và chịu trách nhiệm "
            "trước pháp luật về tính chính xác của các thông tin, tài liệu trong hồ sơ.",
            before=6,
            first=10,
        )
    )
    blocks.append(Sign([f.rep_title.upper()], f.rep, note="(Ký tên, đóng dấu)"))
    return blocks
