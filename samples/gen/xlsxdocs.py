"""Excel documents (statements, customs export lists) and the export list's PDF twin."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .blocks import Cell, Para, Sign, Table
from .common import firm_header_lines
from .containers import normalize_ooxml
from .docs_fin import (
    B01,
    B02_TT133,
    B02_TT200,
    balance_lines,
    fmt_cell,
    statement_lines,
    tt133_lines,
    unit_line,
)
from .model import Dossier
from .util import UNIT_FACTOR, d_slash, rng_for, vn_dec

CUSTOMS = ("Hải quan Bắc Hà Nội", "Hải quan sân bay quốc tế Nội Bài",
           "Hải quan cửa khẩu cảng Hải Phòng KV II",
           "Hải quan quản lý hàng đầu tư Hà Nội")
COUNTRIES = ("Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "Đức", "Úc", "Hà Lan", "Thái Lan", "Singapore", "Pháp",
             "Đài Loan")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def export_rows(d: Dossier, year: int, max_rows: int = 22) -> list[tuple[str, date, str, str, str, str, int]]:
    """Customs declarations of `year` whose USD values add up exactly to the declared export."""
    rng = rng_for("export", d.id, year)
    total = d.fig.export[year]
    n = max(5, min(max_rows, total // 400_000 + 5))
    weights = [rng.uniform(0.4, 1.6) for _ in range(n)]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[-1] += total - sum(parts)
    rows = []
    day = date(year, 1, 3)
    step = 360 // n
    goods = d.product.name
    for i, usd in enumerate(parts):
        day_i = day + timedelta(days=i * step + rng.randint(0, max(step - 1, 0)))
        rows.append((f"30{rng.randint(5000000000, 6999999999)}", day_i, rng.choice(["E42", "B11", "E62"]),
                     rng.choice(CUSTOMS), goods, rng.choice(COUNTRIES), usd))
    return rows


def build_export_blocks(d: Dossier, year: int, rng: random.Random, max_rows: int = 22) -> list:
    """The export list as a PDF table (Vietnamese number convention, totals in USD)."""
    rows = [[Cell(h, align="center") for h in ("STT", "Số tờ khai", "Ngày đăng ký", "Mã LH",
                                               "Chi cục Hải quan",
                                              "Nước nhập khẩu", "Trị giá (USD)")]]
    data = export_rows(d, year, max_rows)
    for i, (tk, day, lh, hq, _goods, country, usd) in enumerate(data, 1):
        rows.append([str(i), tk, d_slash(day), lh, hq, country, vn_dec(usd, 2)])
    total = sum(r[-1] for r in data)
    rows.append([Cell("Tổng cộng", bold=True, span=6, align="center"), Cell(vn_dec(total, 2), bold=True)])
    return [Table([[Cell("\n".join(firm_header_lines(d.firm)), bold=True, align="center"), ""]], [5, 5],
                  borders="none"),
            Para(f"BẢNG KÊ TỜ KHAI HẢI QUAN HÀNG HÓA XUẤT KHẨU NĂM {year}", "center", bold=True, size=13.5,
                 before=6,
                 after=0),
            Para(f"Mặt hàng: {d.product.name}", "center", italic=True, after=8),
            Table(rows, [0.6, 2.2, 1.6, 0.9, 3, 1.6, 2], header_rows=1, size=9.5,
                  align=["center", "left", "center", "center", "left", "left", "right"]),
            Para(f"Tổng kim ngạch xuất khẩu năm {year}: {vn_dec(total, 0)} USD.", "left", bold=True),
            Sign([d.firm.rep_title.upper()], d.firm.rep, date_line=f"Hà Nội, ngày 10 tháng 8 năm {year + 1}")]


def _wb(author: str) -> Workbook:
    wb = Workbook()
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    return wb


def _save(wb: Workbook, created: datetime, modified: datetime) -> bytes:
    wb.properties.created = created
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_ooxml(buf.getvalue(), created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           modified.strftime("%Y-%m-%dT%H:%M:%SZ"), "Microsoft Excel")


def _font(bold: bool = False, italic: bool = False, size: float = 11) -> Font:
    return Font(name="Times New Roman", bold=bold, italic=italic, size=size)


def build_export_xlsx(d: Dossier, year: int, opts: dict) -> bytes:
    """The customs export list as the firm's Excel file, numbers stored as numbers, total row in USD."""
    wb = _wb(opts.get("author", "XNK"))
    ws = wb.active
    ws.title = opts.get("sheet", f"XK {year}")
    ws["A1"] = d.firm.name.upper()
    ws["A1"].font = _font(True)
    ws["A3"] = f"BẢNG KÊ TỜ KHAI HẢI QUAN HÀNG HÓA XUẤT KHẨU NĂM {year}"
    ws["A3"].font = _font(True, size=13)
    ws.merge_cells("A3:H3")
    ws["A3"].alignment = Alignment(horizontal="center")
    heads = ["STT", "Số tờ khai", "Ngày đăng ký", "Mã loại hình", "Chi cục HQ đăng ký", "Mặt hàng",
             "Nước nhập khẩu",
             "Trị giá hóa đơn (USD)"]
    for j, h in enumerate(heads, 1):
        c = ws.cell(row=5, column=j, value=h)
        c.font, c.border = _font(True), BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    data = export_rows(d, year)
    r = 6
    for i, (tk, day, lh, hq, goods, country, usd) in enumerate(data, 1):
        vals = [i, tk, day, lh, hq, goods, country, usd]
        for j, v in enumerate(vals, 1):
            c = ws.cell(row=r, column=j, value=v)
            c.font, c.border = _font(), BOX
        ws.cell(row=r, column=3).number_format = "dd/mm/yyyy"
        ws.cell(row=r, column=8).number_format = "#,##0.00"
        r += 1
    ws.cell(row=r, column=1, value="TỔNG CỘNG").font = _font(True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    tot = ws.cell(row=r, column=8, value=sum(x[-1] for x in data))
    tot.font, tot.number_format, tot.border = _font(True), "#,##0.00", BOX
    for col, w in zip("ABCDEFGH", (6, 16, 13, 10, 30, 34, 16, 20), strict=True):
        ws.column_dimensions[col].width = w
    return _save(wb, datetime(year + 1, 8, 5, 14, 20), datetime(year + 1, 8, 11, 8, 45))


def _put(ws, row: int, values: list, bold: bool = False, fmt: str | None = None) -> None:
    for j, v in enumerate(values, 1):
        c = ws.cell(row=row, column=j, value=v)
        c.font, c.border = _font(bold), BOX
        if fmt and isinstance(v, int):
            c.number_format = fmt
            c.alignment = Alignment(horizontal="right")


def build_statement_xlsx(d: Dossier, year: int, opts: dict) -> bytes:
    """A statement exported to Excel; `opts['numbers']`: num (numbers), text_vn or text_en (strings)."""
    mode = opts.get("numbers", "num")
    tt = opts.get("tt", "200")
    wb = _wb(opts.get("author", "KeToan"))
    ws_bs = wb.active
    sheets = []
    if opts.get("balance", True):
        ws_bs.title = "BCDKT"
        sheets.append(("bs", ws_bs))
        sheets.append(("is", wb.create_sheet("KQKD")))
    else:
        ws_bs.title = "KQKD"
        sheets.append(("is", ws_bs))

    def cell_value(vnd: int):
        if mode == "num":
            return vnd // UNIT_FACTOR[d.fs_unit]
        return fmt_cell(vnd, d.fs_unit, zero="-", en=mode == "text_en")

    fmt = "#,##0;(#,##0);\"-\""
    for what, ws in sheets:
        ws["A1"] = d.firm.name.upper()
        ws["A2"] = f"Địa chỉ: {d.firm.address_gcn or d.firm.address}"
        ws["A1"].font = _font(True)
        if what == "bs":
            ws["A4"] = "BẢNG CÂN ĐỐI KẾ TOÁN"
            ws["A5"] = f"Tại ngày 31 tháng 12 năm {year}"
            cur, prev = balance_lines(d, year), balance_lines(d, year - 1)
            _put(ws, 8, ["TÀI SẢN", "Mã số", f"31/12/{year}", f"01/01/{year}"], bold=True)
            for i, (code, label, bold) in enumerate(B01):
                _put(ws, 9 + i, [label, code, cell_value(cur[code]), cell_value(prev[code])], bold, fmt)
        else:
            ws["A4"] = "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH"
            ws["A5"] = f"Năm {year}"
            spec = B02_TT133 if tt == "133" else B02_TT200
            lines = tt133_lines if tt == "133" else statement_lines
            cur = lines(d, year)
            prev = lines(d, year - 1) if year - 1 in d.fig.net else None
            heads = ["CHỈ TIÊU", "Mã số", "Thuyết minh", "Năm nay", "Năm trước"]
            if opts.get("headers") == "years":
                heads[3:] = [f"Năm {year}", f"Năm {year - 1}"]
            _put(ws, 8, heads, bold=True)
            for i, (code, label, note) in enumerate(spec):
                _put(ws, 9 + i, [label, code, note, cell_value(cur[code]),
                                 cell_value(prev[code]) if prev else None], code in ("10", "60"), fmt)
        ws["A4"].font = _font(True, size=13)
        ws["A6"] = unit_line(d, opts)
        ws["A6"].font = _font(italic=True)
        ws.column_dimensions["A"].width = 62
        for col in "BCDE":
            ws.column_dimensions[col].width = 20 if col != "B" else 8
    return _save(wb, datetime(year + 1, 3, 20, 9, 0), datetime(year + 1, 4, 2, 16, 30))

