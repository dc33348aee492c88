"""Text normalisation shared by every reader: Unicode NFC, tidy spaces, legacy encodings.

Older Word files and PDFs were typed in the 8-bit Vietnamese encodings TCVN3 (ABC: fonts
``.VnTime``, ``.VnTimeH``, ``.VnArial``…) and VNI (fonts ``VNI-Times``…). Stored as Unicode
they read as mojibake ("C«ng ty", "Coâng ty"). They are converted here, so every reader hands
the field extractors the same clean Unicode.

Detection is deliberately conservative: a word only counts as legacy evidence when it holds
a character that proper Vietnamese Unicode never uses *and* it decodes to a well-formed
Vietnamese syllable; text holding real Vietnamese Unicode letters (ạ, ư, đ…) is left alone,
line by line. Fonts, when the caller knows them, choose the encoding and lower the bar.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from extractors.base import Word
from extractors.layout import group_lines
from extractors.vnnum import CharTable

_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# --- TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts) ------------------------------------------
# Lower-case letters, plus the seven upper-case base letters the VN3 subset keeps. Upper-case
# toned letters do not exist in VN3 (the ``…H`` fonts draw the lower-case codes in capitals),
# so the VN1-only code points are deliberately not mapped: they are ordinary Latin-1 there.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
# PDF text extraction names glyphs, not codes: ABC fonts call 0xB5 "mu" and 0xAD "minus", so
# pdfium and poppler hand back Greek μ and the minus sign for à and ư (seen in Công báo PDFs).
TCVN3_TABLE.update({"\u03bc": "à", "\u2212": "ư"})
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)

# --- VNI Windows: a base letter followed by a mark byte -----------------------------------
# Tone marks after a plain vowel (or after VNI's ơ "ô" / ư "ö"): sắc, huyền, hỏi, ngã, nặng.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# Circumflex (a, e, o) and breve (a only) combined with a tone (or none).
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters VNI stores as a single byte.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_tables() -> dict[str, str]:
    """All VNI sequences (two-byte first, so ``ôù`` wins over ``ô``), both cases."""
    table: dict[str, str] = {}
    for base in "aeiouyơư":
        for mark, tone in _VNI_TONES.items():
            if base == "i" or (base == "y" and mark == "ï"):
                continue  # i takes single bytes; ỵ is the single byte "î"
            source = {"ơ": "ô", "ư": "ö"}.get(base, base)
            table[source + mark] = unicodedata.normalize("NFC", base + tone)
    for mark, tone in _VNI_CIRCUMFLEX.items():
        for base in "aeo":
            table[base + mark] = unicodedata.normalize("NFC", base + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        table["a" + mark] = unicodedata.normalize("NFC", "a\u0306" + tone)
    table.update(_VNI_SINGLE)
    both: dict[str, str] = {}
    for source, target in table.items():
        both[source] = target
        both[source.upper()] = target.upper()
        if len(source) == 2:  # typists mix cases: "Aù", "aÙ"
            both[source[0].upper() + source[1]] = target.upper()
            both[source[0] + source[1].upper()] = target
    return both


VNI_TABLE = _vni_tables()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))

# Characters whose presence in a word points at each legacy encoding: they belong to its code
# table but never occur in Vietnamese written in Unicode.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_STRONG = {
    "tcvn3": frozenset(TCVN3_TABLE) - _VIET_LATIN1,
    "vni": frozenset("".join(VNI_TABLE)) - _VIET_LATIN1 - set("AaEeIiOoUuYy"),
}
_ANY_STRONG = _STRONG["tcvn3"] | _STRONG["vni"]
# the same set as a pattern: searching a page for one of them is a C loop, not a set built of it
_ANY_STRONG_RE = re.compile("[" + "".join(map(re.escape, sorted(_ANY_STRONG))) + "]")
_LEGACY_CHARS = {"tcvn3": frozenset(TCVN3_TABLE), "vni": frozenset("".join(VNI_TABLE))}
# Letters only Unicode Vietnamese has (ă đ ĩ ũ ơ ư, the Latin Extended Additional block) and
# combining marks: text holding them was not typed in an 8-bit legacy encoding.
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                           "\u1ea0-\u1ef9\u0300-\u0323]")

# A Vietnamese syllable with its marks removed: onset, vowel nucleus, final consonant.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:oai|oay|oao|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|"
    r"ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)
_STRIP = str.maketrans({"đ": "d", "Đ": "D"})
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_DROP_COMBINING = CharTable(lambda c: None if unicodedata.combining(c) else c)


def fold(text: str) -> str:
    """Lower case without any Vietnamese marks ("Đường" → "duong")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP).lower())
    return decomposed if decomposed.isascii() else decomposed.translate(_DROP_COMBINING)


