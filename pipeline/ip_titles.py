"""IP titles held (trademark, patent, utility-solution certificates), one per number.

Firms send the same certificate twice (a PDF and a phone photo of it, or the same file under two
names); the criterion counts distinct titles. Copies are told apart by content hash, then by
the title's number; two numbers one character apart are one title read twice by OCR, counted
once and noted for the reviewer.
"""

from __future__ import annotations

import re

from pipeline.assemble import Pool
from pipeline.models import DossierRecord, Evidence, Field


def count_ip_titles(pool: Pool, record: DossierRecord) -> Field:
    """The number of distinct IP titles in the dossier, with one evidence per title."""
    numbers: dict[str, str] = {}  # file (and page) -> the title's number
    for kind, candidate in pool.by_field.get("document.number", []):
        if kind == "ip_certificate" and isinstance(candidate.value, str) and candidate.evidence:
            ev = candidate.evidence[0]
            numbers.setdefault(f"{ev.file}#{ev.page}", re.sub(r"[^0-9a-z]", "", candidate.value.lower()))
    titles: list[tuple[str, Evidence]] = []  # (key, evidence) of each distinct title
    copies: set[tuple[str, int | None]] = set()  # (content hash, page) already counted
    near: list[str] = []
    for entry in record.documents:
        if entry.error is not None:
            continue
        pages = [(p.first_page, p.title) for p in entry.parts if p.kind == "ip_certificate"]
        if not pages and entry.kind == "ip_certificate" and not entry.parts:
            pages = [(1 if entry.pages else None, None)]
        for page, title in pages:
            if (entry.sha256, page) in copies:
                continue  # the same file sent twice
            copies.add((entry.sha256, page))
            number = numbers.get(f"{entry.file}#{page}") or numbers.get(f"{entry.file}#None") or ""
            key = number or f"{entry.sha256}#{page}"
            same = next((k for k, _ in titles if k == key or (number and one_apart(k, number))), None)
            if same is not None:
                if same != key:
                    near.append(f"{same}/{number}")
                continue
            titles.append((key, Evidence(file=entry.file, page=page,
                                         text=title or (f"văn bằng số {number}" if number else "văn bằng"))))
    note = (f"số văn bằng gần giống nhau, coi là một: {', '.join(near)}; cần kiểm tra" if near else None)
    return Field(value=len(titles), confidence=0.7 if near else 0.95, evidence=[e for _, e in titles], note=note)


def one_apart(a: str, b: str) -> bool:
    """Two numbers of the same length differing in one character (an OCR slip)."""
    return len(a) == len(b) >= 5 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
