"""Recognise each document's kind from its content and split bundled files by page range.

Patterns live in ``extractors/patterns/kinds.yaml``. Matching is done on text folded to
lower case without diacritics, so a scan whose OCR lost accents still matches. A phrase near
the top of a page names the document; phrases in the body only support it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from extractors.base import Page
from extractors.models import DOCUMENT_KINDS
from extractors.vnnum import fold

# libyaml parses the same YAML ten times faster than the pure-Python loader, when installed
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PATTERNS_FILE = Path(__file__).parent / "patterns" / "kinds.yaml"
TITLE_LINES = 14  # lines from the top of a page where a document's title sits
STRONG = 8.0  # a page scoring this much for a kind starts (or continues) a document of that kind
WEAK = 3.0  # below this a page's kind is not decided by the page alone
# kinds where one file often bundles several separate documents of the same kind
SPLIT_ON_REPEAT = {"quality_certificate", "ip_certificate", "high_tech_certificate", "business_registration"}


class KindPatterns(BaseModel):
    """Title and body phrases for one kind (folded)."""

    model_config = ConfigDict(extra="forbid")

    title: list[str]
    subject: list[str] = []  # what a letter's "V/v …" line says when the letter is this kind
    body: list[str] = []
    names: list[str] = []  # words in a file's name that suggest the kind (for files that cannot be read)


class PageKind(BaseModel):
    """A page's best kind, its score, the runner-up score and the title line that decided."""

    kind: str | None
    score: float
    runner_up: float
    title: str | None = None


class Segment(BaseModel):
    """A run of pages forming one document."""

    kind: str
    confidence: float
    first_page: int
    last_page: int
    title: str | None = None


@lru_cache(maxsize=1)
def load_patterns() -> dict[str, KindPatterns]:
    """Read and validate the kind patterns once."""
    data = yaml.load(PATTERNS_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    patterns = {kind: KindPatterns.model_validate(spec) for kind, spec in data.items()}
    unknown = set(patterns) - set(DOCUMENT_KINDS)
    if unknown:
        raise ValueError(f"{PATTERNS_FILE.name}: unknown kinds {sorted(unknown)}")
    return patterns


def name_suggests(file_name: str, kind: str) -> bool:
    """Whether a file's name suggests a kind ("XN_nghia_vu_thue.pdf" → tax_compliance): used only
    to say which missing document an unreadable file probably was."""
    spec = load_patterns().get(kind)
    if spec is None:
        return False
    stem = " " + re.sub(r"[^a-z0-9]+", " ", fold(Path(file_name).stem)) + " "
    return any(f" {name} " in stem for name in spec.names)


@lru_cache(maxsize=512)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![a-z0-9])")


@lru_cache(maxsize=512)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    """The literal pieces of a phrase's pattern: each must occur in any text the pattern matches."""
    return tuple(word for word in phrase.split(" ") if word)


def _search(phrase: str, text: str) -> re.Match[str] | None:
    """``_phrase_re(phrase).search(text)``, skipping the regex when a piece is missing.

    A page is searched for every phrase of every kind and most are absent; substring tests
    rule them out far faster than the regex, whose lookbehind stops it from skipping ahead.
    """
    for word in _phrase_words(phrase):
        if word not in text:
            return None
    return _phrase_re(phrase).search(text)