@lru_cache(maxsize=65536)  # asked about every word of every page, and words recur
def is_syllable(word: str) -> bool:
    """True when ``word`` (Unicode) has the shape of one Vietnamese syllable (one tone at most)."""
    if not word:
        return False
    tones = sum(1 for c in unicodedata.normalize("NFD", word) if c in _TONES)
    return tones <= 1 and _SYLLABLE.fullmatch(fold(word)) is not None


def _font_kind(font: str) -> str | None:
    """"tcvn3", "vni", "unicode", or None for names that say nothing about the encoding."""
    name = font.strip().lower()
    if name.startswith((".vn", "vn3")):
        return "tcvn3"  # ABC fonts: .VnTime, .VnTimeH, .VnArial, .VnArial NarrowH…
    if name.startswith(("vni-", "vni ")):
        return "vni"
    if not name or name in _NEUTRAL_FONTS or name.startswith(("minor", "major")):
        return None  # theme slots, w:hint values and symbol fonts
    return "unicode"


_NEUTRAL_FONTS = frozenset({"eastasia", "cs", "default", "symbol", "wingdings", "webdings", "marlett",
                            "mt extra", "wingdings 2", "wingdings 3"})


def legacy_font_encoding(fonts: Iterable[str] | None) -> str | None:
    """The legacy encoding a font list points at: "tcvn3", "vni", "mixed" (both) or None."""
    found = {kind for kind in map(_font_kind, fonts or ()) if kind in ("tcvn3", "vni")}
    if len(found) == 1:
        return found.pop()
    return "mixed" if found else None


def _only_legacy_fonts(fonts: Iterable[str] | None) -> bool:
    """True when every font named is one legacy encoding's (e.g. one run's font)."""
    kinds = {kind for kind in map(_font_kind, fonts or ()) if kind is not None}
    return len(kinds) == 1 and kinds != {"unicode"}


def _uppercase_fonts_only(fonts: Iterable[str] | None) -> bool:
    """True when every ABC font named is an upper-case ``…H`` font (e.g. ``.VnTimeH``)."""
    names = [f.strip() for f in fonts or () if f.strip().lower().startswith(".vn")]
    return bool(names) and all(n.endswith("H") for n in names)


def decode_legacy(text: str, encoding: str) -> str:
    """Convert text typed in ``encoding`` ("tcvn3", "tcvn3h" for capital fonts, or "vni")."""
    if encoding in ("tcvn3", "tcvn3h"):
        out = text.translate(_TCVN3_TRANS)
        return out.upper() if encoding == "tcvn3h" else out
    if encoding == "vni":
        return _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text)
    raise ValueError(f"unknown legacy encoding: {encoding}")


def _tokens(text: str, encoding: str) -> list[str]:
    """Runs of ASCII letters and the encoding's code characters (its "letters")."""
    return _TOKEN_PATTERNS[encoding].findall(text)


