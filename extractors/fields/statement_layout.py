"""Where the income statement is in a financial report, and what its columns and unit are.

A report bundles a cover, contents, the auditors' report, the balance sheet (B01), the income
statement (B02), the cash-flow statement (B03) and notes (B09). Only the income statement's
table may feed the revenue lines: titles (and, on a page without a title, the form code
"Mẫu số B 02 - DN") cut the report into sections. Each income section then states its period
("Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025", "for the year ended 31 December
2025", "cho giai đoạn ba tháng kết thúc ngày 31/3/2026"), its unit and the order of its two
amount columns ("Năm nay | Năm trước", "2024 | 2025", "31/3/2026 | 31/3/2025", "Current year |
Prior year"…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.dates import find_dates
from extractors.fields.common import Line
from extractors.vnnum import Unit, find_unit, fold

# folded title phrases per section kind; a title line starts with (or nearly with) one of them
SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "income": ("ket qua hoat dong kinh doanh", "ket qua kinh doanh", "income statement", "statement of income",
               "profit and loss", "statement of profit or loss", "statement of comprehensive income",
               "results of operations"),
    "balance": ("bang can doi ke toan", "tinh hinh tai chinh", "balance sheet", "statement of financial position"),
    "cashflow": ("luu chuyen tien te", "cash flow", "cash flows"),
    "notes": ("thuyet minh bao cao tai chinh", "notes to the financial statements", "notes to the consolidated",
              "notes to the separate", "notes to the interim"),
    "equity": ("bien dong von chu so huu", "changes in equity", "changes in owners"),
    "other": ("bao cao cua ban", "bao cao kiem toan", "bao cao soat xet", "independent auditor", "report of the board",
              "report on review", "corporate information", "thong tin ve cong ty", "thong tin chung", "muc luc",
              "contents"),
}
NOT_A_TITLE = ("trinh bay trong", "bo sung", "khoan muc", "dinh kem", "hop thanh", "presented in", "accompanying",
               "integral part", "tiep theo cua")
# words that may stand before a title phrase ("BÁO CÁO …", "CONSOLIDATED INCOME STATEMENT")
LEAD_WORDS = {"bao", "cao", "bang", "tom", "tat", "hop", "nhat", "rieng", "giua", "nien", "do", "mau", "so", "phu",
              "luc", "the", "consolidated", "separate", "interim", "condensed", "statement", "statements", "of",
              "audited", "reviewed"}
FORM_CODES = {"1": "balance", "2": "income", "3": "cashflow", "9": "notes"}
FORM_RE = re.compile(r"\bm[aă]u\s*(?:s[oố]\s*)?:?\s*b\s*0?([1239])\b|\bform\s*b\s*0?([1239])\b|"
                     r"\bb\s*0([1239])\s*[a-z]?\s*[-–—_]+\s*dn", re.IGNORECASE)
INTERIM_WORDS = ("giua nien do", "ba thang", "sau thang", "chin thang", " 3 thang", " 6 thang", " 9 thang",
                 "quy nay", "luy ke", "interim", "quarter", "three months", "six months", "nine months",
                 "3 months", "6 months", "9 months", "b02a", "b 02a", "b02 a", "b02b", "b 02b")
QUARTER_RE = re.compile(r"\bquy\s+(?:[1-4]|i{1,3}|iv)\b")
FULL_YEAR_WORDS = ("nam tai chinh", "financial year", "fiscal year", "year ended", "year ending")
PERIOD_WORDS = ("ket thuc", "ended", "ending", "nam tai chinh", "tai ngay", "giai doan", "den ngay", "tu ngay",
                "for the year", "for the period", "nam 20", "year 20", "quy ", "ky ke toan")
WEAK_PERIOD = ("nam 20", "year 20")  # "năm 2025" also ends every written date
DATE_LINE_RE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*20\d\d")
CIRCULAR_RE = re.compile(r"thong tu|ban hanh|bo tai chinh|circular|ministry of finance")
CURRENT_MARKS = ("nam nay", "ky nay", "quy nay", "current year", "current period", "this year", "nam hien hanh")
PREVIOUS_MARKS = ("nam truoc", "ky truoc", "quy truoc", "prior year", "previous year", "last year", "prior period",
                  "previous period", "corresponding period")
HEADER_WORDS = ("chi tieu", "ma so", "thuyet minh", "code", "note", "items", "nam nay", "nam truoc",
                "ky nay", "current", "prior", "previous")
HEADER_TOKENS = {"ma", "so", "thuyet", "minh", "chi", "tieu", "code", "codes", "note", "notes", "items", "vnd",
                 "nam", "year", "ky", "quy", "s0", "dong"}
EN_UNIT_RE = re.compile(
    r"\b(?:in\s+)?(thousands?|millions?|billions?)\s+(?:of\s+)?(?:vnd|vn\s*d|dong)\b|"
    r"\bvnd\s*['’]?\s*(000|000\s*000|million|thousand|mn|bn|billion)\b|"
    r"\b(nghin|ngan|trieu|ty)\s+(?:dong|vnd)\b", re.IGNORECASE)
EN_SCALES = {"thousand": 10**3, "000": 10**3, "nghin": 10**3, "ngan": 10**3, "million": 10**6, "mn": 10**6,
             "trieu": 10**6, "000000": 10**6, "billion": 10**9, "bn": 10**9, "ty": 10**9}


@dataclass
class Section:
    """A run of lines under one title (or form code), with its kind."""

    kind: str | None
    lines: list[Line] = field(default_factory=list)
    title: str | None = None


@dataclass
class Columns:
    """The amount columns' meaning, left to right, and whether it was established."""

    order: list[str] = field(default_factory=lambda: ["current", "previous"])
    known: bool = False
    years: list[int] = field(default_factory=list)
    how: str = ""


