"""Financial statements: revenue lines 01, 02 and 10 of the income statement, per year.

Enterprise revenue is line 10 ("Doanh thu thuần về bán hàng và cung cấp dịch vụ" = 01 − 02),
never the gross line 01. Only the income statement's own table is read (not the notes, the
balance sheet or the cash-flow statement: ``statement_layout``); its rows are rebuilt from
wrapped lines with codes taken over labels and formulas ignored (``statement_rows``); the
statement's period names "Năm nay" and the column headings say which column is which. One
statement covers its year and the year before. The statement's own arithmetic confirms or
repairs the figures (``statement_repair``); what it cannot confirm is doubtful, and a partial
period (a quarter, six months) gives its lines but no yearly revenue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extractors.facts import DocumentFacts, evidence_for
from extractors.fields.common import DocView, Line
from extractors.fields.statement_identity import add_identity
from extractors.fields.statement_layout import (
    Columns,
    Section,
    column_order,
    find_scale,
    is_header_line,
    is_interim,
    period_of,
    sections,
    title_kind,
)
from extractors.fields.statement_repair import Resolved, pair_candidates, resolve_column, solve_column
from extractors.fields.statement_rows import Row, build_rows, count_amounts, label_code
from extractors.models import Finding
from extractors.vnnum import Unit

WANTED = ("01", "02", "10", "11", "20")
DOUBT = 0.7  # the most a figure is worth when the unit or the column order had to be assumed


@dataclass
class Statement:
    """One income statement: its period, unit, columns and rows by line code."""

    year: int | None = None
    year_end_dec31: bool = True
    interim: bool = False
    unit: Unit | None = None
    columns: Columns = field(default_factory=Columns)
    ncols: int = 2
    rows: dict[str, Row] = field(default_factory=dict)
    titled: bool = True


def zone_of(lines: list[Line], view: DocView) -> list[Line]:
    """The section's lines above its first amount row: title, period, unit, column headings."""
    zone = []
    for line in lines:
        if count_amounts(line, False, view.convention) and not is_header_line(line):
            break
        zone.append(line)
    return zone


def read_statement(lines: list[Line], view: DocView, fallback: Statement, titled: bool) -> Statement:
    """Period, unit, columns and rows of one income section."""
    statement = Statement(titled=titled)
    zone = zone_of(lines, view)
    statement.year, statement.year_end_dec31, statement.interim = period_of(zone)
    if statement.year is None:
        statement.year, statement.year_end_dec31 = fallback.year, fallback.year_end_dec31
        statement.interim = fallback.interim
    statement.interim = statement.interim or any(is_interim(line.text) for line in zone if is_header_line(line))
    statement.unit = next((u for u in map(find_scale, (line.text for line in zone)) if u), None)
    if statement.unit is None and any("VND" in line.text.split() for line in zone):
        statement.unit = Unit(scale=1, currency="VND", text="VND")  # "VND" heading the amount columns
    if statement.unit is None:
        statement.unit = fallback.unit
    small = bool(statement.unit and statement.unit.scale >= 1000)
    headers = [line for line in lines if is_header_line(line)]
    columns = column_order(headers, statement.year)
    if columns is not None:
        statement.columns = columns
        if statement.year is None and columns.years:
            statement.year = max(columns.years)
    counts = Counter(n for n in (count_amounts(line, False, view.convention) for line in lines) if n)
    statement.ncols = max(1, min(4, counts.most_common(1)[0][0])) if counts else 2
    resets = {id(line) for line in zone} | {id(line) for line in headers}
    resets |= {id(line) for line in lines if title_kind(line.text)}
    rows = build_rows(lines, statement.ncols, small, view.convention, resets)
    printed = {row.code for row in rows if row.code and not row.code_from_label}
    for row in rows:
        if row.code is None or row.code in statement.rows:
            continue
        if row.code_from_label and (row.code in printed or (len(printed) >= 3 and not titled)):
            continue  # a printed code wins over a label guess; an untitled coded table has no uncoded lines
        if not titled and not row.code_from_label and row.code in WANTED and label_code(row.label) != row.code:
            continue  # untitled: "01 Lợi nhuận trước thuế" of a cash-flow statement is not revenue
        statement.rows[row.code] = row
    return statement


def document_period(lines: list[Line]) -> Statement:
    """What the report says once for all its statements (its cover): period and unit."""
    fallback = Statement()
    fallback.year, fallback.year_end_dec31, fallback.interim = period_of(lines[:80])
    fallback.unit = next((u for u in map(find_scale, (line.text for line in lines[:80])) if u), None)
    return fallback


