"""IP titles count once each: the same certificate sent twice, or photographed after the PDF was
sent, earned C2's points for two titles."""

from __future__ import annotations

from extractors.facts import Candidate, DocumentFacts
from pipeline.assemble import Pool
from pipeline.ip_titles import count_ip_titles
from pipeline.models import DocumentEntry, DossierRecord, Evidence


def title(file: str, number: str | None, sha: str) -> tuple[DocumentEntry, DocumentFacts]:
    entry = DocumentEntry(file=file, kind="ip_certificate", pages=1, ocr=file.endswith(".jpg"), sha256=sha * 64,
                          error=None)
    facts = DocumentFacts(file=file, kind="ip_certificate", kind_confidence=0.9, first_page=1, last_page=1)
    if number:
        facts.candidates.append(Candidate(field="document.number", value=number, confidence=0.8,
                                          evidence=[Evidence(file=file, page=1, text=f"Số: {number}")]))
    return entry, facts


def count(*titles: tuple[DocumentEntry, DocumentFacts]) -> tuple[int, str | None]:
    record = DossierRecord(dossier_id="X", status="complete", proposed=False, documents=[e for e, _ in titles])
    held = count_ip_titles(Pool([f for _, f in titles]), record)
    return held.value, held.note


def test_same_file_twice_and_a_photo_of_it_count_once():
    assert count(title("Nhan hieu.pdf", "433218", "a"), title("Nhan hieu (1).pdf", "433218", "a"),
                 title("IMG_0031.jpg", "433218", "b"), title("Bang sang che.pdf", "36780", "c"))[0] == 2


def test_copies_without_a_readable_number_are_told_apart_by_content():
    assert count(title("a.pdf", None, "a"), title("a-copy.pdf", None, "a"), title("b.pdf", None, "b"))[0] == 2


def test_numbers_one_ocr_slip_apart_are_one_title_with_a_note():
    value, note = count(title("Nhan hieu.pdf", "433218", "a"), title("IMG_0031.jpg", "433213", "b"))
    assert value == 1 and note and "433218" in note