@lru_cache(maxsize=4096)
def title_kind(text: str, previous: str = "") -> str | None:
    """The section a line titles, or None when it is not a title line.

    Numbered or bracketed lines ("(b) Báo cáo kết quả…" in the notes) are sub-headings, and a
    line that carries on the previous one ("THÔNG TIN BỔ SUNG CHO CÁC KHOẢN MỤC TRÌNH BÀY
    TRONG BÁO CÁO" / "KẾT QUẢ HOẠT ĐỘNG KINH DOANH") is not a title of its own.
    """
    folded = re.sub(r"\s+", " ", fold(text).replace("\t", " ")).strip(" .:-*\"'")
    if (len(folded) > 150 or any(word in folded for word in NOT_A_TITLE) or folded.startswith("(")
            or re.match(r"^(?:[ivx]+|[a-z]|\d{1,2})\s*[.)]\s+", folded)):
        return None
    before = fold(previous)
    if any(word in before for word in NOT_A_TITLE) and not before.rstrip().endswith((".", ":", ")")):
        return None
    if re.search(r"\d[.,]\d{3}", folded):
        return None  # a table row that happens to name a statement
    for kind, phrases in SECTION_TITLES.items():
        for phrase in phrases:
            at = folded.find(phrase)
            if at < 0:
                continue
            lead = folded[:at].split()
            if all(word in LEAD_WORDS for word in lead) and (phrase != "ket qua kinh doanh" or lead):
                return kind
    return None


def form_kind(text: str) -> str | None:
    """The statement a form code names ("Mẫu số B 02 - DN" → income), or None."""
    match = FORM_RE.search(text)
    if not match:
        return None
    digit = next(g for g in match.groups() if g)
    return FORM_CODES.get(digit)


def sections(lines: list[Line]) -> list[Section]:
    """The view's lines cut into sections at titles; a page with no title but a form code starts one."""
    out: list[Section] = [Section(kind=None)]
    kinds: list[str | None] = []
    titled_pages: set[int] = set()
    for index, line in enumerate(lines):
        previous = lines[index - 1].text if index and lines[index - 1].page is line.page else ""
        kinds.append(title_kind(line.text, previous))
        if kinds[-1]:
            titled_pages.add(id(line.page))
    seen_pages: set[int] = set()
    for line, kind in zip(lines, kinds, strict=True):
        page = id(line.page)
        if page not in seen_pages:
            seen_pages.add(page)
            if page not in titled_pages:
                head = [other.text for other in lines if other.page is line.page][:10]
                coded = next((k for k in map(form_kind, head) if k), None)
                if coded and coded != out[-1].kind:
                    out.append(Section(kind=coded, title=f"(mẫu biểu) {coded}"))
        if kind:
            out.append(Section(kind=kind, title=line.text.strip()))
        out[-1].lines.append(line)
    return [s for s in out if s.lines]


