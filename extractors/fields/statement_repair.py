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

from extractors.models import DOUBT_CAP
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


def loose_value(reading: Reading | None) -> int | None:
    """A reading's value; for a malformed amount ("7,763.216.215.319") its digits, which still hold."""
    if reading is None:
        return None
    if reading.value is not None:
        return reading.value
    return int(reading.digits) if len(reading.digits) >= 4 else None


def repair_cost(value: int, reading: Reading) -> int:
    """Digit edits from what was read to ``value``; a change of length costs more (a lost digit group)."""
    target = str(abs(value))
    return distance(target, reading.digits) + (2 if len(target) != len(reading.digits) else 0)


@dataclass
class Check:
    """One identity tested against a value of line 10: its cost and the line it would repair."""

    name: str
    cost: int
    repaired: str
    value: int


def identity_checks(ten: int, lines: dict[str, Reading], values: dict[str, int], tolerance: int = 0) -> list[Check]:
    """How 10 = 01 − 02 and 20 = 10 − 11 fare with line 10 at ``ten`` (each within two digit edits).

    ``tolerance`` is the rounding a statement in millions or thousands allows: each line is
    rounded on its own, so an identity may miss by a unit and still hold.
    """
    checks = []
    if "01" in values and "02" in values:  # 01 = 10 + 02, or 02 = 01 − 10
        options = [("01", ten + values["02"]), ("02", values["01"] - ten)]
        checks.append(("01-02", options))
    if "20" in values and "11" in values:  # 20 = 10 − 11, or 11 = 10 − 20
        options = [("20", ten - values["11"]), ("11", ten - values["20"])]
        checks.append(("20+11", options))
    out = []
    for name, choices in checks:
        rounded = [(code, values[code]) for code, value in choices if abs(value - values[code]) <= tolerance]
        if rounded:
            out.append(Check(name, 0, rounded[0][0], rounded[0][1]))
            continue
        cost, code, value = min((repair_cost(value, lines[code]), code, value) for code, value in choices)
        if cost <= 2:
            out.append(Check(name, cost, code, value))
    return out


def resolve_column(lines: dict[str, Reading], tolerance: int = 0) -> dict[str, Resolved]:
    """Values of lines 01, 02 and 10 in one column, confirmed or repaired by the identities.

    Line 10 is tried as read and as each identity computes it (01 − 02, 20 + 11); the value that
    the most identities confirm exactly, with the fewest digit edits, wins. A value that differs
    from what was read is trusted only when the identity that did not compute it also agrees.
    """
    values = {code: v for code, r in lines.items() if (v := loose_value(r)) is not None}
    ten = lines.get("10")
    hypotheses = set()
    if "10" in values:
        hypotheses.add(values["10"])
    if "01" in values and "02" in values:
        hypotheses.add(values["01"] - values["02"])
    if "20" in values and "11" in values:
        hypotheses.add(values["20"] + values["11"])
    best: tuple[tuple[int, int, int], int, int, list[Check]] | None = None
    for value in hypotheses:
        edits = repair_cost(value, ten) if ten is not None else 0
        if edits > 2:
            continue
        checks = identity_checks(value, lines, values, tolerance)
        exact = sum(1 for c in checks if c.cost == 0)
        score = (exact, len(checks), -(edits + sum(c.cost for c in checks)))
        if best is None or score > best[0]:
            best = (score, value, edits, checks)
    out: dict[str, Resolved] = {}
    if best is None or not best[3]:
        if ten is not None and ten.value is not None:
            out["10"] = Resolved(ten.value, 0.5, "Không kiểm được bằng số học của báo cáo")
        for code in ("01", "02"):
            if lines.get(code) is not None and lines[code].value is not None:
                out[code] = Resolved(lines[code].value or 0, 0.5, "Không kiểm được bằng số học của báo cáo")
        return out
    _, value, edits, checks = best
    exact = sum(1 for c in checks if c.cost == 0)
    derived = ten is None or edits > 0  # the value came from an identity, which then holds trivially
    independent = exact - 1 if derived else exact
    if not derived and independent >= 1:
        confidence, note = 0.95, None
    elif derived and independent >= 1:
        confidence = 0.9
        note = "Sửa lỗi nhận dạng theo 10 = 01 − 02 = 20 + 11" if ten is not None else (
            "Dòng 10 không đọc được; tính theo 10 = 01 − 02 = 20 + 11")
    elif derived and exact:
        confidence = 0.7
        names = " và ".join(c.name for c in checks if c.cost == 0).replace("01-02", "10 = 01 − 02").replace(
            "20+11", "10 = 20 + 11")
        note = (f"Sửa lỗi nhận dạng theo {names} (một phép kiểm)" if ten is not None
                else f"Dòng 10 không đọc được; tính theo {names} (một phép kiểm)")
    else:
        confidence, note = 0.7, "Số học của báo cáo lệch một vài chữ số; cần kiểm tra"
    out["10"] = Resolved(value, confidence, note)
    by_identity = {c.name: c for c in checks}
    first = by_identity.get("01-02")
    for code in ("01", "02"):
        reading = lines.get(code)
        if first is not None and first.repaired == code and first.cost > 0:
            trusted = min(0.85, confidence) if confidence >= 0.9 else min(confidence, DOUBT_CAP)
            rule = "01 = 10 + 02" if code == "01" else "02 = 01 − 10"
            out[code] = Resolved(first.value, trusted, f"Sửa lỗi nhận dạng theo {rule}")
        elif first is not None and code in values:
            out[code] = Resolved(values[code], confidence if first.cost == 0 else min(confidence, 0.7),
                                 None if reading is not None and reading.value is not None else
                                 "Dấu phân cách đọc sai; giữ các chữ số")
        elif reading is not None and reading.value is not None:
            out[code] = Resolved(reading.value, 0.5, "Không kiểm được bằng số học của báo cáo")
    return out


