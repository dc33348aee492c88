"""Every real document of the shared collection is read without error and recognised as the kind
a secretariat would file it under (the 71-page interim report has its own test, with its lines).

Real files are vendored in tests/resources/realdocs (their origins in that folder's README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.extract import extract_facts
from extractors.registry import read_document

from .conftest import REALDOCS

KINDS = {
    # customs: an export declaration is export evidence, an import declaration is not
    "ToKhaiXK_308069766600_Sanchine_VN_ECUS.xlsx": "export_evidence",
    "ToKhaiNK_107762119250_Dongjie_VN_ECUS.xlsx": "other",
    # parts of financial statements: statements, notes, the directors' report, audit reports, crops
    "AnThinh_2021_BCTC_p26_notes_stamp_scan.jpg": "financial_statement",
    "BCDKT_longterm_assets_crop_unknownco_tesseract.pdf": "financial_statement",
    "ChipSang_2021_audit_report_AASC_scan.jpg": "financial_statement",
    "FPT_2022_BCTC_rieng_p20_notes_scan.jpg": "financial_statement",
    "FPT_2022_BCTC_rieng_p2_BGD_report_scan.jpg": "financial_statement",
    "KQKD_income_statement_crop_unknownco_tesseract.pdf": "financial_statement",
    "PhuongNam_2021_BCTC_HN_BCDKT_equity_stamp_scan.jpg": "financial_statement",
    "PhuongNam_2021_audit_report_AC_scan.jpg": "financial_statement",
    "QTP_2024_BCDKT_page6.jpg": "financial_statement",
    "QTP_2024_BCDKT_scan_ocrlayer_VI.pdf": "financial_statement",
    "QTP_2024_audited_FS_EN_excerpt5p_scan_ocrlayer.pdf": "financial_statement",
    "TM_bonus_welfare_funds_crop_unknownco_tesseract.pdf": "financial_statement",
    "TM_financial_instruments_2021_crop_unknownco_tesseract.pdf": "financial_statement",
    "TM_fixed_assets_movement_crop_unknownco_tesseract.pdf": "financial_statement",
    "TM_liquidity_table_crop_unknownco_tesseract.pdf": "financial_statement",
    "BIC_2024_BCTC_extracted_tables.xlsx": "financial_statement",
    "BMI_2024_BCTC_extracted_tables.xlsx": "financial_statement",
    # blank statement forms are statements; an application for registration is not a certificate
    "Mau_B02-DNNT_KQKD_TT199_2014.doc": "financial_statement",
    "Mau_B03a-DN_LCTT_truc_tiep_TT200.docx": "financial_statement",
    "Mau_B03b-DN_LCTT_gian_tiep_TT200.docx": "financial_statement",
    "TT232_2012_PNT_line_codes.xlsx": "financial_statement",
    "Giay_de_nghi_DKDN_CTCP_template.docx": "other",
    "Giay_de_nghi_DKDN_TNHH1TV_template.docx": "other",
    # a gazette printing a circular: its first 18 pages are the circular (other), its appendix the
    # blank statement forms (54 pages), filed like the blank forms above — no figure is read from them
    "CongBao_379-380_2015_TT199-2014-BTC.pdf": "financial_statement",
    # a list of a firm's branches is no dossier evidence
    "Vietravel_branch_list_crop_tesseract.pdf": "other",
}
# 57_Base_Indicators_TT199.xlsx (definitions of statement indicators) is read too, with no kind
# asserted: it is neither a statement nor any other paper of a dossier.
UNASSERTED = ["57_Base_Indicators_TT199.xlsx"]


def main_kind(path: Path) -> str:
    """The kind of the file's largest logical document (as the record's entry gives it)."""
    facts = extract_facts(read_document(path, path.name))
    main = max(facts, key=lambda f: (f.kind != "other", (f.last_page or 0) - (f.first_page or 0)))
    return main.kind


@pytest.mark.parametrize("name", [*KINDS, *UNASSERTED])
def test_real_document_is_read_and_recognised(name):
    path = REALDOCS / name
    kind = main_kind(path)
    if name in KINDS:
        assert kind == KINDS[name]


def test_gazette_keeps_its_own_title_instead_of_joining_the_forms_it_prints():
    """An explicitly titled paper that is no evidence (a gazette) was swallowed by the first
    statement form after it, as an untitled cover page is."""
    path = REALDOCS / "CongBao_379-380_2015_TT199-2014-BTC.pdf"
    facts = extract_facts(read_document(path, path.name))
    assert (facts[0].kind, facts[0].first_page) == ("other", 1)
    assert facts[0].title and "CÔNG BÁO" in facts[0].title
    assert not [c for f in facts for c in f.candidates if c.field.startswith("figures.")]
