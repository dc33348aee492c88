"""Financial statements: revenue lines 01, 02 and 10 of the income statement, per year.

The statement's period ("cho năm tài chính kết thúc ngày 31/12/2025") names "Năm nay";
"Năm trước" is the year before, so one statement covers two years. Lines are found by their
code (01, 02, 10…) or by their label when OCR garbled the code. The statement's own
arithmetic confirms or repairs the figures (``statement_repair``); what it cannot confirm is
doubtful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.dates import find_dates
from extractors.facts import DocumentFacts, evidence_for
from extractors.fields.common import DocView, Line, find_tax_codes
from extractors.fields.statement_repair import (
    Reading,
    Resolved,
    lenient_readings,
    pair_candidates,
    resolve_column,
    solve_column,
)
from extractors.vnnum import Unit, find_unit, fold
from pipeline.models import Finding

LINE_CODES = {"01", "02", "10", "11", "20", "21", "22", "23", "24", "25", "26", "30", "31", "32", "40", "50", "51",
              "52", "60", "61", "62", "70", "71"}
WANTED = ("01", "02", "10", "11", "20")
LINE_LABELS = {
    "10": ["doanh thu thuan ve ban hang", "doanh thu thuan", "net revenue", "net sales"],
    "02": ["cac khoan giam tru doanh thu", "cac khoan giam tru", "giam tru doanh thu", "deductions"],
    "01": ["doanh thu ban hang va cung cap dich vu", "doanh thu ban hang", "gross revenue", "gross sales",
           "revenue from sales of goods and rendering of services"],
    "11": ["gia von hang ban", "cost of goods sold", "cost of sales"],
    "20": ["loi nhuan gop ve ban hang", "loi nhuan gop", "gross profit"],
}
CODE_FIXES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "s": "5"})
NOTE_RE = re.compile(r"^(?:[IVXLvVlỊị]+\s*[.,]?\s*[\dIlSỊ]{0,2}_?|\d{1,2}\.\d{1,2}|\d{1,2}[a-z]?)$")
PERIOD_RE = re.compile(
    r"(?:kết thúc ngày|ket thuc ngay|năm tài chính|nam tai chinh|for the year ended|year ended|tại ngày|"
    r"từ ngày|năm)\s*[^\n]{0,40}?(20[0-4]\d)",
    re.I,
)


@dataclass
class Statement:
    """What is known while reading one statement: its year, column order, unit and rows."""

    year: int | None = None
    columns: list[str] = field(default_factory=lambda: ["current", "previous"])
    unit: Unit | None = None
    rows: dict[str, tuple[list[Reading], Line]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)  # amount cells as printed, per row


def amount_texts(cells: list[str]) -> list[str]:
    """The amount cells of a row as printed: cells after the label, minus code and note cells."""
    kept = []
    for cell in cells[1:]:
        parts = [p for p in cell.split() if not NOTE_RE.match(p) and p.translate(CODE_FIXES) not in LINE_CODES]
        if parts:
            kept.append(" ".join(parts))
    return kept


def row_readings(cells: list[str], code: str, view: DocView) -> list[Reading]:
    """The amount readings of a row (see :func:`amount_texts`)."""
    return lenient_readings(amount_texts(cells), view.convention)


def row_code(cells: list[str], text: str) -> str | None:
    """The line code of an income-statement row, by its code cell or else by its label."""
    for cell in cells[1:4]:
        for part in cell.split()[:2]:
            fixed = part.strip().translate(CODE_FIXES)
            if fixed in LINE_LABELS:
                return fixed
    folded = fold(cells[0] if cells else text)
    for code, labels in LINE_LABELS.items():
        if any(label in folded for label in labels):
            return code
    return None


def column_years(text: str, folded: str) -> list[int] | None:
    """Years heading the amount columns ("Năm 2025 | Năm 2024", "FY2025 | FY2024"), in order."""
    if not ("chi tieu" in folded or "ma so" in folded or "thuyet minh" in folded or "code" in folded):
        return None
    years = [int(y) for y in re.findall(r"(?<![\d/])(20[0-4]\d)(?!\d)", text)]
    if len(years) == 2 and abs(years[0] - years[1]) == 1:
        return years
    return None


def statement_year(text: str) -> int | None:
    """The year a statement (or its column header) ends, from its period line."""
    for found in find_dates(text):
        if found.date.month == 12 and found.date.day == 31:
            return found.date.year
    match = PERIOD_RE.search(text)
    return int(match.group(1)) if match else None


def extract_financial(view: DocView, facts: DocumentFacts) -> None:
    """Read the revenue lines of every statement in the view and emit yearly candidates."""
    statement = Statement()
    statements: list[Statement] = []
    for line in view.lines():
        folded = fold(line.text)
        unit = find_unit(line.text)
        if unit:
            statement.unit = unit
        if ("ket qua hoat dong kinh doanh" in folded or "income statement" in folded) and statement.rows:
            statements.append(statement)
            statement = Statement(unit=statement.unit, year=statement.year)
        if "ket thuc" in folded or "year ended" in folded or "tai chinh" in folded or folded.strip().startswith(
                ("nam ", "tai ngay")):
            year = statement_year(line.text)
            if year:
                statement.year = year
        if "nam nay" in folded and "nam truoc" in folded:
            statement.columns = (["current", "previous"] if folded.index("nam nay") < folded.index("nam truoc")
                                 else ["previous", "current"])
            continue
        header_years = column_years(line.text, folded)
        if header_years and statement.year:
            statement.columns = ["current" if y == statement.year else "previous" for y in header_years]
            continue
        cells = line.cells
        code = row_code(cells, line.text)
        if code and code not in statement.rows and len(cells) > 1:
            readings = row_readings(cells, code, view)
            if readings:
                statement.rows[code] = (readings, line)
                statement.texts[code] = amount_texts(cells)
    statements.append(statement)
    for item in statements:
        emit_statement(view, facts, item)
    add_identity(view, facts)


def emit_statement(view: DocView, facts: DocumentFacts, statement: Statement) -> None:
    """Turn one statement's rows into yearly candidates, confirmed or repaired by its arithmetic."""
    if not statement.rows:
        return
    scale = statement.unit.scale if statement.unit else 1
    columns = resolve_columns(statement)
    emit_raw_lines(view, facts, statement, columns, scale)
    if statement.year is None:
        facts.findings.append(Finding(
            code="statement_period_unknown", severity="warning",
            message="Không xác định được năm của báo cáo kết quả kinh doanh; số liệu không gán được cho năm.",
        ))
        return
    years = {"current": statement.year, "previous": statement.year - 1}
    for column, resolved in columns.items():
        year = str(years[column])
        for code, target in (("10", "figures.enterprise_revenue_vnd"), ("01", "figures.gross_revenue_vnd")):
            if code not in resolved:
                continue
            item = resolved[code]
            line = statement.rows[code][1]
            confidence = item.confidence if statement.unit else min(item.confidence, 0.7)
            facts.candidates.append(view.candidate(
                f"{target}.{year}", item.value * scale, confidence, line, line.text,
                f"statement_line_{code}_{column}", note=item.note))
        if "10" not in resolved and "01" in resolved:
            line = statement.rows["01"][1]
            facts.candidates.append(view.candidate(
                f"figures.enterprise_revenue_vnd.{year}", resolved["01"].value * scale,
                min(resolved["01"].confidence, 0.6), line, line.text, f"statement_line_01_{column}",
                note="Không thấy dòng 10; dùng dòng 01."))
        ten = resolved.get("10")
        if column == "current" and (ten is None or ten.confidence < 0.75) and "10" in statement.texts:
            # keep the row as printed: the statement of the year before can cut it right
            # (its "Năm nay" is this row's "Năm trước"), see pipeline/statements.py
            line = statement.rows["10"][1]
            stream = "".join(ch for ch in " ".join(statement.texts["10"]).replace("|", "1") if ch.isdigit())
            facts.candidates.append(view.candidate(
                f"statement.stream_10.{year}", stream, 0.3, line, line.text, "statement_row_digits",
                note=f"scale={scale}"))
        if any(r.confidence < 0.75 for r in resolved.values()):
            facts.findings.append(Finding(
                code="statement_arithmetic", severity="warning",
                message=f"Báo cáo năm {year}: số liệu dòng 01/02/10 không khớp phép tính của báo cáo; cần kiểm tra.",
                evidence=[evidence_for(statement.rows[code][1].page, view.document, statement.rows[code][1].text)
                          for code in ("01", "10") if code in statement.rows],
            ))


