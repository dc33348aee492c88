"""Numbers in rubric files as people type them: "100 tỷ", "100 ty", "1.000 tỷ", "20 %", "1 triệu USD"."""

from __future__ import annotations

import re
from typing import Any

from extractors.vnnum import fold, parse_amount

# Scale words a rubric amount may carry, folded (with or without diacritics: "tỷ", "ty", "tỉ"), and
# the units it may name; any other word is refused, never ignored ("100 ty" was once 100 đồng).
SCALES = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
UNITS = {"dong", "d", "vnd", "usd"}
AMOUNT_RE = re.compile(r"([0-9][0-9.,]*(?:e[0-9]+)?)\s*(.*)", re.IGNORECASE)


def to_number(value: Any) -> float:
    """Accept 100, 1e11, "100 tỷ" (or "100 ty"), "1.000 tỷ", "20 %", "1 triệu USD" and return a float.

    The number is read the Vietnamese way (1.000 is a thousand, 1,5 one and a half); after it
    only scale words and a currency may follow, so a typo is an error, not a different amount.
    """
    if isinstance(value, bool):
        raise ValueError("cần một số, không phải true/false")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"cần một số, nhận được {type(value).__name__}")
    text = value.strip()
    percent = text.endswith("%")
    number, _ = read_amount(text.rstrip("%").strip(), value)
    return number / 100 if percent else number


def read_amount(text: str, shown: str | None = None) -> tuple[float, set[str]]:
    """A typed amount: the number times its scale words, and the currency words that followed it
    (folded: "dong", "usd"…). Anything else after the number is a ``ValueError`` naming ``shown``."""
    shown = text if shown is None else shown
    match = AMOUNT_RE.fullmatch(text.strip())
    if match is not None and "e" in match.group(1).lower():
        number = float(match.group(1).replace(",", "."))  # 1e11: YAML gives it as text
    else:
        amount = parse_amount(match.group(1), "vi") if match else None
        if match is None or amount is None:
            raise ValueError(f"không đọc được số «{shown}»")
        number = float(amount.value)
    units = set()
    for word in fold(match.group(2)).split():
        if word in SCALES:
            number *= SCALES[word]
        elif word in UNITS:
            units.add(word)
        else:
            raise ValueError(f"không đọc được số «{shown}»: từ «{word}» không phải đơn vị "
                             "(dùng nghìn, triệu, tỷ; đồng hoặc USD)")
    return number, units
