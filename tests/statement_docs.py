"""Income statements of our own, in the layouts firms send: wrapped labels, either column order,
units, bundles with a balance sheet and notes, Word and Excel files, scans.

Figures are invented and consistent: 10 = 01 − 02 and 20 = 10 − 11 in both columns.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from extractors.base import Page, ReadDocument

CURRENT = {"01": 845_120_337_410, "02": 3_205_118_902, "11": 702_331_410_227, "21": 1_204_556_310,
           "22": 6_987_001_245, "25": 40_112_907_554, "26": 27_865_441_903, "31": 1_002_334_118, "32": 2_110_987_020}
PREVIOUS = {"01": 760_448_902_115, "02": 1_987_004_320, "11": 640_112_358_006, "21": 2_330_118_406,
            "22": 8_004_117_330, "25": 36_225_009_117, "26": 30_118_442_097, "31": 998_447_215, "32": 1_874_002_551}


def complete(values: dict[str, int]) -> dict[str, int]:
    """The computed lines of a statement (10, 20, 30, 40, 50, 60) from its printed inputs."""
    v = dict(values)
    v["10"] = v["01"] - v["02"]
    v["20"] = v["10"] - v["11"]
    v["30"] = v["20"] + v["21"] - v["22"] - v["25"] - v["26"]
    v["40"] = v["31"] - v["32"]
    v["50"] = v["30"] + v["40"]
    v["51"] = v["50"] // 5
    v["60"] = v["50"] - v["51"]
    return v


THIS_YEAR, LAST_YEAR = complete(CURRENT), complete(PREVIOUS)
B02 = [
    ("01", "1. Doanh thu bán hàng và cung cấp dịch vụ", "VI.25"),
    ("02", "2. Các khoản giảm trừ doanh thu", "VI.26"),
    ("10", "3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)", ""),
    ("11", "4. Giá vốn hàng bán", "VI.27"),
    ("20", "5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20 = 10 - 11)", ""),
    ("21", "6. Doanh thu hoạt động tài chính", "VI.28"),
    ("22", "7. Chi phí tài chính", "VI.29"),
    ("25", "8. Chi phí bán hàng", "VI.30"),
    ("26", "9. Chi phí quản lý doanh nghiệp", "VI.30"),
    ("30", "10. Lợi nhuận thuần từ hoạt động kinh doanh {30 = 20 + (21 - 22) - (25 + 26)}", ""),
    ("31", "11. Thu nhập khác", ""),
    ("32", "12. Chi phí khác", ""),
    ("40", "13. Lợi nhuận khác (40 = 31 - 32)", ""),
    ("50", "14. Tổng lợi nhuận kế toán trước thuế (50 = 30 + 40)", ""),
    ("51", "15. Chi phí thuế TNDN hiện hành", "VI.31"),
    ("60", "16. Lợi nhuận sau thuế thu nhập doanh nghiệp (60 = 50 - 51)", ""),
]
B02_EN = [
    ("01", "1. Revenue from sales of goods and rendering of services", "VI.1"),
    ("02", "2. Revenue deductions", "VI.2"),
    ("10", "3. Net revenue from sales of goods and rendering of services (10 = 01 - 02)", ""),
    ("11", "4. Cost of goods sold", "VI.3"),
    ("20", "5. Gross profit from sales of goods and rendering of services (20 = 10 - 11)", ""),
    ("21", "6. Financial income", "VI.4"),
    ("22", "7. Financial expenses", "VI.5"),
    ("25", "8. Selling expenses", ""),
    ("26", "9. General and administration expenses", ""),
    ("30", "10. Net operating profit {30 = 20 + (21 - 22) - (25 + 26)}", ""),
]


def vn(value: int, scale: int = 1, english: bool = False) -> str:
    """An amount as printed: 1.234.567 (or 1,234,567), negatives in brackets, in the statement's unit."""
    n = value // scale
    text = f"{abs(n):,}" if english else f"{abs(n):,}".replace(",", ".")
    return f"({text})" if n < 0 else text


@dataclass
class Layout:
    """How one income statement is printed."""

    title: str = "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH"
    period: str = "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025"
    unit: str | None = "Đơn vị tính: đồng"
    headings: tuple[str, str] = ("Năm nay", "Năm trước")
    first_column: str = "current"  # which year the left amount column holds
    rows: list[tuple[str, str, str]] = field(default_factory=lambda: list(B02))
    scale: int = 1
    english: bool = False
    label_width: float = 230.0  # points: narrow enough that long labels wrap
    valign: str = "middle"  # where code and amounts sit against a wrapped label: top, middle, bottom
    header_cells: tuple[str, str, str] = ("CHỈ TIÊU", "Mã số", "Thuyết minh")
    company: str = "CÔNG TY CỔ PHẦN CƠ KHÍ MINH HÒA"
    values: tuple[dict[str, int], dict[str, int]] = (THIS_YEAR, LAST_YEAR)


