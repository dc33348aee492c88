"""Two statements check each other: this year's "Năm trước" is last year's "Năm nay".

When OCR glued the two amount columns of a statement's line 10 and its own arithmetic could
not cut them apart, the other statement's confirmed figure for the year before tells where
the row's digits end: what is left in front is this year's figure. The result is kept below
the review threshold — a reviewer confirms it — but it is the right number to show.

When a statement's column headings could not be read, its figures were taken in the usual
order and kept doubtful; the other statement's confirmed figure for a shared year either
confirms that order (the figures regain what the arithmetic gave them) or shows the columns
the other way round (the years are swapped, and the reviewer is told).
"""

from __future__ import annotations

from extractors.facts import Candidate, DocumentFacts

FIELD = "figures.enterprise_revenue_vnd"
CONFIRMED = 0.85  # a figure this sure can anchor another statement's row
CUT_CONFIDENCE = 0.7


def reconcile_statements(facts: list[DocumentFacts]) -> None:
    """Cut glued line-10 rows and settle unread column orders using the other statements (in place)."""
    statements = [f for f in facts if f.kind == "financial_statement"]
    confirmed: dict[str, list[tuple[DocumentFacts, int]]] = {}
    for document in statements:
        for candidate in document.candidates:
            if (candidate.field.startswith("figures.enterprise_revenue_vnd.") and candidate.method.startswith(
                    "statement_line_10_") and candidate.confidence >= CONFIRMED and isinstance(candidate.value, int)):
                confirmed.setdefault(candidate.field.rsplit(".", 1)[1], []).append((document, candidate.value))
    for document in statements:
        settle_column_order(document, confirmed)
    for document in statements:
        for stream in [c for c in document.candidates if c.field.startswith("statement.stream_10.")]:
            year = stream.field.rsplit(".", 1)[1]
            anchors = [value for other, value in confirmed.get(str(int(year) - 1), []) if other is not document]
            cut = cut_stream(str(stream.value), anchors, scale_of(stream))
            if cut is None:
                continue
            field = f"figures.enterprise_revenue_vnd.{year}"
            document.candidates = [c for c in document.candidates if c.field != field]
            document.candidates.append(Candidate(
                field=field, value=cut, confidence=min(CUT_CONFIDENCE, stream.confidence + 0.4),
                evidence=stream.evidence, method="statement_line_10_current", ocr=stream.ocr,
                note=f"Cột dính khi nhận dạng; tách theo số năm {int(year) - 1} của báo cáo năm {int(year) - 1}; "
                     "cần kiểm tra.",
            ))


def scale_of(stream: Candidate) -> int:
    """The unit scale the statement stated (kept in the stream candidate's note)."""
    note = stream.note or ""
    return int(note.split("=", 1)[1]) if note.startswith("scale=") else 1


def cut_stream(stream: str, anchors: list[int], scale: int) -> int | None:
    """This year's figure: the digits before last year's figure at the end of the row.

    The anchor may have lost its first digit in the glue ("…355979290061028" for
    1.979.290.061.028); the figure left in front must have about as many digits as the anchor.
    """
    for anchor in anchors:
        printed = str(anchor // scale) if scale > 1 and anchor % scale == 0 else str(anchor)
        for tail in (printed, printed[1:]):
            if len(tail) >= 6 and stream.endswith(tail):
                head = stream[: len(stream) - len(tail)]
                if head and head[0] != "0" and abs(len(head) - len(printed)) <= 1:
                    return int(head) * scale
    return None


def settle_column_order(document: DocumentFacts, confirmed: dict[str, list[tuple[DocumentFacts, int]]]) -> None:
    """Confirm or swap a statement's assumed column order by another statement's figure of a shared year."""
    for marker in [c for c in document.candidates if c.field.startswith("statement.columns_unknown.")]:
        year = int(marker.field.rsplit(".", 1)[1])
        wanted = (f"{FIELD}.{year}", f"{FIELD}.{year - 1}")
        revenue = {c.field: c for c in document.candidates
                   if c.field in wanted and c.method.startswith("statement_line_10_")}
        this, last = revenue.get(f"{FIELD}.{year}"), revenue.get(f"{FIELD}.{year - 1}")
        if this is None or last is None:
            continue
        anchors = {y: {v for other, v in confirmed.get(str(y), []) if other is not document} for y in (year, year - 1)}
        if this.value in anchors[year] or last.value in anchors[year - 1]:
            note = "Thứ tự cột Năm nay/Năm trước xác nhận theo báo cáo năm khác"
            for candidate in (this, last):
                candidate.confidence = round(max(candidate.confidence, min(marker.confidence, 0.9)), 3)
                candidate.note = note
        elif this.value in anchors[year - 1] or last.value in anchors[year]:
            note = "Cột Năm nay/Năm trước in ngược; đảo theo báo cáo năm khác; cần kiểm tra"
            this.field, last.field = last.field, this.field
            for candidate in (this, last):
                candidate.confidence = round(min(max(marker.confidence, candidate.confidence), 0.75), 3)
                candidate.note = note
