"""Logical rows of an income-statement table, built from the page's lines.

A row's label often wraps over two or three lines, and the line code and amounts sit on one of
them (first, middle or last): ``3. Doanh thu thuần về bán hàng và cung cấp dịch`` /
``10  620.936.833.027  571.625.538.682`` / ``vụ (10 = 01 - 02)``. A row is anchored on the line
that carries its amounts; label fragments around it join the row they belong to: a fragment
that starts a new item (``4.``, a capital letter) opens the next row, one that goes on in lower
case or is a formula closes the previous one.

Formulas inside labels (``(10 = 01 - 02)``, ``{30 = 20 + (21 - 22) - (25 + 26)}``, often with
``=``/``+`` lost by OCR) hold line codes that are never the row's own code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.fields.common import Line
from extractors.fields.statement_repair import Reading, token_readings
from extractors.vnnum import Convention, fold

# codes of the income statement (B02-DN, B02-DNN, B02a, consolidated B02-DN/HN)
LINE_CODES = frozenset({"01", "02", "10", "11", "20", "21", "22", "23", "24", "25", "26", "27", "30", "31", "32",
                        "40", "45", "50", "51", "52", "60", "61", "62", "70", "71"})
CODE_FIXES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "s": "5", "Ị": "1",
                            "i": "1", "!": "1", "B": "8"})
# labels of the lines that matter, folded; the first match in this order wins, so the more
# specific label ("doanh thu thuan") is tried before the one it contains ("doanh thu ban hang")
LINE_LABELS: list[tuple[str, tuple[str, ...]]] = [
    ("10", ("doanh thu thuan", "net revenue", "net sales", "net revenues", "net turnover")),
    ("02", ("cac khoan giam tru", "giam tru doanh thu", "deductions", "less deductions", "sales deductions")),
    ("01", ("doanh thu ban hang va cung cap dich vu", "doanh thu ban hang", "tong doanh thu", "gross revenue",
            "gross sales", "revenue from sale", "revenues from sale", "revenue from the sale", "sales of goods and",
            "revenue from rendering")),
    ("11", ("gia von hang ban", "gia von", "cost of goods sold", "cost of sales", "costs of goods sold")),
    ("20", ("loi nhuan gop", "gross profit")),
    ("21", ("doanh thu hoat dong tai chinh", "financial income", "finance income", "income from financial")),
    ("30", ("loi nhuan thuan tu hoat dong kinh doanh", "operating profit", "net operating profit")),
]
AMOUNT_RE = re.compile(r"\(?[-−–]?[\d.,]*\d[\d.,]*\)?")
DASHES = {"-", "–", "—", "−", "_"}
OCR_DIGITS = str.maketrans({"i": "1", "l": "1", "I": "1", "|": "1", "!": "1", "O": "0", "o": "0", "S": "5",
                            "B": "8", "§": "8", "Z": "2", "z": "2"})
NOTE_RE = re.compile(
    r"^(?:[IVXLvVlỊị]{1,4}\s*[.,]?\s*[\dIlSỊ]{0,2}[a-z]?(?:\([a-z]\))?_?|[IVX]{1,4}\.[A-Z](?:\([a-z]\))?|"
    r"\d{1,2}\.\d{1,2}[a-z]?|\d{1,2}[a-z]|\d{1,2}\([a-z]\)|\([a-z]\))$")
ENUMERATOR_RE = re.compile(r"^\s*(?:\d{1,2}|[IVXivx]{1,4}|[a-zđ])\s*[.)/]\s*(?=\S)")
LEADING_NOISE = " \t„,.'\"`’‘“”*•·-–—+"
SPACE_GROUPED = re.compile(r"\(?-?\d{1,3}(?:[ \u00a0\u202f]\d{3}){2,}\)?")
FORMULA_CHARS = set("0123456789=+-–−*/()[]{}xX.,;: \tOoSsIl|")


@dataclass
class Row:
    """One logical row of a statement table: its code, label, amounts and where it was read."""

    code: str | None
    label: str
    readings: list[Reading]
    texts: list[str]
    line: Line
    code_from_label: bool = False
    fragments: list[str] = field(default_factory=list)


def is_amount_token(token: str, small: bool) -> bool:
    """Whether a token is an amount cell: a grouped or long number, a dash, or (in small units) any number."""
    if token in DASHES:
        return True
    mapped = token.translate(OCR_DIGITS)
    if not AMOUNT_RE.fullmatch(mapped) or NOTE_RE.match(token):
        return False
    digits = re.sub(r"\D", "", mapped)
    if not digits:
        return False
    grouped = bool(re.search(r"\d[.,]\d{3}", mapped))
    if re.fullmatch(r"(?:19|20)\d\d", token) and not small:
        return False  # a year ("ngày 31 tháng 3 năm 2026"), not an amount
    if grouped or len(digits) >= 4 or digits == "0" or mapped.startswith(("(", "-", "−", "–")):
        return True
    # a bare 1–3 digit number next to the amounts is a line code, unless the table is in
    # thousands/millions where small amounts are common ("02  88  262")
    return small


def is_formula(text: str) -> bool:
    """A fragment made only of line codes and operators ("(20 10 - 11)", "= 50 - 51 - 52)")."""
    stripped = text.strip()
    if not stripped or not re.search(r"\d", stripped) or any(c not in FORMULA_CHARS for c in stripped):
        return False
    numbers = re.findall(r"[\dOoSsIl|]+", stripped)
    return all(len(n) <= 3 for n in numbers) and bool(re.search(r"[=+\-–−(){}]", stripped) or len(numbers) > 1)


def strip_formulas(text: str) -> str:
    """The label without its formulas: "(10 = 01 - 02)", "{30 = 20 + …}", an unclosed "(50 = 30 +"."""
    out = re.sub(r"[({\[]\s*[\dOoSs]{2,3}(?=[\s=+\-–−)}\]]|$)[\s\d=+\-–−*/()\[\]{}xX.,;:OoSs]*", " ", text)
    out = re.sub(r"(?:^|\s)[=+][\s\d=+\-–−()\[\]{}]*$", " ", out)
    return re.sub(r"\s+", " ", out).strip()


def label_code(label: str) -> str | None:
    """The line code a label names, by the lexicon (Vietnamese and English)."""
    folded = fold(label)
    folded = re.sub(r"[^a-z0-9 ]", " ", folded)
    folded = re.sub(r"\s+", " ", folded)
    for code, phrases in LINE_LABELS:
        if any(phrase in folded for phrase in phrases):
            return code
    return None


def fixed_code(token: str) -> str | None:
    """A line-code token as printed, with OCR's letter-for-digit confusions undone ("2I" → 21, "s0" → 50)."""
    fixed = token.strip(".,:;'\"`").translate(CODE_FIXES)
    return fixed if re.fullmatch(r"\d{2}", fixed) else None


