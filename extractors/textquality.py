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
from collections import Counter
from functools import lru_cache

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


# Bits of :func:`_token_flags`: what one word token is, looked up once per distinct token.
_HAS_LETTER = 1  # holds a letter (not a number)
_ENGLISH_WORD = 2  # a common English word
_ALPHA_WORD = 4  # letters only, 2+ of them
_SHAPED = 8  # ... and shaped like a Vietnamese syllable
_MARKED = 16  # ... and carrying a diacritic
_SALADABLE = 32  # holds a letter, 2+ characters: judged for salad
_SALAD = 64  # ... and is salad


@lru_cache(maxsize=65536)
def _token_flags(word: str) -> int:
    """The ``_HAS_LETTER``… bits of one token of ``_WORDS``; words recur, so this is cached."""
    flags = 0
    if _LETTERS.search(word):
        flags |= _HAS_LETTER
        if word.lower() in ENGLISH_WORDS:
            flags |= _ENGLISH_WORD
        if len(word) >= 2:
            flags |= _SALADABLE
            if _SANDWICH.search(word) or any(a.islower() and b.isupper() for a, b in itertools.pairwise(word)):
                flags |= _SALAD
    if len(word) >= 2 and word.isalpha():
        flags |= _ALPHA_WORD
        if is_syllable(word):
            flags |= _SHAPED
            if fold(word) != word.lower():
                flags |= _MARKED
    return flags


def _flag_counts(text: str) -> tuple[int, dict[int, int]]:
    """(number of word tokens, how many tokens carry each bit)."""
    tokens = _WORDS.findall(text)
    masks = Counter(map(_token_flags, tokens))
    bits = (_HAS_LETTER, _ENGLISH_WORD, _ALPHA_WORD, _SHAPED, _MARKED, _SALADABLE, _SALAD)
    return len(tokens), {bit: sum(n for mask, n in masks.items() if mask & bit) for bit in bits}


def english_share(text: str) -> float:
    """Share of words that are common English words (0..1)."""
    _, counts = _flag_counts(text)
    return counts[_ENGLISH_WORD] / counts[_HAS_LETTER] if counts[_HAS_LETTER] else 0.0


def diacritic_stats(text: str) -> tuple[int, int, int]:
    """(letter words of 2+ characters, Vietnamese-shaped ones, those carrying a diacritic)."""
    _, counts = _flag_counts(text)
    return counts[_ALPHA_WORD], counts[_SHAPED], counts[_MARKED]


def salad_share(text: str) -> float:
    """Share of words that mix letters and digits oddly or flip case mid-word.

    Codes such as "V.1", "B09-DN", "12th", "A13" or "5b" are normal in statements, so only a
    digit *between* letters ("Thu6dinh", "c8d") or a lower-to-upper flip ("phAi") counts.
    """
    _, counts = _flag_counts(text)
    return counts[_SALAD] / counts[_SALADABLE] if counts[_SALADABLE] else 0.0


def _visible_count(text: str) -> int:
    """Characters that are not white space (``str.split`` splits on exactly those)."""
    return sum(map(len, text.split()))


def _symbol_counts(text: str) -> tuple[int, int, int, int]:
    """(visible characters, alphanumeric ones, symbols that are not punctuation, odd ones)."""
    visible = alnum = symbols = odd = 0
    for char, n in Counter(text).items():  # a page has few distinct characters
        if char.isspace():
            continue
        visible += n
        if char.isalnum():
            alnum += n
        elif char not in _PUNCTUATION:
            symbols += n
        if _ODD.match(char):
            odd += n
    return visible, alnum, symbols, odd


def judge_text_layer(text: str) -> LayerVerdict:
    """Keep a layer unless it is empty, mostly symbols, salad, or Vietnamese without diacritics."""
    if _visible_count(text) < MIN_CHARS:
        return LayerVerdict(usable=False, reason="no_text_layer")
    text = fix_legacy(text)  # TCVN3/VNI layers are judged as the Unicode they convert to
    # Statements are mostly digits and forms mostly dot leaders, so only symbols that are
    # neither count against a layer; broken font maps produce private-use characters.
    visible, alnum, symbols, odd = _symbol_counts(text)
    if alnum < 0.15 * visible or symbols > 0.25 * visible or odd > 0.05 * visible:
        return LayerVerdict(usable=False, reason="garbage_text_layer")
    tokens, counts = _flag_counts(text)
    words, shaped, marked = counts[_ALPHA_WORD], counts[_SHAPED], counts[_MARKED]
    english = counts[_ENGLISH_WORD] / counts[_HAS_LETTER] if counts[_HAS_LETTER] else 0.0
    vietnamese_shaped = shaped >= MIN_SYLLABLES and shaped >= 0.5 * words
    if vietnamese_shaped and english < ENGLISH_PAGE and marked < MIN_MARKED * shaped:
        return LayerVerdict(usable=False, reason="lost_diacritics")
    salad = counts[_SALAD] / counts[_SALADABLE] if counts[_SALADABLE] else 0.0
    if tokens >= 20 and salad > MAX_SALAD:
        return LayerVerdict(usable=False, reason="garbage_text_layer")
    if words >= 30 and shaped < 0.25 * words and english < 0.03:
        return LayerVerdict(usable=False, reason="garbage_text_layer")  # neither Vietnamese nor English
    return LayerVerdict(usable=True)