def resolve_columns(statement: Statement) -> dict[str, dict]:
    """Each column's lines, resolved by the statement's arithmetic.

    Rows that read as two clean amounts go straight to the checks; when a revenue row did not
    (columns glued or broken by OCR), its digits are re-cut so that the identities hold.
    """
    out: dict[str, dict] = {}
    for position, column in enumerate(statement.columns):
        lines = {code: readings[-2:][position] for code, (readings, _) in statement.rows.items()
                 if len(readings[-2:]) > position}
        if "01" in lines or "10" in lines:
            out[column] = resolve_column(lines)
    if all(r.confidence >= 0.9 for column in out.values() for r in column.values()) and len(out) == 2:
        return out
    pairs = {code: pair_candidates(readings, statement.texts.get(code))
             for code, (readings, _) in statement.rows.items() if code in WANTED}
    for position, column in enumerate(statement.columns):
        solved = solve_column(pairs, position)
        current = out.get(column, {})
        for code, item in solved.items():
            held = current.get(code)
            if held is not None and held.value != item.value and str(item.value).endswith(str(held.value)):
                # 01 − 02 = 10 survives the same leading digit lost on both lines; 10 = 20 + 11
                # does not: the longer reading the sum confirms wins, for a reviewer to see
                current[code] = Resolved(item.value, min(item.confidence, 0.75),
                                         "Dòng đọc thiếu chữ số đầu; sửa theo 10 = 20 + 11")
            elif held is None or held.confidence < item.confidence:
                current[code] = item
        if current:
            out[column] = current
    return out


