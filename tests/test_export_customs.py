"""Customs declarations (ECUS/VNACCS prints) as export evidence: the real export declaration
gives its year's value from its goods lines, with the currency decided and said; the real
import declaration never gives export figures, even when handed to the export reader."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.common import DocView
from extractors.fields.documents import extract_export
from extractors.registry import read_document

REALDOCS = Path(__file__).resolve().parent / "resources" / "realdocs"
EXPORT_DECLARATION = REALDOCS / "ToKhaiXK_308069766600_Sanchine_VN_ECUS.xlsx"
IMPORT_DECLARATION = REALDOCS / "ToKhaiNK_107762119250_Dongjie_VN_ECUS.xlsx"


def as_export_evidence(path: Path) -> DocumentFacts:
    """The file read by the export reader, whatever its kind."""
    facts = DocumentFacts(file=path.name, kind="export_evidence", kind_confidence=1.0)
    extract_export(DocView.of(read_document(path, path.name)), facts)
    return facts


def test_real_export_declaration_gives_its_year_from_the_goods_lines():
    """Header totals blank, invoice currency blank: the 50 goods lines are summed; each line's value
    is 26.141 times a USD amount of its block, so the values are đồng and the USD is their sum.
    Derived, not stated: below the review threshold, with a note naming the currency."""
    facts = as_export_evidence(EXPORT_DECLARATION)
    export = [c for c in facts.candidates if c.base_field == "figures.export_usd"]
    assert [c.field for c in export] == ["figures.export_usd.2025"]
    assert abs(export[0].value - 290_637) <= 5  # type: ignore[operator]
    assert export[0].confidence < 0.8
    assert "đồng" in str(export[0].note) and "26.141" in str(export[0].note) and "7.597.603.246" in str(export[0].note)
    values = {c.field: c.value for c in facts.candidates}
    assert values["document.number"] == "308069766600"
    assert values["document.date"] == "2025-12-18"
    assert values["document.period_years"] == [2025]


def test_real_import_declaration_is_never_export_evidence():
    """Regression guard: an import declaration read as export evidence emits no export figure."""
    facts = as_export_evidence(IMPORT_DECLARATION)
    assert not [c for c in facts.candidates if c.base_field == "figures.export_usd"]
    assert any(f.code == "import_declaration" for f in facts.findings)
    for document in extract_facts(read_document(IMPORT_DECLARATION, IMPORT_DECLARATION.name)):
        assert not [c for c in document.candidates if c.base_field == "figures.export_usd"]


def test_declaration_with_a_stated_usd_total(tmp_path):
    """A declaration that prints its invoice total and currency: the total, confirmed by its lines."""
    book = openpyxl.Workbook()
    for row in [["<EXP>"], ["Tờ khai hàng hóa xuất khẩu (thông quan)"], ["Số tờ khai", "305123456789"],
                ["Ngày đăng ký", "03/03/2024 09:12:45"],
                ["Tổng trị giá hóa đơn", "A - FOB - USD -", "12.500,50"],
                ["<01>"], ["Trị giá hóa đơn", "10.000,50", "Đơn giá hóa đơn", "2,5", "USD"],
                ["<02>"], ["Trị giá hóa đơn", "2.500", "Đơn giá hóa đơn", "1,25", "USD"]]:
        book.active.append(row)
    book.save(tmp_path / "tk.xlsx")
    facts = as_export_evidence(tmp_path / "tk.xlsx")
    export = [c for c in facts.candidates if c.base_field == "figures.export_usd"]
    assert [(c.field, c.value) for c in export] == [("figures.export_usd.2024", 12_500)]
    assert export[0].confidence >= 0.8


def test_declaration_in_dong_with_its_own_rate(tmp_path):
    """Goods lines in đồng and the declaration's own "Tỷ giá tính thuế": converted at that rate, doubted."""
    book = openpyxl.Workbook()
    for row in [["Tờ khai hàng hóa xuất khẩu (thông quan)"], ["Số tờ khai", "305123456780"],
                ["Ngày đăng ký", "15/06/2025"], ["Tỷ giá tính thuế", "USD", "26.000"],
                ["Trị giá hóa đơn", "260.000.000", "VND"], ["Trị giá hóa đơn", "130.000.000", "VND"]]:
        book.active.append(row)
    book.save(tmp_path / "tk.xlsx")
    export = [c for c in as_export_evidence(tmp_path / "tk.xlsx").candidates if c.base_field == "figures.export_usd"]
    assert [(c.field, c.value) for c in export] == [("figures.export_usd.2025", 15_000)]
    assert export[0].confidence < 0.8
