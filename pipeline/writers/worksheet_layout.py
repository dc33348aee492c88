"""The worksheet's fixed layout: sheet names, header titles, field labels, what may be edited.

Shared by the writer (``worksheet*.py``) and the reader (``pipeline.worksheet_read``), so both
agree on where a reviewer's entries are. Rows are found by their key columns (dossier id and
field path or criterion), never by position: reviewers may sort and filter freely.
"""

from __future__ import annotations

from typing import Literal

HEADER_ROW = 3  # rows 1–2 hold the sheet's title and subtitle
FIRST_ROW = HEADER_ROW + 1

OVERVIEW = "Tổng hợp"
SCORES = "Chấm điểm"
EVIDENCE = "Chứng cứ"
MISSING = "Thiếu hồ sơ"
AUDIT = "Nhật ký sửa"
GUIDE = "Hướng dẫn"
STATE = "_spcncl"  # very hidden: what this workbook showed in each input cell when written

# header titles the reader looks up
DOSSIER = "Mã hồ sơ"
CRITERION = "Tiêu chí"
MACHINE_POINTS = "Điểm máy"
POINTS_INPUT = "Điểm nhập"
POINTS_REASON = "Lý do"
POINTS_WHO = "Người chấm/sửa"
EFFECTIVE_POINTS = "Điểm tính"
FIELD_PATH = "Mã trường"
VALUE = "Giá trị"
VALUE_INPUT = "Giá trị sửa"
VALUE_REASON = "Lý do sửa"
VALUE_WHO = "Người sửa"

ValueType = Literal["text", "int"]

SCALAR_LABELS: dict[str, str] = {
    "enterprise.name": "Tên doanh nghiệp",
    "enterprise.tax_code": "Mã số thuế",
    "enterprise.address": "Địa chỉ trụ sở chính",
    "enterprise.factory_address": "Địa chỉ cơ sở sản xuất",
    "enterprise.legal_representative": "Người đại diện theo pháp luật",
    "product.name": "Tên sản phẩm",
    "product.industry_group": "Nhóm ngành",
    "product.high_tech": "Sản phẩm công nghệ cao",
    "figures.employees": "Số lao động (người)",
}
YEARLY_LABELS: dict[str, str] = {
    "product_revenue_vnd": "Doanh thu sản phẩm năm {year} (đồng)",
    "enterprise_revenue_vnd": "Doanh thu thuần doanh nghiệp năm {year} (đồng)",
    "export_usd": "Kim ngạch xuất khẩu năm {year} (USD)",
}
# industry group and high-tech flag are re-derived after overrides are applied: correct them
# through the points of the criterion they feed (C1), not as values
NOT_EDITABLE = {"product.industry_group", "product.high_tech"}

STATUS_VI = {"complete": "Đầy đủ", "incomplete": "Thiếu hồ sơ", "ineligible": "Không đủ điều kiện", "error": "Lỗi"}
REASON_VI = {"absent": "Thiếu", "expired": "Hết hiệu lực", "unreadable": "Không đọc được", "mismatch": "Không khớp"}


def field_label(path: str) -> str:
    """A field path in words: ``figures.export_usd.2025`` → "Kim ngạch xuất khẩu năm 2025 (USD)"."""
    if path in SCALAR_LABELS:
        return SCALAR_LABELS[path]
    head, _, year = path.rpartition(".")
    name = head.removeprefix("figures.")
    if name in YEARLY_LABELS and year.isdigit():
        return YEARLY_LABELS[name].format(year=year)
    return path


def value_type(path: str) -> ValueType | None:
    """How a reviewer's entry for this path is read; None when the path cannot be overridden."""
    if path in NOT_EDITABLE:
        return None
    if path == "figures.employees" or path.startswith("figures."):
        return "int"
    if path in SCALAR_LABELS:
        return "text"
    return None
