"""The one small interface every format reader implements, and what readers return.

A reader turns one file into a :class:`ReadDocument`: pages of normalised text, optional
word boxes with OCR confidences, and tables as rows of cell strings. Readers raise only
:class:`extractors.errors.DocumentLoadError` (and subclasses); third-party exceptions are
wrapped at this boundary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

TextSource = Literal["text_layer", "ocr", "native"]


class Word(BaseModel):
    """A word with its box (fractions of page width/height, origin top-left) and confidence."""

    model_config = ConfigDict(extra="forbid")

    text: str
    bbox: tuple[float, float, float, float]
    confidence: float = 1.0


class Page(BaseModel):
    """One unit of text: a PDF page, an image, a sheet, or a whole Word document.

    ``number`` is the page number used in evidence (None for a sheet or a Word file, as the
    contract asks); ``label`` names a sheet. ``tables`` hold rows of cell strings.
    """

    model_config = ConfigDict(extra="forbid")

    number: int | None
    text: str
    source: TextSource
    label: str | None = None
    confidence: float = 1.0
    words: list[Word] = Field(default_factory=list)
    tables: list[list[list[str]]] = Field(default_factory=list)
    layer_rejected: str | None = None


class ReadDocument(BaseModel):
    """Everything a reader got out of one file."""

    model_config = ConfigDict(extra="forbid")

    file: str
    format: str
    pages: list[Page] = Field(default_factory=list)
    page_count: int | None = None
    fonts: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def ocr(self) -> bool:
        """True when any page's text came from OCR."""
        return any(p.source == "ocr" for p in self.pages)

    @property
    def text(self) -> str:
        """All pages' text, separated by form feeds."""
        return "\f".join(p.text for p in self.pages)


class Reader(Protocol):
    """Reads one file of its format. ``relpath`` is the path shown in evidence."""

    def __call__(self, path: Path, relpath: str) -> ReadDocument:
        """Return the document's pages or raise ``DocumentLoadError``."""
        ...
