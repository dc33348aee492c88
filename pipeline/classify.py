"""Product classification: industry group (the rubric's groups) and high-tech status.

The group comes from what the form states ("Nhóm ngành: Điện, điện tử", a ticked box),
matched to the rubric's group names; failing that, from keywords in the product's name and
description, at a lower confidence. High-tech is proved by a high-tech certificate or by the
product's name matching an item of the national list kept in ``criteria/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path

from extractors import vnformat
from extractors.vnnum import fold
from pipeline.assemble import DOUBT_CAP, Pool
from pipeline.models import Evidence, Field
from pipeline.rubric import Rubric


def words(text: str) -> set[str]:
    """Folded words of a text."""
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def classify_group(pool: Pool, rubric: Rubric, product_name: Field) -> Field:
    """The industry group code with evidence, from the stated group or else from keywords.

    A group the form states that is none of the rubric's is said so in the note (and kept as
    evidence) whether or not a group can be inferred from the product: never "not stated".
    """
    unknown: tuple[str, list[Evidence]] | None = None
    for kind, candidate in pool.by_field.get("product.industry_group", []):
        if kind != "registration_form" or not isinstance(candidate.value, str):
            continue
        stated = fold(candidate.value)
        for group in rubric.industry_groups:
            name = fold(group.name)
            if name in stated or stated in name or words(group.name) <= words(candidate.value):
                return Field(value=group.code, confidence=min(0.97, candidate.confidence + 0.03),
                             evidence=candidate.evidence)
        for group in rubric.industry_groups:
            if any(fold(k) in stated for k in group.keywords):
                return Field(value=group.code, confidence=0.7, evidence=candidate.evidence,
                             note=f"Suy ra từ «{candidate.value}»")
        unknown = unknown or (candidate.value.strip(), candidate.evidence)
    inferred = infer_group(pool, rubric, product_name)
    if unknown is None:
        return inferred
    stated_note = f"Phiếu ghi nhóm ngành «{unknown[0]}», không thuộc nhóm nào của bộ tiêu chí"
    if inferred.found:
        return inferred.model_copy(update={"evidence": [*unknown[1], *inferred.evidence],
                                           "note": f"{stated_note}; suy ra từ tên/mô tả sản phẩm."})
    return Field(evidence=unknown[1], note=f"{stated_note}; cần thẩm định.")


def infer_group(pool: Pool, rubric: Rubric, product_name: Field) -> Field:
    """The industry group from keywords of the product's name and description, when one group leads."""
    texts: list[tuple[str, list[Evidence]]] = []
    if isinstance(product_name.value, str):
        texts.append((product_name.value, product_name.evidence))
    for _, candidate in pool.by_field.get("product.description", []):
        if isinstance(candidate.value, str):
            texts.append((candidate.value, candidate.evidence))
    for text, evidence in texts:
        folded = fold(text)
        scores = {g.code: sum(1 for k in g.keywords if re.search(rf"\b{re.escape(fold(k))}\b", folded))
                  for g in rubric.industry_groups}
        best = max(scores, key=lambda code: scores[code])
        ranked = sorted(scores.values(), reverse=True)
        if ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]):
            return Field(value=best, confidence=0.55, evidence=evidence,
                         note="Suy ra từ tên/mô tả sản phẩm; phiếu không ghi nhóm ngành.")
    return Field()