_TOKEN_PATTERNS = {
    name: re.compile("[A-Za-z" + re.escape("".join(sorted(chars))) + "]+")
    for name, chars in _LEGACY_CHARS.items()
}
# "µm", "µg": micro units decode to the non-word "àm"; they are no evidence of TCVN3.
_UNIT = re.compile(r"[µμ](?:m|g|s|l|A|V|F|mol|Pa)?")


def _evidence(text: str, encoding: str) -> tuple[int, int]:
    """(words that decode to real syllables, words holding a tell-tale character)."""
    strong = _STRONG[encoding]
    valid = suspicious = 0
    for token in _tokens(text, encoding):
        if not any(c in strong for c in token) or not any(c.isascii() for c in token):
            continue  # lone symbols (½ « ×) prove nothing either way
        if _UNIT.fullmatch(token):
            continue
        suspicious += 1
        decoded = decode_legacy(token, encoding)
        if decoded != token and is_syllable(decoded):
            valid += 1
    return valid, suspicious


def _unicode_words(text: str) -> int:
    """How many words carry letters only Unicode Vietnamese has."""
    return sum(1 for word in text.split() if _UNICODE_ONLY.search(word))


def detect_legacy_encoding(text: str, fonts: Iterable[str] | None = None) -> str | None:
    """Name the legacy encoding ``text`` is in ("tcvn3", "tcvn3h", "vni") or None for Unicode.

    With a legacy font named, one word that decodes to a real syllable is enough; without, at
    least two are needed and they must outnumber the words already in Unicode Vietnamese.
    """
    by_font = legacy_font_encoding(fonts)
    trusted = by_font in ("tcvn3", "vni")
    # VNI first: on a tie it wins, because VNI's mark bytes are also TCVN3 vowels and can
    # decode to odd but well-formed syllables ("Toång" → "Toồng"), never the other way round.
    candidates = [by_font] if by_font in ("tcvn3", "vni") else ["vni", "tcvn3"]
    unicode_words = 0 if trusted else _unicode_words(text)
    best: tuple[int, str] | None = None
    for encoding in candidates:
        valid, suspicious = _evidence(text, encoding)
        if trusted:
            ok = valid >= 1 and valid >= 0.5 * suspicious
        else:
            ok = valid >= 2 and valid >= 0.6 * suspicious and valid > unicode_words
        if ok and (best is None or valid > best[0]):
            best = (valid, encoding)
    if best is None:
        return None
    if best[1] == "tcvn3" and _uppercase_fonts_only(fonts):
        return "tcvn3h"
    return best[1]


def _convert_mixed_line(line: str, encoding: str) -> str:
    """Convert only the words that carry a tell-tale legacy character.

    A line holding both kinds ("Phải trả dµi h¹n người bán") was edited in two encodings;
    "bán" is fine Unicode there, so words without legacy evidence are left alone.
    """
    strong = _STRONG["tcvn3" if encoding == "tcvn3h" else encoding]

    def convert(word: str) -> str:
        if _UNICODE_ONLY.search(word):
            return word
        decoded = decode_legacy(word, encoding)
        if any(c in strong for c in word):
            return decoded
        # "chÝnh" (TCVN3 for "chính"): a capital inside a lower-case word is no Unicode spelling.
        core = word.strip(".,;:!?()[]\"'")
        camel = re.search(r"[a-z][A-Z\u00c0-\u00de]", core) is not None
        return decoded if camel and is_syllable(decode_legacy(core, encoding)) else word

    return "".join(convert(p) for p in re.split(r"(\s+)", line))


def convert_legacy(text: str, encoding: str, *, trust_ambiguous: bool = True) -> str:
    """Convert legacy text line by line; lines already in Unicode Vietnamese stay as they are.

    ``trust_ambiguous`` decides lines with no evidence either way (e.g. "cã" is TCVN3 for "có"
    but also reads as Latin-1): they are converted when the whole text is known to be legacy.
    """
    base = "tcvn3" if encoding == "tcvn3h" else encoding
    out: list[str] = []
    for line in text.split("\n"):
        has_unicode = _UNICODE_ONLY.search(line) is not None
        valid, _ = _evidence(line, base)
        if has_unicode and valid:
            out.append(_convert_mixed_line(line, encoding))
        elif has_unicode or (not valid and not trust_ambiguous):
            out.append(line)
        else:
            out.append(decode_legacy(line, encoding))
    return "\n".join(out)


