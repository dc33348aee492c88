"""Registration form figures: product revenue and export per year, and the head count.

The facts: product revenue 1.102,40 / 1.245,18 / 1.352,85 tỷ đồng in 2023–2025, export
8,25 / 9,41 / 10,56 triệu USD, 412 employees. Every variant prints them in another table shape,
unit or format and must give ``figures.product_revenue_vnd.<year>``, ``figures.export_usd.<year>``
and ``figures.employees``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tests.variations.facts import FIRM, national_header, signature
from tests.variations.harness import Variant
from tests.variations.render import Block, Cell, Doc, Para, Table, vn_number

YEARS = (2023, 2024, 2025)
REVENUE = {2023: 1_102_400_000_000, 2024: 1_245_180_000_000, 2025: 1_352_850_000_000}
EXPORT = {2023: 8_250_000, 2024: 9_410_000, 2025: 10_560_000}
STAFF = {2023: 385, 2024: 398, 2025: 412}
TITLE = "PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC\nTHÀNH PHỐ HÀ NỘI NĂM 2026"
UNITS = {"ty": ("tỷ đồng", 10**9), "trieu": ("triệu đồng", 10**6), "dong": ("đồng", 1)}
EXPORT_UNITS = {"usd": ("USD", 1), "trieu_usd": ("triệu USD", 10**6)}


@dataclass(frozen=True)
class Layout:
    """How the figures are printed; the defaults: years across columns, a unit column, tỷ đồng."""

    shape: str = "columns"  # columns | rows | text
    unit: str = "ty"
    unit_place: str = "column"  # column | caption | header | label | cell
    one_year_per_sentence: bool = False
    export_unit: str = "usd"
    no_export: bool = False
    newest_first: bool = False
    narrow: bool = False  # year columns too narrow for a figure in đồng: it wraps in its cell
    valign: str = "MIDDLE"  # where a cell's text sits in a taller row (TOP, MIDDLE, BOTTOM)


def amount(value: int, divisor: int) -> float | int:
    """A figure in the printed unit (a whole number when it is one)."""
    scaled = value / divisor
    return int(scaled) if scaled.is_integer() else round(scaled, 2)


def export_values(layout: Layout) -> dict[int, int]:
    """The export facts of a layout (nothing exported: zero every year)."""
    return dict.fromkeys(YEARS, 0) if layout.no_export else EXPORT


def expect(layout: Layout) -> dict[str, object]:
    """Every year's product revenue and export, and the latest head count."""
    out: dict[str, object] = {f"figures.product_revenue_vnd.{y}": REVENUE[y] for y in YEARS}
    out |= {f"figures.export_usd.{y}": v for y, v in export_values(layout).items()}
    out["figures.employees"] = STAFF[2025]
    return out


def metric_rows(layout: Layout) -> list[tuple[str, str, list[Cell]]]:
    """(label, unit, values in year order) for the three metrics."""
    unit, divisor = UNITS[layout.unit]
    export_unit, export_divisor = EXPORT_UNITS[layout.export_unit]
    years = YEARS[::-1] if layout.newest_first else YEARS
    exports = export_values(layout)
    cells: dict[str, list[Cell]] = {
        "revenue": [amount(REVENUE[y], divisor) for y in years],
        "export": [amount(exports[y], export_divisor) for y in years],
        "staff": [STAFF[y] for y in years],
    }
    if layout.unit_place == "cell":
        cells["revenue"] = [f"{vn_number(v)} {unit}" for v in cells["revenue"] if not isinstance(v, str)]
    return [("Doanh thu sản phẩm", unit, cells["revenue"]),
            ("Kim ngạch xuất khẩu", export_unit, cells["export"]),
            ("Số lao động", "người", cells["staff"])]


def columns_table(layout: Layout) -> list[Block]:
    """Years across columns; the unit in a column, in the label, in each cell or in a caption."""
    years = YEARS[::-1] if layout.newest_first else YEARS
    item = f"Chỉ tiêu (đơn vị: {UNITS[layout.unit][0]})" if layout.unit_place == "header" else "Chỉ tiêu"
    head: list[Cell] = ["TT", item]
    if layout.unit_place == "column":
        head.append("Đơn vị tính")
    head += [f"Năm {y}" for y in years]
    rows: list[list[Cell]] = [head]
    for number, (label, unit, values) in enumerate(metric_rows(layout), start=1):
        row: list[Cell] = [str(number)]
        if layout.unit_place == "column":
            row += [label, unit]
        elif layout.unit_place == "label" or (layout.unit_place in ("caption", "header") and number > 1):
            row.append(f"{label} ({unit})")
        else:
            row.append(label if number == 1 else f"{label} ({unit})")
        rows.append(row + values)
    blocks: list[Block] = []
    if layout.unit_place == "caption":
        blocks.append(Para(f"Đơn vị tính: {UNITS[layout.unit][0]}", align="right"))
    widths = (10, 50, 20, 32, 32, 32) if layout.unit_place == "column" else (10, 76, 30, 30, 30)
    if layout.narrow:
        widths = (10, 80, 20, 22, 22, 22)
    return [*blocks, Table(rows, widths=widths, valign=layout.valign)]


