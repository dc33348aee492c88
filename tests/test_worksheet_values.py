"""Formulas carry their values: a reader that does not recalculate (pandas, openpyxl
``data_only``, a mail preview) sees the totals and proposals, and they are the records' own —
while the formulas stay formulas that follow what reviewers type."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.review import review_worksheet
from pipeline.writers import worksheet_layout as L
from pipeline.writers.records import read_records
from pipeline.writers.xlsx_evaluate import Evaluator
from pipeline.writers.xlsx_formulas import ExcelError
from pipeline.writers.xlsx_values import save_with_values

from .test_review_helpers import base_round, copy_round, edit, find, record, rows


def formula_cells(path):
    """(sheet, coordinate) of every formula in a saved workbook."""
    book = load_workbook(path)
    return [(s.title, c.coordinate) for s in book.worksheets for row in s.iter_rows() for c in row
            if c.data_type == "f"]


def assert_totals_are_the_records(path, records):
    book = load_workbook(path, data_only=True)
    for one in records:
        row = find(book[L.OVERVIEW], **{L.DOSSIER: one.dossier_id})
        assert row["Tổng điểm"].value == pytest.approx(one.score.total)
        assert row["Đề xuất"].value == ("Có" if one.proposed else "Không")
        for criterion in one.score.criteria:
            assert row[criterion.id].value == pytest.approx(criterion.points)
        scored = [r for r in rows(book[L.SCORES]) if r[L.DOSSIER] == one.dossier_id]
        assert [r[L.EFFECTIVE_POINTS] for r in scored] == pytest.approx([c.points for c in one.score.criteria])
        assert [r["Tổng điểm hồ sơ"] for r in scored] == pytest.approx([one.score.total] * len(scored))


def test_totals_were_blank_to_readers_that_do_not_recalculate(tmp_path_factory):
    # openpyxl saved every formula with an empty value: pandas and mail previews showed no total
    _, out = base_round(tmp_path_factory)
    records = read_records(out)
    assert_totals_are_the_records(out / "worksheet.xlsx", records)
    formulas = formula_cells(out / "worksheet.xlsx")
    assert len(formulas) >= len(records) * 2
    cached = load_workbook(out / "worksheet.xlsx", data_only=True)
    assert [(s, c) for s, c in formulas if cached[s][c].value is None] == []
    # still formulas, recalculated on opening by Excel
    assert load_workbook(out / "worksheet.xlsx").calculation.fullCalcOnLoad


def test_cached_totals_follow_the_reviewers_entries_in_force(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "D1", 0, "ISO 9001 cấp cho nhà máy khác", "Trần Văn Minh")])
    review_worksheet(out / "worksheet.xlsx")
    demoted = record(out, "HN2026-001")
    assert demoted.score.total == 68 and not demoted.proposed
    assert_totals_are_the_records(out / "worksheet.xlsx", read_records(out))


def test_a_formula_spcncl_cannot_compute_is_left_for_the_spreadsheet_not_guessed(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["A2"], sheet["B1"], sheet["B2"] = 2, 3, "=SUM(A1:A2)", "=VLOOKUP(2,A1:A2,1,FALSE)"
    sheet["B3"], sheet["B4"] = '=IF("Đà Nẵng">"Hà Nội",1,0)', "=B2+1"  # text order: each program's collation
    assert save_with_values(book, tmp_path / "x.xlsx") == 1
    cached = load_workbook(tmp_path / "x.xlsx", data_only=True).active
    assert [cached[c].value for c in ("B1", "B2", "B3", "B4")] == [5, None, None, None]
    assert load_workbook(tmp_path / "x.xlsx").active["B2"].value == "=VLOOKUP(2,A1:A2,1,FALSE)"


def rules_book() -> Workbook:
    """The criteria, comparisons and coercions spreadsheet programs apply, on a small sheet (no logical
    values in ranges or joined to text: there LibreOffice, which has none, and Excel differ)."""
    book = Workbook()
    data = book.active
    data.title = "Dữ liệu"
    for row in [("HN-1", "A1", 5), ("hn-1", "A2", 2.5), ("HN-2", "A1", "7"), ("HN-12", "B1", 1.5),
                (None, "A1", 4), ("HN*", "a1", -1), ("", "C1", 10)]:
        data.append(row)
    sheet = book.create_sheet("Kết quả")
    refs = "'Dữ liệu'!$C$1:$C$7,'Dữ liệu'!$A$1:$A$7"
    for formula in [
        f'=SUMIFS({refs},"HN-1")', f'=SUMIFS({refs},"HN*")', f'=SUMIFS({refs},"HN~*")', f'=SUMIFS({refs},"HN-?")',
        f'=SUMIFS({refs},"<>HN-1")', f'=SUMIFS({refs},"")', f'=SUMIFS({refs},"=")',
        "=SUMIFS('Dữ liệu'!C1:C7,'Dữ liệu'!B1:B7,\">=2\")",
        "=SUMIFS('Dữ liệu'!C1:C7,'Dữ liệu'!B1:B7,\"A1\",'Dữ liệu'!A1:A7,\"hn-1\")",
        "=COUNTIFS('Dữ liệu'!B1:B7,\"a1\")", "=COUNTIF('Dữ liệu'!C1:C7,\"<3\")",
        "=SUMIF('Dữ liệu'!B1:B7,\"A*\",'Dữ liệu'!C1:C7)",
        "=SUM('Dữ liệu'!C1:C7)", "=SUM('Dữ liệu'!C3,1)", "=MIN(MAX(-3,0),2)", "=MAX('Dữ liệu'!A1:A7)",
        '=IF("b"="B",1,2)', '=IF(2>"1",1,2)', "=IF('Dữ liệu'!A5=0,1,2)", '=IF(0,"x")',
        "=-2^2", "=2^-1", "=50%+1", '="Có "&1.5&"đ"', "=1/0", "=IFERROR(1/0,7)", "=ISNUMBER('Dữ liệu'!C3)",
        "=AND(1,TRUE)", "=OR(0,FALSE)", "=NOT(0)", "=ROUND(2.345,2)", "=ROUND(-2.5,0)",
        "='Dữ liệu'!C1+\"abc\"",
    ]:
        sheet.append([formula])
    return book


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_cached_values_are_what_libreoffice_computes_after_a_reviewer_types(tmp_path_factory, tmp_path):
    # LibreOffice keeps a file's cached values on opening: they must be what it would compute itself
    _, out = base_round(tmp_path_factory)
    typed = tmp_path / "typed.xlsx"
    shutil.copy(out / "worksheet.xlsx", typed)
    edit(typed, points=[("HN2026-001", "D1", 3, "Giấy chứng nhận hết hạn một phần", "Trần Văn Minh"),
                        ("HN2026-007", "A1", 99, "Nhập quá điểm tối đa", "Lê Thị Hoa"),
                        ("HN2026-012", "A2", "không rõ", "Chữ thay cho số", "Lê Thị Hoa")])
    rules = tmp_path / "rules.xlsx"
    rules_book().save(rules)  # openpyxl saves formulas without values: LibreOffice computes them all
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo-out"), str(typed), str(rules)],
                   check=True, capture_output=True, timeout=180)
    for source in (typed, rules):
        book = load_workbook(source)
        ours = Evaluator(book).formula_values()
        theirs = load_workbook(tmp_path / "lo-out" / source.name, data_only=True)
        assert sum(len(v) for v in ours.values()) == len(formula_cells(source))
        for title, values in ours.items():
            for coordinate, value in values.items():
                expected, formula = theirs[title][coordinate].value, book[title][coordinate].value
                if isinstance(value, ExcelError):
                    assert expected == value.code, (title, coordinate, formula)
                elif isinstance(value, float):
                    assert expected == pytest.approx(value), (title, coordinate, formula)
                else:
                    assert expected == value, (title, coordinate, formula)
    book = load_workbook(typed, data_only=False)
    ours = Evaluator(book).formula_values()
    row = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-007"})
    machine = next(c for c in record(out, "HN2026-007").score.criteria if c.id == "A1")
    assert ours[L.OVERVIEW][row["A1"].coordinate] == machine.max  # 99 typed, the maximum counted
