"""Labelled values ("Mã số thuế: 0101234567") found with a spaCy PhraseMatcher.

Label phrases are data (``extractors/patterns/labels.yaml``). Lines are folded to lower case
without diacritics *character by character*, so offsets in the folded line are offsets in the
original: the value is cut from the original text, accents intact.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import spacy
from pydantic import BaseModel, RootModel
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from extractors.datafile import load_data
from extractors.vnnum import fold_same_length as fold_same_length

# libyaml parses the same YAML ten times faster than the pure-Python loader, when installed
LABELS_FILE = Path(__file__).resolve().parent.parent / "patterns" / "labels.yaml"
_SEPARATORS = " \t:：-–—.;,|()"


class LabelPhrases(RootModel[dict[str, list[str]]]):
    """``patterns/labels.yaml``: for each field path (or ``_stop``), the label phrases (folded)."""


@lru_cache(maxsize=1)
def nlp() -> Language:
    """A blank multi-language pipeline: its tokenizer splits ``thuế:`` and ``(1.234)``."""
    return spacy.blank("xx")


@lru_cache(maxsize=1)
def label_matcher() -> tuple[PhraseMatcher, dict[str, list[str]]]:
    """The matcher over every label phrase, keyed by field path."""
    labels = load_data(LABELS_FILE, LabelPhrases).root
    matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
    for field, phrases in labels.items():
        matcher.add(field, [nlp().make_doc(p) for p in phrases])
    return matcher, labels


class LabelHit(BaseModel):
    """A label found on a line and the value text that follows it."""

    field: str
    label: str
    value: str
    line: str
    line_index: int
    label_start: int
    value_line: int = -1  # the line the value was read from (the label's, or the next one)
    cut: bool = False  # the value ends where another label starts on the same line


def clean_value(text: str) -> str:
    """Strip separators, leading numbering and checkbox glyphs from a value."""
    text = text.strip().lstrip(_SEPARATORS).strip()
    return re.sub(r"\s+", " ", text).strip(" \t;")


# what is left of a long label when only its start matched: "… viết bằng tiếng Việt:", "… nước ngoài:"
LABEL_TAILS = {"viet", "tieng viet", "bang tieng viet", "viet bang tieng viet", "nuoc ngoai", "tieng nuoc ngoai",
               "viet tat", "ghi bang chu in hoa"}
_TAIL_RE = re.compile(r"^([^\d:：\t]{1,25})[:：]\s*(\S.*)$")


def drop_label_tail(value: str) -> str:
    """A value without the rest of a label before it: "s Việt: CÔNG TY X" → "CÔNG TY X".

    Only short pieces that cannot be a value's own words are dropped: one that starts in lower
    case (a word cut in two) or a known label tail ("tiếng Việt", "nước ngoài").
    """
    while (match := _TAIL_RE.match(value)) is not None:
        piece = match.group(1).strip()
        if not (piece[:1].islower() or fold_same_length(piece).strip(" .()") in LABEL_TAILS):
            break
        value = match.group(2).strip()
    return value


def continues_label(label: str, more: str) -> bool:
    """Whether ``more`` goes on with a label's words: together they are a known label or its start
    ("Tên doanh nghiệp viết bằng tiếng" + "Việt"; "Tên doanh nghiệp" + "viết bằng tiếng")."""
    so_far = " ".join(fold_same_length(f"{label} {more}").split())
    return any(phrase.startswith(so_far) for phrase, _ in label_phrases())


def joins_next_label(value: str) -> bool:
    """Whether the text between two labels only links them ("/", ",", "chi nhánh,", "và")."""
    text = value.strip()
    if not text or not re.search(r"\w", text):
        return True
    return len(text) <= 20 and text[:1].islower() and (text.endswith((",", "/", "&")) or text in ("và", "hoặc"))


def stands_as_label(line: str, start: int, end: int) -> bool:
    """Whether label words found at ``start:end`` introduce a value there.

    At the start of a line (after numbering) they do; inside a line only when a colon or a cell
    border follows them ("…; chức vụ: Giám đốc", "Email: …"). "Tại trụ sở chính" holds the words
    of a label but is a value.
    """
    prefix = line[:start]
    if not re.sub(r"[\s\d.)(\-–•*+:;|]", "", prefix) or re.fullmatch(r"\s*[a-zđ]\)\s*", prefix):
        return True
    rest = line[end:]
    if re.match(r"[ \u00a0]*[:：\t]", rest):
        return True
    if not rest.strip() and prefix.rstrip(" ").endswith("\t"):
        return True  # a cell holding only the label: its value follows
    return bool(re.match(r"[ \u00a0]*\([^)]{0,40}\)\s*[:：]", rest))


HEADING_RE = re.compile(r"^\s*(?:[IVX]+|[A-Z])\s*[.)/-]\s+\S")


def is_heading(line: str) -> bool:
    """A section heading ("II. THÔNG TIN VỀ SẢN PHẨM ĐĂNG KÝ"): its words are not labels."""
    letters = sum(map(str.isalpha, line))  # counted in C: every line of a form is asked
    upper = bool(letters) and sum(map(str.isupper, filter(str.isalpha, line))) / letters > 0.8
    return bool(HEADING_RE.match(line)) or (upper and ":" not in line)


def find_labels(lines: list[str], fields: set[str] | None = None, fuzzy: bool = False) -> list[LabelHit]:
    """Every labelled value in ``lines`` (for the given fields), longest label first per spot.

    When a label ends its line, the value is taken from the next non-empty line unless that
    line itself starts with a label.
    """
    matcher, _ = label_matcher()
    vocab_strings = nlp().vocab.strings
    hits: list[LabelHit] = []
    for index, line in enumerate(lines):
        if is_heading(line):
            continue
        folded = fold_same_length(line)
        doc = nlp().make_doc(folded)
        spans = []
        for match_id, start, end in matcher(doc):
            field = vocab_strings[match_id]
            spans.append((doc[start:end].start_char, doc[start:end].end_char, field))
        # keep the longest label at each position; drop labels inside another label
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        for span in spans:
            if kept and span[0] < kept[-1][1]:
                continue
            if not span[2].startswith("claims.") and not stands_as_label(line, span[0], span[1]):
                continue  # "Tại trụ sở chính": a label's words inside a value (claims read the whole line)
            kept.append(span)
        if not kept and fuzzy:  # only OCR garbles labels; exact text needs no guessing
            garbled = fuzzy_label(line, folded)
            if garbled is not None:
                kept.append(garbled)
        for number, (start, end, field) in enumerate(kept):
            stop = kept[number + 1][0] if number + 1 < len(kept) else len(line)
            raw = line[end:stop]
            colon = raw.find(":")
            if 0 < colon <= 35 and line[end:end + 1] not in ":：" and not re.search(r"\d", raw[:colon]):
                # the label runs on past what we matched ("Tên công ty viết bằng tiếng Việt:",
                # garbled by OCR): its real end is the colon
                end, raw = end + colon + 1, raw[colon + 1:]
            value = drop_label_tail(clean_value(raw))
            if value and continues_label(line[start:end], value):
                value = ""  # "Tên doanh nghiệp viết bằng tiếng" / value / "Việt": the label wrapped
            if number + 1 < len(kept) and joins_next_label(value):
                continue  # "Địa chỉ nhà máy/cơ sở sản xuất:": one label in two parts, the last one decides
            if field == "_stop" or (fields is not None and field not in fields):
                continue  # other fields' labels still bound this value, so filter only here
            value_line = index
            if not value and number + 1 == len(kept):
                value = next_value_line(lines, index, field)
                value_line = index + 1 + next((i for i, t in enumerate(lines[index + 1:]) if t.strip()), 0)
            hits.append(
                LabelHit(
                    field=field, label=line[start:end], value=value, line=line, line_index=index,
                    label_start=start, value_line=value_line, cut=number + 1 < len(kept),
                )
            )
    return hits


@lru_cache(maxsize=1)
def label_phrases() -> list[tuple[str, str]]:
    """(folded phrase, field) for every label, longest first."""
    _, labels = label_matcher()
    pairs = [(phrase, field) for field, phrases in labels.items() if field != "_stop" for phrase in phrases]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def fuzzy_label(line: str, folded: str) -> tuple[int, int, str] | None:
    """A label garbled by OCR ("Tên công ty viết bãn ø tiếng Việt:") matched by similarity.

    Only the text before the line's first colon is compared, and only with labels of at least
    three words, so short common words never match by accident.
    """
    colon = line.find(":")
    if colon < 8 or colon > 70:
        return None
    prefix = re.sub(r"^[\s\d.)*-]+", "", folded[:colon]).strip()
    start = folded.find(prefix) if prefix else -1
    best: tuple[float, str] | None = None
    for phrase, field in label_phrases():
        if phrase.count(" ") < 2 or abs(len(phrase) - len(prefix)) > 0.3 * len(phrase):
            continue
        matcher = SequenceMatcher(None, prefix, phrase)
        if matcher.quick_ratio() < 0.85:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.85 and (best is None or ratio > best[0]):
            best = (ratio, field)
    if best is None or start < 0:
        return None
    return start, colon, best[1]


# a firm's legal form opens its name ("CÔNG TY CỔ PHẦN …", "CHI NHÁNH …"); an English name holds one
LEGAL_FORM_RE = re.compile(r"^(?:cong ty|tong cong ty|chi nhanh|tap doan|hop tac xa|lien hiep|doanh nghiep tu nhan|"
                           r"van phong dai dien|nha may|cty)\b|\b(?:company|corporation|co\.?,? ?ltd|jsc|limited)\b")
NAME_FIELDS = ("enterprise.name", "enterprise.name_en")
PLACE_FIELDS = ("enterprise.address", "enterprise.factory_address")


def value_in_capitals(label_line: str, following: str, field: str | None) -> bool:
    """Whether a line in capitals under a label that ends with a colon is the label's value, not a
    heading: a firm's name opening with its legal form ("CÔNG TY CỔ PHẦN …"), or an address
    holding a number ("SỐ 18 PHỐ …"). A numbered heading ("II. THÔNG TIN …") never is."""
    if HEADING_RE.match(following) or not label_line.rstrip().endswith((":", "：")):
        return False
    folded = fold_same_length(following.strip())
    if field in NAME_FIELDS:
        return bool(LEGAL_FORM_RE.search(folded))
    return field in PLACE_FIELDS and bool(re.search(r"\d", folded))


def next_value_line(lines: list[str], index: int, field: str | None = None) -> str:
    """The next non-empty line when it is not itself a labelled line or a heading (a value in
    capitals is told from a heading by :func:`value_in_capitals`)."""
    for following in lines[index + 1 : index + 3]:
        if not following.strip():
            continue
        if is_heading(following) and not value_in_capitals(lines[index], following, field):
            return ""
        if re.match(r"^\s*\d+\s*[.)]\s", following):
            return ""
        matcher, _ = label_matcher()
        doc = nlp().make_doc(fold_same_length(following))
        if any(start <= 3 for _, start, _ in matcher(doc)):
            return ""
        return clean_value(following)
    return ""


def wrapped_continuation(lines: list[str], index: int) -> str | None:
    """The next line when the value on line ``index`` was wrapped onto it by the layout.

    Only for laid-out pages (PDF, scans): a line that reaches the right margin, followed by a
    line that is not a heading, a numbered item, a bullet or another labelled value.
    """
    if index + 1 >= len(lines):
        return None
    line, following = lines[index], lines[index + 1]
    if "\t" in line or "\t" in following or not following.strip():
        return None
    widths = sorted(len(text) for text in lines if "\t" not in text)
    full = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    if len(line) < 0.8 * full or line.rstrip().endswith((".", ";", ":")):
        return None
    tail = line.rsplit(":", 1)[-1]
    shouting = tail.upper() == tail  # a name in capitals wraps onto a line in capitals
    if (is_heading(following) and not shouting) or re.match(
            r"^\s*(\d+|[IVX]+|[a-zđ])\s*[.)]\s|^\s*[-+•*]", following):
        return None
    if ":" in following[:40]:
        return None
    matcher, _ = label_matcher()
    doc = nlp().make_doc(fold_same_length(following))
    if any(start <= 2 for _, start, _ in matcher(doc)):
        return None
    return following.strip()