def rows_table(layout: Layout) -> list[Block]:
    """Years down the rows, one column per metric with its unit in the header."""
    metrics = metric_rows(layout)
    head: list[Cell] = ["Năm", *[f"{label} ({unit})" for label, unit, _ in metrics]]
    years = YEARS[::-1] if layout.newest_first else YEARS
    rows: list[list[Cell]] = [head]
    for index, year in enumerate(years):
        rows.append([str(year), *[values[index] for _, _, values in metrics]])
    return [Table(rows, widths=(25, 55, 55, 40))]


def running_text(layout: Layout) -> list[Block]:
    """Figures in sentences: several years in one sentence, or one sentence per year."""
    (_, unit, revenue), (_, export_unit, export), (_, _, staff) = metric_rows(layout)
    if layout.one_year_per_sentence:
        each: list[Block] = [Para(f"Doanh thu sản phẩm năm {y} đạt {vn_number(v)} {unit}.")
                             for y, v in zip(YEARS, revenue, strict=True) if not isinstance(v, str)]
        each += [Para(f"Kim ngạch xuất khẩu năm {y}: không xuất khẩu." if layout.no_export
                      else f"Kim ngạch xuất khẩu năm {y} đạt {vn_number(v)} {export_unit}.")
                 for y, v in zip(YEARS, export, strict=True) if not isinstance(v, str)]
        return [*each, Para(f"Tổng số lao động của doanh nghiệp năm 2025: {staff[-1]} người.")]
    said = ", ".join(f"năm {y} đạt {vn_number(v)} {unit}" for y, v in zip(YEARS, revenue, strict=True)
                     if not isinstance(v, str))
    sold = "; ".join(f"năm {y} đạt {vn_number(v)} {export_unit}" for y, v in zip(YEARS, export, strict=True)
                     if not isinstance(v, str))
    return [Para(f"Doanh thu sản phẩm {said}."), Para(f"Kim ngạch xuất khẩu {sold}."),
            Para(f"Tổng số lao động của doanh nghiệp năm 2025: {staff[-1]} người.")]


def build(layout: Layout) -> Doc:
    """The registration form for a layout."""
    figures = {"columns": columns_table, "rows": rows_table, "text": running_text}[layout.shape](layout)
    blocks: list[Block] = [
        *national_header(), Para(TITLE, bold=True, size=12, align="center"),
        Para("Kính gửi: Sở Công Thương Hà Nội", align="center"),
        Para("I. THÔNG TIN VỀ DOANH NGHIỆP", bold=True),
        Para(f"1. Tên doanh nghiệp: {FIRM.name}"),
        Para(f"2. Mã số thuế: {FIRM.tax_code}"),
        Para(f"3. Địa chỉ trụ sở chính: {FIRM.address}"),
        Para(f"4. Người đại diện theo pháp luật: {FIRM.representative}"),
        Para("II. THÔNG TIN VỀ SẢN PHẨM ĐĂNG KÝ", bold=True),
        Para(f"1. Tên sản phẩm: {FIRM.product}"),
        Para("2. Nhóm ngành: Điện, điện tử"),
        Para("III. KẾT QUẢ SẢN XUẤT, KINH DOANH 03 NĂM GẦN NHẤT", bold=True),
        *figures,
        Para("Doanh nghiệp cam kết các thông tin kê khai trên là đúng sự thật."),
        *signature(FIRM.representative),
    ]
    return Doc(blocks)


def variant(name: str, fmt: str = "pdf", xfail: str | None = None, **changes: object) -> Variant:
    """A form variant: the default layout with ``changes``."""
    layout = replace(Layout(), **changes)  # type: ignore[arg-type]
    return Variant(name, fmt, lambda: build(layout), expect(layout), xfail=xfail)


VARIANTS: list[Variant] = [
    variant("years-across-columns-unit-column-ty-dong-decimal-comma"),
    variant("years-across-columns-newest-first", newest_first=True),
    variant("years-across-columns-unit-in-label", unit_place="label"),
    variant("years-across-columns-unit-in-header-cell", unit_place="header"),
    variant("years-across-columns-unit-in-each-cell", unit_place="cell"),
    variant("years-across-columns-caption-trieu-dong", unit="trieu", unit_place="caption"),
    variant("years-across-columns-unit-dong", unit="dong"),
    variant("years-across-columns-unit-dong-figures-wrapped-in-narrow-cells", unit="dong", narrow=True),
    variant("years-across-columns-unit-dong-figures-wrapped-top-aligned", unit="dong", narrow=True, valign="TOP"),
    variant("years-across-columns-unit-dong-figures-wrapped-bottom-aligned", unit="dong", narrow=True,
            valign="BOTTOM"),
    variant("years-across-columns-export-trieu-usd", export_unit="trieu_usd"),
    variant("years-across-columns-no-export-zeros", no_export=True),
    variant("years-down-rows", shape="rows"),
    variant("years-down-rows-trieu-dong-trieu-usd", shape="rows", unit="trieu", export_unit="trieu_usd"),
    variant("running-text-one-year-per-sentence", shape="text", one_year_per_sentence=True),
    variant("running-text-several-years-per-sentence", shape="text"),
    variant("running-text-trieu-usd", shape="text", export_unit="trieu_usd", one_year_per_sentence=True),
    variant("running-text-khong-xuat-khau", shape="text", no_export=True, one_year_per_sentence=True),
    variant("docx-years-across-columns", fmt="docx"),
    variant("docx-years-down-rows", fmt="docx", shape="rows"),
    variant("scan-years-across-columns", fmt="scan"),
]