PhraseSpec = tuple[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def kind_phrases() -> list[tuple[str, list[PhraseSpec], list[PhraseSpec], list[str]]]:
    """Per kind, its title and body phrases with their pieces (split once, not per page), and
    its subject phrases."""
    return [(kind, [(p, _phrase_words(p)) for p in patterns.title], [(p, _phrase_words(p)) for p in patterns.body],
             patterns.subject)
            for kind, patterns in load_patterns().items()]


_TOKEN = re.compile(r"[a-z0-9]+")  # what a phrase pattern's ends must not touch, as whole runs


@lru_cache(maxsize=1)
def body_checks() -> list[tuple[str, list[tuple[str, frozenset[str], tuple[str, ...]]]]]:
    """Per kind, each body phrase with the words a page must hold for it to match (:func:`_needs`)."""
    return [(kind, [(phrase, *_needs(words)) for phrase, words in body_specs])
            for kind, _, body_specs, _ in kind_phrases()]


def _needs(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A phrase's words split into those of letters and digits only, which stand whole in any
    text the phrase matches (between spaces, or at its bounded ends: a run of :data:`_TOKEN`),
    and the others, only looked for as substrings."""
    return frozenset(w for w in words if _TOKEN.fullmatch(w)), tuple(w for w in words if not _TOKEN.fullmatch(w))


@lru_cache(maxsize=1)
def title_checks() -> list[tuple[str, list[tuple[str, frozenset[str], tuple[str, ...], str]]]]:
    """Per kind, each title phrase with what a head must hold for it to match (:func:`_needs`)
    and its :func:`compact` form."""
    return [(kind, [(phrase, *_needs(words), compact(phrase)) for phrase, words in title_specs])
            for kind, title_specs, _, _ in kind_phrases()]


ENUMERATED = re.compile(r"^\s*(?:\d+|[a-zđ])\s*[.)]\s|^\s*[-+•*]\s")
# a letter's subject line ("V/v xác nhận …", "Về việc …"): it says what the letter is about
SUBJECT_RE = re.compile(r"^(?:v\s*/\s*v|v\.v\.?|ve viec|re|subject)\s*[:.]?\s+")
INNER_SUBJECT_RE = re.compile(r"(?<=\s)(?:v\s*/\s*v|ve viec)\s*[:.]?\s+")
SUBJECT_STOP = re.compile(r"^(?:kinh gui|so\b|ngay\b|can cu|noi nhan|\d)")
COMPACT_MIN = 12  # a phrase this long, letters only, is specific enough to find across broken lines


@dataclass
class TitleMatch:
    """Where one title phrase of one kind was found in a page's head, and how strongly."""

    kind: str
    gain: float
    phrase: str
    line: str | None  # the head line that carries it (None: found only across broken lines)
    span: tuple[int, int] | None  # its place in the page's compact head, to find overlapping matches


def compact(text: str) -> str:
    """Folded text with everything but letters and digits removed: "DOAN H NGHIỆP" → "doanhnghiep"."""
    return "".join(_TOKEN.findall(text))


def title_gain(phrase: str, head: list[str], joined: str) -> tuple[float, int | None]:
    """How strongly a title phrase names the page, and on which head line it stands.

    A line (or two consecutive lines: titles wrap, "GIẤY CHỨNG NHẬN / SẢN PHẨM CÔNG NGHỆ CAO")
    that starts with the phrase and holds little else is a title (10); starting a longer line
    is weaker (6); inside a line, weak (3). Longer phrases are more specific and gain a little
    more. Numbered or bulleted lines are lists ("5. Bản cam kết…"), not titles.
    """
    best, where = 0.0, None
    if not _search(phrase, joined):
        return best, where
    for index, line in enumerate(head):
        if ENUMERATED.match(line):
            continue
        texts = [line]
        if index + 1 < len(head) and not ENUMERATED.match(head[index + 1]):
            texts.append(line + " " + head[index + 1])
        for span, text in enumerate(texts):
            match = _search(phrase, text)
            if not match or (span == 1 and _search(phrase, head[index + 1])):
                continue
            stripped = text.strip(" .:-\t\"'“”")
            lead = len(text) - len(text.lstrip(" .:-\t\"'“”"))
            at_start = match.start() <= lead + 1
            if at_start and len(stripped) <= len(phrase) + 30:
                gain = 10.0
            elif at_start:
                gain = 6.0
            else:
                gain = 3.0
            gain += min(len(phrase), 40) / 20 - 0.2 * index - 0.3 * span
            if gain > best:
                best, where = gain, index
    return best, where


def split_subject(lines: list[str]) -> tuple[list[str], str]:
    """The head's title lines, and a letter's subject ("V/v …" with the lines it wraps onto,
    left column only: the place and date stand beside it), folded.

    A Word table cell holding the letterhead gives its lines as one ("CÔNG TY … Số: 25/CV V/v …"):
    there the subject is what follows the marker inside the cell.
    """
    titles: list[str] = []
    subject = ""
    index = 0
    while index < len(lines):
        first = fold(lines[index].split("\t")[0].strip())
        marker = SUBJECT_RE.match(first) if not subject else None
        inside = INNER_SUBJECT_RE.search(first) if not subject and marker is None else None
        if inside is not None:
            subject = first[inside.end():]
            titles.append(lines[index][:inside.start()] + lines[index][len(lines[index].split("\t")[0]):])
            index += 1
            continue
        if marker is None:
            titles.append(lines[index])
            index += 1
            continue
        parts = [first[marker.end():]]
        index += 1
        while index < len(lines) and len(parts) < 3:
            following = fold(lines[index].split("\t")[0].strip())
            if not following or len(following) > 60 or SUBJECT_STOP.match(following):
                break
            parts.append(following)
            index += 1
        subject = " ".join(parts)
    return titles, subject


def find_titles(lines: list[str]) -> tuple[list[TitleMatch], str]:
    """Every kind's title matches in the head (the longer of two overlapping phrases wins: "BẢN
    THUYẾT MINH BÁO CÁO TÀI CHÍNH" is a statement's notes, not a "bản thuyết minh"), and the
    letter's subject."""
    title_lines, subject = split_subject(lines)
    head = [fold(line) for line in title_lines]
    joined = " ".join(head)
    runs = _TOKEN.findall(joined)
    whole, tokens = "".join(runs), set(runs)  # whole: compact(joined)
    left = "".join(_TOKEN.findall(" ".join(fold(line.split("\t")[0]) for line in title_lines)))
    matches: list[TitleMatch] = []
    for kind, checks in title_checks():
        for phrase, needed, pieces, packed in checks:
            # title_gain finds nothing unless the phrase's words are all there
            if needed <= tokens and all(map(joined.__contains__, pieces)):
                gain, where = title_gain(phrase, head, joined)
                if where is not None:
                    at = whole.find(packed)
                    matches.append(TitleMatch(kind=kind, gain=gain, phrase=phrase, line=title_lines[where],
                                              span=(at, at + len(packed)) if at >= 0 else None))
                    continue
            if len(packed) >= COMPACT_MIN and (packed in whole or packed in left):
                # a title broken by OCR or a photo ("GIẤY CHỨNG / NHẬN ĐĂNG KÝ DOAN H NGHIỆP")
                at = whole.find(packed)
                matches.append(TitleMatch(kind=kind, gain=5.0 + min(len(phrase), 40) / 20, phrase=phrase, line=None,
                                          span=(at, at + len(packed)) if at >= 0 else None))
    return [m for m in matches if not overshadowed(m, matches)], subject


def overshadowed(match: TitleMatch, matches: list[TitleMatch]) -> bool:
    """Whether a longer phrase of another kind covers part of the same words."""
    if match.span is None:
        return False
    return any(other.kind != match.kind and other.span is not None and len(other.phrase) > len(match.phrase)
               and other.span[0] < match.span[1] and match.span[0] < other.span[1] for other in matches)


def score_page(text: str) -> PageKind:
    """Score one page's text against every kind."""
    lines: list[str] = []  # the first TITLE_LINES non-empty lines: titles are only looked for there
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) == TITLE_LINES:
                break
    matches, subject = find_titles(lines)
    body = fold(text)
    scores: dict[str, float] = {}
    titles: dict[str, str] = {}
    tokens = set(_TOKEN.findall(body))
    for (kind, _, _, subject_phrases), (_, checks) in zip(kind_phrases(), body_checks(), strict=True):
        score = 0.0
        for match in matches:
            if match.kind == kind and match.gain > score:
                score = match.gain
                if match.line is not None:
                    titles[kind] = match.line
        for phrase in subject_phrases:
            if subject and _search(phrase, subject):
                gain = 10.0 + min(len(phrase), 40) / 20
                if gain > score:
                    score, titles[kind] = gain, "V/v " + subject
        # patterns are compiled on first need: most phrases never get past their words, looked
        # up among the page's runs of letters and digits rather than searched for in its text
        hits = sum(1 for phrase, whole, pieces in checks
                   if whole <= tokens and all(map(body.__contains__, pieces)) and _phrase_re(phrase).search(body))
        scores[kind] = score + min(hits, 6) * 1.0
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best_kind, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < WEAK:
        return PageKind(kind=None, score=best, runner_up=runner_up)
    return PageKind(kind=best_kind, score=best, runner_up=runner_up, title=titles.get(best_kind))


def kind_confidence(best: float, runner_up: float) -> float:
    """Map a score and its margin to 0..1: a clear title with a clear lead is near 1."""
    strength = min(1.0, best / 12.0)
    margin = min(1.0, max(0.0, (best - runner_up) / 6.0))
    return round(0.35 + 0.65 * (0.5 * strength + 0.5 * margin), 3)


def segment_pages(pages: list[Page]) -> list[Segment]:
    """Split a file's pages into documents; pages with no title continue the current one."""
    segments: list[Segment] = []
    for position, page in enumerate(pages, start=1):
        verdict = score_page(page.text)
        number = position  # index in the document (equals the page number for PDFs)
        confidence = kind_confidence(verdict.score, verdict.runner_up) if verdict.kind else 0.3
        current = segments[-1] if segments else None
        if current is not None and current.kind == "other" and current.title is None and verdict.kind is not None:
            # an untitled cover or blank page before a document belongs to that document
            current.kind, current.confidence, current.title = verdict.kind, confidence, verdict.title
            current.last_page = number
            continue
        strong = verdict.kind is not None and verdict.score >= STRONG
        repeated = verdict.kind in SPLIT_ON_REPEAT and verdict.title is not None
        if current is None or (strong and (verdict.kind != current.kind or repeated)):
            segments.append(
                Segment(
                    kind=verdict.kind or "other",
                    confidence=confidence,
                    first_page=number,
                    last_page=number,
                    title=verdict.title,
                )
            )
            continue
        current.last_page = number
        if verdict.kind == current.kind:
            current.confidence = max(current.confidence, confidence)
    return segments
