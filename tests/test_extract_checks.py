"""``spcncl extract`` says which values fail the checks a pass would put them through (issue 13,
item 14). On a scanned statement it printed a 2025 revenue a thousand times too small and a gross
revenue of 3×10²⁴ read from glued columns, with no warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractors.facts import Candidate, DocumentFacts
from extractors.models import Evidence
from extractors.settings import DEFAULTS
from pipeline.extract_report import check_values

from .conftest import ROOT, SAMPLES
from .statement_docs import LAST_YEAR, THIS_YEAR, Layout, statement_pdf

# the row of the sample scan HN2026-004/scan0003.pdf whose two amounts OCR glued into one
GLUED = "1. Doanh thu bán hàng và cung cấp dịch vụ 01 VI.1 3.332.742.357.355.979.290.061.028"


def extract(path: Path) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-m", "spcncl", "extract", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout), done.stderr


def said(stderr: str, field: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"Cần kiểm tra {field} = ")]


def test_extract_flags_every_wrong_revenue_of_a_scanned_statement():
    report, stderr = extract(SAMPLES / "inbox" / "HN2026-004" / "scan0003.pdf")
    truth = json.loads((SAMPLES / "truth" / "HN2026-004.json").read_text(encoding="utf-8"))["figures"]
    read = {f["field"]: f["value"] for d in report["documents"] for f in d["fields"]
            if f["field"].startswith("figures.enterprise_revenue_vnd.")}
    assert "figures.enterprise_revenue_vnd.2025" in read  # the value the issue saw printed without a word
    flagged = {c["field"] for c in report["checks"]}
    wrong = [field for field, value in read.items() if value != truth["enterprise_revenue_vnd"][field[-4:]]]
    for field in wrong:
        assert field in flagged, (field, read[field], report["checks"])
        assert said(stderr, field), stderr
    for check in report["checks"]:
        assert check["message"] and check["check"] in {"review_threshold", "unit_slip", "out_of_range",
                                                       "statement_arithmetic", "product_exceeds_enterprise"}


def test_extract_flags_a_year_read_a_thousand_times_too_small(tmp_path):
    # a statement whose current column is printed in thousands though its unit line says đồng
    current = {code: value // 1000 for code, value in THIS_YEAR.items()}
    path = tmp_path / "bctc.pdf"
    path.write_bytes(statement_pdf(Layout(values=(current, LAST_YEAR))))
    report, stderr = extract(path)
    slips = {c["field"]: c for c in report["checks"] if c["check"] == "unit_slip"}
    assert slips["figures.enterprise_revenue_vnd.2025"]["value"] == current["10"]
    assert "figures.enterprise_revenue_vnd.2024" not in slips  # the right year is not blamed
    assert "chưa bằng 0,5 % số năm 2024 (758.461.897.795)" in slips["figures.enterprise_revenue_vnd.2025"]["message"]
    assert said(stderr, "figures.enterprise_revenue_vnd.2025")[0].startswith(
        "Cần kiểm tra figures.enterprise_revenue_vnd.2025 = 841.915.218 (trang 1):")


def statement(lines: dict[str, tuple[int, float]]) -> DocumentFacts:
    evidence = [Evidence(file="scan0003.pdf", page=1, text=GLUED)]
    return DocumentFacts(file="scan0003.pdf", kind="financial_statement", kind_confidence=0.9, candidates=[
        Candidate(field=field, value=value, confidence=confidence, evidence=evidence, method="statement_line_01",
                  ocr=True) for field, (value, confidence) in lines.items()])


def test_a_gross_revenue_of_3e24_from_glued_columns_fails_the_range_check():
    glued = 3_332_742_357_355_979_290_061_028  # what the run printed as 2025 gross revenue
    checks = check_values(statement({"figures.gross_revenue_vnd.2025": (glued, 0.9),
                                     "statement.line_01.current": (glued, 0.9)}), DEFAULTS.review_threshold)
    assert {(c.field, c.check) for c in checks} == {("figures.gross_revenue_vnd.2025", "out_of_range"),
                                                    ("statement.line_01.current", "out_of_range")}
    assert all(c.page == 1 and "3.332.742.357.355.979.290.061.028" in c.message for c in checks)


def test_statement_lines_that_do_not_add_up_fail_the_statement_arithmetic():
    lines = {"statement.line_01.current": (2_332_742_357_355, 0.9), "statement.line_02.current": (13_996_454_144, 0.9),
             "statement.line_10.current": (2_218_745_903_211, 0.9),  # 01 − 02 is 2.318.745.903.211: a digit off
             "statement.line_01.previous": (1_979_290_061_028, 0.9), "statement.line_02.previous": (3_958_580_122, 0.9),
             "statement.line_10.previous": (1_975_331_480_906, 0.9)}
    checks = check_values(statement(lines), DEFAULTS.review_threshold)
    assert {c.field for c in checks if c.check == "statement_arithmetic"} == {
        "statement.line_01.current", "statement.line_02.current", "statement.line_10.current"}
    assert "01 − 02 = 2.318.745.903.211, dòng 10 đọc được 2.218.745.903.211" in checks[0].message
    assert len(checks) == 3  # the previous column adds up, and every value is above the review threshold
