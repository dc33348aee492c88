"""Income statements in other hands' layouts: wrapped labels, formulas, either column order.

Each test reads a statement of our own (a reportlab PDF through the real reader, or a page text
as a reader returns it) and checks line 10 — never line 01 — per year, and its confidence.
"""

from __future__ import annotations

import pytest

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.registry import read_document
from tests.statement_docs import LAST_YEAR, THIS_YEAR, Layout, statement_pdf, statement_text, text_document

REVENUE = "figures.enterprise_revenue_vnd"


def values(facts: list[DocumentFacts]) -> dict[str, tuple[object, float]]:
    """field -> (value, confidence) of the most confident candidate per field."""
    out: dict[str, tuple[object, float]] = {}
    for document in facts:
        for c in document.candidates:
            if c.field not in out or c.confidence > out[c.field][1]:
                out[c.field] = (c.value, c.confidence)
    return out


def read_pdf(tmp_path, data: bytes, name: str = "bctc.pdf") -> list[DocumentFacts]:
    path = tmp_path / name
    path.write_bytes(data)
    return extract_facts(read_document(path, name))


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_wrapped_label_rows_give_line_10_wherever_the_amounts_sit(tmp_path, valign):
    # "3. Doanh thu thuần về bán hàng và cung cấp dịch" / "vụ (10 = 01 - 02)" with the code and
    # amounts on the first, middle or last of the label's lines
    facts = read_pdf(tmp_path, statement_pdf(Layout(valign=valign, label_width=150)))
    got = values(facts)
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)
    assert got[f"{REVENUE}.2024"] == (LAST_YEAR["10"], 0.95)
    assert got["statement.line_01.previous"][0] == LAST_YEAR["01"]


def test_wrapped_label_text_lines_as_a_text_layer_gives_them():
    # the reader's lines for a label wrapped around its amount line
    layout = Layout()
    page = statement_text(layout, {"10": [
        "3. Doanh thu thuần về bán hàng và cung cấp dịch",
        f"10\t{THIS_YEAR['10']:,}\t{LAST_YEAR['10']:,}".replace(",", "."),
        "vụ (10 = 01 - 02)"]})
    got = values(extract_facts(text_document(page)))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2024"][0] == LAST_YEAR["10"]


def test_formula_codes_are_never_the_rows_code_when_ocr_drops_the_equals_sign():
    # OCR lost "=", the code cell of line 10 and the code of line 30: "(10 01 - 02)" must not
    # make the row line 02, nor "{30" / "20 (21 - 22) - (25 26)}" a line 20
    layout = Layout()
    ten = f"{THIS_YEAR['10']:,}\t{LAST_YEAR['10']:,}".replace(",", ".")
    thirty = f"{THIS_YEAR['30']:,}\t{LAST_YEAR['30']:,}".replace(",", ".")
    page = statement_text(layout, {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch", f"vụ (10\t01 - 02)\t{ten}"],
        "30": ["10. Lợi nhuận thuần từ hoạt động kinh doanh {30", thirty, "20\t(21 - 22) - (25\t26)}"],
    })
    got = values(extract_facts(text_document(page, source="ocr")))
    assert got["statement.line_02.current"][0] == THIS_YEAR["02"]
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2024"][0] == LAST_YEAR["10"]


def test_formula_code_on_an_amount_line_without_code_cell_is_not_taken():
    # "(20 = 10 - 11)" on the amount line with the code cell lost: the row is line 20 by its
    # label, and line 10's amounts are not overwritten by line 20's
    layout = Layout()
    twenty = f"{THIS_YEAR['20']:,}\t{LAST_YEAR['20']:,}".replace(",", ".")
    page = statement_text(layout, {"20": [f"5. Lợi nhuận gộp về bán hàng (20 = 10 - 11)\t{twenty}"]})
    got = values(extract_facts(text_document(page)))
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)


