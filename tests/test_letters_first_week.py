"""What a secretariat would hit in its first week, in the letters (issue 13, items 1 and 6): our own
failures never become the firm's, and a letter says the right thing once, to "Quý Công ty", with
the document that holds the error named and no empty signer or address left unnoticed."""

from __future__ import annotations

import datetime as dt
import logging
import shutil

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from extractors.facts import Candidate, DocumentFacts
from extractors.settings import Settings
from pipeline.assemble import Pool
from pipeline.decisions import addressee
from pipeline.isolation import read_isolated, shutdown
from pipeline.models import DocumentEntry, Evidence, Finding
from pipeline.rubric import load_rubric
from pipeline.run import read_in_process, run_pass
from pipeline.writers.letter_items import letter_items
from pipeline.writers.letters import write_letters
from pipeline.writers.records import read_records
from pipeline.writers.secretariat import PLACEHOLDERS, load_secretariat

from .conftest import SAMPLES
from .test_decisions import ALL_KINDS, make_record
from .test_letter_asks_firm import decide, pairs
from .test_letters import numbered, paragraphs

OUTSIDE_HANOI = "HN2026-013"  # ineligible: head office in Bắc Ninh, factory in Hưng Yên; nothing missing
TAX_CODE_ON_FORM = "HN2026-011"  # the form's tax code has two digits swapped


@pytest.fixture(scope="module")
def hanoi():
    rubric = load_rubric()
    return rubric, rubric.round(2026)


def run_with_failures(tmp_path, dossier_id: str, gone: set[str], replace: dict[str, bytes] | None = None,
                      slow: frozenset[str] = frozenset()):
    """A pass over one sample dossier (read in this process) in which the files ``gone`` vanish from
    the share after the pass found them — a failure on our side, as a permission error or a dropped
    network share is —, the files ``slow`` are read in a reader process given too little time (a
    timeout), and ``replace`` swaps files for the firm's own broken ones."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "inbox" / dossier_id, inbox / dossier_id)
    for name, data in (replace or {}).items():
        for old in [p for p in (inbox / dossier_id).rglob("*") if p.stem.lower().replace(" ", "") == "camket"]:
            old.unlink()
        (inbox / dossier_id / name).write_bytes(data)

    def reader(file, cache_dir, sha, settings):  # type: ignore[no-untyped-def]
        if file.relpath in gone:
            file.path.unlink()
        if file.relpath in slow:
            return read_isolated(file, cache_dir, sha, settings, timeout=0.05)
        return read_in_process(file, cache_dir, sha, settings)

    rubric = load_rubric()
    out = tmp_path / "out"
    try:
        run_pass(inbox, out, rubric, rubric.round(2026), Settings.from_env(), reader=reader, use_cache=False)
    finally:
        if slow:
            shutdown()
    (record,) = read_records(out)
    return record, out


# 1. Our failures never become the firm's

def test_files_we_failed_to_read_are_not_asked_of_the_firm_and_do_not_hide_that_it_is_outside_hanoi(tmp_path):
    """The letter asked for "Báo cáo tài chính năm 2023/2024/2025" and "cam kết" when the statements
    and the commitment could not be read on our side, and the status flipped from ineligible to
    incomplete, hiding that the firm is outside Hà Nội."""
    gone = {"BCTC/BCTC 2024.xlsx", "BCTC/BCTC 2025.xlsx", "cam ket.docx"}
    record, out = run_with_failures(tmp_path, OUTSIDE_HANOI, gone)
    assert {d.file: d.error_code for d in record.documents if d.error} == dict.fromkeys(gone, "io_error")
    assert record.status == "ineligible" and record.proposed is False
    assert record.missing_evidence == []
    prerequisites = {p.id: p.passed for p in record.prerequisites}
    assert prerequisites["in_hanoi"] is False  # decided from what was read: still said
    assert prerequisites["compliance_commitment"] is None  # the commitment may be in the unread file
    questions = {f.code for f in record.findings if f.code.startswith("review:")}
    assert {"review:financial_statement:2024", "review:financial_statement:2025", "review:commitment",
            "review:prerequisite:compliance_commitment"} <= questions
    assert sum(f.code == "system_error:io_error" for f in record.findings) == 3
    items = numbered(out / "letters" / f"{OUTSIDE_HANOI}.docx")
    assert len(items) == 1 and "Trụ sở chính hoặc cơ sở sản xuất đặt tại thành phố Hà Nội" in items[0]
    assert "Bắc Ninh" in items[0]
    letter = "\n".join(paragraphs(out / "letters" / f"{OUTSIDE_HANOI}.docx"))
    assert "Báo cáo tài chính" not in letter and "cam kết" not in letter.lower()


def test_a_scan_that_timed_out_is_not_asked_of_the_firm(tmp_path):
    """A registration certificate whose OCR ran out of time was asked of the firm as absent."""
    record, out = run_with_failures(tmp_path, OUTSIDE_HANOI, set(), slow=frozenset({"scan_GCN.pdf"}))
    assert {d.file: d.error_code for d in record.documents if d.error} == {"scan_GCN.pdf": "timeout"}
    assert record.missing_evidence == [] and record.status == "ineligible"
    assert next(p for p in record.prerequisites if p.id == "legal_registration").passed is None
    assert "review:business_registration" in {f.code for f in record.findings}
    letter = "\n".join(paragraphs(out / "letters" / f"{OUTSIDE_HANOI}.docx"))
    assert "Giấy chứng nhận đăng ký doanh nghiệp" not in letter and "scan_GCN" not in letter


def test_an_unnamed_file_that_timed_out_leaves_every_absent_document_undecided(hanoi):
    """A scan called "Scan_0003.pdf" that timed out may be any document: none is asked for."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k not in ("commitment", "tax_compliance")])
    record.documents.append(DocumentEntry(file="Scan_0003.pdf", kind=None, pages=None, ocr=False, sha256="0" * 64,
                                          error="Đọc tệp quá thời gian cho phép", error_code="timeout"))
    check = decide(record, rubric, rnd)
    assert pairs(check) == []
    assert {"review:commitment", "review:tax_compliance"} <= {q.code for q in check.questions}
    assert all("Scan_0003.pdf" in q.message for q in check.questions if q.code == "review:commitment")
    assert next(p for p in record.prerequisites if p.id == "compliance_commitment").passed is None
    assert record.status == "complete" and record.proposed is False  # undecided, never proposed


