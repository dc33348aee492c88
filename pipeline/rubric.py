"""The rubric file format: rounds, prerequisites, criteria, pass rule, documents, groups.

A rubric is a YAML file in ``criteria/`` validated by pydantic on load. Amounts may be
written the Vietnamese way (``"1.000 tỷ"``, ``"20 %"``, ``"1 triệu"``); errors name the file,
the line and the key. A new year or another province is a new file, not new code.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from extractors.errors import CriteriaError
from extractors.vnformat import points as vn_points
from pipeline.figures import FIGURES
from pipeline.models import DOCUMENT_KINDS, DocumentKind, Standard
from pipeline.rubric_file import RubricFileError, check_listing, describe_errors, parse_yaml, read_rubric_text
from pipeline.rubric_numbers import to_number

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
DEFAULT_RUBRIC = "hanoi_spcncl.yaml"
log = logging.getLogger("spcncl.rubric")


Number = Annotated[float, BeforeValidator(to_number)]


class Strict(BaseModel):
    """Rubric models refuse unknown keys: a misspelt key is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid")


class Round(Strict):
    """One yearly round: its deadline and the three full years it looks at."""

    year: int
    deadline: dt.date
    years: list[int] = Field(min_length=1)
    supplement_days: int = 15

    @property
    def latest(self) -> int:
        """The latest year looked at (R-1)."""
        return max(self.years)

    def last_years(self, count: int) -> list[int]:
        """The ``count`` latest years looked at, oldest first."""
        return sorted(self.years)[-count:]


class Band(Strict):
    """``min`` means value ≥ min; ``above`` means value > above. Exactly one is given."""

    points: float
    min: Number | None = None
    above: Number | None = None

    @model_validator(mode="after")
    def one_bound(self) -> Band:
        """A band needs exactly one bound."""
        if (self.min is None) == (self.above is None):
            raise ValueError("mỗi mức cần đúng một trong hai khóa 'min' hoặc 'above'")
        return self

    def holds(self, value: float) -> bool:
        """Whether ``value`` reaches this band."""
        if self.min is not None:
            return value >= self.min
        return self.above is not None and value > self.above


def known_figure(name: str) -> str:
    """A figure name the registry (``pipeline.figures.FIGURES``) computes."""
    if name not in FIGURES:
        raise ValueError(f"chỉ tiêu «{name}» không có; dùng một trong: {', '.join(FIGURES)}")
    return name


FigureName = Annotated[str, AfterValidator(known_figure)]


class BandsRule(Strict):
    """Points from the highest band a figure reaches (bands listed highest first)."""

    type: Literal["bands"]
    figure: FigureName
    bands: list[Band] = Field(min_length=1)


class BooleanRule(Strict):
    """Full points when a yes/no figure (e.g. ``high_tech``) is true."""

    type: Literal["boolean"]
    figure: FigureName


class CertificateRule(Strict):
    """Full points when a valid certificate of one of these standards is held by the firm."""

    type: Literal["certificate"]
    standards: list[Standard] = Field(min_length=1)


class ManualRule(Strict):
    """Scored by a council member in the worksheet; 0 until entered."""

    type: Literal["manual"]
    guidance: str = ""


Rule = Annotated[BandsRule | BooleanRule | CertificateRule | ManualRule, Field(discriminator="type")]


class Criterion(Strict):
    """One criterion of the scoring system."""

    id: str
    group: str
    name: str
    max: float = Field(gt=0)
    rule: Rule
    evidence: list[DocumentKind] = Field(default_factory=list)

    @model_validator(mode="after")
    def bands_within_max(self) -> Criterion:
        """No band may give more than the criterion's maximum."""
        if isinstance(self.rule, BandsRule):
            for band in self.rule.bands:
                if band.points > self.max:
                    raise ValueError(f"mức {band.points} điểm vượt điểm tối đa {self.max}")
        return self


class Condition(Strict):
    """When a floor case applies: product is high-tech, or in an industry group."""

    high_tech: bool | None = None
    industry_group: str | None = None


class FloorCase(Strict):
    """A revenue (or export) floor for the products the condition selects."""

    when: Condition | None = None
    figure: FigureName
    min: Number
    label: str


