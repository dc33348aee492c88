"""samples/README.md, generated from the catalogue so that it always matches the files."""

from __future__ import annotations

from .model import GROUPS, Dossier

INTRO = """# Synthetic SPCNCL dossiers (round 2026)

Test data for the spcncl pipeline: {n} dossiers that fictional firms might send to Hà Nội's Department of
Industry and Trade for the 2026 round of *sản phẩm công nghiệp chủ lực* (figures for 2023–2025, submission
deadline 2026-09-30), with the expected result of each (`truth/`). Every firm, person, tax code, certificate
number and figure is invented; tax codes carry a valid check digit (`stdnum.vn.mst`) unless stated. The
documents imitate real Vietnamese papers (layouts studied on `/work/shared/realdocs`): national motto header,
`Đơn vị tính`, B02-DN line codes, round company seals, old (quận/huyện) and post-2025 (phường/xã … Thành phố
Hà Nội) addresses. File names are what firms type — with and without diacritics, sometimes useless
(`scan0003.pdf`) or misleading — so kinds must be recognised from content.

Everything here is written by `samples/generate.py` (modules in `samples/gen/`); do not edit by hand.

## Regenerate and check

```
.venv/bin/python -m samples.generate            # rewrites samples/inbox, samples/truth, samples/README.md
.venv/bin/python -m samples.generate --check    # regenerate into a temp dir, compare; exit 1 if different
```

A full run takes about 30 s on two cores (dossiers are built in parallel worker processes; each file has its
own seed, so the result does not depend on scheduling). Needs reportlab, python-docx, openpyxl, pypdfium2,
Pillow, numpy, python-stdnum, **fontTools** (strips font hinting so that embedded subsets stay small) and
LibreOffice (`soffice`, only for the `.doc`/`.xls` files); fonts from `/usr/share/fonts/truetype/liberation2`
(Liberation 2.x has all Vietnamese letters; the 1.07 set in `liberation/` does not) and
`/usr/share/fonts/truetype/dejavu`.

All randomness is seeded (`random.Random` per file, numpy `default_rng` for noise), nothing reads the clock:
reportlab runs with `invariant=1`, DOCX/XLSX core-property dates are pinned and every zip container
(docx/xlsx/dossier zip) is rewritten with fixed timestamps and sorted entries. Output is byte-identical for
the same library builds (fontTools, reportlab, pdfium, Pillow/libjpeg, zlib). **Not byte-reproducible:** the
`.doc`/`.xls` files converted by LibreOffice (`soffice --headless --convert-to doc|xls` with a throw-away
profile). The same LibreOffice build has so far written identical bytes, but nothing guarantees it, so
`--check` compares those two files by content when their bytes differ (text of the `.doc`, cell values of
the `.xls`, both extracted through LibreOffice) and everything else byte for byte.

## Layout

```
inbox/<dossier_id>/…            one folder per dossier (sub-folders as the firm made them)
inbox/<dossier_id>.zip          a dossier delivered as one archive
truth/<dossier_id>.json         expected record (format below)
truth/pages/<dossier_id>/<path with / → __>.p<N>.txt   text drawn on each scanned/photographed page
```
"""