def emit_raw_lines(view: DocView, facts: DocumentFacts, statement: Statement, columns: dict[str, dict],
                   scale: int) -> None:
    """Lines 01, 02 and 10 by column ("Năm nay"/"Năm trước"), whether or not the year is known."""
    for column, resolved in columns.items():
        for code in ("01", "02", "10"):
            if code in resolved:
                line = statement.rows[code][1]
                item = resolved[code]
                facts.candidates.append(view.candidate(
                    f"statement.line_{code}.{column}", item.value * scale, item.confidence, line, line.text,
                    f"statement_line_{code}", note=item.note))


def add_identity(view: DocView, facts: DocumentFacts) -> None:
    """The firm's name and tax code as printed in the statement's heading (for cross-checks)."""
    for line in list(view.lines())[:12]:
        text = line.text.split("\t")[0].strip()
        if re.match(r"(?i)^(công ty|tổng công ty|ctcp|cty)\b", text) and len(text) > 12:
            facts.candidates.append(view.candidate("enterprise.name", text, 0.7, line, line.text, "heading"))
            break
    for line in view.lines():
        if "mã số thuế" in line.text.lower() or "mã số doanh nghiệp" in line.text.lower():
            for code, valid, _ in find_tax_codes(line.text):
                if valid:
                    facts.candidates.append(
                        view.candidate("enterprise.tax_code", code, 0.85, line, line.text, "heading")
                    )
            break
