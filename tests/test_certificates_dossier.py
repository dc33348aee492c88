"""Certificates across a dossier: one certificate per number however many copies were sent,
and validity by the dates even when the holder's English name cannot be compared."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.certcheck import evaluate_certificates, merge_duplicates
from pipeline.extraction import read_and_extract
from pipeline.inbox import discover
from pipeline.models import Certificate, Enterprise, Evidence, Field
from pipeline.process import decide_dossier
from pipeline.rubric import load_rubric
from tests.test_certificates import QUACERT_ROWS, build_pdf, needs_ocr, scanned

DEADLINE = dt.date(2026, 9, 30)


def enterprise(name: str = "Công ty Cổ phần Nhựa Kỹ thuật Hồng Hà", name_en: str | None = None) -> Enterprise:
    firm = Enterprise()
    firm.name = Field(value=name, confidence=0.95)
    firm.name_en = Field(value=name_en, confidence=0.95) if name_en else Field()
    return firm


def cert(number: str | None, expires: str | None = "2027-11-11", *, file: str = "a.pdf", confidence: float = 0.9,
         issued: str | None = "2024-11-12", holder: str | None = None) -> Certificate:
    evidence = [Evidence(file=file, page=1, text=number or "")]
    return Certificate(standard="ISO 14001", number=number, issuer="QUACERT", holder=holder, issued=issued,
                       expires=expires, confidence=confidence, evidence=evidence)


@needs_ocr
def test_same_certificate_as_pdf_and_phone_photo_is_one_certificate(tmp_path):
    folder = tmp_path / "inbox" / "HS-CERT"
    folder.mkdir(parents=True)
    pdf = build_pdf(folder / "ISO 14001.pdf", QUACERT_ROWS, size=13, gap=24)
    scanned(pdf, folder / "IMG_20260801_0930.jpg", photo=True)
    (dossier,) = discover(tmp_path / "inbox", tmp_path / "out" / ".work")
    rubric = load_rubric()
    results = [read_and_extract(file) for file in dossier.files]
    record = decide_dossier(dossier, results, rubric, rubric.round(2026))
    certificates = [c for c in record.certificates if c.standard == "ISO 14001"]
    assert len(certificates) == 1
    (certificate,) = certificates
    assert (certificate.number, certificate.expires, certificate.valid) == ("QMS.5120.24", "2027-11-11", True)
    assert {e.file for e in certificate.evidence} == {"ISO 14001.pdf", "IMG_20260801_0930.jpg"}
    assert "2 bản" in (certificate.note or "")


def test_copies_merge_by_number_written_differently():
    merged = merge_duplicates([cert("QMS.5120.24", file="a.pdf", confidence=0.7, issued=None),
                               cert("qms. 5120.24.", file="b.jpg", confidence=0.9),
                               cert("QMS.5121.24", file="c.pdf")])
    assert [c.number for c in merged] == ["qms. 5120.24.", "QMS.5121.24"]
    assert merged[0].issued == "2024-11-12" and {e.file for e in merged[0].evidence} == {"a.pdf", "b.jpg"}


def test_copy_without_a_readable_number_joins_by_its_dates():
    merged = merge_duplicates([cert("QMS.5120.24"), cert(None, file="photo.jpg", confidence=0.5)])
    assert len(merged) == 1 and merged[0].number == "QMS.5120.24"


def test_copies_that_disagree_are_one_certificate_but_doubtful():
    merged = merge_duplicates([cert("QMS.5120.24"), cert("QMS.5120.24", "2021-11-11", file="photo.jpg",
                                                          confidence=0.8)])
    assert len(merged) == 1 and merged[0].expires == "2027-11-11"
    assert merged[0].confidence < 0.8 and "khác nhau" in (merged[0].note or "")


@pytest.mark.parametrize(("expires", "valid"), [("2027-11-11", True), ("2026-09-29", False), ("2026-09-30", True)])
def test_english_holder_without_registered_name_is_valid_by_its_dates(expires, valid):
    certificates = [cert("QMS.5120.24", expires, holder="HONG HA ENGINEERING PLASTICS JSC")]
    evaluate_certificates(certificates, DEADLINE, enterprise("Công ty Cổ phần Nhựa Kỹ thuật Sông Đà"))
    (certificate,) = certificates
    assert certificate.valid is valid and certificate.holder_matches is None
    assert certificate.confidence < 0.8 and "chủ chứng nhận" in (certificate.note or "")


def test_issued_after_the_deadline_is_not_valid():
    certificates = [cert("QMS.5120.24", "2029-11-11", issued="2026-10-01")]
    evaluate_certificates(certificates, DEADLINE, enterprise())
    assert certificates[0].valid is False