# --- rows whose columns OCR glued or broke -------------------------------------------------
# When a row does not give two clean amounts, its digits are read as one stream and every way
# of cutting it into (this year, last year) is a candidate. The statement's identities then
# pick the cut: 10 = 20 + 11 and 01 − 02 = 10 must hold exactly, which chance almost never does.

MAX_CUTS = 40


def digit_streams(texts: list[str]) -> list[tuple[str, set[int]]]:
    """The row's digits as one stream (with token boundaries), for each reading of "|".

    A "|" is either a mis-read "1" or a mis-read separator, so both are tried (at most four
    streams). Letters OCR confuses with digits are mapped first.
    """
    joined = " ".join(texts).translate(STREAM_CONFUSABLE)
    bars = [i for i, c in enumerate(joined) if c == "|"][:2]
    streams = []
    for mask in range(1 << len(bars)):
        chars = list(joined)
        for bit, index in enumerate(bars):
            chars[index] = "1" if mask >> bit & 1 else "."
        tokens = [re.sub(r"\D", "", t) for t in re.split(r"\s+", "".join(chars))]
        tokens = [t for t in tokens if t]
        stream = "".join(tokens)
        streams.append((stream, {sum(len(t) for t in tokens[:i]) for i in range(1, len(tokens))}))
    return streams


STREAM_CONFUSABLE = str.maketrans({"i": "1", "l": "1", "I": "1", "!": "1", "O": "0", "o": "0", "S": "5",
                                   "B": "8", "§": "8", "Z": "2", "z": "2"})


def pair_candidates(readings: list[Reading], texts: list[str] | None = None) -> list[tuple[int, int, int]]:
    """(this year, last year, cost) for a row; cost counts cuts away from a token boundary."""
    if len(readings) >= 2 and readings[-1].value is not None and readings[-2].value is not None:
        return [(readings[-2].value, readings[-1].value, 0)]
    streams = digit_streams(texts) if texts else [("".join(r.digits for r in readings), set())]
    out: dict[tuple[int, int], int] = {}
    for stream, boundaries in streams:
        for cut in range(1, len(stream)):
            first, second = stream[:cut], stream[cut:]
            base = 0 if cut in boundaries else 1
            for left, right, extra in ((first, second, 0), (first, second[1:], 1), (first[:-1], second, 1)):
                if (left and right and (left == "0" or left[0] != "0") and (right == "0" or right[0] != "0")
                        and comparable(int(left), int(right))):
                    key = (int(left), int(right))
                    out[key] = min(out.get(key, 99), base + extra)
    return sorted(((a, b, c) for (a, b), c in out.items()), key=lambda item: item[2])


# A line's amounts for two consecutive years are of one scale: a cut that leaves "3" beside
# "332.742.357.355.979" is a way of cutting digits, not a statement.
MAX_YEAR_RATIO = 1000