def is_interim(text: str) -> bool:
    """Whether a period text names a part of a year (a quarter, six months, an interim period)."""
    folded = " " + re.sub(r"\s+", " ", fold(text)) + " "
    return any(word in folded for word in INTERIM_WORDS) or bool(QUARTER_RE.search(folded))


def period_of(zone: list[Line]) -> tuple[int | None, bool, bool]:
    """(year, ends on 31 December, partial year) from a statement's period line.

    "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025", "for the year ended 31 December
    2025", "Năm 2025", "từ 01/01/2026 đến 31/03/2026" (the end is the latest date; a span under
    ten months is a partial year). A line wrapped onto the next is read with it.
    """
    texts = [line.text.replace("\t", " ") for line in zone
             if not is_header_line(line) and not CIRCULAR_RE.search(fold(line.text))]
    for index, text in enumerate(texts):
        folded = fold(text)
        if not any(word in folded for word in PERIOD_WORDS):
            continue
        if DATE_LINE_RE.search(folded) and not any(word in folded for word in PERIOD_WORDS if word not in WEAK_PERIOD):
            continue  # "Lập, ngày 20 tháng 3 năm 2026": the day it was signed, not the period it covers
        joined = " ".join(texts[index:index + 2])
        dates = sorted({d.date for d in find_dates(joined)})  # a bilingual period line says its date twice
        if dates:
            end = dates[-1]
            partial = is_interim(joined) or (len(dates) > 1 and (end - dates[0]).days < 300)
            dec31 = (end.month, end.day) == (12, 31)
            if not dec31 and not any(word in fold(joined) for word in FULL_YEAR_WORDS):
                partial = True
            return end.year, dec31, partial
        match = re.search(r"(?:nam|year|fy)\s*:?\s*(20[0-4]\d)\b", folded)
        if match:
            return int(match.group(1)), True, is_interim(joined)
    return None, True, False


def find_scale(text: str) -> Unit | None:
    """The unit a line states: "Đơn vị tính: triệu đồng", "Unit: VND", "In millions of VND", "VND'000"."""
    unit = find_unit(text)
    if unit:
        return unit
    match = EN_UNIT_RE.search(fold(text))
    if match:
        word = next(g for g in match.groups() if g).lower().rstrip("s").replace(" ", "")
        scale = EN_SCALES.get(word, EN_SCALES.get(word + "s", 1))
        return Unit(scale=scale, currency="VND", text=match.group(0))
    return None


def header_marks(text: str) -> list[tuple[int, str]]:
    """(position, "current"/"previous") for each column heading word on a header line."""
    folded = fold(text)
    marks = [(m.start(), "current") for phrase in CURRENT_MARKS for m in re.finditer(re.escape(phrase), folded)]
    marks += [(m.start(), "previous") for phrase in PREVIOUS_MARKS for m in re.finditer(re.escape(phrase), folded)]
    if len(marks) == 1:
        # a heading split over two lines by OCR ("Năm | Năm trước" / "nay"): a bare "Năm"/"Kỳ"
        # cell beside the one word read is the other column
        cells = [c.strip() for c in folded.split("\t")]
        bare = [i for i, c in enumerate(cells) if c in ("nam", "ky", "quy", "year", "period")]
        if len(bare) == 1:
            offset = sum(len(c) + 1 for c in folded.split("\t")[:bare[0]])
            marks.append((offset, "previous" if marks[0][1] == "current" else "current"))
    return sorted(marks)


