"""The rubric file format: rounds, prerequisites, criteria, pass rule, documents, groups.

A rubric is a YAML file in ``criteria/`` validated by pydantic on load. Amounts may be
written the Vietnamese way (``"1.000 tỷ"``, ``"20 %"``, ``"1 triệu"``); errors name the file,
the line and the key. A new year or another province is a new file, not new code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from extractors.errors import CriteriaError
from pipeline.figures import FIGURES
from pipeline.models import DOCUMENT_KINDS, DocumentKind, Standard
from pipeline.rubric_numbers import to_number

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
DEFAULT_RUBRIC = "hanoi_spcncl.yaml"


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


def _key_lines(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map every key path in a YAML document to its 1-based line, for error messages."""
    lines: dict[tuple[Any, ...], int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _key_lines(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_key_lines(item, (*path, index)))
    return lines


ERROR_WORDS = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không hợp lệ (gõ sai tên khóa?)",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
    "union_tag_invalid": "loại quy tắc không hợp lệ",
    "int_parsing": "cần một số nguyên",
    "float_parsing": "cần một số",
    "date_from_datetime_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_parsing": "cần ngày dạng YYYY-MM-DD",
    "too_short": "danh sách không được rỗng",
    "greater_than": "phải lớn hơn 0",
}
RULE_TAGS = {"bands", "boolean", "certificate", "manual", "location", "documents", "floor"}


def describe_errors(path: Path, error: ValidationError, lines: dict[tuple[Any, ...], int]) -> str:
    """One line per problem: file:line, the key path, and what is wrong (in Vietnamese)."""
    out = []
    for item in error.errors():
        raw = list(item["loc"])
        # discriminated unions insert the rule's type name after "rule": not a key in the file
        raw = [p for i, p in enumerate(raw) if not (i and raw[i - 1] == "rule" and p in RULE_TAGS)]
        loc = tuple(str(p) if not isinstance(p, int) else p for p in raw)
        # discriminated unions add the tag name to the path; drop parts YAML doesn't have
        known = loc
        while known and tuple(known) not in lines:
            known = known[:-1]
        line = lines.get(tuple(known), 1)
        key = ".".join(str(p) for p in loc)
        message = ERROR_WORDS.get(item["type"], item["msg"].removeprefix("Value error, "))
        out.append(f"{path.name}:{line}: {key}: {message}")
    return "\n".join(out)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric; a bare name is looked up in ``criteria/``."""
    target = Path(path) if path else CRITERIA_DIR / DEFAULT_RUBRIC
    if not target.exists() and not target.is_absolute():
        target = CRITERIA_DIR / target
    if not target.is_file():
        raise CriteriaError(f"không thấy tệp {target}")
    text = target.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CriteriaError(f"{target.name}: YAML sai cú pháp: {exc}") from exc
    if not isinstance(data, dict) or node is None:
        raise CriteriaError(f"{target.name}: tệp phải là một bảng khóa: giá trị")
    data["source_path"] = str(target)
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise CriteriaError("\n" + describe_errors(target, exc, _key_lines(node))) from exc
    check_references(rubric, target)
    return rubric


def check_references(rubric: Rubric, path: Path) -> None:
    """Cross-field checks pydantic cannot do alone: group codes and the high-tech list exist."""
    codes = {g.code for g in rubric.industry_groups}
    for spec in rubric.prerequisites:
        if isinstance(spec.rule, FloorRule):
            for case in spec.rule.cases:
                group = case.when.industry_group if case.when else None
                if group and group not in codes:
                    raise CriteriaError(f"{path.name}: {spec.id}: nhóm ngành «{group}» không có trong danh sách")
    if rubric.high_tech_list and not (path.parent / rubric.high_tech_list).is_file():
        raise CriteriaError(f"{path.name}: high_tech_list: không thấy tệp {rubric.high_tech_list}")
    for kind in [d.kind for d in rubric.required_documents]:
        if kind not in DOCUMENT_KINDS:
            raise CriteriaError(f"{path.name}: loại tài liệu «{kind}» không hợp lệ")


def as_decimal(value: float) -> Decimal:
    """A rubric number as Decimal (for exact comparisons with extracted whole numbers)."""
    return Decimal(str(value))
