"""What a firm's letter lists, item by item, and by when the firm must answer.

One function decides the items, so the letter and the worksheet's missing-evidence sheet show
exactly the same ones: the record's ``missing_evidence`` messages, plus the failed
prerequisites of an ineligible dossier. Nothing else, and nothing from another dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pipeline.models import DossierRecord
from pipeline.rubric import Round, Rubric

LETTER_STATUSES = ("incomplete", "ineligible")
ItemKind = Literal["missing", "prerequisite"]


@dataclass(frozen=True)
class LetterItem:
    """One numbered item of a letter: its code, reason and the sentence the firm reads."""

    number: int
    kind: ItemKind
    code: str
    reason: str
    text: str


def needs_letter(record: DossierRecord) -> bool:
    """The contract: a letter for every incomplete or ineligible dossier, and for no other."""
    return record.status in LETTER_STATUSES


def letter_items(record: DossierRecord, rubric: Rubric) -> list[LetterItem]:
    """The items to list: missing evidence first, then failed prerequisites when ineligible."""
    items = [LetterItem(0, "missing", m.code, m.reason, m.message) for m in record.missing_evidence]
    if record.status == "ineligible":
        names = {p.id: p.name for p in rubric.prerequisites}
        for prerequisite in record.prerequisites:
            if prerequisite.passed is False:
                name = names.get(prerequisite.id, prerequisite.id)
                detail = prerequisite.detail.rstrip(". ")
                text = f"Chưa đáp ứng điều kiện tiên quyết «{name}»: {detail}."
                items.append(LetterItem(0, "prerequisite", f"prerequisite:{prerequisite.id}", "failed", text))
    return [LetterItem(n, i.kind, i.code, i.reason, i.text) for n, i in enumerate(items, start=1)]


def answer_deadline(rnd: Round, today: dt.date) -> dt.date:
    """By when the firm must supplement (or explain): ``supplement_days`` after the round's
    submission deadline, or after the letter's date once that deadline has passed."""
    return max(rnd.deadline, today) + dt.timedelta(days=rnd.supplement_days)



