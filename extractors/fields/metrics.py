"""What a figure in a form means: the metric a label names, the unit that covers a number, and
how sure a reading is.

The vocabulary is shared by the three layouts :mod:`extractors.fields.yearly` reads (years as
columns, years as rows, running text) and by the export-evidence reader.

Units are resolved from the nearest scope that states one: the cell itself ("156,8 tỷ"), the
row or column header ("Doanh thu (triệu đồng)", a unit column), the table's caption ("Đơn vị
tính: doanh thu - triệu đồng; xuất khẩu - USD"), the page. A number that states its own unit
never takes another; a unit that had to be guessed makes the value doubtful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.fields.common import Line
from extractors.vnnum import NUMBER_RE, Convention, Unit, find_unit_phrase, fold, fold_same_length, parse_number

YEAR_RE = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
YEAR_CELL_RE = re.compile(r"^\s*(?:năm|nam|year|fy)?\s*(20[0-4]\d)\s*(?:\(.*\))?\s*$", re.I)

EXPORT = "figures.export_usd"
PRODUCT = "figures.product_revenue_vnd"
GROSS = "figures.gross_revenue_vnd"
EMPLOYEES = "figures.employees"

# metric -> folded label phrases; the first metric whose phrase is in a label wins
METRICS: dict[str, list[str]] = {
    EXPORT: ["kim ngach xuat khau", "gia tri xuat khau", "doanh thu xuat khau", "tri gia xuat khau", "xuat khau",
             "export"],
    PRODUCT: ["doanh thu san pham", "doanh thu cua san pham", "doanh thu tu san pham", "doanh thu ban san pham",
              "doanh thu sp", "product revenue", "revenue of the product"],
    GROSS: ["tong doanh thu", "doanh thu doanh nghiep", "doanh thu cua doanh nghiep", "doanh thu toan doanh nghiep",
            "doanh thu cua cong ty", "doanh thu toan cong ty"],
    EMPLOYEES: ["so lao dong", "lao dong binh quan", "tong so lao dong", "so nguoi lao dong", "employees"],
}
# a bare "Doanh thu" in the figures of a product's form is that product's revenue, but only
# weakly: the same words name the firm's revenue elsewhere
WEAK_PRODUCT = ("doanh thu", "revenue")
# shares, growth and ratios name a metric's words but are not the metric
RATIO_WORDS = ("ty trong", "ty le", "tang truong", "toc do", "so voi", "chiem", "share", "growth", "%",
               "loi nhuan", "nop ngan sach")

_UNIT_ONLY = re.compile(r"^\s*[(\[]?\s*(?:người|lao động|persons?|people)\s*[)\]]?\s*$", re.I)


@dataclass
class YearValue:
    """One metric's value for one year, where it was read and how sure we are."""

    value: int
    line: Line
    snippet: str
    confidence: float
    method: str
    note: str | None = None


def metric_of(label: str, weak: bool = False) -> str | None:
    """Which metric a row or column label names, if any.

    With ``weak``, a bare "Doanh thu" counts as the product's revenue (inside a product's
    figures table whose caption names the product).
    """
    folded = " ".join(re.sub(r"[^a-z0-9%]+", " ", fold(label)).split())  # "Doanh thu (của sản phẩm)"
    if any(word in folded for word in RATIO_WORDS):
        return None
    for metric, phrases in METRICS.items():
        if any(phrase in folded for phrase in phrases):
            return metric
    if weak and any(re.search(rf"\b{word}\b", folded) for word in WEAK_PRODUCT):
        return PRODUCT
    return None


