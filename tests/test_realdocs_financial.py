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
        [sys.executable, "-m", "pipeline.cli", "extract",
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
