"""What reading one file of a dossier gives: its record entry, its facts and its pages' sources.

The reading itself (``pipeline.extraction``) runs in the reader processes; this module is all a
pass needs of it, so the process that plans and decides never loads the readers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from extractors.facts import DocumentFacts
from pipeline import __version__
from pipeline.models import DocumentEntry

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class DocumentResult(BaseModel):
    """What one file gave: its record entry, facts per logical document, and page sources."""

    model_config = ConfigDict(extra="forbid")

    entry: DocumentEntry
    facts: list[DocumentFacts] = Field(default_factory=list)
    page_sources: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline_version: str = __version__
