"""Reviewers' entries are checked as the worksheet promises (issue 13 item 8): a reason and a name
where the header asks for them, exact figures only ("khoảng 400" is refused, not read as 400),
nothing typed in grey or machine cells silently dropped, and a refused entry reported on every
later pass until it is fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.entry_checks import parse_amount_entry, parse_points
from pipeline.overrides import load_overrides
from pipeline.review import review_worksheet
from pipeline.writers import worksheet_layout as L
from pipeline.writers.worksheet_style import RED

from .test_review_helpers import copy_round, edit, find, record, run_round

REVENUE = "figures.product_revenue_vnd.2025"


def fill(cell) -> str:  # type: ignore[no-untyped-def]
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type else ""


def cell_of(worksheet: Path, sheet: str, title: str, **keys: str) -> str:
    """The address of a row's cell, as the worksheet was written."""
    return find(load_workbook(worksheet)[sheet], **keys)[title].coordinate


def problems(out: Path) -> list[str]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["reviews"]["problems"]


def type_over(worksheet: Path, sheet: str, title: str, keys: dict[str, str], value: object,
              reason: str = "", reviewer: str = "") -> str:
    """Type into one of spcncl's own cells of a row (and the row's reason and name); returns its address."""
    book = load_workbook(worksheet)
    row = find(book[sheet], **keys)
    row[title].value = value
    inputs = (L.POINTS_REASON, L.POINTS_WHO) if sheet == L.SCORES else (L.VALUE_REASON, L.VALUE_WHO)
    row[inputs[0]].value, row[inputs[1]].value = reason or None, reviewer or None
    book.save(worksheet)
    return str(row[title].coordinate)


def test_a_point_override_without_reason_or_name_is_refused_naming_sheet_and_cell(tmp_path_factory):
    """The header says a reason is required when overriding the machine's points; it was applied anyway."""
    _, out = copy_round(tmp_path_factory)
    cell = cell_of(out / "worksheet.xlsx", L.SCORES, L.POINTS_INPUT, **{L.DOSSIER: "HN2026-001", L.CRITERION: "D1"})
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "D1", 0, "", "")])
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-001").score.total == 76  # not applied
    entry = load_overrides(out).dossiers["HN2026-001"].points[-1]
    assert entry.error is not None and entry.points is None and entry.cell == cell
    assert "thiếu lý do và họ tên người sửa (bắt buộc khi điều chỉnh điểm máy" in entry.error
    assert summary["reviews"]["problems"] == [
        f"HN2026-001 — trang «{L.SCORES}», ô {cell} (tiêu chí D1. Chứng nhận ISO 9001 còn hiệu lực): "
        f"không dùng được: {entry.error}"]
    shown = find(load_workbook(out / "worksheet.xlsx")[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "D1"})
    assert shown[L.POINTS_INPUT].value == "0" and fill(shown[L.POINTS_INPUT]) == RED.fgColor.rgb[-6:]
    assert "thiếu lý do" in shown[L.POINTS_INPUT].comment.text


def test_a_value_correction_without_the_reviewers_name_is_refused(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, "120 tỷ", "Bản giấy phiếu đăng ký", "")])
    review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-014").status == "ineligible"
    entry = load_overrides(out).dossiers["HN2026-014"].values[-1]
    assert entry.value is None and entry.raw == "120 tỷ"
    assert entry.error is not None and entry.error.startswith("thiếu họ tên người sửa (bắt buộc khi sửa giá trị")


def test_a_refused_entry_is_reported_on_every_later_pass_until_it_is_fixed(tmp_path_factory):
    """It was reported once, by the pass that read it; the next run said nothing while the cell stayed red."""
    inbox, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, "120 tỷ", "", "Nguyễn Thị Lan")])
    first, _ = review_worksheet(out / "worksheet.xlsx")
    assert len(first["reviews"]["problems"]) == 1 and "thiếu lý do" in first["reviews"]["problems"][0]
    _, again = run_round(inbox, out)  # the next `spcncl run`, worksheet untouched
    assert again["reviews"]["problems"] == first["reviews"]["problems"]
    review_worksheet(out / "worksheet.xlsx")
    assert problems(out) == first["reviews"]["problems"]
    # fixed where it stands: the red cell keeps the figure, the reviewer adds the reason
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, "120 tỷ", "Bản giấy phiếu đăng ký", "Nguyễn Thị Lan")])
    fixed, _ = review_worksheet(out / "worksheet.xlsx")
    assert fixed["reviews"]["problems"] == []
    corrected = record(out, "HN2026-014")
    assert corrected.status == "complete" and corrected.figures.product_revenue_vnd["2025"].value == 120 * 10**9


