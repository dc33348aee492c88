"""The oracle: ground truth of a dossier, computed from its specification with the provisional rubric.

Independent of the pipeline. Integer arithmetic throughout, so thresholds ("≥ 10 %", "≥ 2 tỷ/person",
"≥ 20 % export share") are decided exactly.
"""

from __future__ import annotations

import os
import unicodedata

from .model import REQUIRED_KINDS, Dossier
from .util import DEADLINE, USD_RATE, YEARS

MAX = {"A1": 20, "A2": 15, "A3": 10, "B1": 8, "B2": 7, "C1": 10, "C2": 6, "D1": 8, "D2": 6, "D3": 4, "E1": 6}
D_STANDARDS = {"D1": "ISO 9001", "D2": "ISO 14001", "D3": "ISO 22000"}
PASS_OVER = 70
TY = 10**9


def _claimed_standard(edition: str) -> str:
    for std in ("ISO 9001", "ISO 14001", "ISO 22000", "ISO 45001", "HACCP"):
        if std in edition:
            return std
    return "other"


def score_a1(rev: int | None) -> int:
    """Product revenue of the latest year."""
    if rev is None:
        return 0
    for floor, pts in ((1000 * TY, 20), (500 * TY, 16), (200 * TY, 12), (100 * TY, 8), (10 * TY, 4)):
        if rev >= floor:
            return pts
    return 0


def score_a2(first: int | None, last: int | None) -> int:
    """Compound growth over two years: (last/first)^(1/2) - 1 ≥ g  ⇔  last ≥ first·(1+g)²."""
    if not first or last is None:
        return 0
    for num, den, pts in ((144, 100, 15), (121, 100, 11), (11025, 10000, 7), (1, 1, 3)):
        if last * den >= first * num:
            return pts
    return 0


def score_a3(enterprise: int | None, employees: int | None) -> int:
    """Labour productivity: line-10 revenue ÷ employees."""
    if not enterprise or not employees:
        return 0
    for per_head, pts in ((5 * TY, 10), (2 * TY, 7), (1 * TY, 4)):
        if enterprise >= per_head * employees:
            return pts
    return 1 if enterprise > 0 else 0


def score_b1(usd: int | None) -> int:
    """Export turnover of the latest year."""
    if not usd:
        return 0
    for floor, pts in ((20_000_000, 8), (5_000_000, 6), (1_000_000, 4)):
        if usd >= floor:
            return pts
    return 2


def score_b2(usd: int | None, rev: int | None, rate: int) -> int:
    """Export share of product revenue, USD converted at the year's rate."""
    if not usd or not rev:
        return 0
    vnd = usd * rate
    for mult, pts in ((2, 7), (5, 5), (20, 3)):
        if vnd * mult >= rev:
            return pts
    return 1


def score_e1(employees: int | None) -> int:
    """Number of employees."""
    if not employees:
        return 0
    for floor, pts in ((1000, 6), (300, 4), (100, 2)):
        if employees >= floor:
            return pts
    return 1