def extract_financial(view: DocView, facts: DocumentFacts) -> None:
    """Read the revenue lines of every income statement in the view and emit yearly candidates."""
    lines = list(view.lines())
    parts = sections(lines)
    fallback = document_period(lines)
    if any(s.kind == "income" for s in parts):
        groups = merge_continuations(parts, view)
        titled = True
    else:
        # no income-statement title (a crop, a bare sheet, a title OCR garbled): every part but
        # the notes, its rows kept only where the printed code and the label agree
        groups = [[line for s in parts if s.kind != "notes" for line in s.lines]]
        titled = False
    for group in groups:
        statement = read_statement(group, view, fallback, titled)
        if titled and statement.year is not None and not statement.interim and group:
            # the years this statement covers, read or not: a year whose revenue line we miss on a
            # legible statement is the reviewer's question, never "statement absent" to the firm
            facts.candidates.append(view.candidate("document.period_years", [statement.year, statement.year - 1],
                                                   0.9, group[0], group[0].text, "statement_period"))
        emit_statement(view, facts, statement)
    add_identity(view, facts, lines, parts)


def merge_continuations(parts: list[Section], view: DocView) -> list[list[Line]]:
    """Income sections, those that follow each other directly (a statement over two pages) as one.

    A following section that states another period is another statement (a file may hold two
    years' statements one after the other).
    """
    groups: list[list[Line]] = []
    years: list[int | None] = []
    after_income = False
    for section in parts:
        if section.kind != "income":
            after_income = False
            continue
        year = period_of(zone_of(section.lines, view))[0]
        if after_income and (year is None or year == years[-1]):
            groups[-1].extend(section.lines)
        else:
            groups.append(list(section.lines))
            years.append(year)
        after_income = True
    return groups


def emit_statement(view: DocView, facts: DocumentFacts, statement: Statement) -> None:
    """Turn one statement's rows into candidates, confirmed or repaired by its arithmetic."""
    if not any(code in statement.rows for code in ("01", "10")):
        return
    scale = statement.unit.scale if statement.unit else 1
    columns = resolve_columns(statement)
    caps = statement_caps(statement)
    cap = min([DOUBT, *[c for c, _ in caps]]) if caps else 1.0
    cap_note = "; ".join(note for _, note in caps) or None
    for column, resolved in columns.items():
        for code in ("01", "02", "10"):
            if code in resolved and code in statement.rows:
                item = resolved[code]
                emit(view, facts, statement.rows[code].line, f"statement.line_{code}.{column}", item.value * scale,
                     min(item.confidence, cap), f"statement_line_{code}", join_notes(item.note, cap_note))
    if statement.interim:
        facts.findings.append(Finding(
            code="statement_interim", severity="info",
            message="Báo cáo kết quả kinh doanh giữa niên độ (quý/kỳ): không dùng làm doanh thu cả năm.",
            evidence=[evidence_for(statement.rows[c].line.page, view.document, statement.rows[c].line.text)
                      for c in ("10", "01") if c in statement.rows][:1],
        ))
        return
    if statement.year is None:
        facts.findings.append(Finding(
            code="statement_period_unknown", severity="warning",
            message="Không xác định được năm của báo cáo kết quả kinh doanh; số liệu không gán được cho năm.",
        ))
        return
    years = {"current": statement.year, "previous": statement.year - 1}
    for column, resolved in columns.items():
        emit_yearly(view, facts, statement, column, resolved, years[column], scale, cap, cap_note)
    if not statement.columns.known and "10" in statement.rows:
        # the neighbouring year's statement can still tell the columns apart: what its
        # arithmetic alone was worth is kept for it (pipeline/statements.py)
        sure = min((r["10"].confidence for r in columns.values() if "10" in r), default=0.0)
        line = statement.rows["10"].line
        facts.candidates.append(view.candidate(
            f"statement.columns_unknown.{statement.year}", ",".join(statement.columns.order), sure, line,
            line.text, "statement_columns_assumed"))


def statement_caps(statement: Statement) -> list[tuple[float, str]]:
    """Why this statement's figures cannot be certain, however clean the reading."""
    caps = []
    if statement.unit is None:
        caps.append((DOUBT, "Không thấy đơn vị tính; coi là đồng"))
    if not statement.columns.known:
        caps.append((DOUBT, "Không xác định được cột Năm nay/Năm trước; coi cột đầu là năm nay"))
    if statement.year is not None and not statement.year_end_dec31 and not statement.interim:
        caps.append((DOUBT, "Năm tài chính không kết thúc ngày 31/12"))
    return caps


