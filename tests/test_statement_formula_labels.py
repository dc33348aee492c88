"""Formulas in the income statement's labels are never line codes (issue 14, "Paper as it arrives").

B 02-DN prints "3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)" and "5. Lợi
nhuận gộp về bán hàng và cung cấp dịch vụ (20 = 10 - 11)". OCR often drops the "=" and the label
wraps onto the line after the amounts (samples/inbox/HN2026-004/scan0003.pdf reads
'cấp dịch vụ (10\\t01 - 02)' and 'dịch vụ (20\\t10 - 11)'): the formula's "10", "01", "02" must not
become a row's code, or line 20's amounts would be read as line 10's (enterprise revenue).
Each case reads line 10 of both years, never line 20's (which differs from it by far).
"""

from __future__ import annotations

import io

import pytest

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.registry import read_document
from tests.statement_docs import B02, LAST_YEAR, THIS_YEAR, Layout, statement_pdf, statement_text, text_document
from tests.test_statement_layouts import REVENUE, values

GROSS = "figures.gross_revenue_vnd"
MILLIONS = 10**6


def cells(code: str, scale: int = 1) -> str:
    """A row's two amounts as the reader gives them (tab between the columns), in the unit's scale."""
    return f"{THIS_YEAR[code] // scale:,}\t{LAST_YEAR[code] // scale:,}".replace(",", ".")


def printed(column: dict[str, int], code: str, scale: int = 1) -> int:
    """A line's amount in đồng as a statement in ``scale`` prints it."""
    return column[code] // scale * scale