TRUTH_FORMAT = """## Truth format

`truth/<dossier_id>.json`: `dossier_id`; `variant` (`born_digital`, `scanned` when every readable file is a
page image, `mixed`); `enterprise` {`name`, `tax_code` (from the business registration), `address` (head
office as written on the form), `factory_address`}; `product` {`name`, `industry_group` (contract code),
`high_tech` (a valid high-tech certificate is in the dossier)}; `figures` {`product_revenue_vnd` and
`export_usd` per year as declared on the form, `enterprise_revenue_vnd` = line 10 of the statements in whole
VND for the years they cover (a year not covered is simply not a key), `employees`}; `certificates` (every
readable quality certificate: `standard`, `number`, `issuer`, `holder` as printed, `issued`, `expires`,
`valid` = issued ≤ 2026-09-30 ≤ expires and held by the firm); `ip_certificates` (IP documents in the
dossier); `prerequisites` {`in_hanoi`, `legal_registration`, `revenue_floor`, `compliance_commitment`:
true/false/null}; `criteria` A1…E1 per the provisional rubric of `DOMAIN.md`; `total`; `status`; `proposed`
(complete and total > 70); `missing_evidence` [{`code`, `reason`}]; `documents` [{`file`, `kind` (`other`
when unreadable), `readable`, `scanned`, `pages` (null for Word/Excel and unreadable files)}]. Values absent
from the dossier are `null` (or missing year keys). The oracle is `samples/gen/truth.py`, written from the
rubric independently of the pipeline; it decides thresholds with integer arithmetic (growth: last ≥ first ×
1.21 for 10 %, and so on).

Scores rest on evidence: B1/B2 need the 2025 export evidence, A3 the 2025 statement, C2 counts IP documents,
D1–D3 need a valid certificate held by the firm; A1/A2/E1 use the form. Page texts in `truth/pages/` are the
lines the generator drew (table rows joined by spaces, reading order top to bottom): everything printed,
including e-signature boxes and page numbers, but not the seals and handwritten signatures added by the
scanner step (a seal's ring text may show up in OCR output and is noise).
"""

TRAPS = """## Traps built in (what the extractors must get right)

- Units: `tỷ đồng` with one or two decimals (`2.215,75`), `triệu đồng`, whole `đồng`; statements in `VND`,
  `đồng` or `triệu đồng`; `-` or blank for zero; negatives in parentheses; one xlsx stores numbers as English
  text (`1,234,567`), one as Vietnamese text (`1.234.567`).
- Years as columns, as rows, or in sentences; statement columns `Năm nay/Năm trước` or `Năm 2025/Năm 2024`;
  TT133 statements (B02-DNN) where line 24 replaces 25/26.
- Distractors next to the figures: enterprise gross revenue (line 01, rounded) and profit rows on the form,
  charter capital, a VND equivalent of the export, the product description's rounded "khoảng" figures, the
  "Hồ sơ kèm theo" list that names documents whether or not they were sent.
- HN2026-003 holds an expired ISO 22000 next to its valid renewal (no missing evidence); HN2026-009's ISO
  14001 expires the day before the deadline; HN2026-003's renewal expires four days after it.
- HN2026-005 totals exactly 70 (not proposed); HN2026-004 and HN2026-019 total 71 (proposed).
- HN2026-007: product revenue exactly 500 tỷ (A1 = 16) and export exactly 5.000.000 USD (B1 = 6).
- HN2026-013 has a Hà Nội sales office and a tax code starting with 01 but head office and factory outside.
- HN2026-014's enterprise revenue (134 tỷ) is above the floor, its product revenue (78,63 tỷ) below.
- Holders printed in English (HN2026-001) or as the parent company (HN2026-012); certificate dates as
  `March 12, 2024`, `20.11.2023`, `2024-09-10`, `ngày 12 tháng 03 năm 2024`, `15 January 2025`, `19/8/2024`,
  `22-07-2024`.
- File names: useless (`scan0003.pdf`, `tai lieu.docx`, `ISO.pdf`), misleading (HN2026-009's `08. ISO
  14001.pdf` holds the ISO 9001 certificate and vice versa), decomposed Unicode (NFD) inside HN2026-019's zip.
- Two tax letters in one dossier (HN2026-012, HN2026-019), issued under the pre-2025 and post-2025 tax
  administration names.
- Business-registration addresses in the pre-2025 style while the form uses the new one.
"""


LANG = {"en": "English", "bi": "bilingual", "vi": "Vietnamese"}
ENV = {
    "gpmt": "environmental permit (GPMT)",
    "dtm": "EIA approval decision (ĐTM)",
    "dkmt": "environmental registration certificate",
}