def test_a_file_named_for_another_document_that_failed_does_not_hold_back_a_missing_one(hanoi):
    """A timed-out "BCTC 2024.xlsx" is a statement by its name: the missing commitment is still asked."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "commitment"])
    record.documents.append(DocumentEntry(file="BCTC 2024.xlsx", kind=None, pages=None, ocr=False, sha256="0" * 64,
                                          error="Đọc tệp quá thời gian cho phép", error_code="timeout"))
    check = decide(record, rubric, rnd)
    assert pairs(check) == [("commitment", "absent")]
    assert next(p for p in record.prerequisites if p.id == "compliance_commitment").passed is False
    assert record.status == "incomplete"


def test_location_stays_undecided_while_the_form_with_the_factory_address_is_unread(hanoi):
    """The head office outside Hà Nội is not the whole answer when the form, the only source of the
    factory's address, could not be read on our side."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "registration_form"],
                         address="Lô C5, Khu công nghiệp Yên Phong, tỉnh Bắc Ninh")
    record.documents.append(DocumentEntry(file="Phieu dang ky.docx", kind=None, pages=None, ocr=False,
                                          sha256="0" * 64, error="Không truy cập được tệp", error_code="io_error"))
    check = decide(record, rubric, rnd)
    in_hanoi = next(p for p in record.prerequisites if p.id == "in_hanoi")
    assert in_hanoi.passed is None and "Phieu dang ky.docx" in in_hanoi.detail
    assert "review:prerequisite:in_hanoi" in {q.code for q in check.questions}
    assert record.status != "ineligible"


# 6. Letters say the right thing once