def without_equals(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The rows as OCR reads them when it drops every "=" of the formulas."""
    return [(code, label.replace(" = ", " "), note) for code, label, note in rows]


def assert_line_10_never_line_20(got: dict, scale: int = 1) -> None:
    assert THIS_YEAR["20"] != THIS_YEAR["10"] and LAST_YEAR["20"] != LAST_YEAR["10"]
    assert got[f"{REVENUE}.2025"][0] == printed(THIS_YEAR, "10", scale)
    assert got[f"{REVENUE}.2024"][0] == printed(LAST_YEAR, "10", scale)
    assert got[f"{REVENUE}.2025"][1] >= 0.8  # confirmed by 10 = 01 − 02 = 20 + 11
    assert got[f"{REVENUE}.2024"][1] >= 0.8
    assert got["statement.line_10.current"][0] == printed(THIS_YEAR, "10", scale)
    assert got["statement.line_10.previous"][0] == printed(LAST_YEAR, "10", scale)


# --- page texts as a reader returns them (born-digital text layer, or OCR) -----------------

# how rows 10 and 20 come out of the reader: the formula with or without "=", on the amounts'
# line or wrapped onto the line after (or before) it, with or without the code cell
TEXT_CASES = {
    "same line, equals kept": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)\t10\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20 = 10 - 11)\t20\t{20}"],
    },
    "same line, equals dropped": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10\t01 - 02)\t10\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20\t10 - 11)\t20\t{20}"],
    },
    "same line, equals and code cells dropped": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10\t01 - 02)\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20\t10 - 11)\t{20}"],
    },
    "same line, closing bracket dropped": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10\t01 - 02\t10\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20\t10 - 11\t20\t{20}"],
    },
    "wrapped after the amounts, equals dropped (scan0003)": {
        "10": ["3. Doanh thu thuần về bán hàng và cung\t10\t{10}", "cấp dịch vụ (10\t01 - 02)"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp\t20\t{20}", "dịch vụ (20\t10 - 11)"],
    },
    "wrapped after the amounts, equals kept": {
        "10": ["3. Doanh thu thuần về bán hàng và cung\t10\t{10}", "cấp dịch vụ (10 = 01 - 02)"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp\t20\t{20}", "dịch vụ (20 = 10 - 11)"],
    },
    "wrapped after the amounts, formula alone on its line": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ\t10\t{10}", "(10\t01 - 02)"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ\t20\t{20}", "(20\t10 - 11)"],
    },
    "wrapped after the amounts, code cells dropped": {
        "10": ["3. Doanh thu thuần về bán hàng và cung\t{10}", "cấp dịch vụ (10\t01 - 02)"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp\t{20}", "dịch vụ (20\t10 - 11)"],
    },
    "wrapped before the amounts": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp", "dịch vụ (10\t01 - 02)\t10\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp", "dịch vụ (20\t10 - 11)\t20\t{20}"],
    },
    "formula cut in two, amounts on its second half": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10", "01 - 02)\t10\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20", "10 - 11)\t20\t{20}"],
    },
    "formula cut in two, amounts on its first half": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10\t10\t{10}", "01 - 02)"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20\t20\t{20}", "10 - 11)"],
    },
    "formula cut in two, second half alone beside the amounts": {
        "10": ["3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10", "01 - 02)\t{10}"],
        "20": ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20", "10 - 11)\t{20}"],
    },
}


def text_case(case: str, scale: int) -> tuple[Layout, dict[str, list[str]]]:
    """The layout (in đồng or in millions) and rows 10 and 20 of a case, with their amounts."""
    layout = Layout(scale=scale, unit="Đơn vị tính: triệu đồng" if scale == MILLIONS else "Đơn vị tính: đồng")
    lines = {code: [line.replace("{10}", cells("10", scale)).replace("{20}", cells("20", scale)) for line in rows]
             for code, rows in TEXT_CASES[case].items()}
    return layout, lines


@pytest.mark.parametrize(("source", "scale"), [("text_layer", 1), ("ocr", 1), ("ocr", MILLIONS)])
@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_formula_in_a_label_never_makes_line_20_read_as_line_10(case, source, scale):
    layout, lines = text_case(case, scale)
    page = statement_text(layout, lines)
    assert_line_10_never_line_20(values(extract_facts(text_document(page, source=source))), scale)


@pytest.mark.parametrize("twenty", [
    # brackets, code cell and "=" lost: "dịch vụ 20 10 - 11" ends on "11" after an operator
    ["5. Lợi nhuận gộp về bán hàng và cung cấp", "dịch vụ 20 10 - 11\t{20}"],
    # the formula cut after "(20 = 10", its "(" and "=" lost: "20 10" stand where code and note do
    ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ 20 10\t{20}", "- 11)"],
    ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20 10\t{20}", "- 11)"],
])
def test_formula_codes_left_bare_by_ocr_are_not_taken_for_the_rows_code(twenty):
    # line 10's own code cell lost too: its label is all that says it is line 10, and a bare
    # "10" on line 20's row must not outrank it
    page = statement_text(Layout(), {
        "10": [f"3. Doanh thu thuần về bán hàng và cung cấp dịch vụ (10 = 01 - 02)\t{cells('10')}"],
        "20": [line.replace("{20}", cells("20")) for line in twenty]})
    assert_line_10_never_line_20(values(extract_facts(text_document(page, source="ocr"))))


@pytest.mark.parametrize("note", ["25", "5"])
def test_plain_number_note_after_the_code_is_not_taken_for_the_code(note):
    # "Mã số | Thuyết minh" printed as "01 | 25": the code column comes first, so the note
    # number (itself a line code here: 25 is "Chi phí bán hàng") is not the row's code
    rows = [(code, label, note if ref else "") for code, label, ref in B02]
    got = values(extract_facts(text_document(statement_text(Layout(rows=rows)))))
    assert got[f"{REVENUE}.2025"] == (THIS_YEAR["10"], 0.95)
    assert got[f"{REVENUE}.2024"] == (LAST_YEAR["10"], 0.95)
    assert got[f"{GROSS}.2025"] == (THIS_YEAR["01"], 0.95)


# line 10 not printed at all: only 01, 02, 11 and 20 (with its formula naming 10)
WITHOUT_TEN = [row for row in B02 if row[0] in ("01", "02", "11", "20")]


def assert_revenue_is_not_line_20(facts: list[DocumentFacts]) -> None:
    """Enterprise revenue is 01 − 02, doubtful and noted, with a warning; never line 20's amount."""
    got = values(facts)
    for year, column in ((2025, THIS_YEAR), (2024, LAST_YEAR)):
        revenue = got[f"{REVENUE}.{year}"]
        assert revenue[0] != column["20"]
        assert revenue[0] == column["01"] - column["02"]
        assert revenue[1] < 0.75
        assert got[f"{GROSS}.{year}"][0] == column["01"]
    notes = {c.note for f in facts for c in f.candidates if c.field.startswith(REVENUE)}
    assert notes == {"Không thấy dòng 10; tính 01 − 02"}
    assert [x.code for f in facts for x in f.findings].count("statement_line_10_missing") == 2
    assert "statement.line_10.current" not in got


@pytest.mark.parametrize("twenty", [
    None,  # as printed: "5. Lợi nhuận gộp … (20 = 10 - 11)  20  amounts"
    ["5. Lợi nhuận gộp về bán hàng và cung cấp\t20\t{}", "dịch vụ (20\t10 - 11)"],
    ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20", "10 - 11)\t{}"],
    ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ (20\t10 - 11)\t{}"],
    ["5. Lợi nhuận gộp về bán hàng và cung cấp dịch vụ 20 10\t{}", "- 11)"],
])
def test_statement_without_line_10_never_gives_line_20_as_revenue(twenty):
    layout = Layout(rows=WITHOUT_TEN)
    lines = {"20": [line.format(cells("20")) for line in twenty]} if twenty else None
    assert_revenue_is_not_line_20(extract_facts(text_document(statement_text(layout, lines), source="ocr")))


