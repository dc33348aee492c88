"""The real income-statement crop: its revenue lines for both columns, through `spcncl extract`."""

import json
import subprocess
import sys

from extractors.extract import extract_facts
from extractors.registry import read_document


def test_income_statement_lines_read_by_code(realdocs):
    document = read_document(realdocs / "KQKD_income_statement_crop_unknownco_tesseract.pdf", "kqkd.pdf")
    facts = extract_facts(document)
    assert [f.kind for f in facts] == ["financial_statement"]
    values = {c.field: c.value for c in facts[0].candidates}
    assert values["statement.line_01.current"] == 379_097_804_138
    assert values["statement.line_01.previous"] == 537_281_245_652
    assert values["statement.line_02.current"] == 34_986_573
    assert values["statement.line_10.current"] == 379_062_817_565
    assert values["statement.line_10.previous"] == 537_266_056_540
    # the statement's own arithmetic holds on what we read: 10 = 01 - 02
    assert values["statement.line_01.previous"] - values["statement.line_02.previous"] == values[
        "statement.line_10.previous"]
    # the crop shows no period: no year is invented, and the reviewer is told
    assert not any(c.field.startswith("figures.") for c in facts[0].candidates)
    assert "statement_period_unknown" in [f.code for f in facts[0].findings]


def test_extract_command_prints_lines_01_and_10(realdocs):
    done = subprocess.run(
        [sys.executable, "-m", "spcncl", "extract",
         str(realdocs / "KQKD_income_statement_crop_unknownco_tesseract.pdf")],
        capture_output=True, text=True, check=True,
    )
    report = json.loads(done.stdout)
    assert report["kind"] == "financial_statement"
    assert report["pages"][0]["source"] == "text_layer"
    fields = {f["field"]: f for f in report["documents"][0]["fields"]}
    assert fields["statement.line_01.current"]["value"] == 379_097_804_138
    assert fields["statement.line_10.previous"]["value"] == 537_266_056_540
    assert fields["statement.line_10.current"]["page"] == 1
    assert "379.062.817.565" in fields["statement.line_10.current"]["text"]


def test_english_audited_excerpt_gives_the_enterprise_code(realdocs):
    # "established under Business Registration Certificate No. 5700434869, issued by …"
    document = read_document(realdocs / "QTP_2024_audited_FS_EN_excerpt5p_scan_ocrlayer.pdf", "qtp.pdf")
    facts = extract_facts(document)
    codes = {c.value for f in facts for c in f.candidates if c.field == "enterprise.tax_code"}
    assert codes == {"5700434869"}
    # the excerpt holds notes tables, not the income statement: no revenue from them
    assert not [c for f in facts for c in f.candidates if c.field.startswith(("figures.", "statement.line"))]


def test_whole_scanned_interim_report_gives_its_income_statement_and_code(realdocs):
    # 71 scanned pages (Vinamilk Q1/2026, reviewed): the income statement B02a on p.11 is found
    # among balance sheet, cash flows and 55 pages of notes; it once crashed with KeyError '10'.
    # OCR of the whole file takes about 100 s on two cores: this is the one test that reads it.
    document = read_document(realdocs / "VNM_Q1-2026_BCTC_HN_review_KPMG_scan_signed.pdf", "vnm.pdf")
    facts = extract_facts(document)
    lines = {c.field: c for f in facts for c in f.candidates if c.field.startswith("statement.line")}
    assert lines["statement.line_01.current"].value == 16_177_992_148_783
    assert lines["statement.line_10.current"].value == 16_148_657_871_623
    assert lines["statement.line_10.previous"].value == 12_957_547_985_266
    # OCR read 12.958.447.508.846; 10 = 20 + 11 confirms line 10, so 01 = 10 + 02 repairs line 01
    assert lines["statement.line_01.previous"].value == 12_988_447_508_846
    assert {c.evidence[0].page for c in lines.values()} == {11}
    # a quarter is not a year's revenue
    assert not [c for f in facts for c in f.candidates if c.field.startswith("figures.")]
    assert "statement_interim" in [x.code for f in facts for x in f.findings]
    codes = {c.value for f in facts for c in f.candidates if c.field == "enterprise.tax_code"}
    assert codes == {"0300588569"}
