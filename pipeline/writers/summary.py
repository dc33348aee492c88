"""``summary.json``: the round in figures, and the ranking of proposed products."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import __version__
from pipeline.models import DossierRecord
from pipeline.rubric import Round, Rubric
from pipeline.writers.atomic import write_text_atomic

STATUSES = ("complete", "incomplete", "ineligible", "error")


def firm_key(record: DossierRecord) -> str:
    """A firm is its tax code (branch suffix dropped), else its name, else the dossier."""
    code = record.enterprise.tax_code.value
    if code:
        return code.split("-")[0]
    return (record.enterprise.name.value or f"?{record.dossier_id}").lower()


def latest_value(items: dict, year: int) -> int:
    """A yearly figure's value for ``year`` or 0."""
    item = items.get(str(year))
    return int(item.value) if item is not None and item.value is not None else 0


def ranking(records: list[DossierRecord]) -> list[dict]:
    """Proposed products ranked by total (ties by dossier id for a stable order)."""
    proposed = sorted((r for r in records if r.proposed), key=lambda r: (-r.score.total, r.dossier_id))
    return [
        {
            "rank": index,
            "dossier_id": r.dossier_id,
            "firm": r.enterprise.name.value,
            "tax_code": r.enterprise.tax_code.value,
            "product": r.product.name.value,
            "industry_group": r.product.industry_group.value,
            "total": r.score.total,
            "top10": index <= 10,
        }
        for index, r in enumerate(proposed, start=1)
    ]


def build_summary(records: list[DossierRecord], rubric: Rubric, rnd: Round) -> dict:
    """The contract's summary: counts by status, proposed, and totals over registered/proposed."""
    year = rnd.latest
    proposed = [r for r in records if r.proposed]
    firms_by_status = {s: len({firm_key(r) for r in records if r.status == s}) for s in STATUSES}
    return {
        "round": rnd.year,
        "deadline": rnd.deadline.isoformat(),
        "latest_year": year,
        "criteria": rubric.name,
        "pipeline_version": __version__,
        "dossiers": {"total": len(records), "by_status": {s: sum(r.status == s for r in records) for s in STATUSES}},
        "firms": {"total": len({firm_key(r) for r in records}), "by_status": firms_by_status},
        "proposed": {"products": len(proposed), "firms": len({firm_key(r) for r in proposed})},
        "product_revenue_vnd": {
            "year": year,
            "registered": sum(latest_value(r.figures.product_revenue_vnd, year) for r in records),
            "proposed": sum(latest_value(r.figures.product_revenue_vnd, year) for r in proposed),
        },
        "export_usd": {
            "year": year,
            "registered": sum(latest_value(r.figures.export_usd, year) for r in records),
            "proposed": sum(latest_value(r.figures.export_usd, year) for r in proposed),
        },
        "ranking": ranking(records),
    }


def write_summary(summary: dict, out: Path) -> Path:
    """Write ``summary.json`` atomically."""
    target = out / "summary.json"
    write_text_atomic(target, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return target
