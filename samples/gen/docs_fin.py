"""Financial statements: consistent per-year figures (B01/B02) and their PDF/DOCX layout."""

from __future__ import annotations

import random
from datetime import date
from functools import cache

from .blocks import Cell, PageBreak, Para, Sign, SignRow, Space, Table
from .common import firm_header_lines
from .model import Dossier
from .util import UNIT_FACTOR, d_vn, rng_for, vn_int

B02_TT200 = [
    ("01", "1. Doanh thu bán hàng và cung cấp dịch vụ", "VI.1"),
    ("02", "2. Các khoản giảm trừ doanh thu", "VI.2"),
    ("10", "3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)", ""),
    ("11", "4. Giá vốn hàng bán", "VI.3"),
    ("20", "5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20 = 10 - 11)", ""),
    ("21", "6. Doanh thu hoạt động tài chính", "VI.4"),
    ("22", "7. Chi phí tài chính", "VI.5"),
    ("23", "   - Trong đó: Chi phí lãi vay", ""),
    ("25", "8. Chi phí bán hàng", "VI.6"),
    ("26", "9. Chi phí quản lý doanh nghiệp", "VI.6"),
    ("30", "10. Lợi nhuận thuần từ hoạt động kinh doanh {30 = 20 + (21 - 22) - (25 + 26)}", ""),
    ("31", "11. Thu nhập khác", "VI.7"),
    ("32", "12. Chi phí khác", "VI.8"),
    ("40", "13. Lợi nhuận khác (40 = 31 - 32)", ""),
    ("50", "14. Tổng lợi nhuận kế toán trước thuế (50 = 30 + 40)", ""),
    ("51", "15. Chi phí thuế TNDN hiện hành", "VI.9"),
    ("52", "16. Chi phí thuế TNDN hoãn lại", "VI.9"),
    ("60", "17. Lợi nhuận sau thuế thu nhập doanh nghiệp (60 = 50 - 51 - 52)", ""),
]
B02_TT133 = [
    ("01", "1. Doanh thu bán hàng và cung cấp dịch vụ", ""),
    ("02", "2. Các khoản giảm trừ doanh thu", ""),
    ("10", "3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)", ""),
    ("11", "4. Giá vốn hàng bán", ""),
    ("20", "5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20 = 10 - 11)", ""),
    ("21", "6. Doanh thu hoạt động tài chính", ""),
    ("22", "7. Chi phí tài chính", ""),
    ("23", "   - Trong đó: Chi phí lãi vay", ""),
    ("24", "8. Chi phí quản lý kinh doanh", ""),
    ("30", "9. Lợi nhuận thuần từ hoạt động kinh doanh (30 = 20 + 21 - 22 - 24)", ""),
    ("31", "10. Thu nhập khác", ""),
    ("32", "11. Chi phí khác", ""),
    ("40", "12. Lợi nhuận khác (40 = 31 - 32)", ""),
    ("50", "13. Tổng lợi nhuận kế toán trước thuế (50 = 30 + 40)", ""),
    ("51", "14. Chi phí thuế thu nhập doanh nghiệp", ""),
    ("60", "15. Lợi nhuận sau thuế thu nhập doanh nghiệp (60 = 50 - 51)", ""),
]
B01 = [
    ("100", "A. TÀI SẢN NGẮN HẠN", True),
    ("110", "I. Tiền và các khoản tương đương tiền", False),
    ("120", "II. Đầu tư tài chính ngắn hạn", False),
    ("130", "III. Các khoản phải thu ngắn hạn", False),
    ("140", "IV. Hàng tồn kho", False),
    ("150", "V. Tài sản ngắn hạn khác", False),
    ("200", "B. TÀI SẢN DÀI HẠN", True),
    ("210", "I. Các khoản phải thu dài hạn", False),
    ("220", "II. Tài sản cố định", False),
    ("240", "IV. Tài sản dở dang dài hạn", False),
    ("250", "V. Đầu tư tài chính dài hạn", False),
    ("260", "VI. Tài sản dài hạn khác", False),
    ("270", "TỔNG CỘNG TÀI SẢN (270 = 100 + 200)", True),
    ("300", "C. NỢ PHẢI TRẢ", True),
    ("310", "I. Nợ ngắn hạn", False),
    ("330", "II. Nợ dài hạn", False),
    ("400", "D. VỐN CHỦ SỞ HỮU", True),
    ("410", "I. Vốn chủ sở hữu", False),
    ("411", "1. Vốn góp của chủ sở hữu", False),
    ("421", "2. Lợi nhuận sau thuế chưa phân phối", False),
    ("440", "TỔNG CỘNG NGUỒN VỐN (440 = 300 + 400)", True),
]