def split_line(line: Line, ncols: int, small: bool, convention: Convention) -> tuple[
        list[str], str | None, list[Reading], list[str]] | None:
    """(label tokens, code, amount readings, amount texts) of a line that carries amounts, else None.

    Amounts are taken from the right, up to ``ncols`` readings; then a note reference ("VI.25")
    and the line code, unless that code stands inside a formula or after an operator.
    """
    tokens = [t for cell in line.text.split("\t") for t in cell_tokens(cell, convention)]
    readings: list[Reading] = []
    texts: list[str] = []
    position = len(tokens)
    while position > 0 and len(readings) < ncols:
        token = tokens[position - 1]
        if not is_amount_token(token, small):
            break
        found = [Reading(token, 0, "0")] if token in DASHES else token_readings(token, convention)
        if not found:
            break
        readings[:0] = found
        texts.insert(0, token)
        position -= 1
    if not readings:
        return None
    rest = tokens[:position]
    code = None
    if rest and NOTE_RE.match(rest[-1]) and not fixed_code(rest[-1]):
        rest = rest[:-1]
    if rest:
        paired = code_before_note(rest)
        candidate = paired or fixed_code(rest[-1])
        before = " ".join(rest[:-2] if paired else rest[:-1])
        if candidate and not in_formula(before):
            code = candidate
            rest = rest[:-2] if paired else rest[:-1]
            if rest and NOTE_RE.match(rest[-1]) and not fixed_code(rest[-1]):
                rest = rest[:-1]
    return rest, code, readings, texts


