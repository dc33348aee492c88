"""What ``spcncl extract FILE`` prints: the document's kind, pages and fields, as JSON, and which
values fail the checks a pass puts them through.

A pass never takes a figure at face value: the statement's arithmetic (10 = 01 − 02), the range a
figure can have, the review threshold (below it a value is amber on the worksheet) and the unit-slip
rule (a figure a thousand times below the one it is compared with). ``extract`` printed a scanned
statement's 2025 revenue a thousand times too small and a gross revenue of 3×10²⁴ without a word;
now each value that fails one of these is listed under ``checks`` with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from extractors import vnformat
from extractors.errors import DocumentLoadError
from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.fields.metrics import GROSS, plausible
from extractors.models import ROUNDING
from extractors.registry import read_document, sha256_file
from extractors.settings import DEFAULTS
from pipeline.process import UNIT_SLIP_SHARE, exceeds, unit_slip

AMOUNTS = ("figures.", "statement.line_")
REVENUE = "figures.enterprise_revenue_vnd"
PRODUCT = "figures.product_revenue_vnd"


@dataclass
class Check:
    """A value that failed a check: where it is, which check, and why, in Vietnamese."""

    field: str
    value: int
    check: str
    message: str
    page: int | None = None


def extract_report(path: Path, review_threshold: float = DEFAULTS.review_threshold) -> dict:
    """Read one file and describe everything found in it; a read failure is reported, not raised."""
    report: dict = {"file": path.name, "sha256": sha256_file(path)}
    try:
        document = read_document(path, path.name)
    except DocumentLoadError as exc:
        report.update(kind=None, error=exc.user_message(), error_code=exc.code, pages=[], documents=[])
        return report
    facts = extract_facts(document)
    main = max(facts, key=lambda f: (f.kind != "other", (f.last_page or 0) - (f.first_page or 0)), default=None)
    report.update(
        format=document.format,
        kind=main.kind if main else "other",
        error=None,
        pages=[
            {"page": page.number, "sheet": page.label, "source": page.source,
             "ocr_confidence": round(page.confidence, 3) if page.source == "ocr" else None,
             "text_layer_rejected": page.layer_rejected, "text": page.text}
            for page in document.pages
        ],
        documents=[
            {
                "kind": f.kind, "kind_confidence": f.kind_confidence, "first_page": f.first_page,
                "last_page": f.last_page, "title": f.title,
                "fields": [
                    {"field": c.field, "value": c.value, "confidence": c.confidence,
                     "page": c.evidence[0].page if c.evidence else None,
                     "text": c.evidence[0].text if c.evidence else None, "method": c.method}
                    for c in f.candidates
                ],
                "certificates": [c.model_dump(exclude={"evidence"}) for c in f.certificates],
                "findings": [x.model_dump() for x in f.findings],
            }
            for f in facts
        ],
        warnings=document.warnings,
        checks=[asdict(c) for f in facts for c in check_values(f, review_threshold)],
    )
    return report


@dataclass
class Amount:
    """A numeric figure or statement line of the document, as the checks see it."""

    field: str
    value: int
    confidence: float
    note: str | None
    page: int | None

    @property
    def base(self) -> str:
        """The field without its year."""
        head, _, tail = self.field.rpartition(".")
        return head if tail.isdigit() else self.field

    @property
    def year(self) -> int | None:
        """The year of a yearly figure."""
        tail = self.field.rpartition(".")[2]
        return int(tail) if tail.isdigit() else None


def amounts(facts: DocumentFacts) -> list[Amount]:
    """The document's numeric figures and statement lines."""
    return [Amount(c.field, int(c.value), c.confidence, c.note, c.evidence[0].page if c.evidence else None)
            for c in facts.candidates
            if c.field.startswith(AMOUNTS) and isinstance(c.value, int) and not isinstance(c.value, bool)]