@cache
def _lines(d_id: str, net_vnd: int, unit: int) -> dict[str, int]:
    rng = rng_for("fs", d_id, net_vnd)
    net = net_vnd // unit
    assert net * unit == net_vnd, (d_id, net_vnd, unit)
    r = rng.choice([0.0, 0.002, 0.006, 0.011])
    gross = round(net / (1 - r))
    v = {"01": gross, "02": gross - net, "10": net}
    v["11"] = round(net * rng.uniform(0.74, 0.89))
    v["20"] = net - v["11"]
    v["21"] = round(net * rng.uniform(0.001, 0.008))
    v["22"] = round(net * rng.uniform(0.004, 0.02))
    v["23"] = round(v["22"] * rng.uniform(0.5, 0.95))
    v["25"] = round(net * rng.uniform(0.015, 0.05))
    v["26"] = round(net * rng.uniform(0.025, 0.06))
    v["24"] = v["25"] + v["26"]
    v["30"] = v["20"] + v["21"] - v["22"] - v["25"] - v["26"]
    v["31"] = round(net * rng.uniform(0.0005, 0.004))
    v["32"] = round(v["31"] * rng.uniform(0.1, 0.9))
    v["40"] = v["31"] - v["32"]
    v["50"] = v["30"] + v["40"]
    v["51"] = round(max(v["50"], 0) * 0.2 * rng.uniform(0.85, 1.0))
    v["52"] = rng.choice([0, 0, round(net * rng.uniform(-0.0004, 0.0004))])
    v["60"] = v["50"] - v["51"] - v["52"]
    return {k: x * unit for k, x in v.items()}


def statement_lines(d: Dossier, year: int) -> dict[str, int]:
    """Income-statement lines of `year` in whole VND (multiples of the statement unit)."""
    return _lines(d.id, d.fig.net[year], UNIT_FACTOR[d.fs_unit])


def tt133_lines(d: Dossier, year: int) -> dict[str, int]:
    """The same year under the small-firm form B02-DNN (25 + 26 merged into 24, 52 folded into 51)."""
    v = dict(statement_lines(d, year))
    v["51"] = v["51"] + v["52"]
    return v


