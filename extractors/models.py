"""What one document gives, shared by the readers, the field extractors and the record built
above them: document kinds, evidence, cross-check findings and management-system certificates.

The dossier record (``pipeline/models.py``) is made of these; they live here so that the
extractors, the bottom layer, never import the pipeline.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydField

DocumentKind = Literal[
    "registration_form",
    "product_description",
    "business_registration",
    "financial_statement",
    "tax_compliance",
    "environmental_compliance",
    "quality_certificate",
    "ip_certificate",
    "high_tech_certificate",
    "export_evidence",
    "commitment",
    "other",
]
DOCUMENT_KINDS: tuple[str, ...] = DocumentKind.__args__  # type: ignore[attr-defined]

Standard = Literal["ISO 9001", "ISO 14001", "ISO 22000", "ISO 45001", "HACCP", "other"]

# confidence rules every layer shares (the readers' cross-checks and the record's alike)
DOUBT_CAP = 0.6  # a value contradicted by another source, or otherwise in doubt, is at most this sure
ROUNDING = 0.001  # figures printed in rounded units may differ by this share and still agree


class Model(BaseModel):
    """Base for saved models: unknown keys are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class Evidence(Model):
    """Where a value was read: file inside the dossier, page from 1 (None for a sheet or a
    whole Word file), and the snippet it came from."""

    file: str
    page: int | None = PydField(default=None, ge=1)
    text: str
    sheet: str | None = None
    bbox: tuple[float, float, float, float] | None = None


class Certificate(Model):
    """A management-system certificate found in the dossier."""

    standard: Standard
    number: str | None = None
    issuer: str | None = None
    holder: str | None = None
    issued: str | None = PydField(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    expires: str | None = PydField(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    valid: bool | None = None
    evidence: list[Evidence] = PydField(default_factory=list)
    version: str | None = None
    confidence: float = PydField(default=0.0, ge=0.0, le=1.0)
    holder_matches: bool | None = None
    note: str | None = None


class Finding(Model):
    """A cross-check result shown to the reviewer, with the evidence of both sides."""

    code: str
    severity: Literal["info", "warning", "error"]
    message: str
    evidence: list[Evidence] = PydField(default_factory=list)