def in_formula(before: str) -> bool:
    """Whether a number after ``before`` stands inside a formula: in an open bracket or after an operator."""
    inside = before.count("(") + before.count("{") > before.count(")") + before.count("}")
    return inside or bool(re.search(r"[=+\-–−]\s*$", before))


def code_before_note(rest: list[str]) -> str | None:
    """The code of "… label  CODE  NOTE" where both are bare numbers ("Doanh thu …  01  25", "… dịch vụ 20 10").

    The code column comes before the note column, and a formula whose brackets and "=" OCR lost
    still starts with the row's own code ("20 10 - 11"): of two bare numbers after the label's
    words the first is the row's code. After more numbers ("… 20 10 11 20") it is not told.
    """
    if len(rest) < 2 or not re.fullmatch(r"\d{1,2}", rest[-1]):
        return None
    code = fixed_code(rest[-2])
    if code not in LINE_CODES or (len(rest) > 2 and not re.search(r"[^\W\d_]", rest[-3])):
        return None
    return code


def cell_tokens(cell: str, convention: Convention) -> list[str]:
    """A cell's tokens; an amount grouped by spaces ("845 120 337 410") stays one token."""
    stripped = cell.strip()
    if SPACE_GROUPED.fullmatch(stripped):
        return [re.sub(r"[ \u00a0\u202f]", "." if convention == "vi" else ",", stripped)]
    return stripped.split()


def starts_item(text: str) -> bool:
    """Whether a label fragment opens a new row ("4. Giá vốn…", "Net revenue…", "- Trong đó…")."""
    stripped = text.strip()
    if not stripped or is_formula(stripped):
        return False
    if re.match(r"^\s*[-–•+]\s+\S", stripped) or ENUMERATOR_RE.match(stripped):
        return True
    core = stripped.lstrip(LEADING_NOISE)
    return bool(core) and core[0].isupper()


def build_rows(lines: list[Line], ncols: int, small: bool, convention: Convention,
               resets: set[int] | None = None) -> list[Row]:
    """The table's logical rows, each with its label fragments joined (see module doc).

    Lines in ``resets`` (titles, period, unit, column headings) are neither rows nor label
    fragments: the next row's label starts after them.
    """
    rows: list[Row] = []
    pending: list[str] = []  # fragments since the last amount line
    for line in lines:
        if resets and id(line) in resets:
            settle_fragments(rows, pending)
            pending = []
            continue
        split = split_line(line, ncols, small, convention)
        if split is None:
            pending.append(line.text.replace("\t", " "))
            continue
        rest, code, readings, texts = split
        own = " ".join(rest)
        leading = settle_fragments(rows, pending)
        pending = []
        label = strip_formulas(" ".join([*leading, own]))
        rows.append(Row(code=code, label=label, readings=readings, texts=texts, line=line,
                        fragments=[*leading, own]))
    settle_fragments(rows, pending)
    for row in rows:
        if row.code is None or row.code not in LINE_CODES:
            guess = label_code(row.label)
            if guess is not None:
                row.code, row.code_from_label = guess, True
            elif row.code is not None and row.code not in LINE_CODES:
                row.code = None
    return rows


def settle_fragments(rows: list[Row], fragments: list[str]) -> list[str]:
    """Give the previous row its wrapped tail; return the fragments that lead the next row."""
    start = next((i for i, text in enumerate(fragments) if starts_item(text)), len(fragments))
    if rows:
        tail = [text for text in fragments[:start] if text.strip()]
        if tail:
            rows[-1].fragments.extend(tail)
            rows[-1].label = strip_formulas(" ".join([rows[-1].label, *tail]))
    return fragments[start:]


def count_amounts(line: Line, small: bool, convention: Convention) -> int:
    """How many amount readings a line ends with (to learn the table's column count)."""
    split = split_line(line, 8, small, convention)
    return len(split[2]) if split else 0