@pytest.mark.parametrize("typed", ["khoảng 120 tỷ", "gần 120 tỷ", "~120 tỷ", "120 tỷ?", "khoang 120 ty",
                                   "ước 120 tỷ", "120-130 tỷ"])
def test_a_hedged_amount_is_refused_not_read_as_the_number(typed):
    value, error = parse_amount_entry(REVENUE, typed)
    assert value is None and error is not None and error.startswith(f"«{typed}» ")
    assert "không phải số chính xác" in error


@pytest.mark.parametrize(("typed", "expected"), [("120 tỷ", 120 * 10**9), ("120 ty", 120 * 10**9),
                                                 ("1,5 tỷ đồng", 1_500_000_000), ("78.630.000.000", 78_630_000_000),
                                                 (78_630_000_000.0, 78_630_000_000)])
def test_an_exact_amount_is_read_with_or_without_diacritics(typed, expected):
    """"120 ty" was read as 120 đồng, as the rubric once read "100 ty"."""
    assert parse_amount_entry(REVENUE, typed) == (expected, None)


@pytest.mark.parametrize(("path", "typed"), [(REVENUE, "5 triệu USD"), ("figures.export_usd.2025", "5 tỷ đồng"),
                                             (REVENUE, "120 tỷ hoặc hơn"), (REVENUE, "120 tyy")])
def test_an_amount_in_the_wrong_unit_or_with_other_words_is_refused(path, typed):
    value, error = parse_amount_entry(path, typed)
    assert value is None and error is not None and f"«{typed}»" in error


@pytest.mark.parametrize("typed", ["khoảng 7", "~7", "7?", "gần 7"])
def test_hedged_points_are_refused(typed):
    points, error = parse_points(typed)
    assert points is None and error is not None and "không phải số điểm chính xác" in error


def test_hedged_entries_from_the_worksheet_are_kept_refused_and_change_nothing(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx",
         values=[("HN2026-014", REVENUE, "khoảng 120 tỷ", "bản giấy", "Lan"),
                 ("HN2026-001", "figures.employees", "~400", "đếm lại", "Lan")],
         points=[("HN2026-001", "E1", "khoảng 6", "nhiều lao động", "Minh")])
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-014").status == "ineligible"
    kept = record(out, "HN2026-001")
    assert kept.score.total == 76 and kept.figures.employees.value != 400
    lines = summary["reviews"]["problems"]
    assert len(lines) == 3 and all("ước chừng" in line for line in lines)