def metric_mentions(text: str, weak: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, metric) for every metric phrase in ``text``, in order, longest phrase first at
    a spot; ratio phrases ("tỷ trọng xuất khẩu") are skipped."""
    folded = fold_same_length(text)
    found: list[tuple[int, int, str]] = []
    phrases = [(phrase, metric) for metric, words in METRICS.items() for phrase in words]
    if weak:
        phrases += [(word, PRODUCT) for word in WEAK_PRODUCT]
    for phrase, metric in sorted(phrases, key=lambda item: -len(item[0])):
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", folded):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            before = folded[max(0, match.start() - 12):match.start()]
            if any(word in before for word in ("ty trong", "ty le", "tang truong")):
                continue
            found.append((match.start(), match.end(), metric))
    return sorted(found)


def metric_units(text: str) -> dict[str | None, Unit]:
    """Units a caption or header states, per metric when it names them.

    "Đơn vị tính: doanh thu - triệu đồng; xuất khẩu - USD" gives both; "Đơn vị tính: tỷ đồng"
    gives a unit for every metric (key None); "Doanh thu (tỷ đồng) và kim ngạch (USD)" pairs each
    unit with the metric named just before it.
    """
    units: dict[str | None, Unit] = {}
    mentions = metric_mentions(text)
    position = 0
    while position < len(text):
        unit = find_unit_phrase(text[position:])
        if unit is None:
            break
        start = text.find(unit.text, position)
        if start < 0:
            break
        owner = None
        if not re.match(r"(?i)\s*(?:đơn|don|đvt|dvt|unit|currency)", unit.text):
            # "Doanh thu (tỷ đồng)": the metric named last before the unit; a unit right after
            # "Đơn vị tính:" covers every metric
            for m_start, _, metric in mentions:
                if m_start < start:
                    owner = metric
        units.setdefault(owner, unit)
        position = start + max(1, len(unit.text))
    return units


def cell_amount(cell: str, convention: Convention) -> tuple[Decimal, Unit | None, str] | None:
    """A cell holding one number and at most a unit: (number, its own unit, the number's text).

    "156,8 tỷ" states its unit; "188.407" does not; "29,5%" and "1.240 người" are not money (the
    second is returned with no unit, for head counts). Text around the number rejects the cell.
    """
    text = cell.strip()
    match = NUMBER_RE.match(text)
    if not match or YEAR_CELL_RE.match(text):
        return None
    rest = text[match.end():].strip()
    value = parse_number(match.group(0), convention)
    if value is None:
        return None
    if not rest:
        return value, None, match.group(0)
    if "%" in rest:
        return None
    if _UNIT_ONLY.match(rest):
        return value, None, match.group(0)
    if re.fullmatch(r"(?:nghìn tỷ|tỷ|tỉ|triệu|nghìn|ngàn)", rest, re.I):
        rest = f"({rest})"  # "156,8 tỷ": đồng understood
    unit = find_unit_phrase(rest)
    if unit is None or fold(rest).replace(fold(unit.text), "").strip(" ().[]"):
        return None
    return value, unit, match.group(0)


def ambiguous_grouping(token: str, convention: Convention) -> bool:
    """Whether a number could be read as thousands in the other convention: "412,307" read as
    412.307 in a Vietnamese document, "210.502" read as 210.502 in an English one."""
    token = token.strip("() -")
    separator = "," if convention == "vi" else "."
    other = "." if convention == "vi" else ","
    return other not in token and bool(re.fullmatch(rf"[1-9]\d{{0,2}}{re.escape(separator)}\d{{3}}", token))


def plausible(metric: str, value: int) -> bool:
    """Whether a figure is in a believable range; a guessed unit must land here."""
    if metric == EXPORT:
        return 0 <= value <= 50_000_000_000
    if metric == EMPLOYEES:
        return 0 < value < 1_000_000
    return 0 <= value <= 5 * 10**15


@dataclass
class UnitSource:
    """A unit and how it was found: "cell", "row", "column", "caption", "page", or None (guessed)."""

    unit: Unit | None
    scope: str | None


CONFIDENCE_BY_SCOPE = {"cell": 0.95, "row": 0.95, "column": 0.95, "caption": 0.93, "page": 0.75}
GUESSED = "Không thấy đơn vị tính; đơn vị được đoán, cần kiểm tra."


def judge(metric: str, value: Decimal, source: UnitSource, line: Line, method: str, snippet: str,
          token: str = "", convention: Convention = "vi") -> YearValue | None:
    """Scale a figure by the unit that covers it and judge how sure the reading is.

    Export must be in USD and revenue in đồng: a figure in the other currency is not converted
    here (the rate is the round's), so it is left out rather than recorded in the wrong unit.
    """
    if metric == EMPLOYEES:
        if value != value.to_integral_value() or value <= 0:
            return None
        return YearValue(int(value), line, snippet, 0.9, method)
    unit, note = source.unit, None
    if unit is not None and (unit.currency == "USD") != (metric == EXPORT):
        return None
    scale = unit.scale if unit else 1
    whole = int((value * scale).to_integral_value())
    if unit is not None and source.scope is not None:
        confidence = CONFIDENCE_BY_SCOPE[source.scope]
        if source.scope == "page":
            note = "Đơn vị tính lấy từ dòng ghi đơn vị ở xa bảng; cần kiểm tra."
    else:
        confidence, note = (0.6 if metric == EXPORT else 0.55), GUESSED
        if metric != EXPORT and value < 10**7:
            confidence = 0.35  # "1.250" with no unit: tỷ, triệu or nghìn đồng?
    if token and ambiguous_grouping(token, convention):
        confidence = min(confidence, 0.5)
        note = f"Số «{token}» có thể đọc theo hai cách (dấu ngăn cách hàng nghìn hay dấu thập phân); cần kiểm tra."
    return YearValue(whole, line, snippet, round(confidence, 3), method, note)