def header_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of the years heading the columns ("Năm 2025", "31/12/2024", "2025 VND")."""
    dates = find_dates(text)
    found = [(d.start, d.date.year) for d in dates]
    taken = [(d.start, d.end) for d in dates]
    for match in re.finditer(r"(?<![\d/.,-])(20[0-4]\d)(?![\d/.,])", text):
        if not any(start <= match.start() < end for start, end in taken):
            found.append((match.start(), int(match.group(1))))
    return sorted(found)


def headerish(text: str) -> bool:
    """Whether a line reads as a column heading: heading words, or little but years and dates."""
    folded = fold(text)
    if re.search(r"\d[.,]\d{3}", text):
        return False
    if any(word in folded for word in HEADER_WORDS):
        return True
    tokens = [t for t in re.split(r"[\s|]+", folded) if t and not re.search(r"\d", t)]
    return sum(1 for t in tokens if t in HEADER_TOKENS) >= max(1, len(tokens) - 1) or not tokens


def column_order(lines: list[Line], year: int | None) -> Columns | None:
    """The columns' meaning from the first column-heading line that tells it, else None."""
    for line in lines:
        # a bilingual heading names each column twice ("Năm nay / Current year")
        kinds = [kind for index, (_, kind) in enumerate(header_marks(line.text))
                 if index == 0 or kind != header_marks(line.text)[index - 1][1]]
        if len(kinds) >= 2 and kinds[0] != kinds[1]:
            return Columns(order=kinds[:2], known=True, how="heading")
        years = header_years(line.text)
        distinct = sorted({y for _, y in years})
        if len(distinct) == 2 and distinct[1] - distinct[0] == 1 and headerish(line.text) and len(years) <= 4:
            current = year if year in distinct else distinct[1]
            ordered = [y for index, (_, y) in enumerate(years) if index == 0 or y != years[index - 1][1]]
            order = ["current" if y == current else "previous" for y in ordered[:2]]
            if len(set(ordered[:2])) == 2:
                return Columns(order=order, known=True, years=ordered[:2], how="years")
        inferred = one_year_heading(line.text, year)
        if inferred is not None:
            return inferred
    return None


def one_year_heading(text: str, year: int | None) -> Columns | None:
    """Columns from one legible year beside a heading OCR garbled ("Năm | Năm 2023" for 2024 | 2023).

    The legible year must be the statement's year or the year before, and the other column's
    heading must be there as a bare "Năm"/"Year" cell or a year that matches neither.
    """
    if year is None or not headerish(text):
        return None
    cells = [c.strip() for c in fold(text).split("\t") if c.strip()]
    typed: list[str | None] = []
    for cell in cells:
        found = [int(y) for y in re.findall(r"(?<!\d)(20[0-4]\d|2\d{3})(?!\d)", cell)]
        if re.fullmatch(r"(?:nam|year|ky|quy)?\s*(?:20[0-4]\d|2\d{3})?(?:\s*vnd)?", cell) and (
                found or cell in ("nam", "year", "ky", "quy")):
            typed.append("current" if found == [year] else "previous" if found == [year - 1] else None)
    known = [t for t in typed if t]
    if len(typed) == 2 and len(known) == 1:
        other = "previous" if known[0] == "current" else "current"
        return Columns(order=[t or other for t in typed], known=True, how="one year")
    return None


def is_header_line(line: Line) -> bool:
    """Whether a line heads the amount columns (so it is never a label fragment nor a period)."""
    return header_text(line.text)


@lru_cache(maxsize=4096)
def header_text(text: str) -> bool:
    """:func:`is_header_line` by the line's text (asked of each line by several passes)."""
    if re.search(r"\d[.,]\d{3}", text):
        return False
    if len(header_marks(text)) >= 1:
        return True
    folded = fold(text)
    if re.match(r"^\s*(?:chi tieu|ma so|items?|code)\b", folded) and "ma so thue" not in folded and (
            "ma so doanh nghiep" not in folded):
        return True  # the heading row itself ("CHỈ TIÊU | Mã số | Thuyết minh | Năm | Năm 2023")
    if len(set(re.findall(r"20[0-4]\d", text))) < 2:
        return False  # two different years are needed below: skip the date parsing
    years = header_years(text)
    distinct = {y for _, y in years}
    return len(distinct) >= 2 and len(years) <= 4 and headerish(text) and not _periodish(text)


def _periodish(text: str) -> bool:
    folded = fold(text)
    return any(word in folded for word in ("ket thuc", "ended", "nam tai chinh", "tai ngay", "tu ngay", "den ngay"))
