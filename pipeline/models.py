"""The dossier record as ``../shared/contract`` fixes it, plus the project's own extra keys.

Every extracted value is a :class:`Field`: value, confidence and evidence. Extra keys the
contract allows (``findings``, ``factory_address``, ``sheet``, ``bbox``…) are optional and
always come after the contract's own.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import Field as PydField

# what a single document gives lives with the readers (the bottom layer); the record builds on it
from extractors.models import DOCUMENT_KINDS as DOCUMENT_KINDS
from extractors.models import Certificate as Certificate
from extractors.models import DocumentKind as DocumentKind
from extractors.models import Evidence as Evidence
from extractors.models import Finding as Finding
from extractors.models import Model as Model
from extractors.models import Standard as Standard

# an industry-group code of the round's rubric (``industry_groups``): each rubric defines its own
IndustryGroup = str

Status = Literal["complete", "incomplete", "ineligible", "error"]
MissingReason = Literal["absent", "expired", "unreadable", "mismatch"]

T = TypeVar("T")


class Field(Model, Generic[T]):
    """A value with its confidence (0..1) and evidence. Not found = value None, no evidence."""

    value: T | None = None
    confidence: float = PydField(default=0.0, ge=0.0, le=1.0)
    evidence: list[Evidence] = PydField(default_factory=list)
    note: str | None = None

    @property
    def found(self) -> bool:
        """True when a value was read."""
        return self.value is not None


class Enterprise(Model):
    """The firm: name, tax code, head-office address (contract), factory address (extra)."""

    name: Field[str] = PydField(default_factory=Field[str])
    tax_code: Field[str] = PydField(default_factory=Field[str])
    address: Field[str] = PydField(default_factory=Field[str])
    name_en: Field[str] = PydField(default_factory=Field[str])
    factory_address: Field[str] = PydField(default_factory=Field[str])
    legal_representative: Field[str] = PydField(default_factory=Field[str])


class Product(Model):
    """The product the dossier registers."""

    name: Field[str] = PydField(default_factory=Field[str])
    industry_group: Field[IndustryGroup] = PydField(default_factory=Field[IndustryGroup])
    high_tech: Field[bool] = PydField(default_factory=Field[bool])


class Figures(Model):
    """Yearly figures keyed by ``"YYYY"``; employees a single field."""

    product_revenue_vnd: dict[str, Field[int]] = PydField(default_factory=dict)
    enterprise_revenue_vnd: dict[str, Field[int]] = PydField(default_factory=dict)
    export_usd: dict[str, Field[int]] = PydField(default_factory=dict)
    employees: Field[int] = PydField(default_factory=Field[int])
    ip_certificates_claimed: Field[int] = PydField(default_factory=Field[int])
    # distinct IP titles held (one per number: a second copy or a photo of one already sent counts once)
    ip_certificates: Field[int] = PydField(default_factory=Field[int])


class Prerequisite(Model):
    """One prerequisite: passed is None when it could not be decided."""

    id: str
    passed: bool | None
    detail: str


class CriterionScore(Model):
    """Points for one criterion and the sentence they rest on."""

    id: str
    points: float
    max: float
    basis: str
    name: str | None = None
    manual: bool = False
    evidence: list[Evidence] = PydField(default_factory=list)


class Score(Model):
    """The total and its criteria."""

    total: float = 0.0
    max: float = 0.0
    criteria: list[CriterionScore] = PydField(default_factory=list)


class MissingEvidence(Model):
    """What the firm must supply: code is a document kind with an optional ``:qualifier``."""

    code: str = PydField(pattern=r"^(" + "|".join(DOCUMENT_KINDS) + r")(:.+)?$")
    reason: MissingReason
    message: str = PydField(min_length=1)


class DocumentPart(Model):
    """One document inside a file that bundles several (a scanned bundle), by page range."""

    kind: DocumentKind
    first_page: int | None = None
    last_page: int | None = None
    confidence: float = 0.0
    title: str | None = None


class DocumentEntry(Model):
    """One file received: its kind, pages, whether OCR was used, hash and error."""

    file: str
    kind: DocumentKind | None
    pages: int | None
    ocr: bool
    sha256: str = PydField(pattern=r"^[0-9a-f]{64}$")
    error: str | None
    error_code: str | None = None
    parts: list[DocumentPart] = PydField(default_factory=list)
    # how sure the OCR was of the file's words (mean word confidence, 0..1); None for files with a
    # text layer or native text. A scan far below the review threshold is unusable for the firm
    text_quality: float | None = None


class DossierRecord(Model):
    """One dossier's record: the file ``dossiers/<dossier_id>.json``."""

    dossier_id: str = PydField(min_length=1)
    status: Status
    proposed: bool
    enterprise: Enterprise = PydField(default_factory=Enterprise)
    product: Product = PydField(default_factory=Product)
    figures: Figures = PydField(default_factory=Figures)
    certificates: list[Certificate] = PydField(default_factory=list)
    prerequisites: list[Prerequisite] = PydField(default_factory=list)
    score: Score = PydField(default_factory=Score)
    missing_evidence: list[MissingEvidence] = PydField(default_factory=list)
    documents: list[DocumentEntry] = PydField(default_factory=list)
    findings: list[Finding] = PydField(default_factory=list)
    round: int | None = None
    criteria_file: str | None = None
    pipeline_version: str | None = None
