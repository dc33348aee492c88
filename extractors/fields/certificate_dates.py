"""Which date on a certificate is which: issue, original certification, expiry, the previous
cycle's expiry, audit dates.

A date's role comes from its label, wherever the layout puts it: before the date on its line
("Expiry date: 14/03/2027", or a label cell and a date cell), wrapped over the line above
("Ngày chứng nhận lần đầu / Initial certification" ⏎ "ngày 14 tháng 5 năm 2021"), on the
line above with nothing else ("Date of issue:" ⏎ "24 June 2024"), or after the date
("13-October-2027" ⏎ "Management System, this certificate expires on:"). Labels are matched
most specific first, so "Expiry date of previous cycle" never reads as this certificate's expiry
and "Original cycle start date" never as this cycle's start. Only when no label says does the
order of the dates decide, and the caller marks that reading doubtful.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from extractors.dates import FoundDate, find_dates
from extractors.fields.common import Line
from extractors.vnnum import fold

Role = Literal["previous_expiry", "original", "expiry", "audit", "issue"]
How = Literal["same_line", "wrapped", "above", "after", "range", "order"]
MAX_LABEL = 110  # a line longer than this is running text, not a label


@dataclass
class DatedLine:
    """A date on a certificate, the line it sits on and what its label says it is."""

    found: FoundDate
    line: Line
    position: int  # index of the line in the document
    role: Role | None = None
    how: How | None = None


def label_words(text: str) -> str:
    """A label folded for matching: lower case, no diacritics, punctuation as single spaces."""
    folded = fold(text).replace("ƒ", "f")
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split()) + " "


def role_of(text: str, roles: dict[str, list[str]]) -> Role | None:
    """The role a label names, the most specific first (the order of ``roles``)."""
    words = label_words(text)
    for role, phrases in roles.items():
        if any(f" {phrase}" in words or (len(phrase) > 4 and phrase in words) for phrase in phrases):
            return role  # type: ignore[return-value]
    return None


def dates_by_line(lines: list[Line]) -> list[tuple[int, list[FoundDate]]]:
    """Each line's dates, with a date broken over two lines ("… certification: 24" ⏎ "June 2021")
    given to the line it starts on."""
    result: list[tuple[int, list[FoundDate]]] = []
    cut = 0  # characters of this line that the line above took for its broken date
    for index, line in enumerate(lines):
        text = line.text
        found = [d for d in find_dates(text) if d.start >= cut]
        cut = 0
        if index + 1 < len(lines) and re.search(r"\d{1,2}(?:st|nd|rd|th)?\s*$|[A-Za-z]{3,}\.?\s*$", text):
            joined = f"{text} {lines[index + 1].text}"
            across = [d for d in find_dates(joined) if d.start < len(text) < d.end]
            if across and not any(d.end > across[0].start for d in found):
                found.append(across[0])
                cut = across[0].end - len(text) - 1
        result.append((index, found))
    return result


def is_label_line(text: str) -> bool:
    """A line short enough to be a label (not a sentence of running text)."""
    stripped = text.strip()
    return 0 < len(stripped) <= MAX_LABEL and not stripped.endswith(".")


def assign_roles(lines: list[Line], roles: dict[str, list[str]], range_words: list[str]) -> list[DatedLine]:
    """Every date of the certificate with the role its label gives (None when no label says)."""
    per_line = dates_by_line(lines)
    with_dates = {index for index, found in per_line if found}
    dated: list[DatedLine] = []
    used_labels: set[int] = set()
    for index, found in per_line:
        text = lines[index].text
        previous_end = 0
        for found_date in found:
            item = DatedLine(found_date, lines[index], index)
            before = text[previous_end: found_date.start]
            if previous_end and label_words(before).strip() in ("", *range_words):
                item.role, item.how = "expiry", "range"
            else:
                item.role = role_of(before, roles)
                item.how = "same_line" if item.role else None
            # a label wraps onto the date's line as a lower-case tail ("hạn: 14/03/2027"), or the
            # line holds the date alone; a place before it ("Hanoi, 15/10/2024") is a signing line,
            # which must not take the label above that belongs to the date before it
            wraps = (not any(ch.isalpha() for ch in before) or before.lstrip(" \t:/")[:1].islower()
                     or (item.role is None and bool(label_words(before).strip()) and ":" in before))
            above = index - 1
            if (previous_end == 0 and wraps and above >= 0 and above not in with_dates
                    and is_label_line(lines[above].text)):
                combined = role_of(f"{lines[above].text} {before}", roles)
                if combined and (item.role is None or combined != item.role):
                    item.role, item.how = combined, ("wrapped" if before.strip(" \t:") else "above")
                    used_labels.add(above)
            dated.append(item)
            previous_end = found_date.end
    header_rows(lines, dated, with_dates, roles)
    label_blocks(lines, dated, with_dates, roles)
    label_after(lines, dated, with_dates, used_labels, roles)
    return dated


def label_blocks(lines: list[Line], dated: list[DatedLine], with_dates: set[int],
                 roles: dict[str, list[str]]) -> None:
    """A column of labels read before its column of dates (OCR or a PDF reading a two-column
    block column by column): k label lines, then k lines of one date each, paired in order."""
    by_line: dict[int, list[DatedLine]] = {}
    for item in dated:
        by_line.setdefault(item.position, []).append(item)
    index = 0
    while index < len(lines):
        labels: list[Role] = []
        end = index
        while end < len(lines) and end not in with_dates and is_label_line(lines[end].text) \
                and (role := role_of(lines[end].text, roles)):
            labels.append(role)
            end += 1
        values = [by_line.get(end + k, []) for k in range(len(labels))]
        if len(labels) >= 2 and all(len(v) == 1 and not label_words(
                v[0].line.text[: v[0].found.start]).strip() for v in values):
            for role, (item,) in zip(labels, values, strict=True):
                item.role, item.how = role, "above"
        index = max(end, index + 1)


def header_rows(lines: list[Line], dated: list[DatedLine], with_dates: set[int],
                roles: dict[str, list[str]]) -> None:
    """A table row of dates under a row of labels ("Ngày cấp | Ngày hết hạn" ⏎ "15/03/2024 |
    14/03/2027"): each date takes the label of its column."""
    for position in sorted({d.position for d in dated}):
        row = [d for d in dated if d.position == position]
        above = position - 1
        if len(row) < 2 or above < 0 or above in with_dates:
            continue
        cells = lines[above].cells
        labels = [role_of(cell, roles) for cell in cells]
        if len(cells) == len(row) and all(labels):
            for item, role in zip(row, labels, strict=True):
                item.role, item.how = role, "above"


def label_after(lines: list[Line], dated: list[DatedLine], with_dates: set[int], used: set[int],
                roles: dict[str, list[str]]) -> None:
    """A date with no label before it takes one from the text after it: the rest of its line,
    or the next line when that line is a label with no date of its own ("… expires on:")."""
    for item in dated:
        if item.role is not None:
            continue
        after = item.line.text[item.found.end:]
        if not find_dates(after) and (role := role_of(after, roles)):
            item.role, item.how = role, "after"
            continue
        below = item.position + 1
        if below < len(lines) and below not in with_dates and below not in used:
            text = lines[below].text
            if is_label_line(text) and (role := role_of(text, roles)):
                item.role, item.how = role, "after"
                used.add(below)


@dataclass
class CertificateDates:
    """The issue and expiry dates chosen, how they were found, and doubts to tell the reviewer."""

    issued: DatedLine | None
    expires: DatedLine | None
    labelled: bool
    consistent: bool | None  # expiry after issue, within a certification cycle; None: cannot tell
    confirmed: bool  # expiry is exactly whole years after issue, less a day (the usual cycle)
    note: str | None


def choose_dates(dated: list[DatedLine]) -> CertificateDates:
    """Issue and expiry from the labelled dates; the order of unlabelled dates only as a fallback."""
    expiries = [d for d in dated if d.role == "expiry"]
    issues = [d for d in dated if d.role == "issue"]
    unlabelled = [d for d in dated if d.role is None]
    labelled = bool(expiries)
    expires = max(expiries, key=lambda d: d.found.date) if expiries else None
    if expires is None and unlabelled:
        latest = max(unlabelled, key=lambda d: d.found.date)
        if all(latest.found.date > d.found.date for d in dated if d is not latest):
            expires, latest.how = latest, "order"
    before_expiry = [d for d in issues if expires is None or d.found.date < expires.found.date]
    # an issue after the expiry is kept (and flagged below): a misread date must show, not vanish
    issued = max(before_expiry or issues, key=lambda d: d.found.date) if issues else None
    if issued is None:
        rest = [d for d in unlabelled if d is not expires and (expires is None or d.found.date < expires.found.date)]
        if rest:
            issued = max(rest, key=lambda d: d.found.date)
            issued.how = "order"
    consistent, confirmed = cycle_check(issued.found.date if issued else None,
                                        expires.found.date if expires else None)
    notes = []
    if expires is not None and expires.how == "order":
        notes.append("Ngày hết hạn suy ra từ thứ tự ngày, không có nhãn rõ ràng.")
    if consistent is False:
        notes.append("Ngày hết hạn không khớp ngày cấp (không sau ngày cấp hoặc quá một chu kỳ chứng nhận).")
    if expires is not None and any(d.found.date > expires.found.date for d in dated if d.role != "previous_expiry"):
        # a later issue, audit or unlabelled date: the date read as the expiry is not the last
        consistent = False
        notes.append("Trên chứng nhận có ngày muộn hơn ngày hết hạn đọc được: cần kiểm tra.")
    return CertificateDates(issued, expires, labelled, consistent, confirmed, " ".join(notes) or None)


def cycle_check(issued: dt.date | None, expires: dt.date | None) -> tuple[bool | None, bool]:
    """Whether an expiry fits its issue: after it and at most a certification cycle (three years)
    later, with a month's grace; and whether it is exactly whole years later less a day (or on
    the same day), which confirms both readings."""
    if issued is None or expires is None:
        return None, False
    if expires <= issued:
        return False, False
    limit = dt.date(issued.year + 3, issued.month, min(issued.day, 28)) + dt.timedelta(days=45)
    confirmed = False
    for years in (1, 2, 3):
        try:
            anniversary = issued.replace(year=issued.year + years)
        except ValueError:  # 29 February
            anniversary = dt.date(issued.year + years, 3, 1)
        if expires in (anniversary, anniversary - dt.timedelta(days=1)):
            confirmed = True
    return expires <= limit, confirmed
