"""What the worksheet promises about a reviewer's entry, checked as it is read back.

The header and the guide say what an entry needs: a value correction on «Chứng cứ» carries a
reason and the reviewer's name ("ghi lý do và người sửa"); a point override on «Chấm điểm» carries
a reason ("bắt buộc khi điều chỉnh điểm máy") and a name; a council member's manual points need
neither. An amount is exact: "khoảng 400", "~400" or "400?" is refused, never read as 400, and so is
a scale word or a currency that does not fit the field ("120 ty" is 120 tỷ, "5 triệu USD" is not a
revenue in đồng). Every refusal is a sentence in Vietnamese saying what is missing or wrong.
"""

from __future__ import annotations

import re

from extractors.vnformat import points as vn_points
from extractors.vnnum import HEDGE_WORDS, fold, parse_number
from pipeline.rubric_numbers import read_amount
from pipeline.writers import worksheet_layout as L

# signs people put around a figure they are unsure of; the words come from the extractors' list
HEDGE_SIGNS = ("~", "≈", "±", "+/-", "?", "≥", "≤", ">", "<")
_FOLDED_HEDGES = {fold(w): w for w in (*HEDGE_WORDS, "ước", "chừng", "tạm tính", "tối thiểu", "tối đa")}
_HEDGE_WORDS = tuple(sorted(_FOLDED_HEDGES, key=len, reverse=True))
RANGE = "một khoảng số"
_RANGE = re.compile(r"\d\s*(?:-|–|—|đến|den|tới|toi|hoặc|hoac)\s*\d", re.IGNORECASE)


def text(value: object) -> str:
    """A cell as stripped text ("" for empty)."""
    return "" if value is None else str(value).strip()


def hedge(value: str) -> str | None:
    """The word or sign that makes a typed figure approximate ("khoảng", "~", "?"), or None."""
    for sign in HEDGE_SIGNS:
        if sign in value:
            return sign
    folded = f" {fold(value)} "
    for word in _HEDGE_WORDS:
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded):
            return _FOLDED_HEDGES[word]
    if _RANGE.search(value):
        return RANGE
    return None


def not_exact(raw: str, what: str) -> str | None:
    """Why a typed figure is not an exact one, or None."""
    sign = hedge(raw)
    if sign is None:
        return None
    vague = "là một khoảng số" if sign == RANGE else f"là số ước chừng (có «{sign}»)"
    return (f"«{raw}» {vague}, không phải {what} chính xác: nhập đúng một con số theo tài liệu, không kèm "
            "chữ «khoảng», dấu ~ hay ?")


def parse_points(value: object) -> tuple[float | None, str | None]:
    """Points typed as a number or as text ("7,5", "7.5"); (None, why) when they are not exact points."""
    if isinstance(value, bool):
        return None, f"«{text(value)}» không phải là số điểm"
    if isinstance(value, int | float):
        return float(value), None
    raw = text(value)
    vague = not_exact(raw, "số điểm")
    if vague:
        return None, vague
    compact = raw.replace(" ", "")
    number = parse_number(compact, "vi") if "," in compact or compact.count(".") != 1 else parse_number(compact, "en")
    if number is None or not re.fullmatch(r"[-+]?\d[\d.,]*", compact):
        return None, f"«{raw}» không phải là số điểm"
    return float(number), None


def field_currency(path: str) -> str | None:
    """The currency a field's amounts are in: "dong", "usd", or None for a count (employees)."""
    if path.startswith("figures.export_usd"):
        return "usd"
    if "_vnd" in path:
        return "dong"
    return None


def parse_amount_entry(path: str, value: object) -> tuple[int | None, str | None]:
    """A whole amount for a figure: a number cell, or text such as "120 tỷ", "120 ty", "1.234.567"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raw = text(value)
        vague = not_exact(raw, "số")
        if vague:
            return None, vague
        if raw.startswith("-"):
            return None, "số không được âm"
        wanted = field_currency(path)
        if wanted is None:  # a head count may say "người"
            raw = re.sub(r"\s*(người|nguoi|lao động|lao dong)$", "", raw, flags=re.IGNORECASE)
        try:
            number, units = read_amount(raw, text(value))
        except ValueError as exc:
            return None, str(exc)
        if units - ({"usd"} if wanted == "usd" else {"dong", "d", "vnd"} if wanted == "dong" else set()):
            unit = "USD" if wanted == "usd" else "đồng" if wanted == "dong" else "người"
            return None, f"«{text(value)}»: đơn vị không hợp với trường này (trường tính bằng {unit})"
    if number < 0:
        return None, "số không được âm"
    if abs(number - round(number)) > 1e-6:
        return None, f"«{text(value)}» không phải số nguyên ({vn_points(number)})"
    return round(number), None


def parse_value(path: str, value: object) -> tuple[object, str | None]:
    """A reviewer's value for a field, or (None, why it cannot be used)."""
    kind = L.value_type(path)
    if kind is None:
        return None, not_editable(path)
    if kind == "int":
        return parse_amount_entry(path, value)
    if path == "enterprise.tax_code" and isinstance(value, int | float):
        return f"{int(value):010d}", None  # Excel dropped the leading zero
    return text(value), None


def not_editable(key: str) -> str:
    """Why a row's input cells are grey: what to do instead."""
    if key.startswith("certificates."):
        return ("ô nền xám: chứng nhận không sửa ở trang «Chứng cứ»; điều chỉnh điểm của tiêu chí chứng nhận "
                f"ở trang «{L.SCORES}» (ghi lý do và người sửa)")
    if key in L.NOT_EDITABLE:
        return (f"ô nền xám: «{L.field_label(key)}» không sửa trực tiếp được (spcncl xác định lại từ hồ sơ); "
                f"điều chỉnh điểm của tiêu chí liên quan ở trang «{L.SCORES}»")
    return f"ô nền xám: trường «{L.field_label(key)}» không sửa được"


def missing_parts(kind: str, manual: bool, reason: str, reviewer: str) -> str | None:
    """What the header requires and the row lacks (None when nothing is missing).

    Value corrections and point overrides need a reason and a name; a council member's manual
    points need neither (the workbook's author stands in for a missing name).
    """
    if kind == "points" and manual:
        return None
    lacking = [word for word, given in (("lý do", reason), ("họ tên người sửa", reviewer)) if not given.strip()]
    if not lacking:
        return None
    where = (f"cột «{L.POINTS_REASON}» và «{L.POINTS_WHO}»" if kind == "points"
             else f"cột «{L.VALUE_REASON}» và «{L.VALUE_WHO}»")
    need = "khi điều chỉnh điểm máy" if kind == "points" else "khi sửa giá trị"
    return f"thiếu {' và '.join(lacking)} (bắt buộc {need}; ghi ở {where})"
