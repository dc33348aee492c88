"""Unicode → TCVN3 (TCVN 5712:1993 "VN3", the ABC encoding of the `.VnTime` font family).

TCVN3 is a single-byte encoding: ASCII stays, the seven unaccented special letters and the 60 lowercase
toned vowels take bytes 0xA1–0xFE. There are no uppercase toned vowels: ABC users typed them with the
uppercase font `.VnTimeH`, whose glyphs at the lowercase code points are capitals. A legacy Word file
therefore stores TCVN3 bytes as the Latin-1 characters of the same value, in runs whose font says how to
read them. Table checked against the Vietnamese standard as reproduced by many converters (e.g. the
`Converter.cs` table in hdbd789/clinic, unikey's charset tables): "Cộng hòa" = "Céng hßa", "Đ" = 0xA7,
"ơ" = 0xAC, "ư" = 0xAD, "đ" = 0xAE.
"""

from __future__ import annotations

import unicodedata

UPPER_PLAIN = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
LOWER = {
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
    "à": 0xB5,
    "ả": 0xB6,
    "ã": 0xB7,
    "á": 0xB8,
    "ạ": 0xB9,
    "ằ": 0xBB,
    "ẳ": 0xBC,
    "ẵ": 0xBD,
    "ắ": 0xBE,
    "ặ": 0xC6,
    "ầ": 0xC7,
    "ẩ": 0xC8,
    "ẫ": 0xC9,
    "ấ": 0xCA,
    "ậ": 0xCB,
    "è": 0xCC,
    "ẻ": 0xCE,
    "ẽ": 0xCF,
    "é": 0xD0,
    "ẹ": 0xD1,
    "ề": 0xD2,
    "ể": 0xD3,
    "ễ": 0xD4,
    "ế": 0xD5,
    "ệ": 0xD6,
    "ì": 0xD7,
    "ỉ": 0xD8,
    "ĩ": 0xDC,
    "í": 0xDD,
    "ị": 0xDE,
    "ò": 0xDF,
    "ỏ": 0xE1,
    "õ": 0xE2,
    "ó": 0xE3,
    "ọ": 0xE4,
    "ồ": 0xE5,
    "ổ": 0xE6,
    "ỗ": 0xE7,
    "ố": 0xE8,
    "ộ": 0xE9,
    "ờ": 0xEA,
    "ở": 0xEB,
    "ỡ": 0xEC,
    "ớ": 0xED,
    "ợ": 0xEE,
    "ù": 0xEF,
    "ủ": 0xF1,
    "ũ": 0xF2,
    "ú": 0xF3,
    "ụ": 0xF4,
    "ừ": 0xF5,
    "ử": 0xF6,
    "ữ": 0xF7,
    "ứ": 0xF8,
    "ự": 0xF9,
    "ỳ": 0xFA,
    "ỷ": 0xFB,
    "ỹ": 0xFC,
    "ý": 0xFD,
    "ỵ": 0xFE,
}
PUNCT = {"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "\u00a0": " "}
FONT = ".VnTime"
FONT_UPPER = ".VnTimeH"

DECODE = {v: k for k, v in LOWER.items()} | {v: k for k, v in UPPER_PLAIN.items()}


def _code(ch: str) -> str:
    if ch in PUNCT:
        return PUNCT[ch]
    if ord(ch) < 0x80:
        return ch
    if ch in LOWER:
        return chr(LOWER[ch])
    if ch in UPPER_PLAIN:
        return chr(UPPER_PLAIN[ch])
    raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no TCVN3 code")


def _needs_upper_font(ch: str) -> bool:
    return ch.isupper() and ch not in UPPER_PLAIN and ord(ch) >= 0x80


def encode_runs(text: str) -> list[tuple[str, str]]:
    """Encode Unicode text as [(latin-1 text, font)] runs: `.VnTime` normally, `.VnTimeH` for capitals.

    A fully upper-case string (a heading) becomes one `.VnTimeH` run of lowercase codes; in mixed text
    only capital toned vowels (which TCVN3 lacks) go to `.VnTimeH`.
    """
    text = unicodedata.normalize("NFC", text)
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and any(ord(c) >= 0x80 for c in letters):
        return [("".join(_code(c) for c in text.lower()), FONT_UPPER)]
    out: list[tuple[str, str]] = []
    for ch in text:
        font = FONT_UPPER if _needs_upper_font(ch) else FONT
        code = _code(ch.lower() if font == FONT_UPPER else ch)
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + code, font)
        else:
            out.append((code, font))
    return out


def decode_runs(runs: list[tuple[str, str]]) -> str:
    """Inverse of `encode_runs` (used by the tests): Latin-1 TCVN3 runs back to Unicode."""
    out = []
    for text, font in runs:
        s = "".join(DECODE.get(ord(c), c) for c in text)
        out.append(s.upper() if font == FONT_UPPER else s)
    return "".join(out)