def emit_yearly(view: DocView, facts: DocumentFacts, statement: Statement, column: str,
                resolved: dict[str, Resolved], year: int, scale: int, cap: float, cap_note: str | None) -> None:
    """figures.enterprise_revenue_vnd (line 10) and figures.gross_revenue_vnd (line 01) of one column."""
    rows = statement.rows
    for code, target in (("10", "figures.enterprise_revenue_vnd"), ("01", "figures.gross_revenue_vnd")):
        if code in resolved and code in rows:
            item = resolved[code]
            emit(view, facts, rows[code].line, f"{target}.{year}", item.value * scale, min(item.confidence, cap),
                 f"statement_line_{code}_{column}", join_notes(item.note, cap_note))
    if "10" not in rows and "01" in resolved and "01" in rows:
        # no line 10 read (or none printed): 01 − 02 is line 10 by definition, never line 20's
        # figure that a formula "(20 = 10 - 11)" names; line 01 alone is gross revenue
        one, two = resolved["01"], resolved.get("02")
        value = one.value - (two.value if two else 0)
        note = "Không thấy dòng 10; tính 01 − 02" if two else "Không thấy dòng 10 và 02; dùng dòng 01 (doanh thu gộp)"
        emit(view, facts, rows["01"].line, f"figures.enterprise_revenue_vnd.{year}", value * scale,
             min(one.confidence, 0.6 if two else 0.4, cap), f"statement_line_01_{column}", note)
        facts.findings.append(Finding(
            code="statement_line_10_missing", severity="warning",
            message=f"Báo cáo năm {year}: không đọc được dòng 10 (doanh thu thuần); cần kiểm tra.",
            evidence=[evidence_for(rows["01"].line.page, view.document, rows["01"].line.text)],
        ))
    ten = resolved.get("10")
    if column == "current" and (ten is None or ten.confidence < 0.75) and "10" in rows:
        # keep the row as printed: the statement of the year before can cut it right
        # (its "Năm nay" is this row's "Năm trước"), see pipeline/statements.py
        line = rows["10"].line
        stream = "".join(ch for ch in " ".join(rows["10"].texts).replace("|", "1") if ch.isdigit())
        facts.candidates.append(view.candidate(
            f"statement.stream_10.{year}", stream, 0.3, line, line.text, "statement_row_digits",
            note=f"scale={scale}"))
    if any(r.confidence < 0.75 for r in resolved.values()):
        facts.findings.append(Finding(
            code="statement_arithmetic", severity="warning",
            message=f"Báo cáo năm {year}: số liệu dòng 01/02/10 không khớp phép tính của báo cáo; cần kiểm tra.",
            evidence=[evidence_for(rows[code].line.page, view.document, rows[code].line.text)
                      for code in ("01", "10") if code in rows],
        ))


def emit(view: DocView, facts: DocumentFacts, line: Line, field_path: str, value: int, confidence: float,
         method: str, note: str | None) -> None:
    """One candidate with the row's line as evidence."""
    facts.candidates.append(view.candidate(field_path, value, confidence, line, line.text, method, note=note))


def join_notes(*notes: str | None) -> str | None:
    """Notes joined, or None when there are none."""
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


def resolve_columns(statement: Statement) -> dict[str, dict[str, Resolved]]:
    """Each column's lines, resolved by the statement's arithmetic.

    Rows that read as one clean amount per column go straight to the checks; when a revenue
    row did not (columns glued or broken by OCR), its digits are re-cut so that the identities
    hold.
    """
    out: dict[str, dict[str, Resolved]] = {}
    order = statement.columns.order[: min(2, statement.ncols)]
    full = {code: row for code, row in statement.rows.items() if len(row.readings) == statement.ncols}
    for position, column in enumerate(order):
        lines = {code: row.readings[position] for code, row in full.items() if code in WANTED}
        if "01" in lines or "10" in lines:
            out[column] = resolve_column(lines, 1 if statement.unit and statement.unit.scale > 1 else 0)
    if len(out) == len(order) and all(r.confidence >= 0.9 for column in out.values() for r in column.values()):
        return out
    if statement.ncols != 2:
        return out
    pairs = {code: pair_candidates(row.readings, row.texts)
             for code, row in statement.rows.items() if code in WANTED}
    for position, column in enumerate(order):
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