def fix_legacy(text: str, fonts: Iterable[str] | None = None) -> str:
    """Convert whatever legacy-encoded text ``text`` holds; leave Unicode untouched.

    Text with no word in Unicode Vietnamese is converted whole once the evidence (or a named
    font) says so. Otherwise each line is judged on its own: born-digital PDFs such as the
    Công báo embed TCVN3 tables in Unicode pages, and edited Word files mix both. Lines with
    no evidence either way stay as they are then, since "Tên công ty" would otherwise turn
    into TCVN3's "Tờn cụng ty".
    """
    by_font = legacy_font_encoding(fonts)
    if by_font in ("tcvn3", "vni") and _only_legacy_fonts(fonts) and not _UNICODE_ONLY.search(text):
        # Only a legacy font is named (a run's own font, or a file typed wholly in it):
        # "céng" has no tell-tale character, yet it is TCVN3 for "cộng".
        return decode_legacy(text, "tcvn3h" if by_font == "tcvn3" and _uppercase_fonts_only(fonts) else by_font)
    if _ANY_STRONG_RE.search(text) is None:
        return text  # fast path: no character an 8-bit encoding leaves behind
    encoding = detect_legacy_encoding(text, fonts)
    if encoding is not None and _unicode_words(text) == 0:
        return convert_legacy(text, encoding, trust_ambiguous=True)
    forced = by_font if by_font in ("tcvn3", "vni") else None
    capitals = _uppercase_fonts_only(fonts)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        line_encoding = _line_encoding(line, forced)
        if line_encoding is not None:
            if line_encoding == "tcvn3" and capitals:
                line_encoding = "tcvn3h"
            lines[index] = convert_legacy(line, line_encoding, trust_ambiguous=True)
    return "\n".join(lines)


def _line_encoding(line: str, forced: str | None = None) -> str | None:
    """The legacy encoding of one line, if its words prove it.

    Two words must decode to real syllables (one when a legacy font is named, ``forced``).
    Unicode words on the same line do not veto it ("Phải trả dµi h¹n người bán" was edited
    in both): in such a line only the words carrying legacy characters get converted.
    """
    best: tuple[int, str] | None = None
    for encoding in (forced,) if forced else ("vni", "tcvn3"):  # VNI wins ties, as above
        valid, suspicious = _evidence(line, encoding)
        enough = valid >= 1 and valid >= 0.5 * suspicious if forced else valid >= 2 and valid >= 0.6 * suspicious
        if enough and (best is None or valid > best[0]):
            best = (valid, encoding)
    return best[1] if best else None


def fix_legacy_words(words: list[Word]) -> list[Word]:
    """``words`` with legacy-encoded text converted, judged line by line as :func:`fix_legacy`
    judges page text, so a PDF's word boxes say the same as its converted page text."""
    out = list(words)
    index = {id(word): i for i, word in enumerate(words)}
    for line in group_lines(words):
        fixed = fix_legacy(" ".join(w.text for w in line)).split(" ")
        if len(fixed) == len(line):  # conversion keeps spaces, so tokens line up one to one
            for word, text in zip(line, fixed, strict=True):
                if text != word.text:
                    out[index[id(word)]] = word.model_copy(update={"text": unicodedata.normalize("NFC", text)})
    return out


def normalise_text(text: str, fonts: list[str] | None = None) -> str:
    """Return ``text`` as NFC Unicode: legacy TCVN3/VNI converted, odd spaces made plain."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\x00", "")
    text = unicodedata.normalize("NFC", fix_legacy(text, fonts))
    return _SPACES.sub(" ", text)
