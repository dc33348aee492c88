"""Two years' statements check each other: this year's "Năm trước" is last year's "Năm nay".

A statement whose column headings could not be read is doubtful on its own; the other year's
statement confirms its column order, or shows that the columns were printed the other way round.
"""

from __future__ import annotations

from extractors.extract import extract_facts
from pipeline.statements import reconcile_statements
from tests.statement_docs import LAST_YEAR, THIS_YEAR, Layout, statement_text, text_document
from tests.test_statement_layouts import REVENUE

BEFORE = {"01": 690_002_114_337, "02": 2_118_004_206, "10": 687_884_110_131}
FY2024 = Layout(period="Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2024", values=(LAST_YEAR, BEFORE))


def revenue(*pages: str) -> dict[str, tuple[int, float]]:
    facts = [f for page in pages for f in extract_facts(text_document(page))]
    reconcile_statements(facts)
    out: dict[str, tuple[int, float]] = {}
    for c in (c for f in facts for c in f.candidates if c.field.startswith(REVENUE)):
        if c.field not in out or c.confidence > out[c.field][1]:
            out[c.field] = (c.value, c.confidence)  # type: ignore[assignment]
    return out


def test_unread_headings_confirmed_by_last_years_statement():
    unread = Layout(headings=("", ""), header_cells=("", "", ""))
    got = revenue(statement_text(unread), statement_text(FY2024))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"] and got[f"{REVENUE}.2025"][1] >= 0.8


def test_columns_printed_the_other_way_round_are_swapped_and_stay_doubtful():
    reversed_unread = Layout(headings=("", ""), header_cells=("", "", ""), first_column="previous")
    alone = revenue(statement_text(reversed_unread))
    assert alone[f"{REVENUE}.2025"][0] == LAST_YEAR["10"] and alone[f"{REVENUE}.2025"][1] < 0.8
    got = revenue(statement_text(reversed_unread), statement_text(FY2024))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2025"][1] < 0.8
