"""Rules as data: every rule type and its edges, on records built directly (no documents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.certcheck import evaluate_certificates
from pipeline.decisions import check_prerequisites, decide_status, score_dossier
from pipeline.missing import find_missing_evidence
from pipeline.models import Certificate, DocumentEntry, DossierRecord, Evidence, Field, Finding
from pipeline.rubric import load_rubric

EV = [Evidence(file="phieu.pdf", page=1, text="…")]
ALL_KINDS = ["registration_form", "business_registration", "financial_statement", "tax_compliance",
             "environmental_compliance", "commitment", "export_evidence"]


def field(value, confidence=0.95):
    return Field(value=value, confidence=confidence, evidence=EV)


def make_record(*, product=None, enterprise=None, export=None, employees=500, kinds=ALL_KINDS,
                address="Số 1 phố Huế, phường Hai Bà Trưng, Thành phố Hà Nội", factory=None,
                group="co_khi_che_tao", high_tech=False) -> DossierRecord:
    record = DossierRecord(dossier_id="T", status="error", proposed=False)
    record.enterprise.name = field("Công ty Cổ phần Thử Nghiệm")
    record.enterprise.tax_code = Field(value="0100109106", confidence=0.97,
                                       evidence=[*EV, Evidence(file="business_registration.pdf", page=1, text="MST")])
    record.enterprise.address = field(address)
    record.enterprise.factory_address = field(factory) if factory else Field()
    record.product.name = field("Máy thử")
    record.product.industry_group = field(group)
    record.product.high_tech = field(high_tech)
    for year, value in (product or {"2023": 100e9, "2024": 110e9, "2025": 121e9}).items():
        record.figures.product_revenue_vnd[year] = field(int(value))
    for year, value in (enterprise or {"2023": 300e9, "2024": 330e9, "2025": 400e9}).items():
        record.figures.enterprise_revenue_vnd[year] = Field(value=int(value), confidence=0.95,
                                                            evidence=[Evidence(file="bctc.pdf", page=2, text="10")])
    for year, value in (export or {}).items():
        record.figures.export_usd[year] = Field(value=int(value), confidence=0.95,
                                                evidence=[Evidence(file="xk.xlsx", page=None, text="Tổng")])
    record.figures.employees = field(employees)
    record.documents = [
        DocumentEntry(file={"export_evidence": "xk.xlsx", "financial_statement": "bctc.pdf"}.get(k, f"{k}.pdf"),
                      kind=k, pages=1, ocr=False, sha256="0" * 64, error=None)
        for k in kinds
    ]
    return record


@pytest.fixture(scope="module")
def hanoi():
    rubric = load_rubric()
    return rubric, rubric.round(2026)


def points(record, rubric, rnd):
    return {c.id: c.points for c in score_dossier(record, rubric, rnd).criteria}


@pytest.mark.parametrize(
    ("revenue_2025", "a1"),
    [(1000e9, 20), (999_999_999_999, 16), (500e9, 16), (200e9, 12), (199.9e9, 8), (100e9, 8), (10e9, 4),
     (9.99e9, 0)],
)
def test_a1_band_edges(hanoi, revenue_2025, a1):
    rubric, rnd = hanoi
    record = make_record(product={"2023": 50e9, "2024": 60e9, "2025": revenue_2025})
    assert points(record, rubric, rnd)["A1"] == a1


@pytest.mark.parametrize(
    ("start", "end", "a2"),
    [(100, 144, 15), (100, 143.9, 11), (100, 121, 11), (100, 110.25, 7), (100, 100, 3), (100, 99, 0)],
)
def test_a2_compound_growth_edges(hanoi, start, end, a2):
    rubric, rnd = hanoi
    record = make_record(product={"2023": start * 1e9, "2024": 1e9, "2025": end * 1e9})
    assert points(record, rubric, rnd)["A2"] == a2


def test_missing_year_scores_zero_and_is_listed(hanoi):
    rubric, rnd = hanoi
    record = make_record(product={"2024": 110e9, "2025": 121e9}, enterprise={"2024": 300e9, "2025": 400e9})
    score = score_dossier(record, rubric, rnd)
    a2 = next(c for c in score.criteria if c.id == "A2")
    assert a2.points == 0 and "2023" in a2.basis
    record.prerequisites = check_prerequisites(record, rubric, rnd)
    items = find_missing_evidence(record, rubric, rnd, [], [])
    assert ("financial_statement:2023", "absent") in [(m.code, m.reason) for m in items]
    assert all(m.message for m in items)


def test_b2_uses_the_rounds_exchange_rate(hanoi):
    rubric, rnd = hanoi
    # 2.000.000 USD × 26.000 = 52 tỷ of 104 tỷ = exactly 50 % → 7 points
    record = make_record(product={"2023": 100e9, "2024": 100e9, "2025": 104e9}, export={"2025": 2_000_000})
    got = points(record, rubric, rnd)
    assert got["B2"] == 7 and got["B1"] == 4


def test_export_without_evidence_earns_nothing(hanoi):
    rubric, rnd = hanoi
    record = make_record(export={"2025": 30_000_000}, kinds=[k for k in ALL_KINDS if k != "export_evidence"])
    record.documents = [d for d in record.documents if d.kind != "export_evidence"]
    for item in record.figures.export_usd.values():
        item.evidence = [Evidence(file="phieu.pdf", page=1, text="Kim ngạch")]
    got = points(record, rubric, rnd)
    assert got["B1"] == 0 and got["B2"] == 0
    items = find_missing_evidence(record, rubric, rnd, [], [])
    assert ("export_evidence:2025", "absent") in [(m.code, m.reason) for m in items]


@pytest.mark.parametrize(
    ("expires", "valid"),
    [("2026-09-29", False), ("2026-09-30", True), ("2027-01-01", True)],
)
def test_certificate_valid_on_the_deadline(hanoi, expires, valid):
    rubric, rnd = hanoi
    record = make_record(kinds=[*ALL_KINDS, "quality_certificate"])
    record.certificates = [Certificate(standard="ISO 9001", number="Q1", holder="Công ty Cổ phần Thử Nghiệm",
                                       issued="2023-09-30", expires=expires, evidence=EV)]
    evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    assert record.certificates[0].valid is valid
    assert points(record, rubric, rnd)["D1"] == (8 if valid else 0)
    items = find_missing_evidence(record, rubric, rnd, ["ISO 9001"], [])
    assert (("quality_certificate:ISO 9001", "expired") in [(m.code, m.reason) for m in items]) is (not valid)


def test_certificate_of_another_firm_is_a_mismatch(hanoi):
    rubric, rnd = hanoi
    record = make_record()
    record.certificates = [Certificate(standard="ISO 14001", holder="Tổng Công ty Khác Hẳn - CTCP",
                                       issued="2024-01-01", expires="2027-01-01", evidence=EV)]
    findings = evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    assert record.certificates[0].valid is False
    items = find_missing_evidence(record, rubric, rnd, [], findings)
    assert [(m.code, m.reason) for m in items] == [("quality_certificate:ISO 14001", "mismatch")]


def test_transliterated_holder_is_the_firm(hanoi):
    _, rnd = hanoi
    record = make_record()
    record.certificates = [Certificate(standard="ISO 9001", holder="THU NGHIEM JOINT STOCK COMPANY",
                                       issued="2024-01-01", expires="2027-01-01", evidence=EV)]
    evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    assert record.certificates[0].holder_matches is True


def test_english_holder_without_registered_foreign_name_is_not_called_a_mismatch(hanoi):
    _, rnd = hanoi
    record = make_record()
    record.certificates = [Certificate(standard="ISO 9001", holder="TRIAL MACHINERY JOINT STOCK COMPANY",
                                       issued="2024-01-01", expires="2027-01-01", evidence=EV)]
    evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    assert record.certificates[0].holder_matches is None
    record.enterprise.name_en = field("TRIAL MACHINERY JOINT STOCK COMPANY")
    evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    assert record.certificates[0].holder_matches is True and record.certificates[0].valid is True


@pytest.mark.parametrize(
    ("address", "factory", "passed"),
    [
        ("Số 1 phố Huế, quận Hai Bà Trưng, TP. Hà Nội", None, True),
        ("Thôn Đông, xã Kim Chung, huyện Đông Anh, Ha Noi", None, True),
        ("phường Cầu Giấy, Thành phố Hà Nội", None, True),
        ("KCN Quế Võ, tỉnh Bắc Ninh", "Lô 5, KCN Phố Nối A, tỉnh Hưng Yên", False),
        ("KCN Quế Võ, tỉnh Bắc Ninh", "Cụm công nghiệp Ngọc Hồi, Thanh Trì, Hà Nội", True),
    ],
)
def test_in_hanoi_accepts_old_and_new_address_styles(hanoi, address, factory, passed):
    rubric, rnd = hanoi
    record = make_record(address=address, factory=factory)
    result = {p.id: p.passed for p in check_prerequisites(record, rubric, rnd)}
    assert result["in_hanoi"] is passed


@pytest.mark.parametrize(
    ("group", "high_tech", "revenue", "export", "passed"),
    [
        ("co_khi_che_tao", False, 100e9, 0, True),
        ("co_khi_che_tao", False, 99.99e9, 0, False),
        ("dien_dien_tu", True, 10e9, 0, True),
        ("dien_dien_tu", True, 9.9e9, 0, False),
        ("thu_cong_my_nghe", False, 5e9, 1_000_000, True),
        ("thu_cong_my_nghe", False, 500e9, 999_999, False),
    ],
)
def test_revenue_floor_cases(hanoi, group, high_tech, revenue, export, passed):
    rubric, rnd = hanoi
    record = make_record(group=group, high_tech=high_tech, product={"2023": 1e9, "2024": 1e9, "2025": revenue},
                         export={"2025": export})
    result = {p.id: p for p in check_prerequisites(record, rubric, rnd)}
    assert result["revenue_floor"].passed is passed, result["revenue_floor"].detail


def test_status_precedence(hanoi):
    rubric, rnd = hanoi
    record = make_record(address="KCN Quế Võ, tỉnh Bắc Ninh")
    record.prerequisites = check_prerequisites(record, rubric, rnd)
    record.score = score_dossier(record, rubric, rnd)
    assert decide_status(record, rubric) == ("ineligible", False)
    record.missing_evidence = find_missing_evidence(record, rubric, rnd, ["ISO 9001"], [])
    assert decide_status(record, rubric)[0] == "incomplete"
    record.documents = [d.model_copy(update={"error": "hỏng"}) for d in record.documents]
    assert decide_status(record, rubric)[0] == "error"


@pytest.mark.parametrize(("total", "proposed"), [(70, False), (70.5, True), (71, True)])
def test_pass_rule_is_over_seventy(hanoi, total, proposed):
    rubric, rnd = hanoi
    record = make_record()
    record.prerequisites = check_prerequisites(record, rubric, rnd)
    record.score = score_dossier(record, rubric, rnd)
    record.score.total = total
    assert decide_status(record, rubric) == ("complete", proposed)


def test_branch_tax_code_agrees_with_its_enterprise():
    from extractors.facts import Candidate, DocumentFacts
    from pipeline.assemble import Pool

    def facts(kind, code):
        return DocumentFacts(file=f"{kind}.pdf", kind=kind, kind_confidence=1.0, candidates=[
            Candidate(field="enterprise.tax_code", value=code, confidence=0.95, evidence=EV)])

    pool = Pool([facts("business_registration", "0100109106"), facts("registration_form", "0100109106-001")])
    chosen, findings = pool.choose("enterprise.tax_code")
    assert chosen.value == "0100109106" and not findings
    pool = Pool([facts("business_registration", "0100109106"), facts("registration_form", "0101227448")])
    chosen, findings = pool.choose("enterprise.tax_code")
    assert findings and findings[0].code == "disagreement:enterprise.tax_code" and chosen.confidence <= 0.6


def test_changing_a_band_in_the_rubric_file_changes_the_score(tmp_path, hanoi):
    _, rnd = hanoi
    source = load_rubric().source_path
    assert source
    text = Path(source).read_text(encoding="utf-8")
    edited = text.replace('- {min: 300, points: 4}', '- {min: 300, points: 5}')
    assert edited != text
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    (tmp_path / "high_tech_products.csv").write_text("id,name\n", encoding="utf-8")
    record = make_record(employees=500)
    assert points(record, load_rubric(), rnd)["E1"] == 4
    assert points(record, load_rubric(tmp_path / "edited.yaml"), rnd)["E1"] == 5


def test_product_revenue_above_enterprise_revenue_is_a_finding(hanoi):
    from pipeline.process import check_consistency

    _, rnd = hanoi
    record = make_record(product={"2025": 500e9}, enterprise={"2025": 400e9})
    findings = check_consistency(record, rnd)
    assert [f.code for f in findings] == ["product_revenue_exceeds_enterprise"]
    assert len(findings[0].evidence) == 2 and record.figures.product_revenue_vnd["2025"].confidence <= 0.6


def test_invalid_form_tax_code_becomes_a_mismatch(hanoi):
    rubric, rnd = hanoi
    record = make_record()
    finding = Finding(code="invalid_tax_code:registration_form", severity="warning",
                      message="Mã số thuế «0140477830» không hợp lệ")
    items = find_missing_evidence(record, rubric, rnd, [], [finding])
    assert [(m.code, m.reason) for m in items] == [("business_registration", "mismatch")]


def test_rural_rubric_manual_criteria_score_zero_until_entered():
    rural = load_rubric("national_rural_industry.yaml")
    record = make_record(product={"2023": 1e9, "2024": 2e9, "2025": 12e9})
    score = score_dossier(record, rural, rural.round(2026))
    manual = [c for c in score.criteria if c.manual]
    assert manual and all(c.points == 0 for c in manual)
    assert next(c for c in score.criteria if c.id == "N2.1").points == 15
    assert score.max == 100


def test_deadline_is_data(hanoi):
    _, rnd = hanoi
    assert rnd.deadline == dt.date(2026, 9, 30)


def test_product_revenue_a_thousand_times_too_small_is_doubted(hanoi):
    """A form's figures in triệu đồng read as đồng once gave 210.502.000 đồng at 0.95 for a product
    of a firm with 298 tỷ of revenue."""
    from pipeline.process import check_consistency

    _, rnd = hanoi
    record = make_record(product={"2023": 210_502_000, "2024": 236_804_000, "2025": 262_404_000},
                         enterprise={"2023": 298e9, "2024": 334e9, "2025": 371e9})
    findings = check_consistency(record, rnd)
    assert {f.code for f in findings} == {"product_revenue_unit_doubt"}
    assert all(item.confidence < 0.8 and "đơn vị" in (item.note or "")
               for item in record.figures.product_revenue_vnd.values())
    # a small but real share is not doubted
    record = make_record(product={"2025": 2e9}, enterprise={"2025": 300e9})
    assert check_consistency(record, rnd) == []