@pytest.mark.parametrize(("headings", "first_column", "period"), [
    (("Năm nay", "Năm trước"), "current", "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025"),
    (("Năm trước", "Năm nay"), "previous", "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025"),
    (("Năm 2025", "Năm 2024"), "current", "Năm 2025"),
    (("2024", "2025"), "previous", "Cho năm tài chính kết thúc ngày 31/12/2025"),
    (("31/12/2025", "31/12/2024"), "current", "Cho năm tài chính kết thúc ngày 31/12/2025"),
    (("Current year", "Prior year"), "current", "For the year ended 31 December 2025"),
    (("This year", "Last year"), "current", "For the year ended December 31, 2025"),
    (("2025 VND", "2024 VND"), "current", "For the year ended 31 December 2025"),
    (("Kỳ trước", "Kỳ này"), "previous", "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025"),
    (("Năm trước / Prior year", "Năm nay / Current year"), "previous", "Năm 2025 / Year 2025"),
])
def test_column_order_from_the_headings(tmp_path, headings, first_column, period):
    layout = Layout(headings=headings, first_column=first_column, period=period)
    got = values(read_pdf(tmp_path, statement_pdf(layout)))
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)
    assert got[f"{REVENUE}.2024"] == (LAST_YEAR["10"], 0.95)


def test_columns_without_headings_are_doubtful_not_shifted():
    layout = Layout(headings=("", ""), header_cells=("", "", ""))
    facts = extract_facts(text_document(statement_text(layout)))
    got = values(facts)
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2025"][1] < 0.8 and got[f"{REVENUE}.2024"][1] < 0.8


def test_heading_split_by_ocr_over_two_lines():
    # "CHỈ TIÊU | Mã | Thuyết | Năm | Năm trước" / "nay": the bare "Năm" is this year
    page = statement_text(Layout(headings=("Năm", "Năm trước"))).replace(
        "Năm\tNăm trước", "Năm\tNăm trước\nnay")
    got = values(extract_facts(text_document(page, source="ocr")))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2025"][1] >= 0.8


def test_period_names_this_year_when_headings_give_years_in_either_order():
    layout = Layout(headings=("Năm 2024", "Năm 2025"), first_column="previous",
                    period="Cho năm tài chính kết thúc ngày 31/12/2025")
    got = values(extract_facts(text_document(statement_text(layout))))
    assert got[f"{REVENUE}.2025"][0] == THIS_YEAR["10"]
    assert got[f"{REVENUE}.2024"][0] == LAST_YEAR["10"]


def test_amounts_grouped_by_spaces_stay_whole():
    page = statement_text(Layout()).replace(".", " ").replace("VI 2", "VI.2").replace("VI 3", "VI.3")
    got = values(extract_facts(text_document(page)))
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)
    assert got[f"{REVENUE}.2024"] == (LAST_YEAR["10"], 0.95)


def test_bilingual_period_line_is_a_whole_year_not_an_interim_period():
    """A period written twice ("…ngày 31 tháng 12 năm 2025" ⏎ "For the year ended 31 December
    2025") once read as a span of zero days, so the full year was taken for an interim period and
    gave no revenue."""
    from extractors.fields.common import Line
    from extractors.fields.statement_layout import period_of

    page = text_document("x").pages[0]
    zone = [Line("Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025", page, 0),
            Line("For the year ended 31 December 2025", page, 1)]
    assert period_of(zone) == (2025, True, False)


def test_signing_date_is_not_the_statements_period():
    """With no period line, "Lập, ngày 20 tháng 3 năm 2026" under the table was read as a period
    ending in March: the statement was taken for an interim one and gave no yearly revenue."""
    from extractors.fields.common import Line
    from extractors.fields.statement_layout import period_of

    page = text_document("x").pages[0]
    assert period_of([Line("Lập, ngày 20 tháng 3 năm 2026", page, 0)]) == (None, True, False)
    assert period_of([Line("Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2025", page, 0)])[0] == 2025
