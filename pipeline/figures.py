"""The figures a rubric can refer to by name, computed from a record for one round.

Each figure comes with a Vietnamese description of what it rests on and the evidence, so a
criterion's basis sentence can say exactly which number from which page earned its points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors import vnformat
from pipeline.models import DocumentEntry, DocumentPart, DossierRecord, Evidence

if TYPE_CHECKING:  # the rubric validates figure names against FIGURES below
    from pipeline.rubric import Round, Rubric


@dataclass
class FigureValue:
    """A computed figure: value (None when it cannot be computed), words, evidence."""

    value: float | bool | None
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 1.0


def vnd_words(value: float) -> str:
    """An amount in đồng, written as a reader expects: "1.250,5 tỷ đồng"."""
    if abs(value) >= 10**9:
        return f"{vnformat.decimal(value / 10**9, 1, keep_zeros=True)} tỷ đồng"
    return f"{vnformat.integer(value)} đồng"


def yearly(record: DossierRecord, name: str, year: int) -> tuple[int | None, list[Evidence], float]:
    """A yearly figure's value, evidence and confidence."""
    item = getattr(record.figures, name).get(str(year))
    if item is None or item.value is None:
        return None, [], 0.0
    return item.value, item.evidence, item.confidence


def product_revenue_latest(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Product revenue of the latest year."""
    value, evidence, conf = yearly(record, "product_revenue_vnd", rnd.latest)
    if value is None:
        return FigureValue(None, f"không có doanh thu sản phẩm năm {rnd.latest}")
    return FigureValue(value, f"doanh thu sản phẩm năm {rnd.latest}: {vnd_words(value)}", evidence, conf)


def product_revenue_growth(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Compound yearly growth of product revenue over the round years."""
    first, last = min(rnd.years), rnd.latest
    start, ev1, c1 = yearly(record, "product_revenue_vnd", first)
    end, ev2, c2 = yearly(record, "product_revenue_vnd", last)
    if start is None or end is None or start <= 0:
        return FigureValue(None, f"thiếu doanh thu sản phẩm năm {first} hoặc {last}")
    # rounded to a millionth: 144/100 over two years is 20 % growth, not 19.999999…
    growth = round((end / start) ** (1 / (last - first)) - 1, 6)
    text = (f"tăng trưởng bình quân {first}–{last}: {vnformat.percent(growth)}"
            f" ({vnd_words(start)} → {vnd_words(end)})")
    return FigureValue(growth, text, ev1 + ev2, min(c1, c2))


def enterprise_revenue_latest(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Enterprise net revenue (line 10) of the latest year."""
    value, evidence, conf = yearly(record, "enterprise_revenue_vnd", rnd.latest)
    if value is None:
        return FigureValue(None, f"không có doanh thu doanh nghiệp năm {rnd.latest} (báo cáo tài chính)")
    return FigureValue(value, f"doanh thu thuần năm {rnd.latest}: {vnd_words(value)}", evidence, conf)


def labour_productivity(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Enterprise revenue per employee."""
    revenue = enterprise_revenue_latest(record, rubric, rnd)
    staff = record.figures.employees
    if revenue.value is None or not staff.value:
        return FigureValue(None, f"thiếu doanh thu doanh nghiệp năm {rnd.latest} hoặc số lao động")
    value = round(float(revenue.value) / staff.value, 2)
    return FigureValue(value, f"{revenue.text} / {vnformat.integer(staff.value)} lao động = {vnd_words(value)}/người",
                       revenue.evidence + staff.evidence, min(revenue.confidence, staff.confidence))


def export_usd_latest(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Export turnover of the latest year, USD."""
    value, evidence, conf = yearly(record, "export_usd", rnd.latest)
    if value is None:
        return FigureValue(None, f"không kê khai kim ngạch xuất khẩu năm {rnd.latest}")
    return FigureValue(value, f"kim ngạch xuất khẩu năm {rnd.latest}: {vnformat.integer(value)} USD", evidence, conf)


def export_share(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Export (converted at the round rate) as a share of product revenue."""
    export = export_usd_latest(record, rubric, rnd)
    revenue = product_revenue_latest(record, rubric, rnd)
    rate = rubric.rate(rnd.latest)
    if export.value is None or not revenue.value or rate is None:
        missing = "tỷ giá" if rate is None else "xuất khẩu hoặc doanh thu sản phẩm"
        return FigureValue(None, f"thiếu {missing} năm {rnd.latest}")
    share = round(float(export.value) * rate / float(revenue.value), 6)
    text = (f"xuất khẩu {vnformat.integer(export.value)} USD × {vnformat.integer(rate)} đ/USD ÷ "
            f"{vnd_words(revenue.value)} = {vnformat.percent(share)}")
    return FigureValue(share, text, export.evidence + revenue.evidence, min(export.confidence, revenue.confidence))


def employees(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Number of employees."""
    staff = record.figures.employees
    if staff.value is None:
        return FigureValue(None, "không có số lao động")
    return FigureValue(staff.value, f"{vnformat.integer(staff.value)} lao động", staff.evidence, staff.confidence)


def ip_certificates(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """IP titles held in the dossier, one per number (see ``pipeline/ip_titles.py``)."""
    held = record.figures.ip_certificates
    if held.value is not None:
        return FigureValue(held.value, f"{held.value} văn bằng bảo hộ sở hữu trí tuệ trong hồ sơ"
                           + (f" ({held.note})" if held.note else ""), held.evidence, held.confidence)
    parts: list[tuple[DocumentEntry, DocumentPart | None]] = [
        (d, part) for d in record.documents if d.error is None for part in d.parts if part.kind == "ip_certificate"]
    parts += [(d, None) for d in record.documents if d.error is None and not d.parts and d.kind == "ip_certificate"]
    evidence = [Evidence(file=d.file, page=(part.first_page if part else None) or (1 if d.pages else None),
                         text=(part.title if part and part.title else "văn bằng sở hữu trí tuệ")) for d, part in parts]
    return FigureValue(len(parts), f"{len(parts)} văn bằng bảo hộ sở hữu trí tuệ trong hồ sơ", evidence)


def high_tech(record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """Whether the product is high-tech."""
    flag = record.product.high_tech
    if flag.value is None:
        return FigureValue(None, "chưa xác định sản phẩm công nghệ cao")
    text = "sản phẩm công nghệ cao" if flag.value else "không phải sản phẩm công nghệ cao"
    return FigureValue(flag.value, text + (f" ({flag.note})" if flag.note else ""), flag.evidence, flag.confidence)


@dataclass(frozen=True)
class Figure:
    """A figure a rubric may name: how it is computed and the unit its amounts are written in."""

    name: str
    compute: Callable[[DossierRecord, Rubric, Round], FigureValue]
    unit: str
    # the record values it is computed from (the worksheet marks the points resting on a doubtful one)
    inputs: Callable[[Round], list[str]]


# the one registry of figures: the rubric's loader accepts these names, the scorer computes them,
# and the basis sentences write their bounds in these units
FIGURES: dict[str, Figure] = {figure.name: figure for figure in (
    Figure("product_revenue_latest", product_revenue_latest, "đồng",
           lambda rnd: [f"figures.product_revenue_vnd.{rnd.latest}"]),
    Figure("product_revenue_growth", product_revenue_growth, "%",
           lambda rnd: [f"figures.product_revenue_vnd.{min(rnd.years)}", f"figures.product_revenue_vnd.{rnd.latest}"]),
    Figure("enterprise_revenue_latest", enterprise_revenue_latest, "đồng",
           lambda rnd: [f"figures.enterprise_revenue_vnd.{rnd.latest}"]),
    Figure("labour_productivity", labour_productivity, "đồng/người",
           lambda rnd: [f"figures.enterprise_revenue_vnd.{rnd.latest}", "figures.employees"]),
    Figure("export_usd_latest", export_usd_latest, "USD", lambda rnd: [f"figures.export_usd.{rnd.latest}"]),
    Figure("export_share", export_share, "%",
           lambda rnd: [f"figures.export_usd.{rnd.latest}", f"figures.product_revenue_vnd.{rnd.latest}"]),
    Figure("employees", employees, "người", lambda rnd: ["figures.employees"]),
    Figure("ip_certificates", ip_certificates, "văn bằng", lambda rnd: ["figures.ip_certificates"]),
    Figure("high_tech", high_tech, "", lambda rnd: ["product.high_tech"]),
)}


def compute_figure(name: str, record: DossierRecord, rubric: Rubric, rnd: Round) -> FigureValue:
    """The named figure for a record in a round."""
    return FIGURES[name].compute(record, rubric, rnd)
