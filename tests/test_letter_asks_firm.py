"""A letter asks the firm only for what the firm must do; our own misses on legible documents are
the reviewer's questions and never make a dossier incomplete."""

from __future__ import annotations

import pytest

from extractors.facts import Candidate, DocumentFacts
from pipeline.assemble import Pool
from pipeline.certcheck import evaluate_certificates
from pipeline.decisions import check_prerequisites, decide_status, score_dossier
from pipeline.missing import check_evidence, readings_from
from pipeline.models import Certificate, DocumentEntry, Evidence, Finding
from pipeline.rubric import load_rubric

from .test_decisions import ALL_KINDS, make_record


@pytest.fixture(scope="module")
def hanoi():
    rubric = load_rubric()
    return rubric, rubric.round(2026)


def decide(record, rubric, rnd, claims=(), findings=(), pool=None):
    record.prerequisites = check_prerequisites(record, rubric, rnd, list(findings))
    record.score = score_dossier(record, rubric, rnd)
    readings = readings_from(pool, record) if pool is not None else None
    check = check_evidence(record, rubric, rnd, list(claims), list(findings), readings)
    record.missing_evidence = check.items
    record.findings = check.questions
    record.status, record.proposed = decide_status(record, rubric)
    return check


def pairs(check):
    return [(m.code, m.reason) for m in check.items]


def test_legible_certificate_whose_expiry_was_not_read_is_a_question_not_a_letter_item(hanoi):
    """Foreign batches: a legible ISO certificate with an unusual date style became "không đọc
    được … đề nghị gửi lại bản rõ" in the firm's letter."""
    rubric, rnd = hanoi
    record = make_record(kinds=[*ALL_KINDS, "quality_certificate"])
    record.documents.append(DocumentEntry(file="iso.pdf", kind="quality_certificate", pages=1, ocr=False,
                                          sha256="0" * 64, error=None))
    record.certificates = [Certificate(standard="ISO 9001", number="VN012880", holder="Công ty Cổ phần Thử Nghiệm",
                                       evidence=[Evidence(file="iso.pdf", page=1, text="Certificate No.: VN012880")])]
    evaluate_certificates(record.certificates, rnd.deadline, record.enterprise)
    check = decide(record, rubric, rnd, claims=["ISO 9001"])
    assert pairs(check) == []
    assert [q.code for q in check.questions] == ["review:quality_certificate:ISO 9001"]
    assert check.questions[0].evidence[0].file == "iso.pdf"
    assert record.status == "complete"


def test_statement_whose_period_was_read_but_not_its_revenue_is_a_question(hanoi):
    rubric, rnd = hanoi
    record = make_record(enterprise={"2024": 300e9, "2025": 400e9})
    record.documents.append(DocumentEntry(file="bctc_2023.pdf", kind="financial_statement", pages=3, ocr=True,
                                          sha256="0" * 64, error=None, text_quality=0.9))
    facts = DocumentFacts(file="bctc_2023.pdf", kind="financial_statement", kind_confidence=1.0, candidates=[
        Candidate(field="document.period_years", value=[2023, 2022], confidence=0.9,
                  evidence=[Evidence(file="bctc_2023.pdf", page=1, text="năm 2023")])])
    check = decide(record, rubric, rnd, pool=Pool([facts]))
    assert ("financial_statement:2023", "absent") not in pairs(check)
    assert "review:financial_statement:2023" in [q.code for q in check.questions]
    assert record.status == "complete"


def test_statement_year_nobody_sent_is_still_asked(hanoi):
    rubric, rnd = hanoi
    record = make_record(enterprise={"2024": 300e9, "2025": 400e9})
    check = decide(record, rubric, rnd, pool=Pool([]))
    assert ("financial_statement:2023", "absent") in pairs(check)
    assert record.status == "incomplete"


def test_encrypted_tax_confirmation_is_one_item_naming_its_file(hanoi):
    """The letter once said both "không đọc được tệp XN_thue.pdf" and "chưa có văn bản xác nhận
    thuế" for the one encrypted file."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "tax_compliance"])
    record.documents.append(DocumentEntry(file="XN_nghia_vu_thue_2026.pdf", kind=None, pages=None, ocr=False,
                                          sha256="0" * 64, error="Tệp PDF được đặt mật khẩu mở, không đọc được",
                                          error_code="encrypted_file"))
    check = decide(record, rubric, rnd)
    assert pairs(check) == [("tax_compliance", "unreadable")]
    assert "XN_nghia_vu_thue_2026.pdf" in check.items[0].message
    assert record.status == "incomplete"
    legal = next(p for p in record.prerequisites if p.id == "legal_registration")
    assert legal.passed is True  # the tax confirmation is required evidence, not this prerequisite


def test_unreadable_file_of_no_known_kind_is_still_asked_by_name(hanoi):
    rubric, rnd = hanoi
    record = make_record()
    record.documents.append(DocumentEntry(file="scan_0007.pdf", kind=None, pages=None, ocr=False,
                                          sha256="0" * 64, error="Tệp PDF bị hỏng (corrupt)",
                                          error_code="corrupt_file"))
    check = decide(record, rubric, rnd)
    assert pairs(check) == [("other:scan_0007.pdf", "unreadable")]


def test_faint_scan_of_a_required_document_is_asked_again(hanoi):
    """A scan below the stated text-quality measure is the firm's to replace."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "commitment"])
    record.documents.append(DocumentEntry(file="Cam ket.pdf", kind="other", pages=1, ocr=True, sha256="0" * 64,
                                          error=None, text_quality=0.31))
    check = decide(record, rubric, rnd)
    assert pairs(check) == [("commitment", "unreadable")]
    assert "31 %" in check.items[0].message or "31%" in check.items[0].message


