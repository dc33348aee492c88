"""Customs declarations (tờ khai hải quan) printed from ECUS/VNACCS, and import papers.

An export declaration gives export evidence for the year of its registration date ("Ngày đăng
ký"): its value is the invoice total ("Tổng trị giá hóa đơn") or, where the print leaves the
totals blank, the sum of its goods lines ("Trị giá hóa đơn" of each line). The currency is the
one the declaration states; where it states none, the lines' own arithmetic decides: a line
value that is a constant exchange rate (10.000–40.000) times another number of the same line is
in đồng, and that other number is its USD value. An import declaration is never export evidence.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from decimal import Decimal

from extractors import vnformat
from extractors.dates import find_dates
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView, Line
from extractors.fields.metrics import cell_amount
from extractors.models import Finding
from extractors.vnnum import fold, parse_number

CURRENCY_CODE = re.compile(r"(?<![A-Z])(USD|EUR|JPY|CNY|KRW|GBP|AUD|SGD|HKD|THB|VND)(?![A-Z])")
TITLE_WORDS = ("to khai", "bang ke", "kim ngach", "danh sach", "<exp>", "<imp>")
RATE_RANGE = (Decimal(10_000), Decimal(40_000))  # đồng per USD over the years a dossier covers


def direction(lines: list[Line]) -> str | None:
    """"export" or "import" as the document's title says (a declaration, a list), else None."""
    for line in lines[:12]:
        folded = fold(line.text)
        if folded.strip() == "<imp>":
            return "import"
        if folded.strip() == "<exp>":
            return "export"
        if not any(word in folded for word in TITLE_WORDS):
            continue
        exports = "xuat khau" in folded and "xuat nhap khau" not in folded
        imports = "nhap khau" in folded.replace("xuat nhap khau", "")
        if imports and not exports:
            return "import"
        if exports and not imports:
            return "export"
    return None


def is_import(lines: list[Line]) -> bool:
    """Whether the document declares or lists imports (never export evidence)."""
    return direction(lines) == "import"


def is_declaration(lines: list[Line]) -> bool:
    """Whether the lines are a customs declaration (ECUS/VNACCS print)."""
    head = " ".join(fold(line.text) for line in lines[:12])
    return ("to khai hang hoa" in head or "<exp>" in head or "<imp>" in head) and any(
        fold(line.text).lstrip().startswith(("so to khai", "tri gia hoa don")) for line in lines)


def label_cells(line: Line) -> list[str]:
    """The line's non-empty cells."""
    return [c.strip() for c in line.text.split("\t") if c.strip() and c.strip() != "-"]


def read_declaration(view: DocView, facts: DocumentFacts) -> bool:
    """Read a customs declaration into ``facts``; False when the view is not one."""
    lines = list(view.lines())
    if not is_declaration(lines):
        return False
    if direction(lines) == "import":
        facts.findings.append(Finding(
            code="import_declaration", severity="warning",
            message="Tờ khai hàng hóa nhập khẩu không phải bằng chứng xuất khẩu; không lấy kim ngạch từ tờ khai này."))
        return True
    number, registered, date_line = declaration_header(lines)
    if number:
        facts.candidates.append(view.candidate("document.number", number, 0.9, date_line or lines[0],
                                               (date_line or lines[0]).text, "customs"))
    if registered is None or date_line is None:
        facts.findings.append(Finding(
            code="customs_date_missing", severity="warning",
            message="Không đọc được ngày đăng ký tờ khai; không xác định được năm xuất khẩu."))
        return True
    facts.candidates.append(view.candidate("document.date", registered.isoformat(), 0.9, date_line, date_line.text,
                                           "customs"))
    year = str(registered.year)
    value, confidence, note = declaration_value(lines, view)
    if value is None:
        facts.findings.append(Finding(code="customs_value_unknown", severity="warning", message=note))
        return True
    part = f"Một tờ khai ({number or 'không rõ số'}) chỉ là một phần kim ngạch xuất khẩu năm {year}. "
    facts.candidates.append(view.candidate(f"figures.export_usd.{year}", value, confidence, date_line,
                                           date_line.text, "customs_declaration", part + note))
    facts.candidates.append(view.candidate("document.period_years", [int(year)], 0.9, date_line, date_line.text,
                                           "customs"))
    return True


def declaration_header(lines: list[Line]) -> tuple[str | None, dt.date | None, Line | None]:
    """The declaration's number, registration date and the line that holds the date."""
    number = None
    for line in lines[:40]:
        cells = label_cells(line)
        if cells and fold(cells[0]) == "so to khai" and len(cells) > 1 and re.fullmatch(r"\d{10,12}", cells[1]):
            number = cells[1]
            break
    for line in lines[:60]:
        cells = label_cells(line)
        if cells and fold(cells[0]).startswith("ngay dang ky") and len(cells) > 1:
            dates = find_dates(cells[1])
            if dates:
                return number, dates[0].date, line
    return number, None, None