def describe(d: Dossier, doc) -> str:
    """A short description of what a generated document looks like (its variant)."""
    o, k = doc.opts, doc.kind
    if k == "registration_form":
        f = d.form
        dec = f" with {f.decimals} decimal(s)" if f.decimals else ""
        return f"form, figures as {f.layout}, unit {f.unit}{dec}, industry group as {f.group_style}"
    if k == "business_registration":
        style = "in the pre-2025 style" if d.firm.address_gcn else "as on the form"
        return f"registration certificate, head-office address {style}"
    if k == "tax_compliance":
        return "tax letter" + ("" if o.get("esign", True) else " without e-signature box")
    if k == "environmental_compliance":
        return ENV[o.get("env_type", "gpmt")]
    if k == "commitment":
        return "report and commitment" if o.get("report") else "signed commitment"
    if k == "financial_statement":
        form = "B02-DNN (TT133)" if o.get("tt") == "133" else "B02-DN (TT200)"
        if doc.fmt in ("xlsx", "xls"):
            return f"statement FY{doc.ref[2:]}, {form}, numbers stored as {o.get('numbers', 'num')}"
        return f"statement FY{doc.ref[2:]}, {form}, pages: {o.get('variant', 'kqkd')}"
    if k == "quality_certificate":
        c = d.cert(doc.ref)
        return f"{c.edition}, {c.issuer}, {LANG[c.lang]} wording, dates '{c.date_style}'"
    if k == "ip_certificate":
        ip = d.ip[int(doc.ref)]
        return f"IP title {ip.number} ({ip.kind})"
    if k == "high_tech_certificate":
        return f"high-tech product certificate {d.hightech.number if d.hightech else ''}"
    if k == "export_evidence":
        total = f"{d.fig.export[int(doc.ref)]:,}".replace(",", ".")
        return f"customs export list {doc.ref}, total {total} USD"
    return "product description with rounded figures"


def _criteria(t: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in t["criteria"].items())


def render_readme(dossiers: list[Dossier], truths: dict[str, dict], produced: dict) -> str:
    """The README text."""
    out = [
        INTRO.format(n=len(dossiers)),
        "## Dossiers\n",
        "| id | firm | industry group | variant | delivery | status | proposed | total | exercises |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in dossiers:
        t = truths[d.id]
        out.append(
            f"| {d.id} | {d.firm.name} | {GROUPS[d.product.group]} | {t['variant']} | {d.delivery} | "
            f"{t['status']} | {'yes' if t['proposed'] else 'no'} | {t['total']} | {d.outcome} |"
        )
    out += ["", TRUTH_FORMAT, TRAPS, "## Files, one dossier at a time\n"]
    for d in dossiers:
        t = truths[d.id]
        f = d.firm
        out.append(f"### {d.id} — {d.title}\n")
        out.append(
            f"{f.name} (MST {f.tax_code}), product “{d.product.name}”. Status **{t['status']}**"
            f"{', proposed' if t['proposed'] else ''}. Exercises: {d.outcome}."
        )
        out.append(f"Criteria: {_criteria(t)} → total {t['total']}.")
        if t["missing_evidence"]:
            out.append(
                "Missing evidence: "
                + "; ".join(f"`{m['code']}` ({m['reason']})" for m in t["missing_evidence"])
                + "."
            )
        failed = [k for k, v in t["prerequisites"].items() if v is not True]
        if failed:
            out.append(
                "Prerequisites not passed: "
                + ", ".join(f"`{k}` = {t['prerequisites'][k]}" for k in failed)
                + "."
            )
        for code in d.invalid_tax_codes:
            out.append(f"Deliberately invalid tax code in the documents: `{code}`.")
        if d.delivery == "zip":
            out.append(f"Delivered as `inbox/{d.id}.zip`; paths below are inside the archive.")
        out += ["", "| file | kind | how it was produced | what it is, why |", "|---|---|---|---|"]
        for doc in d.docs:
            p = produced[d.id][doc.path]
            kind = doc.kind if doc.readable else f"{doc.kind} (unreadable → other)"
            what = describe(d, doc) + (f"; {doc.purpose}" if doc.purpose else "")
            out.append(f"| `{doc.path}` | {kind} | {p.how} | {what} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