def test_undecided_prerequisite_is_a_question_and_never_makes_the_dossier_incomplete(hanoi):
    """An address we failed to read once sent the firm "không đọc được địa chỉ" and made the
    dossier incomplete."""
    rubric, rnd = hanoi
    record = make_record(address=None)
    record.enterprise.address.value = None
    check = decide(record, rubric, rnd)
    assert pairs(check) == []
    assert "review:prerequisite:in_hanoi" in [q.code for q in check.questions]
    assert record.status == "complete" and record.proposed is False


def test_export_evidence_whose_years_were_not_read_is_a_question(hanoi):
    rubric, rnd = hanoi
    record = make_record(export={"2025": 3_000_000})
    for item in record.figures.export_usd.values():
        item.evidence = [Evidence(file="phieu.pdf", page=1, text="Kim ngạch")]
    check = decide(record, rubric, rnd, pool=Pool([]))
    assert pairs(check) == []
    assert "review:export_evidence:2025" in [q.code for q in check.questions]


def test_tax_codes_that_disagree_leave_registration_undecided_and_ask_the_firm(hanoi):
    rubric, rnd = hanoi
    record = make_record()
    finding = Finding(code="disagreement:enterprise.tax_code", severity="warning",
                      message="enterprise.tax_code: «0100109106» (business_registration) khác «0101234560» "
                              "(registration_form).")
    check = decide(record, rubric, rnd, findings=[finding])
    legal = next(p for p in record.prerequisites if p.id == "legal_registration")
    assert legal.passed is None
    assert ("business_registration", "mismatch") in pairs(check)
    assert record.status == "incomplete"


def test_legible_statement_whose_revenue_line_was_missed_is_a_question(hanoi):
    """A statement we could read the title and period of, but not its line 10, once made the
    letter say "Hồ sơ chưa có Báo cáo tài chính năm 2023" to a firm that had sent it."""
    from extractors.extract import extract_facts
    from tests.statement_docs import text_document

    page = ("CÔNG TY CỔ PHẦN THỬ NGHIỆM\nBÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH\n"
            "Cho năm tài chính kết thúc ngày 31 tháng 12 năm 2023\nĐơn vị tính: đồng\n"
            "CHỈ TIÊU\tMã số\tNăm nay\tNăm trước\n1. Doanh thu bán hàng và cung cấp dịch vụ\t01\t▒▒▒▒\t▒▒▒▒\n")
    facts = extract_facts(text_document(page, file="bctc_2023.pdf"))
    assert [c.value for f in facts for c in f.candidates if c.field == "document.period_years"] == [[2023, 2022]]
    rubric, rnd = hanoi
    record = make_record(enterprise={"2024": 300e9, "2025": 400e9})
    record.documents.append(DocumentEntry(file="bctc_2023.pdf", kind="financial_statement", pages=1, ocr=False,
                                          sha256="0" * 64, error=None))
    check = decide(record, rubric, rnd, pool=Pool(facts))
    assert ("financial_statement:2023", "absent") not in pairs(check)
    assert "review:financial_statement:2023" in [q.code for q in check.questions]


def test_high_tech_claimed_without_its_certificate_is_asked_for(hanoi):
    rubric, rnd = hanoi
    record = make_record()
    check = decide(record, rubric, rnd, claims=["high_tech_certificate"])
    assert pairs(check) == [("high_tech_certificate", "absent")]
    record = make_record(kinds=[*ALL_KINDS, "high_tech_certificate"])
    assert pairs(decide(record, rubric, rnd, claims=["high_tech_certificate"])) == []


def test_claims_of_the_form_include_high_tech_and_ip_titles():
    from pipeline.process import claimed_certificates

    def candidate(field, value):
        return Candidate(field=field, value=value, confidence=0.9, evidence=[Evidence(file="phieu.docx", text="")])

    facts = DocumentFacts(file="phieu.docx", kind="registration_form", kind_confidence=1.0, candidates=[
        candidate("claims.certificates", ["ISO 9001"]), candidate("claims.high_tech", True),
        candidate("claims.ip_certificates", 2)])
    assert claimed_certificates(Pool([facts])) == ["ISO 9001", "high_tech_certificate", "ip_certificate"]