def compute_truth(d: Dossier, pages: dict[str, int | None]) -> dict:
    """The truth record of dossier `d`; `pages` maps each file to its page count (None when not paged)."""
    ok = [doc for doc in d.docs if doc.readable]
    kinds = {doc.kind for doc in ok}
    has_form = "registration_form" in kinds
    latest = max(YEARS)
    error = not ok

    fs_years: set[int] = set()
    for doc in ok:
        if doc.kind == "financial_statement":
            y = int(doc.ref[2:])
            fs_years |= {y} | ({y - 1} if y - 1 in d.fig.net else set())
    enterprise_rev = {str(y): d.fig.net[y] for y in YEARS if y in fs_years}

    certs = []
    for doc in ok:
        if doc.kind == "quality_certificate":
            c = d.cert(doc.ref)
            valid = c.issued <= DEADLINE <= c.expires and c.is_firm
            certs.append(
                {
                    "standard": c.standard,
                    "number": c.number,
                    "issuer": c.issuer,
                    "holder": c.holder,
                    "issued": c.issued.isoformat(),
                    "expires": c.expires.isoformat(),
                    "valid": valid,
                }
            )
    ht_valid = (
        any(doc.kind == "high_tech_certificate" for doc in ok)
        and d.hightech is not None
        and (d.hightech.issued <= DEADLINE <= d.hightech.expires)
    )
    ip_count = sum(1 for doc in ok if doc.kind == "ip_certificate")
    export_evidence = {int(doc.ref) for doc in ok if doc.kind == "export_evidence"}

    rev = d.fig.product if has_form else {}
    exp = d.fig.export if has_form else {}
    employees = d.fig.employees if has_form else None
    usd25 = exp.get(latest)
    usd_scored = usd25 if latest in export_evidence else 0
    crit = {
        "A1": score_a1(rev.get(latest)),
        "A2": score_a2(rev.get(min(YEARS)), rev.get(latest)),
        "A3": score_a3(d.fig.net[latest] if str(latest) in enterprise_rev else None, employees),
        "B1": score_b1(usd_scored),
        "B2": score_b2(usd_scored, rev.get(latest), USD_RATE[latest]),
        "C1": 10 if ht_valid else 0,
        "C2": 6 if ip_count >= 2 else 4 if ip_count == 1 else 0,
    }
    for cid, std in D_STANDARDS.items():
        crit[cid] = MAX[cid] if any(c["valid"] and c["standard"] == std for c in certs) else 0
    crit["E1"] = score_e1(employees)
    total = sum(crit.values())

    # a required document the firm sent unusable is asked for as that document, once (not also as
    # "a file that could not be read") — when its file's name says what it is; otherwise a reader
    # cannot know which document a broken file was
    unusable = {doc.kind: doc for doc in d.docs if not doc.readable and _name_says(doc.path, doc.kind)}
    missing = [{"code": k, "reason": "unreadable" if k in unusable else "absent"}
               for k in REQUIRED_KINDS if k not in kinds]
    missing += [{"code": f"financial_statement:{y}", "reason": "absent"} for y in YEARS if y not in fs_years]
    claimed = [_claimed_standard(e) for e in d.form.claimed] if has_form else []
    supplied = [c["standard"] for c in certs]
    for std in dict.fromkeys(claimed + supplied):
        mine = [c for c in certs if c["standard"] == std]
        if not mine:
            missing.append({"code": f"quality_certificate:{std}", "reason": "absent"})
        elif not any(c["valid"] for c in mine):
            foreign = any(
                not d.cert(doc.ref).is_firm
                for doc in ok
                if doc.kind == "quality_certificate" and d.cert(doc.ref).standard == std
            )
            missing.append(
                {"code": f"quality_certificate:{std}", "reason": "mismatch" if foreign else "expired"}
            )
    if (
        has_form
        and "business_registration" in kinds
        and d.form.tax_code
        and d.form.tax_code != d.firm.tax_code
    ):
        missing.append({"code": "business_registration", "reason": "mismatch"})
    if usd25 and latest not in export_evidence:
        missing.append({"code": f"export_evidence:{latest}", "reason": "absent"})
    merged = {doc.path for kind, doc in unusable.items() if kind in REQUIRED_KINDS and kind not in kinds}
    missing += [{"code": f"other:{doc.path}", "reason": "unreadable"} for doc in d.docs
                if not doc.readable and doc.path not in merged]

    is_ht = d.product.group != "thu_cong_my_nghe" and ht_valid
    if not has_form:
        floor = None
    elif is_ht:
        floor = rev[latest] >= 10 * TY
    elif d.product.group == "thu_cong_my_nghe":
        floor = exp[latest] >= 1_000_000
    else:
        floor = rev[latest] >= 100 * TY
    prereq = {
        "in_hanoi": None if error else bool(d.firm.hq_hanoi or (has_form and d.firm.factory_hanoi)),
        # a readable business registration certificate (its tax code valid); undecidable when the
        # form states another code
        "legal_registration": (None if has_form and d.form.tax_code and d.form.tax_code != d.firm.tax_code
                               else "business_registration" in kinds),
        "revenue_floor": floor,
        "compliance_commitment": "commitment" in kinds,
    }
    if error:
        status = "error"
    elif missing:
        status = "incomplete"
    elif not all(prereq.values()):
        status = "ineligible"
    else:
        status = "complete"

    name_known = has_form or "business_registration" in kinds
    f = d.firm
    truth = {
        "dossier_id": d.id,
        "variant": _variant(d),
        "enterprise": {
            "name": f.name if name_known else None,
            "tax_code": f.tax_code if name_known else None,
            "address": (f.address if has_form else f.address_gcn or f.address) if name_known else None,
            "factory_address": f.factory if has_form else None,
        },
        "product": {
            "name": d.product.name if has_form else None,
            "industry_group": d.product.group if has_form else None,
            "high_tech": None if error else ht_valid,
        },
        "figures": {
            "product_revenue_vnd": {str(y): rev[y] for y in YEARS if y in rev},
            "enterprise_revenue_vnd": enterprise_rev,
            "export_usd": {str(y): exp[y] for y in YEARS if y in exp},
            "employees": employees,
        },
        "certificates": certs,
        "ip_certificates": ip_count,
        "prerequisites": prereq,
        "criteria": crit,
        "total": total,
        "status": status,
        "proposed": status == "complete" and total > PASS_OVER,
        "missing_evidence": missing,
        "documents": [
            {
                "file": doc.path,
                "kind": doc.kind if doc.readable else "other",
                "readable": doc.readable,
                "scanned": doc.scanned,
                "pages": pages.get(doc.path),
            }
            for doc in d.docs
        ],
    }
    return truth


NAME_WORDS = {
    "registration_form": ("phieu dang ky", "don dang ky"),
    "business_registration": ("dkdn", "dang ky doanh nghiep", "dang ky kinh doanh"),
    "tax_compliance": ("thue",),
    "environmental_compliance": ("moi truong", "gpmt", "dtm"),
    "commitment": ("cam ket",),
    "financial_statement": ("bctc", "bao cao tai chinh"),
}


def _name_says(path: str, kind: str) -> bool:
    """Whether a file's name says which document it is ("Cam ket.docx" → commitment)."""
    stem = unicodedata.normalize("NFD", os.path.basename(path).lower().replace("đ", "d"))
    stem = "".join(c for c in stem if not unicodedata.combining(c)).replace("_", " ")
    return any(word in stem for word in NAME_WORDS.get(kind, ()))


def _variant(d: Dossier) -> str:
    ok = [doc for doc in d.docs if doc.readable]
    scanned = [doc for doc in ok if doc.scanned]
    if not scanned:
        return "born_digital"
    return "scanned" if len(scanned) == len(ok) else "mixed"