def check_values(facts: DocumentFacts, review_threshold: float) -> list[Check]:
    """Every figure of one document that fails a check of the pass, one entry per value and check."""
    values = amounts(facts)
    found = [*statement_arithmetic(values), *out_of_range(values), *unit_slips(values)]
    found += [failed(a, "review_threshold", f"độ tin cậy {decimal(a.confidence)} dưới ngưỡng thẩm định "
                     f"{decimal(review_threshold)}: người thẩm định phải kiểm tra"
                     + (f" ({a.note.rstrip('.')})" if a.note else ""))
              for a in values if a.confidence < review_threshold]
    order = {a.field: i for i, a in enumerate(values)}
    return sorted(found, key=lambda x: (order.get(x.field, 0), x.check))


def percent(share: float) -> str:
    """0.005 as "0,5 %"."""
    return vnformat.percent(share, 4, keep_zeros=False)


def decimal(value: float) -> str:
    """0.8 as a Vietnamese reader writes it: 0,80."""
    return vnformat.decimal(value, 2, keep_zeros=True)


def failed(amount: Amount, check: str, message: str) -> Check:
    """A check failed by one value."""
    return Check(amount.field, amount.value, check, message, amount.page)


def statement_arithmetic(values: list[Amount]) -> list[Check]:
    """Line 10 = line 01 − line 02 in each column of an income statement, to a rounding unit."""
    lines: dict[str, dict[str, Amount]] = defaultdict(dict)
    for amount in values:
        if amount.field.startswith("statement.line_"):
            code, column = amount.field.removeprefix("statement.line_").split(".", 1)
            lines[column][code] = amount
    found = []
    for column, line in lines.items():
        if not {"01", "02", "10"} <= set(line):
            continue
        one, two, ten = (line[code].value for code in ("01", "02", "10"))
        if abs(one - two - ten) > ROUNDING * max(abs(one), abs(ten), 1):
            which = "năm nay" if column == "current" else "năm trước"
            message = (f"phép tính của báo cáo không khớp ở cột {which}: 01 − 02 = {vnformat.integer(one - two)}, "
                       f"dòng 10 đọc được {vnformat.integer(ten)}")
            found += [failed(line[code], "statement_arithmetic", message) for code in ("01", "02", "10")]
    return found


def out_of_range(values: list[Amount]) -> list[Check]:
    """A figure outside the range such a figure can have (the bound the readers put on form figures)."""
    return [failed(a, "out_of_range", f"{vnformat.integer(a.value)} nằm ngoài khoảng giá trị có thể có của số liệu "
                   "này: có thể dính cột hoặc đọc sai chữ số")
            for a in values if not plausible(a.base if a.field.startswith("figures.") else GROSS, a.value)]


def unit_slips(values: list[Amount]) -> list[Check]:
    """The pass's unit-slip rule (``pipeline.process.check_consistency``): a product revenue above the
    firm's net revenue, or a thousand times below it. Between two years of one revenue line the
    share alone is the rule (a unit slipped there meets a year's growth too: ×1000 becomes ×900)."""
    by_field = {a.field: a for a in values}
    found = []
    for amount in values:
        year = amount.year
        if year is None or amount.base not in (REVENUE, PRODUCT, GROSS):
            continue
        firm = by_field.get(f"{REVENUE}.{year}") if amount.base == PRODUCT else None
        if firm is not None and exceeds(amount.value, firm.value):
            found.append(failed(amount, "product_exceeds_enterprise", "doanh thu sản phẩm lớn hơn doanh thu "
                                f"thuần của doanh nghiệp năm {year} ({vnformat.integer(firm.value)})"))
        elif firm is not None and unit_slip(amount.value, firm.value):
            found.append(failed(amount, "unit_slip", f"chưa bằng {percent(UNIT_SLIP_SHARE)} doanh thu thuần của "
                                f"doanh nghiệp năm {year}: có thể đọc nhầm đơn vị"))
        for other_year in (year - 1, year + 1):
            other = by_field.get(f"{amount.base}.{other_year}")
            if other is not None and amount.value < UNIT_SLIP_SHARE * other.value:
                found.append(failed(amount, "unit_slip", f"chưa bằng {percent(UNIT_SLIP_SHARE)} số năm {other_year} "
                                    f"({vnformat.integer(other.value)}): có thể đọc nhầm đơn vị hoặc mất chữ số"))
    return found
