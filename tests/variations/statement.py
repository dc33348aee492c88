"""Income statement (B02-DN): line 10 "Doanh thu thuần…" for this year and the year before.

The facts are one firm's lines 01, 02, 10, 11, 20 for 2025 and 2024; every variant prints the
same figures (in millions where its unit says so) and must give line 10 for both years as
``figures.enterprise_revenue_vnd.<year>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tests.variations.facts import FIRM
from tests.variations.harness import Variant
from tests.variations.render import Break, Cell, Doc, Para, Table, en_number, vn_number

YEAR = 2025
GROSS = {2025: 152_384_650_200, 2024: 131_905_772_450}
DEDUCTIONS = {2025: 1_234_560_000, 2024: 905_300_120}
COST = {2025: 120_500_300_100, 2024: 104_210_880_600}
FINANCE = {2025: 812_455_300, 2024: 640_118_900}

VI = {
    "01": "1. Doanh thu bán hàng và cung cấp dịch vụ",
    "02": "2. Các khoản giảm trừ doanh thu",
    "10": "3. Doanh thu thuần về bán hàng và cung cấp dịch vụ",
    "11": "4. Giá vốn hàng bán",
    "20": "5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ",
    "21": "6. Doanh thu hoạt động tài chính",
}
EN = {
    "01": "Gross revenue from sales of goods and rendering of services",
    "02": "Less deductions",
    "10": "Net revenue from sales of goods and rendering of services",
    "11": "Cost of goods sold",
    "20": "Gross profit from sales of goods and rendering of services",
    "21": "Financial income",
}


def lines(divisor: int = 1) -> dict[str, dict[int, int]]:
    """The statement's lines as printed in a unit of ``divisor`` đồng; 10 and 20 stay the sums."""
    out: dict[str, dict[int, int]] = {"01": {}, "02": {}, "10": {}, "11": {}, "20": {}, "21": {}}
    for year in (2025, 2024):
        out["01"][year] = round(GROSS[year] / divisor)
        out["02"][year] = round(DEDUCTIONS[year] / divisor)
        out["10"][year] = out["01"][year] - out["02"][year]
        out["11"][year] = round(COST[year] / divisor)
        out["20"][year] = out["10"][year] - out["11"][year]
        out["21"][year] = round(FINANCE[year] / divisor)
    return out


def expect(divisor: int = 1) -> dict[str, object]:
    """Line 10 of both years, in đồng."""
    ten = lines(divisor)["10"]
    return {f"figures.enterprise_revenue_vnd.{year}": ten[year] * divisor for year in (2025, 2024)}


@dataclass(frozen=True)
class Layout:
    """How one statement is printed; the defaults are the plainest Vietnamese B02-DN."""

    labels: str = "vi"  # vi | bilingual | en
    label_10: str | None = None  # the line-10 label as printed ("\n" wraps it)
    valign: str = "MIDDLE"
    previous_first: bool = False
    headers: tuple[str, str] = ("Năm nay", "Năm trước")
    unit_line: str = "Đơn vị tính: đồng"
    divisor: int = 1
    period: str = "Cho năm tài chính kết thúc ngày 31/12/2025"
    number: str = "vn"  # vn | en
    deductions: str = "plain"  # plain | parentheses
    notes_page: bool = False
    balance_sheet_first: bool = False
    text_numbers: bool = False


def label(layout: Layout, code: str) -> str:
    """A line's label in the layout's language."""
    if code == "10" and layout.label_10:
        return layout.label_10
    if layout.labels == "en":
        return EN[code]
    if layout.labels == "bilingual":
        return f"{VI[code]}\n{EN[code]}"
    return VI[code]


def header(layout: Layout) -> list[Cell]:
    """The column header row: item, code, note, then the two years in the layout's order."""
    first = {"vi": "CHỈ TIÊU", "bilingual": "CHỈ TIÊU / ITEMS", "en": "ITEMS"}[layout.labels]
    code = {"vi": "Mã số", "bilingual": "Mã số / Code", "en": "Code"}[layout.labels]
    note = {"vi": "Thuyết minh", "bilingual": "Thuyết minh / Notes", "en": "Notes"}[layout.labels]
    years = list(layout.headers[::-1] if layout.previous_first else layout.headers)
    return [first, code, note, *years]


