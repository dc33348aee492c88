"""Disagreements the firm must explain, each blamed on the document that holds it.

A tax code mistyped on the registration form is the form's error, not the registration
certificate's: the letter names the form and what it says, beside the code the certificate
(the authority for the firm's identity) gives. Every document that disagrees on the tax code is
named in one item: one thing to put right, one line of the letter.
"""

from __future__ import annotations

import re

from pipeline.assemble import disagreeing
from pipeline.decisions import kind_name, missing
from pipeline.models import DossierRecord, Finding, MissingEvidence

# the item's code for any tax-code disagreement: what is at stake is the firm's registration
TAX_CODE_ITEM = "business_registration"
AUTHORITY = "business_registration"
QUOTED = re.compile(r"«([^»]*)»")


def mismatch_items(findings: list[Finding], record: DossierRecord | None = None,
                   you: str = "doanh nghiệp") -> list[MissingEvidence]:
    """Disagreements the firm must explain: the tax code across documents, certificate holders."""
    items = []
    tax = tax_code_item(findings, record, you)
    if tax is not None:
        items.append(tax)
    for finding in findings:
        if finding.code.startswith("certificate_holder_mismatch:"):
            standard = finding.code.split(":", 1)[1]
            items.append(missing(f"quality_certificate:{standard}", "mismatch", finding.message.rstrip(" ."), you))
    return items


def tax_code_item(findings: list[Finding], record: DossierRecord | None, you: str) -> MissingEvidence | None:
    """One item for every document whose tax code disagrees with the registration certificate's
    (or is not even a valid code on the form), naming each document and what it says."""
    wrong: dict[str, list[str]] = {}  # kind → what it says
    authority: str | None = registered_code(record)
    others: list[tuple[str, str]] = []  # disagreements without the certificate: nobody to blame
    for finding in findings:
        if finding.code == "invalid_tax_code:registration_form":
            quoted = QUOTED.search(finding.message)
            said = f"«{quoted.group(1)}» không hợp lệ (sai chữ số kiểm tra)" if quoted else "không hợp lệ"
            wrong.setdefault("registration_form", []).append(said)
        elif finding.code == "disagreement:enterprise.tax_code":
            parsed = disagreeing(finding)
            if parsed is None:
                continue
            kind_a, a, kind_b, b = parsed
            if kind_a == AUTHORITY:
                authority = authority or a
                wrong.setdefault(kind_b, []).append(f"«{b}»")
            else:
                others += [(kind_a, a), (kind_b, b)]
    if not wrong and not others:
        return None
    if wrong:
        named = "; ".join(f"{kind_name(kind)} ghi mã số thuế {', '.join(dict.fromkeys(said))}"
                          for kind, said in wrong.items())
        against = f", khác mã số doanh nghiệp «{authority}» trên {kind_name(AUTHORITY)}" if authority else ""
        message = f"{named}{against}. Đề nghị {you} kiểm tra, sửa lại cho đúng hoặc giải trình."
    else:
        named = ", ".join(f"{kind_name(kind)} ghi «{value}»" for kind, value in dict.fromkeys(others))
        message = (f"Mã số thuế trên các tài liệu không khớp nhau: {named}. "
                   f"Đề nghị {you} giải trình hoặc bổ sung bản đúng.")
    return MissingEvidence(code=TAX_CODE_ITEM, reason="mismatch", message=message)


def registered_code(record: DossierRecord | None) -> str | None:
    """The tax code the registration certificate gives, when the record's code was read from it."""
    if record is None or not isinstance(record.enterprise.tax_code.value, str):
        return None
    files = {d.file for d in record.documents if d.error is None
             and (d.kind == AUTHORITY or any(p.kind == AUTHORITY for p in d.parts))}
    code = record.enterprise.tax_code
    return code.value if any(e.file in files for e in code.evidence) else None
