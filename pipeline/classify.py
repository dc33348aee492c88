"""Product classification: industry group (the rubric's groups) and high-tech status.

The group comes from what the form states ("Nhóm ngành: Điện, điện tử", a ticked box),
matched to the rubric's group names; failing that, from keywords in the product's name and
description, at a lower confidence. High-tech is proved by a high-tech certificate or by the
product's name matching an item of the national list kept in ``criteria/``.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from extractors.vnnum import fold
from pipeline.assemble import Pool
from pipeline.models import Evidence, Field
from pipeline.rubric import Rubric


def words(text: str) -> set[str]:
    """Folded words of a text."""
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def classify_group(pool: Pool, rubric: Rubric, product_name: Field) -> Field:
    """The industry group code with evidence, from the stated group or else from keywords."""
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


def classify_high_tech(pool: Pool, rubric: Rubric, product_name: Field, certificate_valid: bool | None) -> Field:
    """High-tech when a valid high-tech certificate is held or the product is on the list."""
    certificates = pool.by_field.get("product.high_tech", [])
    if certificates and certificate_valid is not False:
        evidence = [e for _, c in certificates for e in c.evidence]
        return Field(value=True, confidence=0.92, evidence=evidence)
    if rubric.high_tech_list and isinstance(product_name.value, str) and rubric.source_path:
        listed = Path(rubric.source_path).parent / rubric.high_tech_list
        product_words = {w for w in words(product_name.value) if len(w) > 2}
        for item_id, name, item_words in high_tech_list(str(listed)):
            if item_words and len(item_words & product_words) / len(item_words) >= 0.8:
                evidence = [*product_name.evidence,
                            Evidence(file=f"criteria/{rubric.high_tech_list}", page=None, text=f"{item_id}. {name}")]
                return Field(value=True, confidence=0.7, evidence=evidence,
                             note=f"Tên sản phẩm khớp mục {item_id} danh mục sản phẩm công nghệ cao; cần xác nhận.")
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
