"""Doubt travels up to the decision (issue 13, item 3): a proposal that rests on a doubtful value
shows that doubt on the criterion, the total and the proposal, with the reason.

HN2026-004 is the issue's case, read here from its real scans and phone photo: 71 points and
proposed, but its ISO 9001 certificate (8 points) was read at 0.60 without its holder, and the
2025 revenue behind A3 fails the statement's arithmetic — a 71 that may be a 63.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from pipeline.figures import FIGURES, compute_figure
from pipeline.models import Finding
from pipeline.overrides import Overrides, PointsOverride, ValueOverride, apply_value_overrides
from pipeline.round import load_round
from pipeline.writers import worksheet_layout as L
from pipeline.writers.doubt import dossier_doubts, field_at
from pipeline.writers.records import read_records
from pipeline.writers.worksheet import write_worksheet
from pipeline.writers.worksheet_style import AMBER, ENTERED

from .test_review_helpers import base_round, find

IDS = ("HN2026-001", "HN2026-004", "HN2026-014")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    _, out = base_round(tmp_path_factory, ids=IDS)
    records = {r.dossier_id: r for r in read_records(out)}
    return out, records, load_workbook(out / "worksheet.xlsx")


def fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type else ""


def amber(cell) -> bool:
    return fill(cell) == AMBER.fgColor.rgb[-6:]


def test_a_71_that_may_be_a_63_is_amber_on_its_criteria_total_and_proposal(sample):
    _, records, book = sample
    record = records["HN2026-004"]
    points = {c.id: c.points for c in record.score.criteria}
    assert record.proposed and record.score.total == 71 and points["D1"] == 8 and points["A3"] == 7
    certificate = next(c for c in record.certificates if c.standard == "ISO 9001")
    assert certificate.confidence < 0.8 and certificate.holder_matches is None

    row = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-004"})
    assert amber(row["D1"]) and "ISO 9001" in row["D1"].comment.text and "chủ chứng nhận" in row["D1"].comment.text
    assert amber(row["A3"]) and "Doanh thu thuần doanh nghiệp năm 2025" in row["A3"].comment.text
    assert not amber(row["A1"]) and row["A1"].comment is None
    total = row["Tổng điểm"]
    assert amber(total) and "Tổng điểm có thể từ 56 đến 74 điểm." in total.comment.text
    assert total.font.b  # as bold as every other total (an amber total lost its bold)
    assert "D1 (8/8 điểm)" in total.comment.text and "A3 (7/10 điểm)" in total.comment.text
    proposal = row["Đề xuất"]
    assert amber(proposal) and "có thể từ 56 đến 74 điểm (ngưỡng đề xuất > 70)" in proposal.comment.text

    scores = book[L.SCORES]
    for criterion, doubtful in (("D1", True), ("A3", True), ("A1", False), ("E1", False)):
        line = find(scores, **{L.DOSSIER: "HN2026-004", L.CRITERION: criterion})
        assert amber(line[L.MACHINE_POINTS]) is doubtful, criterion
        assert amber(line["Tổng điểm hồ sơ"])
    assert "60%" in find(scores, **{L.DOSSIER: "HN2026-004", L.CRITERION: "D1"})[L.MACHINE_POINTS].comment.text

    index = record.certificates.index(certificate)
    evidence = find(book[L.EVIDENCE], **{L.DOSSIER: "HN2026-004", L.FIELD_PATH: f"certificates.{index}"})
    assert amber(evidence[L.VALUE]) and "Độ tin cậy thấp (60%)" in evidence[L.VALUE].comment.text
    assert amber(evidence["Độ tin cậy"])


def test_a_sure_dossier_has_no_doubt_anywhere(sample):
    _, records, book = sample
    assert not dossier_doubts(records["HN2026-001"], *load_round(None, 2026), 0.8).total
    row = find(book[L.OVERVIEW], **{L.DOSSIER: "HN2026-001"})
    assert not any(amber(row[title]) for title in ("Tổng điểm", "Đề xuất", "A1", "A3", "D1"))


def test_doubt_that_cannot_change_the_proposal_leaves_it_plain(sample, tmp_path):
    # HN2026-001 (76 points): its A3 (4 points) resting on a doubtful revenue makes the total doubtful,
    # but 72 to 82 points is proposed either way
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    record = records["HN2026-001"].model_copy(deep=True)
    revenue = record.figures.enterprise_revenue_vnd["2025"]
    revenue.confidence, revenue.note = 0.5, "Số bị che một phần bởi dấu đỏ."
    found = dossier_doubts(record, rubric, rnd, 0.8)
    assert list(found.criteria) == ["A3"] and (found.low, found.high) == (72, 82) and not found.proposal
    write_worksheet([record], rubric, rnd, tmp_path)
    row = find(load_workbook(tmp_path / "worksheet.xlsx")[L.OVERVIEW], **{L.DOSSIER: "HN2026-001"})
    assert amber(row["A3"]) and "che một phần bởi dấu đỏ" in row["A3"].comment.text
    assert amber(row["Tổng điểm"]) and not amber(row["Đề xuất"]) and row["Đề xuất"].comment is None


def test_a_failed_cross_check_behind_a_criterion_is_its_reason(sample):
    # a sure-looking product revenue that the statement contradicts: A1, A2 and B2 all rest on it
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    record = records["HN2026-001"].model_copy(deep=True)
    message = "Doanh thu sản phẩm năm 2025 lớn hơn doanh thu thuần của doanh nghiệp; cần kiểm tra."
    record.findings.append(Finding(code="product_revenue_exceeds_enterprise", severity="warning", message=message))
    found = dossier_doubts(record, rubric, rnd, 0.8)
    assert set(found.criteria) == {"A1", "A2", "B2"}
    assert all(message in " ".join(reasons) for reasons in found.criteria.values())


def test_a_reviewers_entries_settle_the_doubt(sample, tmp_path):
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    record = records["HN2026-004"].model_copy(deep=True)
    at = dt.datetime(2026, 10, 2, 3, 5, tzinfo=dt.UTC)
    overrides = Overrides()
    overrides.add("HN2026-004", PointsOverride(criterion="D1", points=8, reason="Đã xem bản gốc", reviewer="An", at=at,
                                               old=8))
    overrides.add("HN2026-004", ValueOverride(path="figures.enterprise_revenue_vnd.2025", value=2_318_745_903_211,
                                              reason="Đối chiếu báo cáo kiểm toán", reviewer="An", at=at))
    apply_value_overrides(record, overrides.for_dossier("HN2026-004"))
    write_worksheet([record], rubric, rnd, tmp_path, overrides)
    row = find(load_workbook(tmp_path / "worksheet.xlsx")[L.OVERVIEW], **{L.DOSSIER: "HN2026-004"})
    assert fill(row["D1"]) == ENTERED.fgColor.rgb[-6:]
    assert not amber(row["A3"]) and not amber(row["Tổng điểm"]) and not amber(row["Đề xuất"])


def test_a_prerequisite_resting_on_a_doubtful_value_is_amber(sample, tmp_path):
    # HN2026-014 fails the revenue floor on 78,6 billion; read doubtfully, that failure is not sure
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    record = records["HN2026-014"].model_copy(deep=True)
    record.figures.product_revenue_vnd["2025"].confidence = 0.55
    write_worksheet([record], rubric, rnd, tmp_path)
    row = find(load_workbook(tmp_path / "worksheet.xlsx")[L.OVERVIEW], **{L.DOSSIER: "HN2026-014"})
    floor = row["ĐK: mức sàn"]
    assert floor.value == "Không đạt" and amber(floor)
    assert "Doanh thu sản phẩm năm 2025 (đồng): Độ tin cậy thấp (55%)." in floor.comment.text
    assert not amber(row["Đề xuất"])  # 39 points: not proposed even if the floor were met


def test_every_figure_names_the_values_it_rests_on(sample):
    # the scorer's figures and this map must agree, or a doubtful input would never reach its criterion
    _, records, _ = sample
    rubric, rnd = load_round(None, 2026)
    checked = 0
    for record in records.values():
        for name in FIGURES:
            fields = [field_at(record, path) for path in FIGURES[name].inputs(rnd)]
            if not all(f is not None and f.value is not None for f in fields):
                continue
            figure = compute_figure(name, record, rubric, rnd)
            assert figure.evidence == [e for f in fields for e in f.evidence], (record.dossier_id, name)
            assert figure.confidence == min(f.confidence for f in fields), (record.dossier_id, name)
            checked += 1
    assert checked >= 20
