"""Reviewers' corrections flow back: edit the worksheet, ``review`` (or run again), decisions
change, entries survive with who/when/why, nothing a reviewer typed is ever lost."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from extractors.errors import WorksheetError
from pipeline.overrides import load_overrides
from pipeline.review import review_worksheet
from pipeline.writers import worksheet_layout as L
from pipeline.writers.worksheet_style import ENTERED, RED, TODO

from .test_review_helpers import base_round, copy_round, edit, find, record, run_round

REVENUE = "figures.product_revenue_vnd.2025"


def fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type else ""


def test_reviewer_edits_change_decisions_and_survive_review_and_rerun(tmp_path_factory):
    inbox, out = copy_round(tmp_path_factory)
    assert record(out, "HN2026-014").status == "ineligible"
    before = record(out, "HN2026-001")
    assert before.proposed and before.score.total == 76
    edit(out / "worksheet.xlsx",
         values=[("HN2026-014", REVENUE, "120 tỷ", "Bản giấy phiếu đăng ký ghi 120 tỷ đồng", "Nguyễn Thị Lan")],
         points=[("HN2026-001", "D1", 0, "ISO 9001 cấp cho nhà máy khác", "Trần Văn Minh")])

    summary, where = review_worksheet(out / "worksheet.xlsx")

    assert where == out
    corrected = record(out, "HN2026-014")
    assert corrected.status == "complete" and corrected.figures.product_revenue_vnd["2025"].value == 120 * 10**9
    assert corrected.figures.product_revenue_vnd["2025"].evidence[0].file == "worksheet.xlsx"
    assert not (out / "letters" / "HN2026-014.docx").exists()
    demoted = record(out, "HN2026-001")
    assert demoted.score.total == 68 and not demoted.proposed
    d1 = next(c for c in demoted.score.criteria if c.id == "D1")
    assert d1.points == 0 and "Trần Văn Minh" in d1.basis and "máy chấm 8" in d1.basis
    assert summary["proposed"]["products"] == 0 and summary["reviews"]["values_in_force"] == 1
    saved = load_overrides(out)
    value = saved.dossiers["HN2026-014"].values[0]
    assert (value.value, value.old, value.reviewer, value.reason) == (
        120 * 10**9, 78_630_000_000, "Nguyễn Thị Lan", "Bản giấy phiếu đăng ký ghi 120 tỷ đồng")
    assert value.at is not None and value.source == "worksheet.xlsx"
    points = saved.dossiers["HN2026-001"].points[0]
    assert (points.points, points.old, points.manual) == (0, 8, False)

    def shows_entries() -> None:
        book = load_workbook(out / "worksheet.xlsx")
        row = find(book[L.EVIDENCE], **{L.DOSSIER: "HN2026-014", L.FIELD_PATH: REVENUE})
        assert row[L.VALUE_INPUT].value == 120 * 10**9 and row[L.VALUE_WHO].value == "Nguyễn Thị Lan"
        assert fill(row[L.VALUE_INPUT]) == ENTERED.fgColor.rgb[-6:]
        row = find(book[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "D1"})
        assert row[L.POINTS_INPUT].value == 0 and row[L.POINTS_REASON].value == "ISO 9001 cấp cho nhà máy khác"
        assert row[L.MACHINE_POINTS].value == 8
        audit = [r for r in book[L.AUDIT].iter_rows(min_row=L.FIRST_ROW, values_only=True) if r[0]]
        assert [(r[2], r[3], r[10]) for r in audit] == [("HN2026-001", "Điều chỉnh điểm", "Đang áp dụng"),
                                                       ("HN2026-014", "Sửa giá trị", "Đang áp dụng")]

    shows_entries()
    # the next run decides from the documents again, without the overrides: they must still win
    run_round(inbox, out)
    assert record(out, "HN2026-014").status == "complete" and record(out, "HN2026-001").score.total == 68
    assert len(load_overrides(out).entries()) == 2
    shows_entries()
    # and reviewing the same, unchanged worksheet again adds nothing
    review_worksheet(out / "worksheet.xlsx")
    assert len(load_overrides(out).entries()) == 2


def test_council_manual_points_with_the_rural_rubric(tmp_path_factory):
    _, out = copy_round(tmp_path_factory, "national_rural_industry.yaml")
    start = record(out, "HN2026-001")
    assert start.status == "complete" and not start.proposed and start.score.total == 50
    book = load_workbook(out / "worksheet.xlsx")
    waiting = find(book[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "N1.1"})
    assert waiting[L.MACHINE_POINTS].value == 0 and fill(waiting[L.POINTS_INPUT]) == TODO.fgColor.rgb[-6:]
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "N1.1", 18, "", "Hội đồng - ông Phạm An"),
                                         ("HN2026-001", "N2.3", "12,5", "", "Hội đồng - ông Phạm An")])
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    scored = record(out, "HN2026-001")
    assert scored.score.total == 80.5 and scored.proposed
    assert summary["proposed"]["products"] == 1 and summary["reviews"]["manual_points"] == 2
    assert all(p.manual for p in load_overrides(out).dossiers["HN2026-001"].points)
    book = load_workbook(out / "worksheet.xlsx")
    row = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-001"})
    assert row["N2.3"].value.startswith("=SUMIFS(") and fill(row["N2.3"]) == ENTERED.fgColor.rgb[-6:]


def test_clearing_a_cell_reverts_and_bad_entries_are_kept_not_applied(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "D1", 0, "thử", "A")])
    review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-001").score.total == 68
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "D1", None, "", ""), ("HN2026-001", "A1", "nhiều", "?", "B"),
                                         ("HN2026-001", "A2", 99, "quá", "B")],
         values=[("HN2026-001", "figures.employees", "khoảng", "đếm lại", "B")])
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    after = record(out, "HN2026-001")
    assert after.score.total == 76 and after.proposed  # the revert applied, the bad entries not
    kinds = [(e.criterion if hasattr(e, "criterion") else e.path, e.revert, e.error is not None)
             for _, e in load_overrides(out).entries()]
    assert ("D1", True, False) in kinds and ("A1", False, True) in kinds and ("A2", False, True) in kinds
    assert ("figures.employees", False, True) in kinds
    assert len(summary["reviews"]["problems"]) == 3
    book = load_workbook(out / "worksheet.xlsx")
    bad = find(book[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "A1"})[L.POINTS_INPUT]
    assert bad.value == "nhiều" and fill(bad) == RED.fgColor.rgb[-6:] and "không phải là số điểm" in bad.comment.text
    assert find(book[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "D1"})[L.POINTS_INPUT].value is None
    states = {(r[5], r[3]): r[10] for r in book[L.AUDIT].iter_rows(min_row=L.FIRST_ROW, values_only=True) if r[0]}
    assert states[("D1", "Hủy sửa")] == "Đã hủy sửa" and states[("D1", "Điều chỉnh điểm")] == "Đã được thay thế"


def test_a_second_reviewers_older_copy_does_not_undo_the_first(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    copy = out / "worksheet - Minh.xlsx"
    shutil.copy(out / "worksheet.xlsx", copy)  # handed out before Lan's edit
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, 120 * 10**9, "bản giấy", "Lan")])
    review_worksheet(out / "worksheet.xlsx")
    edit(copy, points=[("HN2026-001", "C2", 4, "một văn bằng hết hạn", "Minh")])
    review_worksheet(copy)
    assert record(out, "HN2026-014").status == "complete"  # Lan's entry kept
    assert record(out, "HN2026-001").score.total == 74  # Minh's applied
    book = load_workbook(out / "worksheet.xlsx")
    assert find(book[L.EVIDENCE], **{L.DOSSIER: "HN2026-014", L.FIELD_PATH: REVENUE})[L.VALUE_INPUT].value
    history = list((out / ".work" / "history").glob("*.xlsx"))
    assert len(history) == 2  # both edited workbooks kept as the reviewers saved them
    review_worksheet(copy)  # the same copy once more: nothing new
    assert len(load_overrides(out).entries()) == 2


def test_a_worksheet_of_another_round_is_refused(tmp_path_factory):
    from pipeline.overrides import Overrides
    from pipeline.round import load_round
    from pipeline.worksheet_merge import merge_worksheet

    _, out = base_round(tmp_path_factory)
    rubric, _ = load_round(None, 2026)
    with pytest.raises(WorksheetError, match="vòng 2026"):
        merge_worksheet(out / "worksheet.xlsx", Overrides(), rubric, 2027)


def test_review_decides_from_the_store_when_the_inbox_is_gone(tmp_path_factory):
    _, out = copy_round(tmp_path_factory)
    params = json.loads((out / ".work" / "run.json").read_text(encoding="utf-8"))
    params["inbox"] = str(out.parent / "moved-away")
    (out / ".work" / "run.json").write_text(json.dumps(params), encoding="utf-8")
    edit(out / "worksheet.xlsx", values=[("HN2026-014", REVENUE, 120 * 10**9, "bản giấy", "Lan")])
    review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-014").status == "complete"


def test_a_damaged_worksheet_is_refused_and_kept(tmp_path_factory):
    inbox, out = copy_round(tmp_path_factory)
    broken = out.parent / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(WorksheetError):
        review_worksheet(broken)
    (out / "worksheet.xlsx").write_bytes(b"saved as something else")
    run_round(inbox, out)
    assert list((out / ".work" / "history").glob("worksheet-*.xlsx"))  # the unreadable copy kept
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reviews"]["problems"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_worksheet_saved_by_libreoffice_reads_back(tmp_path_factory, tmp_path):
    _, out = copy_round(tmp_path_factory)
    edit(out / "worksheet.xlsx", points=[("HN2026-001", "D1", 0, "ISO cấp cho nhà máy khác", "Minh")])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(out / "worksheet.xlsx")],
                   check=True, capture_output=True, timeout=120)
    shutil.copy(tmp_path / "lo" / "worksheet.xlsx", out / "worksheet.xlsx")
    summary, _ = review_worksheet(out / "worksheet.xlsx")
    assert record(out, "HN2026-001").score.total == 68
    assert len(load_overrides(out).entries()) == 1
    # LibreOffice writes every value and formula again in its own way: none is taken for a reviewer's typing
    assert summary["reviews"]["problems"] == []
