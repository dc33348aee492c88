"""Export evidence: customs declarations and their per-year totals in USD.

The facts are nine export declarations over 2023–2025 (values with cents; each year's sum is a
whole number of dollars: 8.250.000, 9.410.000 and 10.560.000 USD). Every variant must give
``figures.export_usd.<year>`` for the years it covers, as a document of kind ``export_evidence``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tests.variations.facts import FIRM, signature
from tests.variations.harness import Variant
from tests.variations.render import Block, Cell, Doc, Para, Table, en_number, vn_number

DECLARATIONS: dict[int, list[tuple[str, str, float]]] = {
    2023: [("305123456780", "12/03/2023", 2_100_000.25), ("305198765430", "20/07/2023", 3_400_500.75),
           ("305234567010", "05/11/2023", 2_749_499.00)],
    2024: [("305301122330", "08/01/2024", 3_010_250.40), ("305356677880", "14/06/2024", 2_899_749.60),
           ("305412233440", "22/10/2024", 3_500_000.00)],
    2025: [("305478899000", "17/02/2025", 4_120_300.10), ("305523344550", "09/07/2025", 3_209_699.90),
           ("305587766110", "28/11/2025", 3_230_000.00)],
}
TOTALS = {year: round(sum(v for _, _, v in rows)) for year, rows in DECLARATIONS.items()}


@dataclass(frozen=True)
class Layout:
    """What the evidence looks like; the default: one year's declarations with a total row."""

    shape: str = "declarations"  # declarations | by_year | letter
    years: tuple[int, ...] = (2025,)
    total_row: bool = True
    subtotals: bool = False  # "Cộng năm 2023" after each year's declarations
    number: str = "vn"


def title(layout: Layout) -> str:
    """The heading, naming the year or the span of years."""
    span = str(layout.years[0]) if len(layout.years) == 1 else f"{layout.years[0]} - {layout.years[-1]}"
    if layout.shape == "by_year":
        return f"BẢNG KÊ KIM NGẠCH XUẤT KHẨU CÁC NĂM {span}"
    return f"BẢNG KÊ TỜ KHAI HẢI QUAN XUẤT KHẨU NĂM {span}"


def declarations_table(layout: Layout) -> Table:
    """One row per declaration; subtotals per year and a grand total where the layout has them."""
    rows: list[list[Cell]] = [["STT", "Số tờ khai", "Ngày đăng ký", "Nước nhập khẩu", "Trị giá (USD)"]]
    number = 0
    for year in layout.years:
        for declaration, date, value in DECLARATIONS[year]:
            number += 1
            rows.append([str(number), declaration, date, "Nhật Bản" if number % 2 else "Hàn Quốc", value])
        if layout.subtotals:
            rows.append(["", f"Cộng năm {year}", "", "", TOTALS[year]])
    if layout.total_row:
        rows.append(["", "Tổng cộng", "", "", sum(TOTALS[y] for y in layout.years)])
    return Table(rows, widths=(12, 40, 30, 40, 50))


def by_year_table(layout: Layout) -> Table:
    """One row per year."""
    rows: list[list[Cell]] = [["Năm", "Số tờ khai", "Kim ngạch xuất khẩu (USD)"]]
    rows += [[str(year), str(len(DECLARATIONS[year])), TOTALS[year]] for year in layout.years]
    return Table(rows, widths=(30, 40, 80))


def build(layout: Layout) -> Doc:
    """The export evidence for a layout."""
    head: list[Block] = [Para(FIRM.name, bold=True), Para(f"Mã số thuế: {FIRM.tax_code}")]
    if layout.shape == "letter":
        year = layout.years[0]
        blocks: list[Block] = [
            Para("CỤC HẢI QUAN THÀNH PHỐ HÀ NỘI", bold=True), Para("Số: 1875/HQHN-GSQL"),
            Para("XÁC NHẬN KIM NGẠCH XUẤT KHẨU", bold=True, size=13, align="center"),
            Para(f"Cục Hải quan thành phố Hà Nội xác nhận: {FIRM.name}, mã số thuế {FIRM.tax_code}, "
                 f"đã làm thủ tục xuất khẩu {len(DECLARATIONS[year])} tờ khai trong năm {year} với tổng kim "
                 f"ngạch xuất khẩu là {vn_number(TOTALS[year])} USD."),
            *signature("Trần Minh Đức", "KT. CỤC TRƯỞNG"),
        ]
        return Doc(blocks)
    table = by_year_table(layout) if layout.shape == "by_year" else declarations_table(layout)
    blocks = [*head, Para(title(layout), bold=True, size=13, align="center"), table,
              *signature(FIRM.representative)]
    return Doc(blocks, number=en_number if layout.number == "en" else vn_number)


def variant(name: str, fmt: str = "pdf", xfail: str | None = None, **changes: object) -> Variant:
    """An export variant: the default layout with ``changes``; the facts are its years' totals."""
    layout = replace(Layout(), **changes)  # type: ignore[arg-type]
    expect: dict[str, object] = {"kind": "export_evidence"}
    expect |= {f"figures.export_usd.{year}": TOTALS[year] for year in layout.years}
    return Variant(name, fmt, lambda: build(layout), expect, xfail=xfail)


ALL = (2023, 2024, 2025)

VARIANTS: list[Variant] = [
    variant("one-year-declarations-with-total-row"),
    variant("one-year-declarations-without-total-row", total_row=False),
    variant("one-year-declarations-english-grouping", number="en"),
    variant("customs-confirmation-letter-one-year", shape="letter"),
    variant("table-by-year", shape="by_year", years=ALL),
    variant("declarations-over-three-years-grand-total", years=ALL),
    variant("declarations-over-three-years-subtotal-per-year", years=ALL, subtotals=True, total_row=False),
    variant("docx-one-year-declarations", fmt="docx"),
    variant("xlsx-one-year-declarations-numeric-cells", fmt="xlsx"),
    variant("xlsx-table-by-year", fmt="xlsx", shape="by_year", years=ALL),
    variant("scan-one-year-declarations", fmt="scan"),
]
