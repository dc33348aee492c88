"""Words a person reads in place of the record's keys: a letter item's document or prerequisite,
why a dossier was not proposed, a firm's name written one way across the round's outputs."""

from __future__ import annotations

from extractors.vnformat import points as vn_points
from pipeline.decisions import kind_name, messages
from pipeline.models import DossierRecord
from pipeline.rubric import Rubric
from pipeline.writers.letter_items import LetterItem, letter_items
from pipeline.writers.worksheet_layout import REASON_VI

PREREQUISITE = "prerequisite:"


def firm_name(name: str | None) -> str | None:
    """A firm's name as the round's lists show it: in capitals, as the business registration writes
    it, whichever case each document used ("Công ty Cổ phần X" and "CÔNG TY CỔ PHẦN X" alike)."""
    return name.strip().upper() if name else name


def code_label(code: str, rubric: Rubric) -> str:
    """A letter item's code in words: ``prerequisite:in_hanoi`` → the prerequisite's name,
    ``financial_statement:2024`` → "Báo cáo tài chính năm 2024"."""
    if code.startswith(PREREQUISITE):
        key = code.removeprefix(PREREQUISITE)
        names = {p.id: p.name for p in rubric.prerequisites}
        return f"Điều kiện tiên quyết: {names.get(key, key)}"
    kind, _, qualifier = code.partition(":")
    if not qualifier:
        return kind_name(kind)
    template = messages()["qualifiers"].get(kind, " ({qualifier})")
    return kind_name(kind) + template.format(qualifier=qualifier)


def item_label(item: LetterItem, rubric: Rubric) -> str:
    """"Thiếu: Báo cáo tài chính năm 2024", "Không đạt: Điều kiện tiên quyết: …"."""
    return f"{REASON_VI.get(item.reason, 'Không đạt')}: {code_label(item.code, rubric)}"


def not_proposed_reasons(record: DossierRecord, rubric: Rubric) -> list[str]:
    """Why a dossier is not proposed, one short sentence each (empty for a proposed one)."""
    if record.proposed:
        return []
    if record.status == "error":
        return ["Không đọc được tài liệu nào của hồ sơ."]
    names = {p.id: p.name for p in rubric.prerequisites}
    if record.status == "incomplete":
        return [f"{item_label(item, rubric)}." for item in letter_items(record, rubric)]
    if record.status == "ineligible":
        return [f"Không đạt điều kiện «{names.get(p.id, p.id)}»: {p.detail.rstrip('. ')}."
                for p in record.prerequisites if p.passed is False]
    rule = rubric.pass_rule
    reasons = [f"Chưa xác định được điều kiện «{names.get(p.id, p.id)}»: {p.detail.rstrip('. ')}."
               for p in record.prerequisites if p.passed is None and rule.prerequisites_must_pass]
    if not rule.passes(record.score.total):
        sign = "≥" if rule.inclusive else ">"
        reasons.append(f"Tổng điểm {vn_points(record.score.total)}, chưa đạt ngưỡng đề xuất ({sign} "
                       f"{vn_points(rule.min_total)}).")
    return reasons
