"""summary.json (the contract's keys and the project's additions) and the human report."""

from __future__ import annotations

import json

import pytest
from docx import Document

from pipeline.models import DossierRecord, Field
from pipeline.writers.summary import amount_words, ranking

from .test_review_helpers import base_round

STATUSES = ("complete", "incomplete", "ineligible", "error")


@pytest.fixture(scope="module")
def round_out(tmp_path_factory):
    from pipeline.writers.records import read_records

    _, out = base_round(tmp_path_factory)
    return out, read_records(out), json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("value", "unit", "words"), [
    (76.8e12, "đồng", "76,8 nghìn tỷ đồng"),
    (5.5e8, "USD", "550 triệu USD"),
    (3.6e9, "USD", "3,6 tỷ USD"),
    (11_558_373_450_000, "đồng", "11,6 nghìn tỷ đồng"),
    (158_911_800, "USD", "158,9 triệu USD"),
    (999_960_000_000, "đồng", "1 nghìn tỷ đồng"),
    (1.5e15, "đồng", "1.500 nghìn tỷ đồng"),
    (935_000, "USD", "935 nghìn USD"),
    (12, "đồng", "12 đồng"),
    (0, "USD", "0 USD"),
])
def test_amounts_in_words(value, unit, words):
    assert amount_words(value, unit) == words


def test_summary_has_the_contract_keys_with_values_from_the_records(round_out):
    _, records, summary = round_out
    assert summary["dossiers"]["total"] == len(records) == 4
    assert summary["dossiers"]["by_status"] == {s: sum(r.status == s for r in records) for s in STATUSES}
    assert set(summary["firms"]["by_status"]) == set(STATUSES) and summary["firms"]["total"] == 4
    proposed = [r for r in records if r.proposed]
    assert summary["proposed"] == {"products": len(proposed), "firms": len(proposed)} == {"products": 1, "firms": 1}
    revenue = summary["product_revenue_vnd"]
    assert revenue["year"] == 2025
    assert revenue["registered"] == sum(r.figures.product_revenue_vnd["2025"].value for r in records)
    assert revenue["proposed"] == proposed[0].figures.product_revenue_vnd["2025"].value
    assert revenue["registered_words"] == amount_words(revenue["registered"])
    export = summary["export_usd"]
    assert export["registered"] == sum(r.figures.export_usd["2025"].value for r in records
                                       if "2025" in r.figures.export_usd)
    assert export["proposed_words"].endswith("USD")
    assert summary["letters"] == 3
    assert [item["dossier_id"] for item in summary["ranking"]] == ["HN2026-001"]
    assert summary["ranking"][0]["top10"] and summary["ranking"][0]["rank"] == 1


def test_ranking_shares_ranks_on_ties_and_marks_the_top_ten():
    def proposed(dossier_id: str, total: float) -> DossierRecord:
        record = DossierRecord(dossier_id=dossier_id, status="complete", proposed=True)
        record.score.total = total
        record.enterprise.name = Field(value=f"Công ty {dossier_id}")
        return record

    totals = [90, 85, 85, 80, 79, 78, 77, 76, 75, 74, 74, 72]
    items = ranking([proposed(f"P{i:02d}", t) for i, t in enumerate(totals)], 10)
    assert [i["rank"] for i in items] == [1, 2, 2, 4, 5, 6, 7, 8, 9, 10, 10, 12]
    assert [i["tied"] for i in items][:4] == [False, True, True, False]
    assert sum(i["top10"] for i in items) == 11  # two products share the tenth place
    assert [i["position"] for i in items] == list(range(1, 13))


def test_report_gives_counts_totals_in_words_and_the_ranked_list(round_out):
    out, _, summary = round_out
    document = Document(str(out / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "năm 2026" in text
    assert f"đã tiếp nhận {summary['dossiers']['total']} hồ sơ" in text
    assert summary["product_revenue_vnd"]["registered_words"] in text
    assert summary["export_usd"]["registered_words"] in text
    assert summary["product_revenue_vnd"]["proposed_words"] in text
    assert "10 ngày" in text
    status_table, groups_table, ranked = document.tables[1], document.tables[2], document.tables[3]
    counts = {row.cells[0].text: row.cells[1].text for row in status_table.rows[1:]}
    assert counts["Tổng cộng"] == "4" and counts["Hồ sơ thiếu, phải bổ sung"] == "2"
    assert groups_table.rows[0].cells[0].text == "Nhóm ngành"
    assert [c.text for c in ranked.rows[0].cells] == ["Hạng", "Sản phẩm", "Doanh nghiệp", "Nhóm ngành", "Điểm",
                                                     "Top 10"]
    first = [c.text for c in ranked.rows[1].cells]
    item = summary["ranking"][0]
    assert first[:3] == ["1", item["product"], item["firm"]] and first[4] == "76" and first[5] == "Có"


def test_the_report_names_the_deciding_body_of_the_secretariat_file(round_out, tmp_path):
    """The report said "Ủy ban nhân dân Thành phố" whatever province's secretariat file was in use."""
    import datetime as dt

    from pipeline.round import load_round
    from pipeline.writers.report import write_report
    from pipeline.writers.secretariat import load_secretariat

    out, records, summary = round_out
    config = tmp_path / "secretariat.yaml"
    config.write_text('deciding_body: "Ủy ban nhân dân tỉnh Bắc Ninh"\n', encoding="utf-8")
    rubric, rnd = load_round(None, 2026)
    write_report(summary, records, rubric, rnd, tmp_path, dt.date(2026, 10, 2), load_secretariat(config))
    text = "\n".join(p.text for p in Document(str(tmp_path / "report.docx")).paragraphs)
    assert "trước khi trình Ủy ban nhân dân tỉnh Bắc Ninh quyết định công nhận sản phẩm năm 2026." in text
    default = "\n".join(p.text for p in Document(str(out / "report.docx")).paragraphs)
    assert "trình Ủy ban nhân dân Thành phố quyết định công nhận" in default
