"""Judge whether a PDF page's text layer is worth keeping or must be re-read by OCR.

Scanned statements often carry an OCR layer made by the scanner's software. Some are good
(Tesseract with the Vietnamese model); others were made with an English-only engine and lost
every diacritic ("BANG CAN DOI KE TOAN", "Phai thu ngan han dna khach hang") or are plain
garbage ("Taisanc6djnhhltuhinh"). Such a layer reads as text but defeats every Vietnamese
label match downstream, so it is rejected and the page goes to OCR.

The tests are word statistics, no language model: a page of Vietnamese-shaped words with no
diacritics at all, or a page where too many words are letter/digit salad. English pages
(audited statements in English, ISO certificates) are recognised by their function words and
never judged by the Vietnamese rule.
"""

from __future__ import annotations

import itertools
import re

from pydantic import BaseModel

from extractors.textnorm import fix_legacy, fold, is_syllable

MIN_CHARS = 40  # fewer non-space characters than this on a page: treat as no layer
MIN_SYLLABLES = 12  # Vietnamese-shaped words needed before judging diacritics
MIN_MARKED = 0.15  # share of those words carrying a diacritic; real Vietnamese has ~0.55–0.9
ENGLISH_PAGE = 0.10  # share of English function words from which a page counts as English
MAX_SALAD = 0.25  # share of letter/digit salad words ("Thu6", "phAi", "c8") tolerated
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_PUNCTUATION = frozenset(".,:;()%/-–—+\"'“”‘’…!?[]_*&#=<>~|§°")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_SANDWICH = re.compile(r"[^\W\d_]\d+[^\W\d_]")  # a digit between letters: "Thu6dinh"
_ODD = re.compile("[\ufffd\ue000-\uf8ff]")  # replacement and private-use characters (symbol fonts)
# Common English words that are not also Vietnamese syllables ("to", "an", "in" are both).
_ENGLISH = """
the of and for by with is are was were from this that be or which has have had its not all
other total company statements statement financial year ended as at per into their been such
these those shall will under amount amounts assets liabilities cash balance income notes report
date december january june march september october november february april july august equity
revenue expenses profit loss tax net director board management audit auditors independent
certificate certify hereby standard quality system requirements scope issued valid until
registration
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())


class LayerVerdict(BaseModel):
    """Whether a text layer is usable, and why not."""

    usable: bool
    reason: str | None = None


def english_share(text: str) -> float:
    """Share of words that are common English words (0..1)."""
    words = [w.lower() for w in _WORDS.findall(text) if _LETTERS.search(w)]
    return sum(1 for w in words if w in ENGLISH_WORDS) / len(words) if words else 0.0


def diacritic_stats(text: str) -> tuple[int, int, int]:
    """(letter words of 2+ characters, Vietnamese-shaped ones, those carrying a diacritic)."""
    words = [w for w in _WORDS.findall(text) if len(w) >= 2 and w.isalpha()]
    shaped = [w for w in words if is_syllable(w)]
    marked = sum(1 for w in shaped if fold(w) != w.lower())
    return len(words), len(shaped), marked


def salad_share(text: str) -> float:
    """Share of words that mix letters and digits oddly or flip case mid-word.

    Codes such as "V.1", "B09-DN", "12th", "A13" or "5b" are normal in statements, so only a
    digit *between* letters ("Thu6dinh", "c8d") or a lower-to-upper flip ("phAi") counts.
    """
    words = [w for w in _WORDS.findall(text) if _LETTERS.search(w) and len(w) >= 2]
    if not words:
        return 0.0
    odd = sum(1 for w in words if _SANDWICH.search(w) or any(
        a.islower() and b.isupper() for a, b in itertools.pairwise(w)))
    return odd / len(words)


def judge_text_layer(text: str) -> LayerVerdict:
    """Keep a layer unless it is empty, mostly symbols, salad, or Vietnamese without diacritics."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_CHARS:
        return LayerVerdict(usable=False, reason="no_text_layer")
    text = fix_legacy(text)  # TCVN3/VNI layers are judged as the Unicode they convert to
    visible = [c for c in text if not c.isspace()]
    # Statements are mostly digits and forms mostly dot leaders, so only symbols that are
    # neither count against a layer; broken font maps produce private-use characters.
    alnum = sum(1 for c in visible if c.isalnum())
    symbols = sum(1 for c in visible if not c.isalnum() and c not in _PUNCTUATION)
    if alnum < 0.15 * len(visible) or symbols > 0.25 * len(visible) or (
            len(_ODD.findall(text)) > 0.05 * len(visible)):
        return LayerVerdict(usable=False, reason="garbage_text_layer")
    words, shaped, marked = diacritic_stats(text)
    english = english_share(text)
    vietnamese_shaped = shaped >= MIN_SYLLABLES and shaped >= 0.5 * words
    if vietnamese_shaped and english < ENGLISH_PAGE and marked < MIN_MARKED * shaped:
        return LayerVerdict(usable=False, reason="lost_diacritics")
    if len(_WORDS.findall(text)) >= 20 and salad_share(text) > MAX_SALAD:
        return LayerVerdict(usable=False, reason="garbage_text_layer")
    if words >= 30 and shaped < 0.25 * words and english < 0.03:
        return LayerVerdict(usable=False, reason="garbage_text_layer")  # neither Vietnamese nor English
    return LayerVerdict(usable=True)
