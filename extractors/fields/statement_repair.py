"""Amounts of an income statement read leniently, and repaired only where its arithmetic agrees.

OCR misreads digits ("2" as "3"), drops them, or glues two columns ("…355i|.979…"). The
statement checks itself: 10 = 01 − 02 and 20 = 10 − 11. A value is *confirmed* when its
line satisfies an identity as read; it is *repaired* when an identity computes a value that
differs from what was read by at most two digit edits — and a repair is only trusted (above
the review threshold) when two independent identities agree on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.vnnum import Convention, parse_number, split_glued

CONFUSABLE = str.maketrans({"i": "1", "l": "1", "I": "1", "|": "1", "!": "1", "O": "0", "o": "0", "S": "5",
                            "B": "8", "§": "8", "Z": "2", "z": "2"})


@dataclass
class Reading:
    """One amount cell as printed: its text, its strict value (None when malformed), its digits."""

    text: str
    value: int | None
    digits: str


@dataclass
class Resolved:
    """A column's value for a line, how sure we are, and why."""

    value: int
    confidence: float
    note: str | None = None


def lenient_readings(cells: list[str], convention: Convention) -> list[Reading]:
    """Amount readings from a row's cells, tolerating OCR noise and glued columns."""
    readings: list[Reading] = []
    for cell in cells:
        text = cell.strip()
        if text in {"-", "–", "—", "−"}:
            readings.append(Reading(text, 0, "0"))
            continue
        for token in re.split(r"\s+", text):
            readings.extend(token_readings(token, convention))
    return readings


def token_readings(token: str, convention: Convention) -> list[Reading]:
    """One token as one or more readings (two when columns were glued)."""
    token = token.strip("_'\"`,;:")
    if not token or not re.search(r"\d", token):
        return []
    strict = parse_number(token, convention)
    if strict is not None:
        return [Reading(token, int(strict), re.sub(r"\D", "", token))]
    glued = split_glued(token, convention)
    if glued:  # two well-formed amounts printed without a gap: each is as good as read
        return [Reading(piece, int(parse_number(piece, convention) or 0), re.sub(r"\D", "", piece))
                for piece in glued]
    mapped = token.translate(CONFUSABLE)
    mapped = re.sub(r"[^\d.,()\-]", "", mapped)
    glued = split_glued(mapped.strip(".,"), convention)
    if glued:
        return [Reading(piece, None, re.sub(r"\D", "", piece)) for piece in glued]
    digits = re.sub(r"\D", "", mapped)
    return [Reading(token, None, digits)] if len(digits) >= 4 else []


def distance(a: str, b: str) -> int:
    """Edit distance between two digit strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def close(value: int, reading: Reading | None, edits: int = 2) -> bool:
    """Whether a computed value is what the reading shows, up to a few OCR digit errors."""
    if reading is None:
        return True
    return distance(str(abs(value)), reading.digits) <= edits


def resolve_column(lines: dict[str, Reading]) -> dict[str, Resolved]:
    """Values of lines 01, 02 and 10 in one column, confirmed or repaired by the identities."""
    strict = {code: r.value for code, r in lines.items() if r.value is not None}
    out: dict[str, Resolved] = {}
    if {"01", "10"} <= strict.keys() and strict["01"] - strict.get("02", 0) == strict["10"]:
        return {code: Resolved(strict[code], 0.95) for code in ("01", "02", "10") if code in strict}
    # line 10 from both sides: 01 − 02 above it, 20 + 11 below it
    derived = []
    if "01" in strict and "02" in strict:
        derived.append(strict["01"] - strict["02"])
    if "20" in strict and "11" in strict:
        derived.append(strict["20"] + strict["11"])
    ten = lines.get("10")
    if len(derived) == 2 and derived[0] == derived[1] and close(derived[0], ten):
        out["10"] = Resolved(derived[0], 0.9, None if ten and ten.value == derived[0]
                             else "Sửa lỗi nhận dạng theo 10 = 01 − 02 = 20 + 11")
    elif "20" in strict and "11" in strict and close(derived[-1], ten, 1) and ten is not None:
        confirmed = ten.value == derived[-1]
        out["10"] = Resolved(derived[-1], 0.9 if confirmed else 0.75,
                             None if confirmed else "Sửa lỗi nhận dạng theo 10 = 20 + 11 (một phép kiểm)")
    elif derived and close(derived[0], ten, 1) and ten is not None:
        confirmed = ten.value == derived[0]
        out["10"] = Resolved(derived[0], 0.9 if confirmed else 0.7,
                             None if confirmed else "Sửa lỗi nhận dạng theo 10 = 01 − 02 (một phép kiểm)")
    elif ten is not None and ten.value is not None:
        out["10"] = Resolved(ten.value, 0.5, "Không kiểm được bằng số học của báo cáo")
    if "02" in strict:
        out["02"] = Resolved(strict["02"], 0.9)
    one = lines.get("01")
    if "10" in out and "02" in strict and out["10"].confidence >= 0.75:
        value = out["10"].value + strict["02"]
        if one is not None and close(value, one):
            repaired = one.value != value
            out["01"] = Resolved(value, out["10"].confidence if not repaired else min(0.85, out["10"].confidence),
                                 "Sửa lỗi nhận dạng theo 01 = 10 + 02" if repaired else None)
    if "01" not in out and one is not None and one.value is not None:
        out["01"] = Resolved(one.value, 0.5, "Không kiểm được bằng số học của báo cáo")
    return out
