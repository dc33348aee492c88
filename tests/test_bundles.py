"""A scanned bundle (several documents in one file) is split by page ranges, kinds from content."""

import pypdfium2 as pdfium

from extractors.extract import extract_facts
from extractors.registry import read_document
from pipeline.extraction import read_and_extract
from pipeline.inbox import InputFile

from .conftest import SAMPLES


def bundle(tmp_path, sources):
    merged = pdfium.PdfDocument.new()
    for source in sources:
        part = pdfium.PdfDocument(str(source))
        merged.import_pages(part)
    target = tmp_path / "ho so gop.pdf"
    merged.save(str(target))
    return target


def test_bundle_is_split_into_its_documents(tmp_path):
    dossier = SAMPLES / "inbox" / "HN2026-011"
    target = bundle(tmp_path, [dossier / "GCN DKDN.pdf", dossier / "Xac nhan thue.pdf", dossier / "GPMT.pdf",
                               dossier / "ISO 9001.pdf", dossier / "BCTC 2025.pdf"])
    facts = extract_facts(read_document(target, target.name))
    assert [(f.kind, f.first_page, f.last_page) for f in facts] == [
        ("business_registration", 1, 1), ("tax_compliance", 2, 2), ("environmental_compliance", 3, 3),
        ("quality_certificate", 4, 4), ("financial_statement", 5, 5)]
    certificate = facts[3].certificates[0]
    assert certificate.standard == "ISO 9001" and certificate.number == "VN-21-0457-QMS"
    assert certificate.evidence[0].page == 4


def test_bundle_entry_lists_every_part(tmp_path):
    dossier = SAMPLES / "inbox" / "HN2026-011"
    target = bundle(tmp_path, [dossier / "Xac nhan thue.pdf", dossier / "GPMT.pdf"])
    result = read_and_extract(InputFile(path=target, relpath=target.name))
    assert [(p.kind, p.first_page) for p in result.entry.parts] == [
        ("tax_compliance", 1), ("environmental_compliance", 2)]
