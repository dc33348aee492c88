"""OCR accuracy on the sample scans: character error rate of each page against the text the
generator drew on it (``samples/truth/pages/<dossier>/<file with / → __>.p<N>.txt``).

Used by ``benchmarks/ocr_cer.py`` (the table in the README) and by the tests, so both measure
the same way.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance over the reference's length, runs of whitespace collapsed to one space."""
    hyp, ref = " ".join(hypothesis.split()), " ".join(reference.split())
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(1, len(ref))


def word_recall(hypothesis: str, reference: str) -> float:
    """Share of the reference's words found in the hypothesis, in any order (reading order aside)."""
    found = Counter(hypothesis.split())
    words = reference.split()
    hits = 0
    for word in words:
        if found[word] > 0:
            found[word] -= 1
            hits += 1
    return hits / max(1, len(words))


class TruthPage(BaseModel):
    """One scanned or photographed sample page and the text drawn on it."""

    dossier_id: str
    relpath: str
    page: int
    text: str


def truth_pages(samples: Path) -> list[TruthPage]:
    """Every page of ``samples/truth/pages`` with its source file's path inside the dossier."""
    pages = []
    for path in sorted((samples / "truth" / "pages").glob("*/*.txt")):
        stem, _, number = path.stem.rpartition(".p")
        pages.append(TruthPage(dossier_id=path.parent.name, relpath=stem.replace("__", "/"), page=int(number),
                               text=path.read_text(encoding="utf-8")))
    return pages


def source_file(samples: Path, page: TruthPage) -> Path:
    """The sample file a truth page was drawn into (the inbox folder, or inside the dossier's zip)."""
    return samples / "inbox" / page.dossier_id / page.relpath