def test_a_mistyped_tax_code_on_the_form_is_blamed_on_the_form_not_the_certificate(tmp_path):
    """The letter said "Giấy chứng nhận đăng ký doanh nghiệp không khớp…" for a tax code the firm
    mistyped on its registration form."""
    record, out = run_with_failures(tmp_path, TAX_CODE_ON_FORM, set())
    assert [(m.code, m.reason) for m in record.missing_evidence] == [("business_registration", "mismatch")]
    message = record.missing_evidence[0].message
    assert message.startswith("Phiếu đăng ký tham gia xét chọn ghi mã số thuế «0140477830» không hợp lệ")
    assert f"khác mã số doanh nghiệp «{record.enterprise.tax_code.value}» trên Giấy chứng nhận đăng ký doanh " \
           "nghiệp" in message
    assert numbered(out / "letters" / f"{TAX_CODE_ON_FORM}.docx") == [message]


def test_documents_that_disagree_with_the_certificate_on_the_tax_code_are_named_in_one_item(hanoi):
    rubric, rnd = hanoi

    def facts(kind, file, code):
        return DocumentFacts(file=file, kind=kind, kind_confidence=1.0, candidates=[Candidate(
            field="enterprise.tax_code", value=code, confidence=0.95, evidence=[Evidence(file=file, text=code)])])

    pool = Pool([facts("business_registration", "GCN.pdf", "0100109106"),
                 facts("registration_form", "Phieu.docx", "0101234560"),
                 facts("tax_compliance", "Thue.pdf", "0101234560")])
    _, findings = pool.choose("enterprise.tax_code")
    assert len(findings) == 2
    check = decide(make_record(), rubric, rnd, findings=findings)
    assert pairs(check) == [("business_registration", "mismatch")]
    assert check.items[0].message == (
        "Phiếu đăng ký tham gia xét chọn ghi mã số thuế «0101234560»; Văn bản xác nhận chấp hành nghĩa vụ thuế "
        "ghi mã số thuế «0101234560», khác mã số doanh nghiệp «0100109106» trên Giấy chứng nhận đăng ký doanh "
        "nghiệp. Đề nghị Quý Công ty kiểm tra, sửa lại cho đúng hoặc giải trình.")
    assert "business_registration" not in check.items[0].message  # no ids in a letter


@pytest.mark.parametrize("name", ["Cam ket.docx", "CamKet.docx"])
def test_a_broken_commitment_is_one_letter_item_not_two(tmp_path, name):
    """A letter said both "không đọc được tệp Cam ket.docx" and "chưa có cam kết" for one document."""
    record, out = run_with_failures(tmp_path, "HN2026-014", set(), {name: b"PK\x03\x04 not a zip at all"})
    entry = next(d for d in record.documents if d.file == name)
    assert entry.error_code not in (None, "timeout", "io_error", "internal_error")  # the firm's own broken file
    assert [(m.code, m.reason) for m in record.missing_evidence] == [("commitment", "unreadable")]
    assert f"«{name}»" in record.missing_evidence[0].message
    assert numbered(out / "letters" / "HN2026-014.docx") == [record.missing_evidence[0].message]


def test_the_same_commitment_failing_on_our_side_is_no_letter_item_at_all(tmp_path):
    record, out = run_with_failures(tmp_path, "HN2026-014", {"Cam ket.docx"})
    assert record.missing_evidence == [] and record.status == "ineligible"  # its revenue floor, as before
    assert "cam kết" not in "\n".join(paragraphs(out / "letters" / "HN2026-014.docx")).lower()


