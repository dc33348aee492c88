"""Rules are data (issue 12): figure names from one registry; industry groups, worksheet columns, the
Top N and the comment period from the rubric; every YAML data file validated on load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from extractors.datafile import load_data
from extractors.errors import CriteriaError
from extractors.fields.certificates import CertificatePatterns
from extractors.fields.labels import LabelPhrases
from pipeline.decisions import Messages, band_words
from pipeline.figures import FIGURES
from pipeline.missing import check_evidence
from pipeline.models import DossierRecord, Field
from pipeline.rubric import Band, load_rubric
from pipeline.writers.summary import ranking

from .conftest import ROOT

HANOI = ROOT / "criteria" / "hanoi_spcncl.yaml"


def rubric_copy(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The Hanoi rubric, changed by ``change(data)``, written beside its high-tech list."""
    data = yaml.safe_load(HANOI.read_text(encoding="utf-8"))
    change(data)
    shutil.copyfile(ROOT / "criteria" / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    target = tmp_path / "rubric.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_a_figure_outside_the_registry_is_refused_naming_the_known_ones(tmp_path):
    def rename(data):
        bands = next(c for c in data["criteria"] if c["rule"]["type"] == "bands")
        bands["rule"]["figure"] = "doanh_thu_bia"
    with pytest.raises(CriteriaError) as caught:
        load_rubric(rubric_copy(tmp_path, rename))
    message = caught.value.user_message()
    assert "doanh_thu_bia" in message and "product_revenue_latest" in message


def test_every_figure_of_both_rubrics_is_in_the_registry_with_its_unit():
    for path in sorted((ROOT / "criteria").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "criteria" not in data:
            continue
        for criterion in data["criteria"]:
            figure = criterion["rule"].get("figure")
            assert figure is None or figure in FIGURES, (path.name, figure)
    assert FIGURES["export_usd_latest"].unit == "USD"
    assert band_words(Band(points=4, min=500_000), "export_usd_latest") == "≥ 500.000 USD"


def test_a_rubric_may_define_its_own_industry_groups(tmp_path):
    def own_groups(data):
        data["industry_groups"].append({"code": "thiet_bi_y_te", "name": "Thiết bị y tế",
                                        "keywords": ["y tế", "máy thở"]})
    rubric = load_rubric(rubric_copy(tmp_path, own_groups))
    assert "thiet_bi_y_te" in {g.code for g in rubric.industry_groups}
    record = DossierRecord(dossier_id="X", status="complete", proposed=False)
    record.product.industry_group = Field(value="thiet_bi_y_te", confidence=0.9)  # a record carries it
    assert DossierRecord.model_validate_json(record.model_dump_json()).product.industry_group.value == "thiet_bi_y_te"


def test_worksheet_columns_and_publication_come_from_the_rubric(tmp_path):
    def renamed(data):
        data["prerequisites"][0]["column"] = "ĐK: địa bàn"
        data["pass_rule"].update(ranking_top=3, comment_days=15)
    rubric = load_rubric(rubric_copy(tmp_path, renamed))
    assert rubric.prerequisites[0].column_title == "ĐK: địa bàn"
    assert (rubric.pass_rule.ranking_top, rubric.pass_rule.comment_days) == (3, 15)
    records = []
    for index, total in enumerate((90, 85, 80, 75)):
        record = DossierRecord(dossier_id=f"HS{index}", status="complete", proposed=True)
        record.score.total = total
        records.append(record)
    assert [item["top10"] for item in ranking(records, rubric.pass_rule.ranking_top)] == [True, True, True, False]
    without = rubric_copy(tmp_path, lambda data: data["prerequisites"][0].pop("column"))
    assert load_rubric(without).prerequisites[0].column_title == f"ĐK: {rubric.prerequisites[0].id}"


@pytest.mark.parametrize(("path", "load"), [
    ("criteria/messages_vi.yaml", lambda p: load_data(p, Messages)),
    ("extractors/patterns/certificates.yaml", lambda p: load_data(p, CertificatePatterns)),
])
def test_an_unknown_key_in_a_data_file_is_refused_with_the_file_named(tmp_path, path, load):
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    data["bi_danh_sai"] = ["x"]
    target = tmp_path / Path(path).name
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CriteriaError, match=rf"{Path(path).name}: bi_danh_sai"):
        load(target)
    assert load(ROOT / path)  # the file as shipped loads


def test_a_label_file_with_a_wrong_shape_is_refused(tmp_path):
    target = tmp_path / "labels.yaml"
    target.write_text("enterprise.name: ten doanh nghiep\n", encoding="utf-8")
    with pytest.raises(CriteriaError, match=r"labels\.yaml: enterprise\.name"):
        load_data(target, LabelPhrases)


def test_years_of_statements_and_export_evidence_come_from_the_rubric(tmp_path):
    def fewer(data):
        statements = next(d for d in data["required_documents"] if d["kind"] == "financial_statement")
        statements["years"] = 2
        data["export_evidence_years"] = 2
    rubric = load_rubric(rubric_copy(tmp_path, fewer))
    rnd = rubric.round(2026)
    statements = next(d for d in rubric.required_documents if d.kind == "financial_statement")
    assert statements.required_years(rnd) == [2024, 2025]
    record = DossierRecord(dossier_id="X", status="complete", proposed=False)
    record.figures.export_usd["2024"] = Field(value=100_000, confidence=0.9)
    codes = {m.code for m in check_evidence(record, rubric, rnd, [], []).items}
    assert {"financial_statement:2024", "financial_statement:2025", "export_evidence:2024"} <= codes
    assert "financial_statement:2023" not in codes
    shipped = load_rubric(HANOI)
    assert "export_evidence:2024" not in {m.code for m in check_evidence(record, shipped, rnd, [], []).items}
