"""The overview's and the report's details (issue 13, item 12), and the missing-evidence sheet's
items in words: each test is named after what a secretariat hit in its first week."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from extractors.errors import CriteriaError
from pipeline.overrides import Overrides, PointsOverride, ValueOverride, apply_value_overrides
from pipeline.round import load_round
from pipeline.writers import worksheet_layout as L
from pipeline.writers.letter_items import letter_items
from pipeline.writers.records import read_records
from pipeline.writers.report import write_report
from pipeline.writers.secretariat import Secretariat, load_secretariat
from pipeline.writers.summary import build_summary
from pipeline.writers.worksheet import write_worksheet
from pipeline.writers.worksheet_style import AMBER, ENTERED, NOT_MET

from .test_review_helpers import base_round, find, rows

IDS = ("HN2026-001", "HN2026-004", "HN2026-014")  # as tests/test_worksheet_doubt.py: one run serves both


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    _, out = base_round(tmp_path_factory, ids=IDS)
    return out, {r.dossier_id: r for r in read_records(out)}, load_workbook(out / "worksheet.xlsx")


def fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type else ""


def report_text(path) -> str:
    document = Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_ineligible_is_not_the_legends_doubtful_amber(sample):
    _, records, book = sample
    assert records["HN2026-014"].status == "ineligible"
    row = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-014"})
    assert fill(row["Trạng thái"]) == NOT_MET.fgColor.rgb[-6:] != AMBER.fgColor.rgb[-6:]
    assert fill(row["ĐK: mức sàn"]) == NOT_MET.fgColor.rgb[-6:]
    assert "tím: không đạt điều kiện" in book[L.OVERVIEW]["A2"].value


def test_proposed_yes_is_not_the_reviewer_entry_green(sample):
    _, _, book = sample
    sheet = book[L.OVERVIEW]
    rule = next(r for cf in sheet.conditional_formatting for r in cf.rules if r.formula == ['"Có"'])
    assert rule.dxf.fill is None or rule.dxf.fill.fgColor.rgb != ENTERED.fgColor.rgb
    assert rule.dxf.font.b


def test_a_total_within_one_point_of_the_mark_is_marked_borderline(sample, tmp_path):
    _, records, book = sample
    sheet = book[L.OVERVIEW]
    assert records["HN2026-004"].score.total == 71 and records["HN2026-001"].score.total == 76
    total = find(sheet, **{L.DOSSIER: "HN2026-004"})["Tổng điểm"]
    assert "Sát ngưỡng: 71 điểm, ngưỡng đề xuất > 70" in total.comment.text
    assert find(sheet, **{L.DOSSIER: "HN2026-001"})["Tổng điểm"].comment is None
    framed = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules if r.type == "expression"]
    assert framed == ["AND(ISNUMBER(H4),ABS(H4-70)<=1)"]  # follows the council's points as they are typed
    # the margin is the rubric's, not the code's: at 6 points, 76 is borderline too
    rubric, rnd = load_round(None, 2026)
    wide = rubric.model_copy(update={"pass_rule": rubric.pass_rule.model_copy(update={"borderline_margin": 6})})
    write_worksheet([records["HN2026-001"]], wide, rnd, tmp_path)
    row = find(load_workbook(tmp_path / "worksheet.xlsx")[L.OVERVIEW], **{L.DOSSIER: "HN2026-001"})
    assert "Sát ngưỡng: 76 điểm" in row["Tổng điểm"].comment.text
    summary = build_summary(list(records.values()), rubric, rnd)
    assert {i["dossier_id"]: i["borderline"] for i in summary["ranking"]} == {"HN2026-001": False,
                                                                               "HN2026-004": True}


def test_missing_items_count_every_item_of_the_letter(sample):
    # an ineligible dossier's letter lists its failed prerequisite: "Mục thiếu" said 0
    _, records, book = sample
    rubric, _ = load_round(None, 2026)
    record = records["HN2026-014"]
    assert not record.missing_evidence and len(letter_items(record, rubric)) == 1
    assert find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-014"})["Mục thiếu"].value == 1


def test_the_missing_sheet_names_the_prerequisite_not_its_key(sample):
    _, _, book = sample
    rubric, _ = load_round(None, 2026)
    listed = [r for r in rows(book[L.MISSING]) if r[L.DOSSIER] == "HN2026-014"]
    floor = next(p for p in rubric.prerequisites if p.id == "revenue_floor")
    assert [r["Tài liệu / điều kiện"] for r in listed] == [f"Điều kiện tiên quyết: {floor.name}"]
    assert not any(str(r["Tài liệu / điều kiện"]).startswith("prerequisite:") for r in rows(book[L.MISSING]))


def test_the_report_says_letters_were_drafted_not_sent(sample):
    out, _, _ = sample
    text = report_text(out / "report.docx")
    assert "Đã lập dự thảo 1 văn bản" in text and "Đã gửi" not in text


def test_top_10_speaks_only_of_the_proposed_products(sample):
    # with 2 proposed, the report said "10 sản phẩm dẫn đầu là Top 10"
    out, records, _ = sample
    assert sum(r.proposed for r in records.values()) == 2
    text = report_text(out / "report.docx")
    assert "10 sản phẩm dẫn đầu" not in text
    assert "Top 10 chỉ gồm sản phẩm được đề xuất, nên gồm cả 2 sản phẩm dưới đây:" in text


def test_firm_names_are_in_one_case(sample):
    # HN2026-004's form writes "Công ty Cổ phần …", the others "CÔNG TY …"
    out, records, book = sample
    name = records["HN2026-004"].enterprise.name.value
    assert name != name.upper()
    assert find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-004"})["Doanh nghiệp"].value == name.upper()
    ranking = Document(str(out / "report.docx")).tables[3]
    firms = [row.cells[2].text for row in ranking.rows[1:]]
    assert name.upper() in firms and all(f == f.upper() for f in firms)


def test_the_report_annex_lists_every_dossier_not_proposed_with_its_reasons(sample):
    out, records, _ = sample
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    left = summary["not_proposed"]
    assert [i["dossier_id"] for i in left] == [r for r, rec in records.items() if not rec.proposed] == ["HN2026-014"]
    assert left[0]["reasons"][0].startswith("Không đạt điều kiện «Doanh thu (hoặc kim ngạch xuất khẩu) sản phẩm")
    assert "78,6 tỷ đồng → không đạt" in left[0]["reasons"][0]
    document = Document(str(out / "report.docx"))
    assert "DANH SÁCH HỒ SƠ KHÔNG ĐƯỢC ĐỀ XUẤT" in report_text(out / "report.docx")
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Mã hồ sơ", "Sản phẩm, doanh nghiệp", "Kết quả", "Lý do"]
    assert [c.text for c in annex.rows[1].cells][:2] == ["1", "HN2026-014"]
    assert annex.rows[1].cells[3].text == "Không đủ điều kiện" and "78,6 tỷ đồng" in annex.rows[1].cells[4].text


def test_an_incomplete_or_under_the_mark_dossier_is_in_the_annex_with_why(sample, tmp_path):
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    under = records["HN2026-001"].model_copy(deep=True)
    under.proposed, under.score.total = False, 65
    summary = build_summary([under, records["HN2026-014"]], rubric, rnd)
    reasons = {i["dossier_id"]: i["reasons"] for i in summary["not_proposed"]}
    assert reasons["HN2026-001"] == ["Tổng điểm 65, chưa đạt ngưỡng đề xuất (> 70)."]
    write_report(summary, [under], rubric, rnd, tmp_path, dt.date(2026, 10, 2), load_secretariat())
    annex = Document(str(tmp_path / "report.docx")).tables[-1]
    assert [row.cells[1].text for row in annex.rows[1:]] == ["HN2026-001", "HN2026-014"]


def test_times_are_in_the_secretariats_zone_in_comment_and_audit(sample, tmp_path):
    # an entry saved on a machine that keeps UTC showed 03:05 in its comment; Hà Nội read 10:05
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    overrides = Overrides()
    at = dt.datetime(2026, 10, 2, 3, 5, tzinfo=dt.UTC)
    overrides.add("HN2026-001", PointsOverride(criterion="C1", points=10, reason="Có giấy chứng nhận bản gốc",
                                               reviewer="Lan", at=at, old=0))
    overrides.add("HN2026-001", ValueOverride(path="figures.employees", value=1210, reason="Theo bảng lương",
                                              reviewer="Lan", at=at))
    record = records["HN2026-001"].model_copy(deep=True)
    apply_value_overrides(record, overrides.for_dossier("HN2026-001"))
    for zone, shown in (("Asia/Ho_Chi_Minh", dt.datetime(2026, 10, 2, 10, 5)),
                        ("Europe/Paris", dt.datetime(2026, 10, 2, 5, 5))):
        target = tmp_path / zone.replace("/", "-")
        target.mkdir()
        write_worksheet([record], rubric, rnd, target, overrides, secretariat=Secretariat(time_zone=zone))
        book = load_workbook(target / "worksheet.xlsx")
        typed = find(book[L.SCORES], **{L.DOSSIER: "HN2026-001", L.CRITERION: "C1"})[L.POINTS_INPUT]
        assert f"lúc {shown:%d/%m/%Y %H:%M}" in typed.comment.text
        staff = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-001"})["Lao động"]
        assert staff.value == 1210 and f"Sửa bởi Lan lúc {shown:%d/%m/%Y %H:%M}: Theo bảng lương" in staff.comment.text
        audit = rows(book[L.AUDIT])
        assert [a["Thời điểm"] for a in audit] == [shown, shown] and zone in book[L.AUDIT]["A2"].value
    assert Secretariat().time_zone == "Asia/Ho_Chi_Minh" == load_secretariat().time_zone
    bad = tmp_path / "secretariat.yaml"
    bad.write_text('time_zone: "Asia/Hanoi"\n', encoding="utf-8")
    with pytest.raises(CriteriaError, match=r"time_zone: .*Asia/Hanoi"):
        load_secretariat(bad)
