"""Facts → renderings → extraction → the same value: variants, their cached extraction, the checks.

A :class:`Variant` is a name, a format and a function building the document model; ``expect``
maps what must be read to the fact it holds. Every rendering is read and extracted once per
test session (:func:`extracted`), by the real reader and extractor.

What ``expect`` may name:

- a candidate field path (``figures.enterprise_revenue_vnd.2025``): the most confident candidate
  for it, over every document of the file, must equal the fact, and no candidate with another
  value may reach the review threshold (a confident wrong value is the worst failure);
- ``kind``: every document of the file is of that kind; :class:`Not` turns it into "none is";
- ``certificates[0].<attribute>``: the first certificate found (issued, expires, number, standard).

:data:`ABSENT` as a fact means nothing may be read there with confidence.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extractors.extract import extract_facts
from extractors.facts import DocumentFacts
from extractors.registry import read_document
from tests.variations.render import Doc, write

REVIEW = 0.8  # candidates at or above this are taken without review


@dataclass(frozen=True)
class Not:
    """An expected kind that must *not* be given."""

    kind: str


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


@dataclass(frozen=True)
class Variant:
    """One layout of the family's facts: ``name`` says what differs (it is the test id)."""

    name: str
    fmt: str  # pdf | docx | xlsx | scan | photo
    build: Callable[[], Doc]
    expect: Mapping[str, object]
    xfail: str | None = None
    marks: tuple[pytest.MarkDecorator, ...] = field(default_factory=tuple)

    def param(self) -> object:
        """The pytest parameter for this variant, strict-xfail when it names a known cause."""
        marks = list(self.marks)
        if self.xfail:
            marks.append(pytest.mark.xfail(strict=True, reason=self.xfail))
        return pytest.param(self, id=self.name, marks=marks)


def params(variants: list[Variant]) -> list[object]:
    """Parameters for ``pytest.mark.parametrize``, one per variant; names must be unique."""
    names = [v.name for v in variants]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate variant names: {sorted(duplicates)}"
    return [v.param() for v in variants]


_ROOT: Path | None = None
_CACHE: dict[tuple[str, str], list[DocumentFacts]] = {}


def _root() -> Path:
    global _ROOT
    if _ROOT is None:
        _ROOT = Path(tempfile.mkdtemp(prefix="spcncl-variations-"))
        atexit.register(shutil.rmtree, _ROOT, True)
    return _ROOT


def render(family: str, variant: Variant) -> Path:
    """Write the variant's file (under a per-session temporary folder) and return its path."""
    folder = _root() / family
    folder.mkdir(exist_ok=True)
    return write(variant.build(), variant.fmt, folder / variant.name)


def extracted(family: str, variant: Variant) -> list[DocumentFacts]:
    """The variant rendered, read and extracted — once per session."""
    key = (family, variant.name)
    if key not in _CACHE:
        path = render(family, variant)
        _CACHE[key] = extract_facts(read_document(path, path.name))
    return _CACHE[key]


def _candidate_problems(facts: list[DocumentFacts], path: str, fact: object) -> list[str]:
    found = [c for f in facts for c in f.candidates if c.field == path]
    if fact is ABSENT:
        return [f"{path}: nothing should be read, got {c.value!r} at {c.confidence}"
                for c in found if c.confidence >= REVIEW]
    if not found:
        return [f"{path}: missed (expected {fact!r})"]
    problems = []
    best = max(found, key=lambda c: c.confidence)
    if best.value != fact:
        problems.append(f"{path}: read {best.value!r} at {best.confidence} ({best.method}), expected {fact!r}")
    problems += [f"{path}: confident wrong value {c.value!r} at {c.confidence} ({c.method})"
                 for c in found if c.value != fact and c.confidence >= REVIEW and c is not best]
    return problems


def _certificate_problems(facts: list[DocumentFacts], path: str, fact: object) -> list[str]:
    index_text, _, attribute = path.removeprefix("certificates[").partition("].")
    certificates = [c for f in facts for c in f.certificates]
    index = int(index_text)
    if len(certificates) <= index:
        return [f"{path}: no certificate {index} (found {len(certificates)})"]
    certificate = certificates[index]
    value = getattr(certificate, attribute)
    if fact is ABSENT:
        return [] if value is None else [f"{path}: nothing should be read, got {value!r}"]
    if value == fact:
        return []
    how = "confident wrong value" if value is not None and certificate.confidence >= REVIEW else "read"
    return [f"{path}: {how} {value!r} (certificate confidence {certificate.confidence}), expected {fact!r}"]


def _kind_problems(facts: list[DocumentFacts], fact: object) -> list[str]:
    kinds = [f.kind for f in facts]
    if isinstance(fact, Not):
        return [f"kind: must not be {fact.kind}, got {kinds}"] if fact.kind in kinds else []
    return [] if kinds and set(kinds) == {fact} else [f"kind: expected {fact}, got {kinds}"]


def problems(facts: list[DocumentFacts], expect: Mapping[str, object]) -> list[str]:
    """Every way the extraction differs from the facts (empty when all agree)."""
    out: list[str] = []
    for path, fact in expect.items():
        if path == "kind":
            out += _kind_problems(facts, fact)
        elif path.startswith("certificates["):
            out += _certificate_problems(facts, path, fact)
        else:
            out += _candidate_problems(facts, path, fact)
    return out


def check(family: str, variant: Variant) -> None:
    """Assert that the variant's extraction gives every fact it holds."""
    facts = extracted(family, variant)
    found = problems(facts, variant.expect)
    assert not found, f"{family}/{variant.name} ({variant.fmt}):\n  " + "\n  ".join(found)