def test_letter_items_address_the_firm_as_the_letter_does(hanoi):
    """Items said "Đề nghị doanh nghiệp bổ sung" in a letter that calls the firm "Quý Công ty"."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "commitment"])
    decide(record, rubric, rnd)
    assert [i.text for i in letter_items(record, rubric)] == [
        "Hồ sơ chưa có Báo cáo, cam kết chấp hành pháp luật (môi trường, chất lượng, sở hữu trí tuệ). "
        "Đề nghị Quý Công ty bổ sung."]
    assert addressee("CÔNG TY CỔ PHẦN DƯỢC PHẨM THIÊN PHÚC") == "Quý Công ty"
    assert addressee("Cty TNHH Cơ khí Đông Anh") == "Quý Công ty"
    assert addressee("  Tổng Công ty May 10 - CTCP") == "Quý Tổng công ty"
    assert addressee("Hợp tác xã Mây tre Phú Vinh") == "Quý Hợp tác xã"
    assert addressee(None) == "Quý Doanh nghiệp"


def test_a_secretariat_without_signer_or_address_warns_and_the_draft_shows_placeholders(hanoi, tmp_path, caplog):
    """An empty signer and address printed a letter with no name under the signature and nowhere
    to send the papers, silently."""
    rubric, rnd = hanoi
    record = make_record(kinds=[k for k in ALL_KINDS if k != "commitment"])
    decide(record, rubric, rnd)
    bare = tmp_path / "bare.yaml"
    bare.write_text("body_name: Sở Công Thương Hà Nội\nsigner: {title: GIÁM ĐỐC}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="spcncl.write"):
        secretariat = load_secretariat(bare)
    assert secretariat.gaps() == ["signer.name", "address"]
    warning = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "bare.yaml" in warning and "signer.name" in warning and "address" in warning
    (letter,) = write_letters([record], rubric, rnd, tmp_path / "draft", secretariat, dt.date(2026, 10, 2))
    document = Document(str(letter))
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for c in t._cells for p in c.paragraphs for run in p.runs]
    marked = {run.text for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW}
    assert marked == {PLACEHOLDERS["signer.name"], PLACEHOLDERS["address"]}
    assert "gửi về Sở Công Thương Hà Nội (địa chỉ: [Địa chỉ nhận hồ sơ]) trước ngày" in "\n".join(paragraphs(letter))

    caplog.clear()
    full = tmp_path / "full.yaml"
    full.write_text("address: Số 331 Trần Phú, phường Hà Đông, Hà Nội\nsigner: {name: Nguyễn Văn Bình}\n",
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="spcncl.write"):
        secretariat = load_secretariat(full)
    assert secretariat.gaps() == [] and not caplog.records
    (letter,) = write_letters([record], rubric, rnd, tmp_path / "signed", secretariat, dt.date(2026, 10, 2))
    text = "\n".join(paragraphs(letter))
    assert "Nguyễn Văn Bình" in text and "(địa chỉ: Số 331 Trần Phú, phường Hà Đông, Hà Nội)" in text
    assert not any(mark in text for mark in PLACEHOLDERS.values())


def test_a_broken_statement_is_asked_again_under_its_own_year(hanoi):
    """A corrupt "BCTC 2024.pdf" was the letter's "Không đọc được Báo cáo tài chính năm 2023", and
    the same letter told the firm it had sent no statement for 2024."""
    rubric, rnd = hanoi
    record = make_record(enterprise={"2025": 400e9})
    record.documents.append(DocumentEntry(file="BCTC 2024.pdf", kind=None, pages=None, ocr=False, sha256="0" * 64,
                                          error="Tệp PDF bị hỏng (corrupt)", error_code="corrupt_file"))
    check = decide(record, rubric, rnd)
    assert pairs(check) == [("financial_statement:2023", "absent"), ("financial_statement:2024", "unreadable")]
    assert "«BCTC 2024.pdf»" in check.items[1].message and "BCTC 2024" not in check.items[0].message


def test_the_reviewer_is_told_which_documents_disagree_on_the_tax_code(hanoi):
    """The undecided registration prerequisite always said "… và phiếu đăng ký", whichever
    document disagreed."""
    rubric, rnd = hanoi
    finding = Finding(code="disagreement:enterprise.tax_code", severity="warning",
                      message="enterprise.tax_code: «0100109106» (business_registration) khác «0101234560» "
                              "(tax_compliance).")
    record = make_record()
    decide(record, rubric, rnd, findings=[finding])
    legal = next(p for p in record.prerequisites if p.id == "legal_registration")
    assert legal.passed is None
    assert legal.detail == ("Mã số thuế trên các tài liệu không khớp nhau (Giấy chứng nhận đăng ký doanh nghiệp "
                            "và Văn bản xác nhận chấp hành nghĩa vụ thuế).")
