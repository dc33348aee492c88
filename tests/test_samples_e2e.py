"""The whole pipeline on the committed sample dossiers, compared with their ground truth.

Values are read from the generated files by the pipeline (never from the generator), and
every record is validated against the contract's JSON schema.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from pipeline.evaluate import compare, evaluate
from pipeline.models import DossierRecord

from .conftest import SAMPLES

TRUTH = SAMPLES / "truth"
DOSSIER_IDS = sorted(p.stem for p in TRUTH.glob("*.json"))


def test_every_sample_dossier_has_a_record(sample_run):
    out, records = sample_run
    assert sorted(r.dossier_id for r in records) == DOSSIER_IDS
    assert sorted(p.stem for p in (out / "dossiers").glob("*.json")) == DOSSIER_IDS


def test_records_validate_against_the_contract_schema(sample_run, contract_schema):
    out, _ = sample_run
    validator = jsonschema.Draft202012Validator(contract_schema)
    for path in sorted((out / "dossiers").glob("*.json")):
        errors = sorted(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))), key=str)
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"


def test_every_value_has_evidence_on_a_real_file_and_page(sample_run):
    _, records = sample_run
    for record in records:
        files = {d.file for d in record.documents}
        data = record.model_dump()
        for section in ("enterprise", "product"):
            for name, field in data[section].items():
                if field["value"] is not None:
                    assert field["evidence"], f"{record.dossier_id} {section}.{name} has no evidence"
                    for item in field["evidence"]:
                        assert item["file"] in files or item["file"].startswith("criteria/")
        for name in ("product_revenue_vnd", "enterprise_revenue_vnd", "export_usd"):
            for year, field in data["figures"][name].items():
                assert field["evidence"], f"{record.dossier_id} {name}.{year}"
                assert all(e["file"] in files for e in field["evidence"])
                pdf_evidence = [e for e in field["evidence"] if e["file"].lower().endswith(".pdf")]
                assert all(e["page"] and e["page"] >= 1 for e in pdf_evidence)


@pytest.mark.parametrize("dossier_id", DOSSIER_IDS)
def test_decisions_match_the_truth(sample_run, dossier_id):
    """Status, proposed flag, total and missing evidence, per dossier (issue 5's acceptance)."""
    _, records = sample_run
    record = next(r for r in records if r.dossier_id == dossier_id)
    truth = json.loads((TRUTH / f"{dossier_id}.json").read_text(encoding="utf-8"))
    assert record.status == truth["status"]
    assert record.proposed == truth["proposed"]
    if truth["status"] != "error":
        assert record.score.total == truth["total"]
        expected = sorted((m["code"], m["reason"]) for m in truth["missing_evidence"])
        assert sorted((m.code, m.reason) for m in record.missing_evidence) == expected


def test_field_accuracy_and_no_confident_mistakes(sample_run):
    """Issue 4's bar: ≥ 0.98 born-digital, ≥ 0.95 scanned, no wrong value above the threshold."""
    from extractors.settings import Settings

    _, records = sample_run
    report, variants = evaluate(records, TRUTH, Settings().review_threshold)
    fields = [c for c in report.checks if c.family != "decisions"]
    born = [c for c in fields if variants[c.dossier] == "born_digital"]
    scanned = [c for c in fields if variants[c.dossier] != "born_digital"]
    born_accuracy = sum(c.ok for c in born) / len(born)
    scanned_accuracy = sum(c.ok for c in scanned) / len(scanned)
    wrong = [(c.dossier, c.name, c.expected, c.actual) for c in report.wrong_but_confident]
    assert born_accuracy >= 0.98, [(c.dossier, c.name) for c in born if not c.ok]
    assert scanned_accuracy >= 0.95, [(c.dossier, c.name) for c in scanned if not c.ok]
    assert not wrong


def test_unreadable_files_are_listed_with_their_error(sample_run):
    _, records = sample_run
    broken = [(r.dossier_id, d.file, d.error) for r in records for d in r.documents if d.error]
    truth_broken = []
    for dossier_id in DOSSIER_IDS:
        truth = json.loads((TRUTH / f"{dossier_id}.json").read_text(encoding="utf-8"))
        truth_broken += [(dossier_id, d["file"]) for d in truth["documents"] if not d["readable"]]
    assert sorted((d, f) for d, f, _ in broken) == sorted(truth_broken)
    assert all(error for _, _, error in broken)


def test_undecided_prerequisite_question_names_it_not_its_id_nor_doubles_the_full_stop(sample_run):
    """The reviewer read «legal_registration» and "… phiếu đăng ký).. Cần thẩm định."."""
    _, records = sample_run
    questions = {f.code: f.message for r in records if r.dossier_id == "HN2026-011" for f in r.findings}
    message = questions["review:prerequisite:legal_registration"]
    assert message.startswith("Chưa kết luận được điều kiện tiên quyết "
                              "«Có giấy chứng nhận đăng ký doanh nghiệp hợp lệ»: "
                              "Mã số thuế trên các tài liệu không khớp nhau")
    assert message.endswith("). Cần thẩm định.") and ".." not in message


def test_compare_flags_a_wrong_value():
    record = DossierRecord(dossier_id="X", status="complete", proposed=False)
    record.enterprise.tax_code.value = "0101234567"
    record.enterprise.tax_code.confidence = 0.95
    checks = compare(record, {"enterprise": {"tax_code": "0100109106"}, "status": "complete", "proposed": False})
    wrong = [c for c in checks if c.name == "enterprise.tax_code"]
    assert wrong and not wrong[0].ok


def test_no_sentence_a_person_reads_writes_a_number_or_date_the_english_way(sample_run):
    """The scoring basis wrote "6,100,000 USD × 26,000 đ/USD ÷ 1,072,9 tỷ đồng" (26,000 read the
    Vietnamese way is twenty-six) and "2380 lao động": every basis, finding and letter of the sample
    round is checked for grouping commas, decimal points in amounts and ISO dates."""
    import docx

    out, records = sample_run
    sentences = [c.basis for r in records for c in r.score.criteria]
    sentences += [f.message for r in records for f in r.findings]
    for letter in sorted((out / "letters").glob("*.docx")):
        sentences += [p.text for p in docx.Document(str(letter)).paragraphs]
    english = re.compile(r"\d,\d{3}(?:\D|$)|\d\.\d{1,2} ?(?:tỷ|triệu|%|USD|đồng|điểm)|\b\d{4}-\d{2}-\d{2}\b"
                         r"|\b\d{4,} lao động")
    assert len(sentences) > 250
    assert [s for s in sentences if english.search(s)] == []
    assert any("26.000 đ/USD" in s for s in sentences)