def statement_table(layout: Layout) -> Table:
    """The income statement's table."""
    figures = lines(layout.divisor)
    order = (2024, 2025) if layout.previous_first else (2025, 2024)
    rows: list[list[Cell]] = [header(layout)]
    for code in ("01", "02", "10", "11", "20", "21"):
        note = {"01": "VI.25", "11": "VI.27", "21": "VI.26"}.get(code, "")
        amounts: list[Cell] = [figures[code][year] for year in order]
        if code == "02" and layout.deductions == "parentheses":
            amounts = [-value for value in amounts if isinstance(value, int)]
        rows.append([label(layout, code), code, note, *amounts])
    return Table(rows, widths=(92, 12, 16, 28, 28), valign=layout.valign)


def title_blocks(layout: Layout, title: str) -> list[Para]:
    """Firm, form number, title, period and unit."""
    blocks = [Para(FIRM.name, bold=True), Para(f"Mã số thuế: {FIRM.tax_code}"),
              Para("Mẫu số B 02 - DN", align="right"), Para(title, bold=True, size=13, align="center")]
    if layout.period:
        blocks.append(Para(layout.period, align="center"))
    if layout.unit_line:
        blocks.append(Para(layout.unit_line, align="right"))
    return blocks


def notes_page() -> list[Para | Table | Break]:
    """A notes page after the statement: revenue split by goods and services (not line 10)."""
    goods = {2025: 140_118_402_600, 2024: 121_004_660_000}
    rows: list[list[Cell]] = [["", "Năm nay", "Năm trước"]]
    rows.append(["Doanh thu bán hàng hóa", goods[2025], goods[2024]])
    rows.append(["Doanh thu cung cấp dịch vụ", GROSS[2025] - goods[2025], GROSS[2024] - goods[2024]])
    rows.append(["Cộng", GROSS[2025], GROSS[2024]])
    return [Break(), Para("THUYẾT MINH BÁO CÁO TÀI CHÍNH", bold=True, align="center"),
            Para("VI.25. Tổng doanh thu bán hàng và cung cấp dịch vụ", bold=True),
            Table(rows, widths=(80, 45, 45))]


def balance_sheet() -> list[Para | Table | Break]:
    """A balance-sheet page before the statement (three-digit codes, year-end columns)."""
    rows: list[list[Cell]] = [["TÀI SẢN", "Mã số", "Thuyết minh", "Số cuối năm", "Số đầu năm"],
                              ["A. TÀI SẢN NGẮN HẠN", "100", "", 84_310_225_400, 71_208_114_650],
                              ["I. Tiền và các khoản tương đương tiền", "110", "V.01", 9_118_204_300, 7_402_115_980],
                              ["TỔNG CỘNG TÀI SẢN", "270", "", 161_442_980_120, 150_337_604_415]]
    return [Para(FIRM.name, bold=True), Para("BẢNG CÂN ĐỐI KẾ TOÁN", bold=True, size=13, align="center"),
            Para("Tại ngày 31 tháng 12 năm 2025", align="center"), Para("Đơn vị tính: đồng", align="right"),
            Table(rows, widths=(92, 12, 16, 28, 28)), Break()]


def build(layout: Layout) -> Doc:
    """The statement document for a layout."""
    title = {"vi": "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH",
             "bilingual": "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH\nINCOME STATEMENT",
             "en": "INCOME STATEMENT"}[layout.labels]
    blocks: list[Para | Table | Break] = balance_sheet() if layout.balance_sheet_first else []
    blocks += [*title_blocks(layout, title), statement_table(layout), Para("Lập, ngày 20 tháng 3 năm 2026")]
    if layout.notes_page:
        blocks += notes_page()
    return Doc(blocks, number=en_number if layout.number == "en" else vn_number, text_numbers=layout.text_numbers)


