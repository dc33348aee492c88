"""Put back tone marks OCR got wrong, using phrases whose accenting is unambiguous.

Tesseract reads "Cổ phần" as "Cố phần" or "sản phẩm" as "sản phấm" with high confidence.
A run of words that folds (no case, no diacritics) to a phrase of the lexicon can only mean
that phrase, so it is rewritten with the phrase's diacritics, keeping the OCR'd letter case.
Applied to OCR'd text only; text layers and native files are never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extractors.vnnum import fold_same_length

LEXICON_FILE = Path(__file__).resolve().parent / "patterns" / "ocr_lexicon.txt"


@lru_cache(maxsize=1)
def lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every folded phrase (longest first) and the folded → correct map."""
    phrases = [line.strip() for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    table = {fold_same_length(p): p for p in phrases}
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(k).replace(r"\ ", r"[ ]+") for k in keys) + r")(?![\w])")
    return pattern, table


def with_case(correct: str, seen: str) -> str:
    """``correct`` in the letter case of ``seen`` (upper, title-like or lower), letter by letter."""
    if seen.isupper():
        return correct.upper()
    out = []
    for right, was in zip(correct, seen, strict=False):
        out.append(right.upper() if was.isupper() else right)
    return "".join(out) + correct[len(out):]


def correct_ocr_text(text: str) -> str:
    """Rewrite lexicon phrases with their proper diacritics; everything else is unchanged."""
    pattern, table = lexicon()
    folded = fold_same_length(text)
    pieces = []
    last = 0
    for match in pattern.finditer(folded):
        seen = text[match.start():match.end()]
        key = re.sub(r" +", " ", match.group(1))
        correct = table.get(key)
        if correct is None or len(key) != len(seen):
            continue  # extra spaces inside the run: leave it as read
        pieces.append(text[last:match.start()])
        pieces.append(with_case(correct, seen))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
