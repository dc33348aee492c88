"""``summary.json``: the round in figures, and the ranking of proposed products.

The contract's keys (counts of dossiers and firms by status, proposed products and firms,
latest-year product revenue in VND and export in USD over registered and proposed products)
come first; the rest — amounts in words, counts per industry group, letters drafted, reviewers'
corrections, the ranking of proposed products with its Top 10 and the totals within the pass rule's
margin of the mark (``borderline``), every dossier not proposed with its reasons — is the project's own.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractors import vnformat
from pipeline import __version__
from pipeline.models import DossierRecord
from pipeline.overrides import Overrides, active_points, active_values
from pipeline.rubric import PassRule, Round, Rubric
from pipeline.writers.atomic import write_text_atomic
from pipeline.writers.labels import not_proposed_reasons
from pipeline.writers.letter_items import needs_letter

STATUSES = ("complete", "incomplete", "ineligible", "error")
SCALES = ((10**12, "nghìn tỷ"), (10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))


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


def amount_words(value: float, unit: str = "đồng") -> str:
    """An amount as a reader writes it: 76,8e12 → "76,8 nghìn tỷ đồng", 5,5e8 → "550 triệu USD"."""
    if value == 0:
        return f"0 {unit}"
    for index, (scale, word) in enumerate(SCALES):
        if abs(value) < scale:
            continue
        number = round(value / scale, 1)
        if abs(number) >= 1000 and index > 0:  # 999,96 tỷ rounds to 1.000 tỷ: say 1 nghìn tỷ
            scale, word = SCALES[index - 1]
            number = round(value / scale, 1)
        return f"{vnformat.decimal(number)} {word} {unit}"
    return f"{vnformat.integer(value)} {unit}"


def ranking(records: list[DossierRecord], top: int, rule: PassRule | None = None) -> list[dict]:
    """Proposed products by total, best first. Equal totals share a rank (1, 1, 3 …) and are
    flagged ``tied``; the Top ``top`` (the pass rule's ``ranking_top``) are those ranked ``top`` or
    better (more on a tie) — only ever proposed products. The summary's key stays ``top10`` (the
    contract's name); ``borderline`` marks a total within the pass rule's margin of its mark."""
    proposed = sorted((r for r in records if r.proposed), key=lambda r: (-r.score.total, r.dossier_id))
    totals = [r.score.total for r in proposed]
    items = []
    for position, r in enumerate(proposed, start=1):
        rank = 1 + sum(t > r.score.total for t in totals)
        items.append({
            "rank": rank,
            "position": position,
            "dossier_id": r.dossier_id,
            "firm": r.enterprise.name.value,
            "tax_code": r.enterprise.tax_code.value,
            "product": r.product.name.value,
            "industry_group": r.product.industry_group.value,
            "total": r.score.total,
            "tied": totals.count(r.score.total) > 1,
            "top10": rank <= top,
            "borderline": bool(rule and rule.borderline(r.score.total)),
        })
    return items


STATUS_ORDER = ("complete", "ineligible", "incomplete", "error")


def not_proposed(records: list[DossierRecord], rubric: Rubric) -> list[dict]:
    """Every dossier not proposed — ineligible, incomplete, unreadable, or complete under the mark —
    with the reasons, for the report's annex."""
    left = sorted((r for r in records if not r.proposed),
                  key=lambda r: (STATUS_ORDER.index(r.status), -r.score.total, r.dossier_id))
    return [{"dossier_id": r.dossier_id, "firm": r.enterprise.name.value, "product": r.product.name.value,
             "status": r.status, "total": r.score.total, "reasons": not_proposed_reasons(r, rubric)} for r in left]


def reviews(records: list[DossierRecord], overrides: Overrides | None, problems: list[str] | None) -> dict:
    """Reviewers' corrections in force, entries ever made, and cells that could not be used."""
    overrides = overrides or Overrides()
    ids = {r.dossier_id for r in records}
    values = points = manual = 0
    for dossier_id, entries in overrides.dossiers.items():
        if dossier_id not in ids:
            continue
        values += len(active_values(entries))
        in_force = active_points(entries).values()
        points += sum(not e.manual for e in in_force)
        manual += sum(e.manual for e in in_force)
    return {"entries": len(overrides.entries()), "values_in_force": values, "points_in_force": points,
            "manual_points": manual, "problems": list(problems or [])}


def build_summary(records: list[DossierRecord], rubric: Rubric, rnd: Round, overrides: Overrides | None = None,
                  problems: list[str] | None = None) -> dict:
    """The contract's summary and the project's additions."""
    year = rnd.latest
    proposed = [r for r in records if r.proposed]
    firms_by_status = {s: len({firm_key(r) for r in records if r.status == s}) for s in STATUSES}
    revenue = {"registered": sum(latest_value(r.figures.product_revenue_vnd, year) for r in records),
               "proposed": sum(latest_value(r.figures.product_revenue_vnd, year) for r in proposed)}
    export = {"registered": sum(latest_value(r.figures.export_usd, year) for r in records),
              "proposed": sum(latest_value(r.figures.export_usd, year) for r in proposed)}
    groups = []
    for group in rubric.industry_groups:
        members = [r for r in records if r.product.industry_group.value == group.code]
        if members:
            groups.append({"code": group.code, "name": group.name, "registered": len(members),
                           "proposed": sum(r.proposed for r in members)})
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
            "year": year, **revenue,
            "registered_words": amount_words(revenue["registered"]),
            "proposed_words": amount_words(revenue["proposed"]),
        },
        "export_usd": {
            "year": year, **export,
            "registered_words": amount_words(export["registered"], "USD"),
            "proposed_words": amount_words(export["proposed"], "USD"),
        },
        "pass_rule": {"min_total": rubric.pass_rule.min_total, "inclusive": rubric.pass_rule.inclusive,
                      "borderline_margin": rubric.pass_rule.borderline_margin},
        "letters": sum(needs_letter(r) for r in records),
        "by_industry_group": groups,
        "reviews": reviews(records, overrides, problems),
        "ranking": ranking(records, rubric.pass_rule.ranking_top, rubric.pass_rule),
        "not_proposed": not_proposed(records, rubric),
    }


def write_summary(summary: dict, out: Path) -> Path:
    """Write ``summary.json`` atomically."""
    target = out / "summary.json"
    write_text_atomic(target, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return target