@lru_cache(maxsize=8)
def high_tech_list(path: str) -> list[tuple[str, str, frozenset[str]]]:
    """The national high-tech product list: (id, name, significant words)."""
    items = []
    with Path(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row.get("name", "").strip()
            if name:
                items.append((row.get("id", ""), name, frozenset(w for w in words(name) if len(w) > 2)))
    return items


def classify_high_tech(pool: Pool, rubric: Rubric, product_name: Field, deadline: dt.date | None) -> Field:
    """High-tech when a high-tech certificate valid on the deadline names this product. A name that
    matches an item of the national list, without a certificate, is only a doubt for the reviewer."""
    certificates = high_tech_certificates(pool)
    verdicts = [judge_certificate(c, product_name, rubric, deadline) for c in certificates]
    proving = [v for v in verdicts if v.names_product is not False and v.valid is not False]
    if proving:
        best = max(proving, key=lambda v: (v.names_product is True, v.valid is True))
        sure = best.names_product is True and best.valid is True
        return Field(value=True, confidence=0.92 if sure else DOUBT_CAP, evidence=best.evidence,
                     note=None if sure else best.doubt())
    if verdicts:
        return Field(value=False, confidence=0.85, evidence=verdicts[0].evidence, note=verdicts[0].doubt())
    if rubric.high_tech_list and isinstance(product_name.value, str) and rubric.source_path:
        listed = Path(rubric.source_path).parent / rubric.high_tech_list
        product_words = {w for w in words(product_name.value) if len(w) > 2}
        for item_id, name, item_words in high_tech_list(str(listed)):
            if item_words and len(item_words & product_words) / len(item_words) >= 0.8:
                # a name that matches the list proves nothing without the certificate: a hint for
                # the reviewer (and the firm's claim, if it makes one, asks for the certificate)
                evidence = [*product_name.evidence,
                            Evidence(file=f"criteria/{rubric.high_tech_list}", page=None, text=f"{item_id}. {name}")]
                return Field(value=False, confidence=0.5, evidence=evidence,
                             note=f"Tên sản phẩm khớp mục {item_id} danh mục sản phẩm công nghệ cao nhưng hồ sơ "
                                  "không có giấy chứng nhận; cần xác nhận.")
    if product_name.value is None:
        return Field()
    claims = [c for kind, c in pool.by_field.get("claims.high_tech", []) if kind == "registration_form"]
    if claims and claims[0].value is True:
        # the firm says its product is on the list, but neither a certificate nor our copy of the
        # list confirms it: a reviewer must look at the official list
        return Field(value=False, confidence=0.5, evidence=claims[0].evidence,
                     note="Doanh nghiệp kê khai là sản phẩm công nghệ cao nhưng không có giấy chứng nhận "
                          "và tên sản phẩm không khớp danh mục đã có; cần đối chiếu danh mục chính thức.")
    evidence = claims[0].evidence if claims else product_name.evidence
    return Field(value=False, confidence=0.9 if claims else 0.8, evidence=evidence,
                 note="Không có giấy chứng nhận công nghệ cao; tên sản phẩm không khớp danh mục.")


@dataclass
class HighTechCertificate:
    """What one high-tech certificate says: its words, the product it names, date, validity."""

    file: str
    text: str = ""
    product: str | None = None
    signed: dt.date | None = None
    valid_years: int | None = None
    evidence: list[Evidence] = dc_field(default_factory=list)


@dataclass
class CertificateVerdict:
    """Whether a high-tech certificate names this product and holds on the deadline."""

    names_product: bool | None
    valid: bool | None
    product: str | None
    until: dt.date | None
    evidence: list[Evidence]

    def doubt(self) -> str:
        """Why the certificate does or might not count, for the reviewer."""
        if self.names_product is False:
            return (f"Giấy chứng nhận công nghệ cao trong hồ sơ ghi sản phẩm «{self.product}», không phải "
                    "sản phẩm đăng ký.")
        if self.valid is False:
            return f"Giấy chứng nhận công nghệ cao hết hiệu lực ngày {vnformat.date(self.until)}." if self.until else ""
        if self.names_product is None:
            return "Chưa xác định được giấy chứng nhận công nghệ cao có ghi đúng sản phẩm đăng ký; cần kiểm tra."
        return "Chưa đọc được ngày ký/thời hạn của giấy chứng nhận công nghệ cao; cần kiểm tra."


def high_tech_certificates(pool: Pool) -> list[HighTechCertificate]:
    """The dossier's high-tech certificates, one per file, from their extracted candidates."""
    found: dict[str, HighTechCertificate] = {}
    for path in ("product.high_tech", "high_tech.text", "high_tech.product", "high_tech.valid_years",
                 "document.date"):
        for kind, candidate in pool.by_field.get(path, []):
            if kind != "high_tech_certificate" or not candidate.evidence:
                continue
            file = candidate.evidence[0].file
            item = found.setdefault(file, HighTechCertificate(file=file))
            if path == "product.high_tech":
                item.evidence = candidate.evidence
            elif path == "high_tech.text" and isinstance(candidate.value, str):
                item.text = candidate.value
            elif path == "high_tech.product" and isinstance(candidate.value, str):
                item.product = candidate.value
                item.evidence = [*item.evidence, *candidate.evidence]
            elif path == "high_tech.valid_years" and isinstance(candidate.value, int):
                item.valid_years = candidate.value
            elif path == "document.date" and isinstance(candidate.value, str):
                item.signed = dt.date.fromisoformat(candidate.value)
    return [c for c in found.values() if c.evidence]


GENERIC_PRODUCT_WORDS = {"san", "pham", "cac", "loai", "va", "cho", "dung", "cua", "the", "he"}


def product_named(certificate: HighTechCertificate, product: str | None) -> bool | None:
    """Whether the certificate names the product: most of the product name's words are in the
    product it names (or, with no product label read, in its text)."""
    if not product:
        return None
    wanted = {w for w in words(product) if len(w) > 1} - GENERIC_PRODUCT_WORDS
    if not wanted:
        return None
    named = words(certificate.product) if certificate.product else set()
    if named and len(wanted & named) / len(wanted) >= 0.75:
        return True
    if len(wanted & words(certificate.text)) / len(wanted) >= 0.8:
        return True
    return False if (named or certificate.text) else None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def judge_certificate(certificate: HighTechCertificate, product_name: Field, rubric: Rubric,
                      deadline: dt.date | None) -> CertificateVerdict:
    """Names this product? Valid on the deadline (signing date + the validity it states, else the
    rubric's)?"""
    names = product_named(certificate, product_name.value if isinstance(product_name.value, str) else None)
    until = valid = None
    if certificate.signed is not None:
        years = certificate.valid_years or rubric.high_tech_validity_years
        until = add_years(certificate.signed, years) - dt.timedelta(days=1)
        valid = None if deadline is None else certificate.signed <= deadline <= until
    return CertificateVerdict(names_product=names, valid=valid, product=certificate.product, until=until,
                              evidence=certificate.evidence)