def amounts(layout: Layout, code: str) -> tuple[str, str]:
    """The two amount cells of a row in the layout's column order."""
    this, last = (vn(v.get(code, 0), layout.scale, layout.english) for v in layout.values)
    return (this, last) if layout.first_column == "current" else (last, this)


def _font() -> str:
    from tests.hostile.builders import _font as font

    return font()


def draw_statement(pdf, layout: Layout, top: float = 800) -> None:  # type: ignore[no-untyped-def]
    """Draw one income statement on the current page of a reportlab canvas."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = _font()
    y = top
    pdf.setFont(font, 9)
    pdf.drawString(40, y, layout.company)
    pdf.drawString(400, y, "Mẫu số B 02 - DN")
    y -= 28
    pdf.setFont(font, 12)
    pdf.drawCentredString(300, y, layout.title)
    y -= 16
    pdf.setFont(font, 9)
    pdf.drawCentredString(300, y, layout.period)
    y -= 14
    if layout.unit:
        pdf.drawString(420, y, layout.unit)
        y -= 18
    pdf.drawString(40, y, layout.header_cells[0])
    pdf.drawString(285, y, layout.header_cells[1])
    pdf.drawString(320, y, layout.header_cells[2])
    pdf.drawRightString(470, y, layout.headings[0])
    pdf.drawRightString(560, y, layout.headings[1])
    y -= 18
    for code, label, note in layout.rows:
        lines = wrap(label, font, 9, layout.label_width, stringWidth)
        at = {"top": 0, "middle": (len(lines) - 1) // 2 if len(lines) > 2 else 1 if len(lines) == 2 else 0,
              "bottom": len(lines) - 1}[layout.valign] if len(lines) > 1 else 0
        if len(lines) == 2 and layout.valign == "middle":
            at = 0
        for index, text in enumerate(lines):
            pdf.drawString(40, y - 12 * index, text)
        row_y = y - 12 * at
        pdf.drawString(290, row_y, code)
        if note:
            pdf.drawString(320, row_y, note)
        left, right = amounts(layout, code)
        pdf.drawRightString(470, row_y, left)
        pdf.drawRightString(560, row_y, right)
        y -= 12 * len(lines) + 6


def wrap(text: str, font: str, size: float, width: float, measure) -> list[str]:  # type: ignore[no-untyped-def]
    """Words of ``text`` wrapped to ``width`` points."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and measure(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def statement_pdf(*layouts: Layout, pages_before: list[list[str]] | None = None,
                  pages_after: list[list[str]] | None = None) -> bytes:
    """A born-digital PDF: optional text pages, one page per income statement, more text pages."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    font = _font()
    for lines in pages_before or []:
        text_page(pdf, lines, font)
    for layout in layouts:
        draw_statement(pdf, layout)
        pdf.showPage()
    for lines in pages_after or []:
        text_page(pdf, lines, font)
    pdf.save()
    return buffer.getvalue()


def text_page(pdf, lines: list[str], font: str) -> None:  # type: ignore[no-untyped-def]
    """A page of lines; a tab moves to the amount columns (notes tables, balance sheets)."""
    y = 800
    for line in lines:
        pdf.setFont(font, 9)
        cells = line.split("\t")
        pdf.drawString(40, y, cells[0])
        for index, cell in enumerate(cells[1:]):
            pdf.drawRightString(470 + 90 * index if len(cells) <= 3 else 330 + 90 * index, y, cell)
        y -= 14
    pdf.showPage()


def text_document(*pages: str, file: str = "bctc.pdf", source: str = "text_layer") -> ReadDocument:
    """A read document straight from page texts (tab-separated cells), as a reader returns it."""
    return ReadDocument(file=file, format="pdf", pages=[
        Page(number=i, text=text, source=source, confidence=0.93 if source == "ocr" else 1.0)  # type: ignore[arg-type]
        for i, text in enumerate(pages, start=1)])


def statement_text(layout: Layout, code_lines: dict[str, list[str]] | None = None) -> str:
    """One statement as a reader's page text; ``code_lines`` replaces a row's lines as printed."""
    out = [f"{layout.company}\tMẫu số B 02 - DN", layout.title, layout.period]
    if layout.unit:
        out.append(layout.unit)
    out.append("\t".join([*layout.header_cells, *layout.headings]))
    for code, label, note in layout.rows:
        if code_lines and code in code_lines:
            out.extend(code_lines[code])
            continue
        left, right = amounts(layout, code)
        out.append("\t".join(c for c in (label, code, note, left, right) if c))
    return "\n".join(out)