def balance_lines(d: Dossier, year: int) -> dict[str, int]:
    """Balance-sheet lines at 31/12 of `year` (consistent totals), whole VND."""
    unit = UNIT_FACTOR[d.fs_unit]
    rng = rng_for("bs", d.id, year)
    total = round(d.fig.net.get(year, d.fig.net[max(d.fig.net)]) / unit * rng.uniform(0.6, 1.1))
    v = {
        "110": round(total * rng.uniform(0.04, 0.12)),
        "120": round(total * rng.uniform(0, 0.08)),
        "130": round(total * rng.uniform(0.12, 0.25)),
        "140": round(total * rng.uniform(0.12, 0.25)),
        "150": round(total * rng.uniform(0.005, 0.02)),
    }
    v["100"] = sum(v[k] for k in ("110", "120", "130", "140", "150"))
    v.update(
        {
            "210": round(total * rng.uniform(0, 0.01)),
            "220": round(total * rng.uniform(0.2, 0.35)),
            "240": round(total * rng.uniform(0, 0.05)),
            "250": round(total * rng.uniform(0, 0.04)),
        }
    )
    v["260"] = max(total - v["100"] - v["210"] - v["220"] - v["240"] - v["250"], 0)
    v["200"] = sum(v[k] for k in ("210", "220", "240", "250", "260"))
    v["270"] = v["100"] + v["200"]
    v["411"] = min(d.firm.capital // unit, round(v["270"] * 0.4))
    v["421"] = round(v["270"] * rng.uniform(0.05, 0.15))
    v["410"] = v["411"] + v["421"]
    v["400"] = v["410"]
    v["330"] = round((v["270"] - v["400"]) * rng.uniform(0.1, 0.4))
    v["310"] = v["270"] - v["400"] - v["330"]
    v["300"] = v["310"] + v["330"]
    v["440"] = v["300"] + v["400"]
    return {k: x * unit for k, x in v.items()}


def fmt_cell(vnd: int, unit: str, zero: str = "-", en: bool = False) -> str:
    """A statement cell in the statement's unit: `1.234.567`, `(1.234)`, `-` for zero."""
    if vnd == 0:
        return zero
    n = vnd // UNIT_FACTOR[unit]
    if en:
        s = f"{abs(n):,}"
        return f"({s})" if n < 0 else s
    return vn_int(n)


def unit_line(d: Dossier, opts: dict) -> str:
    """The statement's unit line."""
    if d.fs_unit == "trieu":
        return "Đơn vị tính: " + opts.get("unit_label", "triệu đồng")
    return "Đơn vị tính: " + opts.get("unit_label", "VND")


def _form_cell(tt: str) -> Cell:
    if tt == "133":
        return Cell(
            "Mẫu số B 02 - DNN\n(Ban hành kèm theo Thông tư số 133/2016/TT-BTC\nngày 26/8/2016 của Bộ Tài "
            "chính)",
            align="center",
            size=9.5,
        )
    return Cell(
        "Mẫu số B 02 - DN\n(Ban hành theo Thông tư số 200/2014/TT-BTC\nngày 22/12/2014 của Bộ Tài chính)",
        align="center",
        size=9.5,
    )


def _top(d: Dossier, right: Cell) -> Table:
    left = Cell(
        "\n".join([" ".join(firm_header_lines(d.firm))])
        + f"\nĐịa chỉ: {d.firm.address_gcn or d.firm.address}",
        bold=False,
        size=10,
    )
    return Table([[left, right]], [6, 4], borders="none", after=4, pad=1)


def _period(year: int, opts: dict) -> str:
    if opts.get("period") == "year":
        return f"Năm {year}"
    return f"Cho năm tài chính kết thúc ngày 31/12/{year}"


def _signs(d: Dossier, year: int, rng: random.Random) -> list:
    day = date(year + 1, 3, rng.randint(10, 28))
    return [
        Para(f"Hà Nội, {d_vn(day)}", "right", italic=True, before=6, after=0),
        SignRow(
            [
                Sign(["Người lập biểu"], d.firm.preparer, note=None, stamp=False),
                Sign(["Kế toán trưởng"], d.firm.accountant, note=None, stamp=False),
                Sign([d.firm.rep_title], d.firm.rep, note=None),
            ],
            left=0.0,
            before=2,
        ),
    ]


def income_table(d: Dossier, year: int, opts: dict, size: float) -> Table:
    """The B02 table for `year` (columns CHỈ TIÊU | Mã số | Thuyết minh | current | previous)."""
    tt = opts.get("tt", "200")
    spec = B02_TT133 if tt == "133" else B02_TT200
    cur = tt133_lines(d, year) if tt == "133" else statement_lines(d, year)
    prev = (
        (tt133_lines(d, year - 1) if tt == "133" else statement_lines(d, year - 1))
        if year - 1 in d.fig.net
        else None
    )
    heads = (
        ("Năm nay", "Năm trước")
        if opts.get("headers", "namnay") == "namnay"
        else (f"Năm {year}", f"Năm {year - 1}")
    )
    rows = [
        [
            Cell("CHỈ TIÊU", align="center"),
            Cell("Mã số", align="center"),
            Cell("Thuyết minh", align="center"),
            Cell(heads[0], align="center"),
            Cell(heads[1], align="center"),
        ],
        [Cell(x, align="center") for x in ("1", "2", "3", "4", "5")],
    ]
    zero = opts.get("zero", "-")
    bold = set()
    for code, label, note in spec:
        if code in ("10", "20", "30", "50", "60"):
            bold.add(len(rows))
        rows.append(
            [
                label,
                code,
                note,
                fmt_cell(cur[code], d.fs_unit, zero),
                fmt_cell(prev[code], d.fs_unit, zero) if prev else "",
            ]
        )
    return Table(
        rows,
        [6.4, 1, 1.2, 2.4, 2.4],
        header_rows=1,
        borders=opts.get("borders", "cols"),
        align=["left", "center", "center", "right", "right"],
        size=size,
        bold_rows=bold,
        repeat_header=opts.get("repeat", True),
    )


def balance_table(d: Dossier, year: int, opts: dict, size: float) -> Table:
    """A condensed B01 balance sheet at 31/12/`year` vs 01/01/`year`."""
    cur, prev = balance_lines(d, year), balance_lines(d, year - 1)
    rows = [
        [
            Cell("TÀI SẢN / NGUỒN VỐN", align="center"),
            Cell("Mã số", align="center"),
            Cell(f"Số cuối năm\n31/12/{year}", align="center"),
            Cell(f"Số đầu năm\n01/01/{year}", align="center"),
        ]
    ]
    bold = set()
    for code, label, is_bold in B01:
        if is_bold:
            bold.add(len(rows))
        rows.append([label, code, fmt_cell(cur[code], d.fs_unit), fmt_cell(prev[code], d.fs_unit)])
    return Table(
        rows,
        [6.4, 1, 2.6, 2.6],
        header_rows=1,
        borders=opts.get("borders", "cols"),
        align=["left", "center", "right", "right"],
        size=size,
        bold_rows=bold,
    )


def build_statement(d: Dossier, year: int, opts: dict, rng: random.Random) -> list:
    """Blocks of a financial statement for fiscal `year`; `opts['variant']` picks the pages included."""
    variant = opts.get("variant", "kqkd")
    size = opts.get("size", 10.5)
    blocks: list = []
    if "cover" in variant:
        blocks += [
            Space(90),
            Para(d.firm.name.upper(), "center", bold=True, size=15),
            Para(f"Địa chỉ: {d.firm.address_gcn or d.firm.address}", "center", size=11),
            Space(120),
            Para("BÁO CÁO TÀI CHÍNH", "center", bold=True, size=22),
            Para(f"CHO NĂM TÀI CHÍNH KẾT THÚC NGÀY 31 THÁNG 12 NĂM {year}", "center", bold=True, size=13),
            Para("(đã được kiểm toán)" if opts.get("auditor") else "", "center", italic=True),
        ]
        if opts.get("auditor"):
            blocks += [Space(150), Para(f"Đơn vị kiểm toán: {opts['auditor']}", "center", size=11)]
        blocks.append(PageBreak())
    if "bcdkt" in variant:
        right = Cell(
            "Mẫu số B 01 - DN\n(Ban hành theo Thông tư số 200/2014/TT-BTC\nngày 22/12/2014 của Bộ Tài chính)",
            align="center",
            size=9.5,
        )
        blocks += [
            _top(d, right),
            Para("BẢNG CÂN ĐỐI KẾ TOÁN", "center", bold=True, size=14, after=0),
            Para(f"Tại ngày 31 tháng 12 năm {year}", "center", italic=True, after=0),
            Para(unit_line(d, opts), "right", italic=True, size=10),
            balance_table(d, year, opts, size),
        ]
        if opts.get("flow"):
            blocks.append(Space(10))
        else:
            blocks.append(PageBreak())
    blocks += [
        _top(d, _form_cell(opts.get("tt", "200"))),
        Para(
            "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH", "center", bold=True, size=14, after=0, keep_with_next=True
        ),
        Para(_period(year, opts), "center", italic=True, after=0),
        Para(unit_line(d, opts), "right", italic=True, size=10),
        income_table(d, year, opts, size),
    ]
    blocks += _signs(d, year, rng)
    return blocks