# --- born-digital PDFs and scans of them -----------------------------------------------------

# label widths (points) that wrap the formula onto the line after the amounts, as in scan0003:
# 200 → "… và cung" / "cấp dịch vụ (10 = 01 - 02)"; 260 → "… dịch vụ (10" / "= 01 - 02)"
PRINTS = {
    "equals kept, formula wrapped after the amounts": Layout(label_width=200, valign="top"),
    "equals dropped, formula wrapped after the amounts": Layout(label_width=200, valign="top",
                                                                rows=without_equals(B02)),
    "equals dropped, formula cut in two, amounts below": Layout(label_width=260, valign="bottom",
                                                                rows=without_equals(B02)),
    "equals kept, formula on the amounts' line": Layout(label_width=400),
}


@pytest.mark.parametrize("name", list(PRINTS))
def test_born_digital_statement_with_formula_labels_gives_line_10(tmp_path, name):
    path = tmp_path / "bctc.pdf"
    path.write_bytes(statement_pdf(PRINTS[name]))
    document = read_document(path, path.name)
    assert document.pages[0].source == "text_layer"
    assert_line_10_never_line_20(values(extract_facts(document)))


def scanned(pdf: bytes, seed: int) -> bytes:
    """The statement printed and scanned: 200 dpi grey, mild noise and blur, JPEG, image-only PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    pixels = np.asarray(image, dtype=np.float32) * 0.93 + 12
    pixels += np.random.default_rng(seed).normal(0, 1.5, pixels.shape).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=200, quality=80)
    return buffer.getvalue()


SCANS = ["equals kept, formula wrapped after the amounts", "equals dropped, formula wrapped after the amounts",
         "equals dropped, formula cut in two, amounts below"]


@pytest.mark.parametrize("name", SCANS)
def test_scanned_statement_with_formula_labels_gives_line_10_never_line_20(tmp_path, name):
    path = tmp_path / "scan_bctc.pdf"
    path.write_bytes(scanned(statement_pdf(PRINTS[name]), seed=SCANS.index(name)))
    document = read_document(path, path.name)
    assert document.pages[0].source == "ocr"
    assert_line_10_never_line_20(values(extract_facts(document)))


def test_scanned_statement_without_line_10_never_gives_line_20_as_revenue(tmp_path):
    path = tmp_path / "scan_bctc.pdf"
    path.write_bytes(scanned(statement_pdf(Layout(rows=without_equals(WITHOUT_TEN), label_width=200,
                                                  valign="top")), seed=7))
    document = read_document(path, path.name)
    assert document.pages[0].source == "ocr"
    assert_revenue_is_not_line_20(extract_facts(document))
