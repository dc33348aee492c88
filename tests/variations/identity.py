"""Identity: the firm's name, tax code and head-office address, from its registration certificate or form.

Every variant prints the same firm under other labels ("Tên doanh nghiệp viết bằng tiếng Việt",
"Tên công ty", "MST"…), with the value on the label's line, on the next line or in a table
cell, and must give ``enterprise.name``, ``enterprise.tax_code`` and ``enterprise.address`` (a form also
its legal representative and product, so a table whose values slid to the wrong row shows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tests.variations.facts import FIRM, national_header, signature, spaced
from tests.variations.harness import Variant
from tests.variations.render import Block, Cell, Doc, Para, Table

BRANCH_NAME = f"CHI NHÁNH {FIRM.name} TẠI HÀ ĐÔNG"
BRANCH_CODE = f"{FIRM.tax_code}-001"
FORM_TITLE = "PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC\nTHÀNH PHỐ HÀ NỘI NĂM 2026"


@dataclass(frozen=True)
class Layout:
    """Which paper, which labels, where the values sit."""

    paper: str = "bizreg"  # bizreg | form
    name_label: str = "Tên doanh nghiệp viết bằng tiếng Việt:"
    code_label: str = "Mã số doanh nghiệp:"
    address_label: str = "Địa chỉ trụ sở chính:"
    place: str = "same_line"  # same_line | next_line | table
    spaced_code: bool = False
    branch: bool = False
    foreign_names: bool = False  # the English name and the abbreviation printed too
    narrow_table: bool = False  # table values wrap inside their cells
    valign: str = "MIDDLE"  # where a table cell's text sits when its row is taller (TOP, MIDDLE, BOTTOM)


def facts(layout: Layout) -> dict[str, object]:
    """What the paper says about the firm."""
    said: dict[str, object] = {"enterprise.name": BRANCH_NAME if layout.branch else FIRM.name,
                               "enterprise.tax_code": BRANCH_CODE if layout.branch else FIRM.tax_code,
                               "enterprise.address": FIRM.address}
    if layout.paper == "form":
        said |= {"enterprise.legal_representative": FIRM.representative, "product.name": FIRM.product}
    return said


def pairs(layout: Layout) -> list[tuple[str, str]]:
    """(label, value) of the identity lines in print order."""
    said = facts(layout)
    code = str(said["enterprise.tax_code"])
    out = [(layout.name_label, str(said["enterprise.name"]))]
    if layout.foreign_names:
        out += [("Tên công ty viết bằng tiếng nước ngoài:", FIRM.name_en), ("Tên công ty viết tắt:", "HLPM JSC")]
    out += [(layout.code_label, spaced(code) if layout.spaced_code else code), (layout.address_label, FIRM.address)]
    if layout.paper == "form":
        out += [("Người đại diện theo pháp luật:", FIRM.representative), ("Tên sản phẩm đăng ký:", FIRM.product)]
    return out


def identity_blocks(layout: Layout) -> list[Block]:
    """The identity lines, as the layout places their values."""
    if layout.place == "table":
        rows: list[list[Cell]] = [[label.rstrip(":"), value] for label, value in pairs(layout)]
        widths = (70, 50) if layout.narrow_table else (55, 120)
        return [Table(rows, widths=widths, bold_rows=0, valign=layout.valign)]
    blocks: list[Block] = []
    for number, (label, value) in enumerate(pairs(layout), start=1):
        if layout.place == "next_line":
            blocks += [Para(f"{number}. {label}"), Para(value)]
        else:
            blocks.append(Para(f"{number}. {label} {value}"))
    return blocks


def build(layout: Layout) -> Doc:
    """The certificate or the form for a layout."""
    if layout.paper == "form":
        top: list[Block] = [*national_header(), Para(FORM_TITLE, bold=True, size=12, align="center"),
                            Para("I. THÔNG TIN VỀ DOANH NGHIỆP", bold=True)]
        return Doc([*top, *identity_blocks(layout), *signature(FIRM.representative)])
    title = ("GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH" if layout.branch
             else "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\nCÔNG TY CỔ PHẦN")
    top = [Para("SỞ TÀI CHÍNH THÀNH PHỐ HÀ NỘI\nPHÒNG ĐĂNG KÝ KINH DOANH", bold=True), *national_header(),
           Para(title, bold=True, size=13, align="center"),
           Para("Đăng ký lần đầu: ngày 06 tháng 5 năm 2016\nĐăng ký thay đổi lần thứ 4: ngày 12 tháng 8 năm 2025")]
    return Doc([*top, *identity_blocks(layout), Para("Vốn điều lệ: 45.000.000.000 đồng"),
                *signature("Đỗ Thị Hạnh", "TRƯỞNG PHÒNG")])


def variant(name: str, fmt: str = "pdf", xfail: str | None = None, **changes: object) -> Variant:
    """An identity variant: the default layout with ``changes``."""
    layout = replace(Layout(), **changes)  # type: ignore[arg-type]
    return Variant(name, fmt, lambda: build(layout), facts(layout), xfail=xfail)


FORM = {"paper": "form", "name_label": "Tên doanh nghiệp:", "code_label": "Mã số thuế:",
        "address_label": "Địa chỉ trụ sở chính:"}

VARIANTS: list[Variant] = [
    variant("bizreg-ten-doanh-nghiep-viet-bang-tieng-viet-same-line"),
    variant("bizreg-ten-cong-ty-viet-bang-tieng-viet-with-english-name-and-abbreviation",
            name_label="Tên công ty viết bằng tiếng Việt:", foreign_names=True),
    variant("bizreg-values-on-next-line", place="next_line"),
    variant("bizreg-two-column-table", place="table"),
    variant("bizreg-docx-two-column-table", fmt="docx", place="table"),
    variant("bizreg-branch-code-with-suffix", branch=True, name_label="Tên chi nhánh viết bằng tiếng Việt:",
            code_label="Mã số chi nhánh:", address_label="Địa chỉ chi nhánh:"),
    variant("bizreg-scan", fmt="scan"),
    variant("form-ten-doanh-nghiep-ma-so-thue", **FORM),
    variant("form-ten-cong-ty-mst", **{**FORM, "name_label": "Tên công ty:", "code_label": "MST:"}),
    variant("form-tax-code-spaced-digits", **FORM, spaced_code=True),
    variant("form-values-on-next-line", **FORM, place="next_line"),
    variant("form-table-cells", **FORM, place="table"),
    variant("form-table-values-wrapped-in-narrow-cells", **FORM, place="table", narrow_table=True),
    variant("form-table-values-wrapped-in-narrow-cells-top-aligned", **FORM, place="table", narrow_table=True,
            valign="TOP"),
    variant("form-table-values-wrapped-in-narrow-cells-bottom-aligned", **FORM, place="table", narrow_table=True,
            valign="BOTTOM"),
    variant("bizreg-two-column-table-top-aligned", place="table", valign="TOP"),
    variant("form-docx-table-cells", fmt="docx", **FORM, place="table"),
    variant("form-branch-tax-code", **FORM, branch=True),
]