def comparable(this_year: int, last_year: int) -> bool:
    """Whether two amounts can be one line's two years (either may be nil)."""
    if this_year == 0 or last_year == 0:
        return True
    return max(this_year, last_year) <= MAX_YEAR_RATIO * min(this_year, last_year)


def column_values(pairs: list[tuple[int, int, int]], position: int) -> dict[int, int]:
    """Candidate values of one column with their lowest cost."""
    values: dict[int, int] = {}
    for pair in pairs:
        value = pair[position]
        values[value] = min(values.get(value, 99), pair[2])
    return values


def joint_cut(rows: dict[str, list[tuple[int, int, int]]]) -> tuple[dict[str, tuple[int, int]], int] | None:
    """One cut per row of lines 01, 02 and 10 that makes 01 − 02 = 10 hold in *both* columns at once,
    the cheapest; None when no such cuts exist.

    Solving each column alone lets its values come from different cuts: "3.332.742.357.355.979.290.061.028"
    cut after its first digit gives this year 3, and 3 − 1 = 2 holds for any row that starts with those
    digits. A row's two amounts come from one cut, so both columns must agree with it.
    """
    if not {"01", "02", "10"} <= rows.keys():
        return None
    tens: dict[tuple[int, int], int] = {}
    for a10, b10, cut10 in rows["10"]:
        tens[(a10, b10)] = min(tens.get((a10, b10), 99), cut10)
    best: tuple[dict[str, tuple[int, int]], int] | None = None
    for a01, b01, c01 in rows["01"]:
        for a02, b02, c02 in rows["02"]:
            cost10 = tens.get((a01 - a02, b01 - b02))
            if cost10 is not None and (best is None or c01 + c02 + cost10 < best[1]):
                best = ({"01": (a01, b01), "02": (a02, b02), "10": (a01 - a02, b01 - b02)}, c01 + c02 + cost10)
    return best


def solve_column(rows: dict[str, list[tuple[int, int, int]]], position: int) -> dict[str, Resolved]:
    """Lines 01, 02 and 10 of one column chosen so that the statement's identities hold."""
    cands = {code: column_values(pairs, position) for code, pairs in rows.items()}
    joint = joint_cut(rows)
    if joint is not None:  # only the cuts that hold in both columns are candidates for lines 01, 02, 10
        cands.update({code: {pair[position]: joint[1]} for code, pair in joint[0].items()})
    ten: tuple[int, int] | None = None  # (value, cost)
    if {"10", "11", "20"} <= cands.keys():
        for v20, c20 in cands["20"].items():
            for v11, c11 in cands["11"].items():
                total = v20 + v11
                if total in cands["10"] and (ten is None or c20 + c11 + cands["10"][total] < ten[1]):
                    ten = (total, c20 + c11 + cands["10"][total])
    out: dict[str, Resolved] = {}
    if {"01", "02", "10"} <= cands.keys():
        best: tuple[int, int, int, int] | None = None  # (v01, v02, v10, cost)
        for v01, c01 in cands["01"].items():
            for v02, c02 in cands["02"].items():
                v10 = v01 - v02
                if v10 in cands["10"] and (ten is None or v10 == ten[0]):
                    cost = c01 + c02 + cands["10"][v10]
                    if best is None or cost < best[3]:
                        best = (v01, v02, v10, cost)
        if best is not None:
            both = ten is not None
            note = None if best[3] == 0 else "Tách/sửa số do nhận dạng dính cột, khớp phép tính của báo cáo"
            # cuts away from a printed gap are guesses that one glue can make alike on every
            # row ("…355.979…" and "…660|.473…" both losing a leading 1): then even two
            # identities agreeing do not make them sure
            confidence = (0.9 if best[3] == 0 else 0.75) if both else (0.85 if best[3] == 0 else 0.7)
            out = {"01": Resolved(best[0], confidence, note), "02": Resolved(best[1], confidence, note),
                   "10": Resolved(best[2], confidence, note)}
            return out
    if ten is not None:
        out["10"] = Resolved(ten[0], 0.75 if ten[1] else 0.85,
                             "Tách/sửa số theo 10 = 20 + 11" if ten[1] else None)
        strict02 = [v for v, c in cands.get("02", {}).items() if c == 0]
        if strict02:
            one = ten[0] + strict02[0]
            if any(distance(str(one), str(v)) <= 1 for v in cands.get("01", {})):
                out["01"] = Resolved(one, 0.7, "Sửa lỗi nhận dạng theo 01 = 10 + 02")
                out["02"] = Resolved(strict02[0], 0.85)
    return out