def test_typing_in_a_grey_cell_is_reported_not_dropped(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    book = load_workbook(out / "worksheet.xlsx")
    row = find(book[L.EVIDENCE], **{L.DOSSIER: "HN2026-001", L.FIELD_PATH: "product.industry_group"})
    row[L.VALUE_INPUT].value, row[L.VALUE_REASON].value = "Cơ khí, chế tạo", "phiếu ghi sai nhóm"
    certificate = find(book[L.EVIDENCE], **{L.DOSSIER: "HN2026-001", L.FIELD_PATH: "certificates.0"})
    certificate[L.VALUE_REASON].value = "chứng nhận đã hết hạn"
    book.save(out / "worksheet.xlsx")
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    lines = summary["reviews"]["problems"]
    assert len(lines) == 2 and all("ô nền xám" in line for line in lines)
    assert any("«Nhóm ngành» không sửa trực tiếp được" in line for line in lines)
    assert any("chứng nhận không sửa ở trang «Chứng cứ»" in line for line in lines)
    audit = [r for r in load_workbook(out / "worksheet.xlsx")[L.AUDIT].iter_rows(min_row=L.FIRST_ROW,
                                                                                 values_only=True) if r[0]]
    assert sorted((r[5], r[3]) for r in audit) == [("certificates.0", "Không dùng được"),
                                                   ("product.industry_group", "Không dùng được")]


def test_a_figure_typed_over_the_value_spcncl_read_is_taken_as_the_correction_and_reported(tmp_path_factory):
    """Typed in «Giá trị» instead of «Giá trị sửa», it vanished when the worksheet was written again."""
    _, out = copy_round(tmp_path_factory)
    keys = {L.DOSSIER: "HN2026-014", L.FIELD_PATH: REVENUE}
    cell = type_over(out / "worksheet.xlsx", L.EVIDENCE, L.VALUE, keys, "120 tỷ", "bản giấy", "Nguyễn Thị Lan")
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-014").status == "complete"
    entry = load_overrides(out).dossiers["HN2026-014"].values[-1]
    assert (entry.value, entry.old, entry.reviewer) == (120 * 10**9, 78_630_000_000, "Nguyễn Thị Lan")
    [note] = summary["reviews"]["problems"]
    assert note.startswith(f"HN2026-014 — trang «{L.EVIDENCE}», ô {cell} («{L.VALUE}», ô do spcncl ghi)")
    assert "đã áp dụng" in note


def test_a_figure_typed_over_spcncls_cell_without_a_reason_moves_to_the_input_cell_refused(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    keys = {L.DOSSIER: "HN2026-014", L.FIELD_PATH: REVENUE}
    type_over(out / "worksheet.xlsx", L.EVIDENCE, L.VALUE, keys, "120 tỷ")
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-014").status == "ineligible"
    assert len(summary["reviews"]["problems"]) == 2  # the move, and the refusal
    row = find(load_workbook(out / "worksheet.xlsx")[L.EVIDENCE], **keys)
    assert row[L.VALUE].value == 78_630_000_000
    assert row[L.VALUE_INPUT].value == "120 tỷ" and fill(row[L.VALUE_INPUT]) == RED.fgColor.rgb[-6:]


def test_points_typed_over_the_effective_points_formula_are_taken_and_reported(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    keys = {L.DOSSIER: "HN2026-001", L.CRITERION: "D1"}
    cell = type_over(out / "worksheet.xlsx", L.SCORES, L.EFFECTIVE_POINTS, keys, 0, "ISO cấp cho nhà máy khác",
                     "Trần Văn Minh")
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-001").score.total == 68
    [note] = summary["reviews"]["problems"]
    assert f"ô {cell} («{L.EFFECTIVE_POINTS}», ô do spcncl ghi)" in note
    row = find(load_workbook(out / "worksheet.xlsx")[L.SCORES], **keys)
    assert str(row[L.EFFECTIVE_POINTS].value).startswith("=IF(")  # the formula written again


def test_an_older_copy_showing_older_values_is_not_taken_for_typing_over(tmp_path_factory):
    import shutil

    _, out = copy_round(tmp_path_factory)
    older = out / "worksheet - Minh.xlsx"
    shutil.copy(out / "worksheet.xlsx", older)
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, 120 * 10**9, "bản giấy", "Lan")])
    review_worksheet(out / "worksheet.xlsx")
    edit(older, points=[("HN2026-001", "C2", 4, "một văn bằng hết hạn", "Minh")])
    summary, _ = review_worksheet(older)  # its «Giá trị» still shows 78.630.000.000 for HN2026-014
    assert summary["reviews"]["problems"] == []
    assert record(out, "HN2026-014").figures.product_revenue_vnd["2025"].value == 120 * 10**9


def test_a_reason_without_a_value_is_reported_and_kept(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, None, "Doanh nghiệp gửi bản giấy 120 tỷ", "Lan")])
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    [line] = summary["reviews"]["problems"]
    assert "có lý do hoặc người sửa nhưng chưa nhập giá trị sửa" in line
    row = find(load_workbook(out / "worksheet.xlsx")[L.EVIDENCE], **{L.DOSSIER: "HN2026-014", L.FIELD_PATH: REVENUE})
    assert row[L.VALUE_REASON].value == "Doanh nghiệp gửi bản giấy 120 tỷ"  # not lost when written again
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, None, None, None)])
    cleared, _ = review_worksheet(out / "worksheet.xlsx")
    assert cleared["reviews"]["problems"] == []
