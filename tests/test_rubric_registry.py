"""Rules are data: figure names come from one registry, industry groups from the rubric (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from extractors.errors import CriteriaError
from pipeline.decisions import band_words
from pipeline.figures import FIGURES
from pipeline.models import DossierRecord, Field
from pipeline.rubric import Band, load_rubric

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