class LocationRule(Strict):
    """The head office or the factory lies in one of the named places."""

    type: Literal["location"]
    places: list[str] = Field(min_length=1)


class DocumentsRule(Strict):
    """Documents of these kinds are in the dossier; with ``tax_code``, the first kind's document
    must also show a valid tax code that no other document contradicts."""

    type: Literal["documents"]
    kinds: list[DocumentKind] = Field(min_length=1)
    tax_code: bool = False


class FloorRule(Strict):
    """The first case whose condition matches sets the floor (a case without condition last)."""

    type: Literal["floor"]
    cases: list[FloorCase] = Field(min_length=1)


PrerequisiteRule = Annotated[LocationRule | DocumentsRule | FloorRule, Field(discriminator="type")]


class PrerequisiteSpec(Strict):
    """One prerequisite (điều kiện tiên quyết)."""

    id: str
    name: str
    rule: PrerequisiteRule
    column: str | None = Field(None, max_length=40)  # the worksheet's column title (default "ĐK: <id>")

    @property
    def column_title(self) -> str:
        """The worksheet column of this prerequisite."""
        return self.column or f"ĐK: {self.id}"


class PassRule(Strict):
    """Proposed when the total is over (or at least) ``min_total`` and prerequisites pass."""

    min_total: float
    inclusive: bool = False
    prerequisites_must_pass: bool = True
    ranking_top: int = Field(10, ge=1)  # the leading proposed products published as the "Top N"
    comment_days: int = Field(10, ge=1)  # days the proposed list is published for public comment
    # a total this close to min_total (either side) is marked borderline on the worksheet and the report
    borderline_margin: float = Field(1.0, ge=0)

    def borderline(self, total: float) -> bool:
        """Whether a total lies within ``borderline_margin`` of the pass mark."""
        return abs(total - self.min_total) <= self.borderline_margin

    def passes(self, total: float) -> bool:
        """Whether a total passes."""
        return total >= self.min_total if self.inclusive else total > self.min_total


class RequiredDocument(Strict):
    """A document every dossier must hold; ``per_year`` asks one per round year, ``years: N`` one for
    each of the round's N latest years."""

    kind: DocumentKind
    per_year: bool = False
    years: int | None = Field(None, ge=1)

    def required_years(self, rnd: Round) -> list[int]:
        """The years one such document is needed for (none: one document whatever its year)."""
        if self.years is not None:
            return rnd.last_years(self.years)
        return sorted(rnd.years) if self.per_year else []


class IndustryGroupSpec(Strict):
    """An industry group: contract code, Vietnamese name, words that recognise it."""

    code: str
    name: str
    keywords: list[str] = Field(default_factory=list)