def variant(name: str, fmt: str = "pdf", xfail: str | None = None, **changes: object) -> Variant:
    """A statement variant: the plain layout with ``changes``."""
    layout = replace(Layout(), **changes)  # type: ignore[arg-type]
    return Variant(name, fmt, lambda: build(layout), expect(layout.divisor), xfail=xfail)


# why a variant fails on the current code (strict xfail: remove the mark when the fix lands)

WRAP_3 = "3. Doanh thu thuần về\nbán hàng và cung cấp\ndịch vụ"
BILINGUAL_PERIOD = ("Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025\n"
                    "For the year ended 31 December 2025")

VARIANTS: list[Variant] = [
    variant("plain-one-line-label"),
    variant("label-wrapped-amounts-on-first-line", label_10="3. Doanh thu thuần về bán hàng\nvà cung cấp dịch vụ",
            valign="TOP"),
    variant("label-wrapped-2-lines-amounts-centred-between-them",
            label_10="3. Doanh thu thuần về bán hàng\nvà cung cấp dịch vụ"),
    variant("label-wrapped-3-lines-amounts-on-middle-line", label_10=WRAP_3, valign="MIDDLE"),
    variant("label-wrapped-3-lines-amounts-on-last-line", label_10=WRAP_3, valign="BOTTOM"),
    variant("label-wrapped-inside-phrase-amounts-on-last-line",
            label_10="3. Doanh thu\nthuần về bán hàng và cung\ncấp dịch vụ", valign="BOTTOM"),
    variant("formula-in-one-line-label", label_10="3. Doanh thu thuần về bán hàng và CCDV (10 = 01 - 02)"),
    variant("formula-on-second-label-line-amounts-on-first",
            label_10="3. Doanh thu thuần về bán hàng và cung cấp dịch vụ\n(10 = 01 - 02)", valign="TOP"),
    variant("columns-swapped-nam-truoc-first", previous_first=True),
    variant("column-headers-nam-2025-nam-2024", headers=("Năm 2025", "Năm 2024")),
    variant("column-headers-nam-2024-nam-2025-swapped", headers=("Năm 2025", "Năm 2024"), previous_first=True),
    variant("column-headers-31-12-2025-31-12-2024", headers=("31/12/2025", "31/12/2024")),
    variant("period-line-nam-2025", period="Năm 2025"),
    variant("no-period-line-years-only-in-column-headers", period="", headers=("Năm 2025", "Năm 2024")),
    variant("unit-vnd", unit_line="Đơn vị tính: VND"),
    variant("unit-nghin-dong", unit_line="Đơn vị tính: nghìn đồng", divisor=1_000),
    variant("unit-trieu-dong", unit_line="Đơn vị tính: triệu đồng", divisor=1_000_000),
    variant("unit-in-column-header-vnd", unit_line="", headers=("Năm nay (VND)", "Năm trước (VND)")),
    variant("bilingual-labels", labels="bilingual", headers=("Năm nay\nCurrent year", "Năm trước\nPrevious year"),
            period=BILINGUAL_PERIOD, unit_line="Đơn vị tính / Unit: VND"),
    variant("bilingual-labels-amounts-on-vietnamese-line", labels="bilingual", valign="TOP",
            headers=("Năm nay\nCurrent year", "Năm trước\nPrevious year"), period=BILINGUAL_PERIOD,
            unit_line="Đơn vị tính / Unit: VND"),
    variant("english-labels-english-numbers", labels="en", number="en", headers=("2025\nVND", "2024\nVND"),
            period="For the year ended 31 December 2025", unit_line=""),
    variant("deductions-in-parentheses", deductions="parentheses"),
    variant("notes-page-after-statement", notes_page=True),
    variant("balance-sheet-page-first", balance_sheet_first=True),
    variant("docx-table", fmt="docx"),
    variant("xlsx-numeric-cells", fmt="xlsx"),
    variant("xlsx-text-numbers-english-grouping", fmt="xlsx", number="en", text_numbers=True),
    variant("scan-150dpi-rotated", fmt="scan"),
]
