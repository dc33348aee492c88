"""Compare records with ground truth: accuracy per field family, and every mismatch.

Ground truth is ``<truth>/<dossier_id>.json`` as the sample generator writes it. A value is
right when it equals the truth after normalising whitespace and Unicode; a wrong value with
a confidence at or above the review threshold is "wrong but confident" — the worst failure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from extractors import vnformat
from pipeline.models import DossierRecord, Field

FAMILIES = ("identity", "product", "figures", "certificates", "decisions")


@dataclass
class Check:
    """One compared value."""

    dossier: str
    family: str
    name: str
    expected: object
    actual: object
    confidence: float | None

    @property
    def ok(self) -> bool:
        """Whether the actual value equals the expected one."""
        return normal(self.expected) == normal(self.actual)


@dataclass
class Report:
    """All checks of an evaluation and their summary."""

    checks: list[Check] = field(default_factory=list)
    threshold: float = 0.8

    def accuracy(self, family: str | None = None, variant: str | None = None,
                 variants: dict[str, str] | None = None) -> tuple[int, int]:
        """(right, total) for a family and/or a sample variant."""
        chosen = [c for c in self.checks if (family is None or c.family == family)
                  and (variant is None or (variants or {}).get(c.dossier) == variant)]
        return sum(c.ok for c in chosen), len(chosen)

    @property
    def wrong_but_confident(self) -> list[Check]:
        """Wrong values that would not have been sent to a reviewer."""
        return [c for c in self.checks if not c.ok and c.confidence is not None and c.actual is not None
                and c.confidence >= self.threshold]

    def calibration(self, edges: tuple[float, ...] = (0.0, 0.5, 0.8, 0.9, 0.95, 1.01)) -> list[tuple[str, int, int]]:
        """(confidence band, values, right) — is a 0.9 value right nine times in ten or more?"""
        rows = []
        scored = [c for c in self.checks if c.confidence is not None and c.actual is not None]
        for low, high in pairwise(edges):
            band = [c for c in scored if low <= (c.confidence or 0.0) < high]
            edge_words = (vnformat.decimal(edge, 2, keep_zeros=True) for edge in (low, min(high, 1.0)))
            rows.append(("–".join(edge_words), len(band), sum(c.ok for c in band)))
        return rows

    @property
    def mismatches(self) -> list[Check]:
        """Every wrong value."""
        return [c for c in self.checks if not c.ok]


def normal(value: object) -> object:
    """Values compared without Unicode-form, case or spacing differences."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip().casefold()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return sorted(normal(v) for v in value)  # type: ignore[type-var]
    return value


def field_check(dossier: str, family: str, name: str, expected: object, actual: Field | None) -> Check:
    """A check of a record field against its expected value."""
    return Check(dossier, family, name, expected, actual.value if actual else None,
                 actual.confidence if actual else None)


def compare(record: DossierRecord, truth: dict) -> list[Check]:
    """Every comparable value of one dossier."""
    d = record.dossier_id
    checks: list[Check] = []
    if truth.get("status") == "error":
        return [Check(d, "decisions", "status", "error", record.status, None)]
    enterprise = truth.get("enterprise", {})
    for key in ("name", "tax_code", "address", "factory_address"):
        if enterprise.get(key) is not None:
            checks.append(field_check(d, "identity", f"enterprise.{key}", enterprise[key],
                                      getattr(record.enterprise, key)))
    product = truth.get("product", {})
    for key in ("name", "industry_group", "high_tech"):
        if product.get(key) is not None:
            checks.append(field_check(d, "product", f"product.{key}", product[key], getattr(record.product, key)))
    figures = truth.get("figures", {})
    for key in ("product_revenue_vnd", "enterprise_revenue_vnd", "export_usd"):
        for year, value in (figures.get(key) or {}).items():
            if value is not None:
                checks.append(field_check(d, "figures", f"{key}.{year}", value,
                                          getattr(record.figures, key).get(year)))
    if figures.get("employees") is not None:
        checks.append(field_check(d, "figures", "employees", figures["employees"], record.figures.employees))
    checks.extend(compare_certificates(record, truth.get("certificates", [])))
    checks.append(Check(d, "decisions", "status", truth["status"], record.status, None))
    checks.append(Check(d, "decisions", "proposed", truth["proposed"], record.proposed, None))
    if truth.get("total") is not None:
        checks.append(Check(d, "decisions", "total", truth["total"], record.score.total, None))
    points = {c.id: c.points for c in record.score.criteria}
    for cid, value in (truth.get("criteria") or {}).items():
        checks.append(Check(d, "decisions", f"criterion.{cid}", value, points.get(cid), None))
    expected_missing = sorted(f"{m['code']}|{m['reason']}" for m in truth.get("missing_evidence", []))
    actual_missing = sorted(f"{m.code}|{m.reason}" for m in record.missing_evidence)
    checks.append(Check(d, "decisions", "missing_evidence", expected_missing, actual_missing, None))
    for key, value in (truth.get("prerequisites") or {}).items():
        actual = next((p.passed for p in record.prerequisites if p.id == key), None)
        checks.append(Check(d, "decisions", f"prerequisite.{key}", value, actual, None))
    return checks


def compare_certificates(record: DossierRecord, expected: list[dict]) -> list[Check]:
    """Certificates matched by standard (and number when several share a standard)."""
    checks = []
    remaining = list(record.certificates)
    for cert in expected:
        same = [c for c in remaining if c.standard == cert["standard"]]
        match = next((c for c in same if normal(c.number) == normal(cert.get("number"))), same[0] if same else None)
        if match is not None:
            remaining.remove(match)
        for key in ("standard", "number", "issuer", "holder", "issued", "expires", "valid"):
            if key in cert and cert[key] is not None:
                actual = getattr(match, key) if match else None
                checks.append(Check(record.dossier_id, "certificates", f"certificate[{cert['standard']}].{key}",
                                    cert[key], actual, match.confidence if match else None))
    return checks


SCANNED_FORMATS = ("scan", "photo", "jpg", "jpeg", "png", "tif", "tiff", "image")


def normalise_truth(truth: dict) -> dict:
    """Truth in the samples' shape, whichever hand wrote it: the foreign set keeps the total and the
    points under ``score`` and says how each file was made in ``_about`` (its scorer,
    ``../shared/foreign/eval.py``, stays the reference for that set's own summary line)."""
    if "score" not in truth or "total" in truth:
        return truth
    out = dict(truth)
    out["total"] = truth["score"].get("total")
    out["criteria"] = truth["score"].get("criteria") or {}
    files = [f for f in (truth.get("_about") or {}).get("files", []) if f.get("readable", True)]
    scanned = [f for f in files if any(word in str(f.get("fmt", "")).lower() for word in SCANNED_FORMATS)]
    out["variant"] = ("born_digital" if not scanned else "scanned" if len(scanned) == len(files) else "mixed")
    return out


def evaluate(records: list[DossierRecord], truth_dir: Path, threshold: float) -> tuple[Report, dict[str, str]]:
    """Compare every record that has a truth file; also return each dossier's variant."""
    report = Report(threshold=threshold)
    variants: dict[str, str] = {}
    for record in records:
        path = truth_dir / f"{record.dossier_id}.json"
        if not path.is_file():
            continue
        truth = normalise_truth(json.loads(path.read_text(encoding="utf-8")))
        variants[record.dossier_id] = truth.get("variant", "born_digital")
        report.checks.extend(compare(record, truth))
    return report, variants