class Rubric(Strict):
    """A whole rubric file."""

    name: str
    authority: str
    rounds: list[Round] = Field(min_length=1)
    exchange_rates: dict[int, Number] = Field(default_factory=dict)
    industry_groups: list[IndustryGroupSpec] = Field(min_length=1)
    total_points: Number | None = None  # the stated total: a warning when the criteria's maxima differ
    high_tech_list: str | None = None
    high_tech_validity_years: int = Field(5, ge=1, le=20)  # when a certificate does not state its term
    prerequisites: list[PrerequisiteSpec] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
    pass_rule: PassRule
    required_documents: list[RequiredDocument] = Field(default_factory=list)
    certificate_claims_need_evidence: bool = True
    export_claims_need_evidence: bool = True
    export_evidence_years: int = Field(1, ge=1)  # declared exports of the N latest years need evidence
    source_path: str | None = None

    @model_validator(mode="after")
    def unique_ids(self) -> Rubric:
        """Criterion, prerequisite and round identifiers are unique."""
        for label, ids in (
            ("tiêu chí", [c.id for c in self.criteria]),
            ("điều kiện", [p.id for p in self.prerequisites]),
            ("vòng", [str(r.year) for r in self.rounds]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"mã {label} bị trùng: {', '.join(dupes)}")
        return self

    @property
    def max_total(self) -> float:
        """The sum of every criterion's maximum."""
        return sum(c.max for c in self.criteria)

    def round(self, year: int | None) -> Round:
        """The round for ``year`` (the newest when None)."""
        if year is None:
            return max(self.rounds, key=lambda r: r.year)
        for candidate in self.rounds:
            if candidate.year == year:
                return candidate
        known = ", ".join(str(r.year) for r in self.rounds)
        raise CriteriaError(f"{self.source_path}: không có vòng {year} (có: {known})")

    def rate(self, year: int) -> float | None:
        """VND per USD for a year, or None when the rubric has no rate for it."""
        return self.exchange_rates.get(year)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric; a bare name is looked up in ``criteria/``.

    Every problem is reported at once, each with ``file:line``; a binary or non-UTF-8 file is a
    :class:`CriteriaError` too. The data files it names are looked up beside the file itself.
    Warnings (maxima that do not add up to ``total_points``) are logged, once per file.
    """
    target = Path(path) if path else CRITERIA_DIR / DEFAULT_RUBRIC
    if not target.exists() and not target.is_absolute():
        target = CRITERIA_DIR / target
    if target.is_dir():
        raise RubricFileError(f"{target}: là thư mục; --criteria cần một tệp YAML (ví dụ criteria/hanoi_spcncl.yaml)")
    if not target.is_file():
        raise RubricFileError(f"không thấy tệp {target}")
    target = target.resolve()  # `review` and later passes find it (and its data files) from any folder
    data, lines = parse_yaml(read_rubric_text(target), target)
    data["source_path"] = str(target)
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricFileError(describe_errors(target, exc, lines)) from exc
    problems = check_references(rubric, target)
    if problems:
        raise RubricFileError(problems)
    for warning in rubric_warnings(rubric, target, lines):
        if warning not in _WARNED:
            _WARNED.add(warning)
            log.warning(warning)
    return rubric


_WARNED: set[str] = set()


def check_references(rubric: Rubric, path: Path) -> list[str]:
    """Cross-field checks pydantic cannot do alone: group codes and the high-tech list exist."""
    problems = []
    codes = {g.code for g in rubric.industry_groups}
    for spec in rubric.prerequisites:
        if isinstance(spec.rule, FloorRule):
            for case in spec.rule.cases:
                group = case.when.industry_group if case.when else None
                if group and group not in codes:
                    problems.append(f"{path.name}: {spec.id}: nhóm ngành «{group}» không có trong industry_groups "
                                    f"(có: {', '.join(sorted(codes))})")
    if rubric.high_tech_list:
        problems += check_listing(path, "high_tech_list", rubric.high_tech_list, ("id", "name"))
    for kind in [d.kind for d in rubric.required_documents]:
        if kind not in DOCUMENT_KINDS:
            problems.append(f"{path.name}: loại tài liệu «{kind}» không hợp lệ")
    return problems


def rubric_warnings(rubric: Rubric, path: Path, lines: dict[tuple[Any, ...], int] | None = None) -> list[str]:
    """What loads but is probably a slip: maxima that do not add up to the stated total, a pass mark
    no product can reach."""
    lines = lines or {}
    warnings = []
    total = rubric.max_total
    if rubric.total_points is not None and abs(total - rubric.total_points) > 1e-9:
        parts = " + ".join(f"{c.id} {vn_points(c.max)}" for c in rubric.criteria)
        warnings.append(f"Cảnh báo: {path.name}:{lines.get(('total_points',), 1)}: total_points là "
                        f"{vn_points(rubric.total_points)} nhưng điểm tối đa các tiêu chí cộng lại là "
                        f"{vn_points(total)} ({parts})")
    if not rubric.pass_rule.passes(total):
        warnings.append(f"Cảnh báo: {path.name}:{lines.get(('pass_rule',), 1)}: pass_rule.min_total "
                        f"{vn_points(rubric.pass_rule.min_total)} không thể đạt: tổng điểm tối đa chỉ là "
                        f"{vn_points(total)}")
    return warnings


def as_decimal(value: float) -> Decimal:
    """A rubric number as Decimal (for exact comparisons with extracted whole numbers)."""
    return Decimal(str(value))