def declaration_value(lines: list[Line], view: DocView) -> tuple[int | None, float, str]:
    """The declaration's value in USD, how sure, and a note saying how it was found."""
    stated, stated_currency = invoice_total(lines, view)
    goods = goods_lines(lines, view)
    total = sum((v for v, _, _ in goods), Decimal(0))
    currencies = {c for _, c, _ in goods if c}
    currency = stated_currency or (currencies.pop() if len(currencies) == 1 else None)
    if stated is not None and currency == "USD":
        confirmed = goods and abs(total - stated) <= max(Decimal(1), stated / 1000)
        note = f"Tổng trị giá hóa đơn {vnformat.integer(stated)} USD" + (f", khớp {len(goods)} dòng hàng." if confirmed
                                                                     else ".")
        return int(stated.to_integral_value()), (0.9 if confirmed or not goods else 0.6), note
    if not goods:
        return None, 0.0, "Tờ khai không ghi tổng trị giá và không có dòng hàng có trị giá."
    if currency == "USD":
        return (int(total.to_integral_value()), 0.8,
                f"Tờ khai để trống tổng trị giá; cộng {len(goods)} dòng hàng: {vnformat.integer(total)} USD.")
    rate = stated_rate(lines, view) if currency == "VND" else None
    if rate is None and currency in (None, "VND"):
        rate, usd = implied_rate(goods)
        if rate is not None and usd is not None:
            return (int(usd.to_integral_value()), 0.7,
                    f"Tờ khai không ghi loại tiền của trị giá hóa đơn; cộng {len(goods)} dòng hàng được "
                    f"{vnformat.integer(total)}, mỗi dòng bằng một số USD trên cùng dòng nhân {vnformat.integer(rate)} "
                    f"(tỷ giá), nên là đồng Việt Nam: quy ra {vnformat.integer(usd)} USD; cần kiểm tra.")
    if rate is not None:
        usd = total / rate
        return (int(usd.to_integral_value()), 0.7,
                f"Trị giá hóa đơn ghi bằng đồng ({vnformat.integer(total)}), quy ra USD theo tỷ giá tính thuế "
                f"{vnformat.integer(rate)} của tờ khai; cần kiểm tra.")
    return None, 0.0, (f"Tờ khai không ghi loại tiền của trị giá hóa đơn (cộng {len(goods)} dòng hàng được "
                       f"{vnformat.integer(total)}); không xác định được kim ngạch USD.")


def invoice_total(lines: list[Line], view: DocView) -> tuple[Decimal | None, str | None]:
    """The header's "Tổng trị giá hóa đơn": its amount and currency code, when printed."""
    for line in lines[:120]:
        cells = label_cells(line)
        if not cells or "tong tri gia hoa don" not in fold(cells[0]):
            continue
        codes = [m.group(1) for c in cells[1:] if (m := CURRENCY_CODE.search(c))]
        amounts = [a[0] for c in cells[1:] if (a := cell_amount(c, view.convention)) is not None]
        return (amounts[-1] if amounts else None), (codes[0] if codes else None)
    return None, None


def goods_lines(lines: list[Line], view: DocView) -> list[tuple[Decimal, str | None, list[Decimal]]]:
    """Each goods line's invoice value, its currency code if printed, and the other numbers of
    its block (the lines just above it), for the exchange-rate check."""
    out = []
    for index, line in enumerate(lines):
        cells = [c.strip() for c in line.text.split("\t") if c.strip()]
        if len(cells) < 2 or fold(cells[0]) != "tri gia hoa don":
            continue
        amount = cell_amount(cells[1], view.convention)
        if amount is None:
            continue
        code = next((m.group(1) for c in cells[2:] if (m := CURRENCY_CODE.search(c))), None)
        others = []
        for above in lines[max(0, index - 4):index]:
            for cell in above.text.split("\t"):
                value = parse_number(cell.strip(), view.convention) if re.fullmatch(r"[\d.,]+", cell.strip()) else None
                if value is not None and value > 0:
                    others.append(value)
        out.append((amount[0], code, others))
    return out


def stated_rate(lines: list[Line], view: DocView) -> Decimal | None:
    """"Tỷ giá tính thuế … USD … 26.189": the declaration's own rate, if printed."""
    for line in lines:
        cells = label_cells(line)
        for position, cell in enumerate(cells):
            if "ty gia tinh thue" in fold(cell):
                for rest in cells[position + 1:]:
                    amount = cell_amount(rest, view.convention)
                    if amount is not None and RATE_RANGE[0] <= amount[0] <= RATE_RANGE[1]:
                        return amount[0]
    return None


def implied_rate(goods: list[tuple[Decimal, str | None, list[Decimal]]]) -> tuple[Decimal | None, Decimal | None]:
    """The exchange rate every goods line shares (value ÷ a number of its block), and the USD total.

    Some rate must be matched by one number of every line within 1 %: then the values are đồng
    and those numbers their USD.
    """
    if not goods:
        return None, None
    first_value, _, first_others = goods[0]
    for other in first_others:
        rate = first_value / other
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            continue
        usd, rates = Decimal(0), []
        for value, _, others in goods:
            fitting = [o for o in others if abs(value / o - rate) <= rate / 100]
            if len(fitting) != 1:
                break
            usd += fitting[0]
            rates.append(value / fitting[0])
        else:
            return Decimal(statistics.median(rates)).quantize(Decimal(1)), usd
    return None, None
