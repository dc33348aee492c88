"""Prerequisites, scores, missing evidence and the dossier's status, from the rubric's data."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from stdnum.vn import mst

from extractors import vnformat
from extractors.datafile import load_data
from extractors.kinds import load_patterns, name_suggests
from extractors.vnnum import fold
from pipeline.assemble import disagreeing
from pipeline.figures import FIGURES, compute_figure
from pipeline.models import (
    CriterionScore,
    DocumentEntry,
    DocumentKind,
    DossierRecord,
    Finding,
    MissingEvidence,
    MissingReason,
    Prerequisite,
    Score,
)
from pipeline.rubric import (
    CRITERIA_DIR,
    Band,
    BandsRule,
    BooleanRule,
    CertificateRule,
    DocumentsRule,
    FloorRule,
    LocationRule,
    ManualRule,
    Round,
    Rubric,
    Strict,
)

# failures on the secretariat's side (a tool missing or timing out, a disk error, a bug): the firm
# is not asked to resend; whatever the file may hold stays undecided until it is read
OUR_FAULT = frozenset({"timeout", "io_error", "internal_error", "tool_missing"})


class Messages(Strict):
    """``criteria/messages_vi.yaml``: each document kind's name, each reason's letter sentence,
    and how a qualifier (year, standard, file) is written after a kind's name."""

    kinds: dict[DocumentKind, str]
    reasons: dict[MissingReason, str]
    qualifiers: dict[DocumentKind, str]


@lru_cache(maxsize=4)
def messages(path: str = str(CRITERIA_DIR / "messages_vi.yaml")) -> dict:
    """The Vietnamese document names and message templates, validated on load."""
    return load_data(Path(path), Messages).model_dump()


def kind_name(kind: str) -> str:
    """A document kind's Vietnamese name."""
    return str(messages()["kinds"].get(kind, kind))


def qualifier_words(code: str) -> str:
    """How an item's qualifier is written after its kind's name (" năm 2024", " ISO 9001"), or ""."""
    kind, _, qualifier = code.partition(":")
    return messages()["qualifiers"].get(kind, " ({qualifier})").format(qualifier=qualifier) if qualifier else ""


def item_name(code: str) -> str:
    """An item's document in words: "Báo cáo tài chính năm 2024"."""
    return kind_name(code.partition(":")[0]) + qualifier_words(code)


def missing(code: str, reason: str, detail: str = "", you: str = "doanh nghiệp") -> MissingEvidence:
    """A missing-evidence item with its Vietnamese message for the firm's letter, addressing the
    firm as ``you`` ("Quý Công ty", see :func:`addressee`)."""
    kind = code.partition(":")[0]
    text = messages()["reasons"][reason].format(
        name=kind_name(kind), qualifier_text=qualifier_words(code), detail=detail,
        detail_text=f" ({detail})" if detail else "", you=you,
    )
    return MissingEvidence(code=code, reason=reason, message=text)  # type: ignore[arg-type]


# how a letter addresses a firm, by the legal form its name opens with (folded, longest first)
ADDRESS_FORMS = (
    ("tong cong ty", "Quý Tổng công ty"), ("chi nhanh", "Quý Chi nhánh"), ("cong ty", "Quý Công ty"),
    ("ctcp", "Quý Công ty"), ("cty", "Quý Công ty"), ("hop tac xa", "Quý Hợp tác xã"), ("htx", "Quý Hợp tác xã"),
    ("doanh nghiep tu nhan", "Quý Doanh nghiệp"), ("dntn", "Quý Doanh nghiệp"),
)


def addressee(name: str | None) -> str:
    """How a letter calls the firm: "Quý Công ty" for "CÔNG TY CỔ PHẦN …" or "Cty TNHH …",
    "Quý Hợp tác xã" for a cooperative, "Quý Doanh nghiệp" when the name was not read, else
    "Quý Đơn vị"."""
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name or "")).split())
    if not folded:
        return "Quý Doanh nghiệp"
    return next((form for start, form in ADDRESS_FORMS if f"{folded} ".startswith(f"{start} ")), "Quý Đơn vị")


def present_kinds(record: DossierRecord) -> set[str]:
    """Kinds of the readable documents in the dossier, bundled ones included."""
    kinds: set[str] = {d.kind for d in record.documents if d.kind and d.error is None}
    kinds |= {part.kind for d in record.documents if d.error is None for part in d.parts}
    return kinds


def failed_on_our_side(record: DossierRecord) -> list[DocumentEntry]:
    """Files spcncl could not read through no fault of the file (a timeout, a disk or share
    error, a missing tool, a bug): what they hold is unknown, not absent."""
    return [d for d in record.documents if d.error is not None and d.error_code in OUR_FAULT]


def name_hints(file_name: str, kind: str) -> bool:
    """Whether a file's name suggests ``kind``: its words ("Cam ket.docx"), or a name of several
    words run together ("CamKet.docx", "BaoCaoTaiChinh_2024.pdf")."""
    if name_suggests(file_name, kind):
        return True
    spec = load_patterns().get(kind)
    compact = re.sub(r"[^a-z0-9]+", "", fold(Path(file_name).stem))
    return spec is not None and any(" " in name and name.replace(" ", "") in compact for name in spec.names)


def name_kinds(file_name: str) -> set[str]:
    """The kinds a file's name suggests ("BCTC 2024.xlsx" → financial_statement); several or none."""
    return {kind for kind in load_patterns() if name_hints(file_name, kind)}


def unread_may_hold(record: DossierRecord, kind: str) -> list[str]:
    """Files spcncl failed to read for its own reasons that may hold a document of ``kind``: those
    whose name suggests it, and those whose name suggests no kind at all (a name says nothing of
    a "scan_0001.pdf"). A name that suggests another kind ("BCTC 2024.xlsx") is taken at its word."""
    held = []
    for entry in failed_on_our_side(record):
        suggested = name_kinds(entry.file)
        if not suggested or kind in suggested:
            held.append(entry.file)
    return held


def unread_words(files: list[str]) -> str:
    """"tệp «A», «B» chưa đọc được do sự cố phía hệ thống" for a reviewer's sentence."""
    names = ", ".join(f"«{name}»" for name in files[:5]) + (f" và {len(files) - 5} tệp khác" if len(files) > 5 else "")
    return f"tệp {names} chưa đọc được do sự cố phía hệ thống"


def in_places(address: str | None, places: list[str]) -> bool | None:
    """Whether an address lies in one of the places (with or without diacritics, "TP.", "Thành phố")."""
    if not address:
        return None
    folded = fold(address).replace(".", " ")
    compact = folded.replace(" ", "")
    return any(fold(p).replace(" ", "") in compact for p in places)


def check_prerequisites(record: DossierRecord, rubric: Rubric, rnd: Round,
                        findings: list[Finding] | None = None) -> list[Prerequisite]:
    """Each prerequisite: passed, failed, or undecided (None) with a sentence saying why.

    ``findings`` are the dossier's cross-checks so far (a tax code the documents disagree on
    leaves a registration prerequisite undecided)."""
    results = []
    kinds = present_kinds(record)
    for spec in rubric.prerequisites:
        rule = spec.rule
        if isinstance(rule, LocationRule):
            passed, detail = check_location(record, rule, kinds)
        elif isinstance(rule, DocumentsRule):
            passed, detail = check_documents(record, rule, kinds)
            if passed and rule.tax_code:
                passed, detail = check_tax_code(record, rule.kinds[0], findings or [])
        elif isinstance(rule, FloorRule):
            passed, detail = check_floor(record, rubric, rnd, rule)
        results.append(Prerequisite(id=spec.id, passed=passed, detail=detail))
    return results


def check_location(record: DossierRecord, rule: LocationRule, kinds: set[str]) -> tuple[bool | None, str]:
    """Head office or factory in the rule's places. A failure stays undecided while the form (the
    only source of the factory's address) is held by a file spcncl failed to read."""
    head = in_places(record.enterprise.address.value, rule.places)
    factory = in_places(record.enterprise.factory_address.value, rule.places)
    passed = True if (head or factory) else (None if head is None and factory is None else False)
    detail = (f"Trụ sở: {record.enterprise.address.value or 'không rõ'}; "
              f"cơ sở sản xuất: {record.enterprise.factory_address.value or 'không rõ'}")
    unread = unread_may_hold(record, "registration_form") if "registration_form" not in kinds else []
    if passed is False and factory is None and unread:
        return None, f"{detail}; {kind_words('registration_form')}: {unread_words(unread)}"
    return passed, detail


def check_documents(record: DossierRecord, rule: DocumentsRule, kinds: set[str]) -> tuple[bool | None, str]:
    """Every kind the rule names is among the legible documents. A kind not seen is absent (the
    rule fails) unless a file spcncl failed to read may hold it: then the rule is undecided."""
    absent = [k for k in rule.kinds if k not in kinds]
    if not absent:
        return True, "Đủ tài liệu."
    detail = "Thiếu: " + "; ".join(kind_name(k) for k in absent)
    unread = {k: unread_may_hold(record, k) for k in absent}
    if all(unread.values()):
        files = sorted({f for names in unread.values() for f in names})
        return None, f"Chưa thấy: {'; '.join(kind_name(k) for k in absent)}; {unread_words(files)}"
    return False, detail


def kind_words(kind: str) -> str:
    """A kind's Vietnamese name, lower-cased for the middle of a sentence."""
    name = kind_name(kind)
    return name[:1].lower() + name[1:]


def check_tax_code(record: DossierRecord, kind: str, findings: list[Finding]) -> tuple[bool | None, str]:
    """The registration document shows a valid tax code (branch codes included) that the other
    documents do not contradict; undecided when its code was not read or documents disagree."""
    files = {d.file for d in record.documents if d.error is None and (d.kind == kind or any(
        p.kind == kind for p in d.parts))}
    code = record.enterprise.tax_code
    name = kind_name(kind)
    involved = [kind]
    for finding in findings:
        if finding.code == "invalid_tax_code:registration_form":
            involved.append("registration_form")
        elif finding.code == "disagreement:enterprise.tax_code":
            parsed = disagreeing(finding)
            involved += [parsed[0], parsed[2]] if parsed else ["registration_form"]
    if len(involved) > 1:
        names = [kind_name(k) for k in dict.fromkeys(involved)]
        listed = f"{', '.join(names[:-1])} và {names[-1]}" if len(names) > 1 else names[0]
        return None, f"Mã số thuế trên các tài liệu không khớp nhau ({listed})."
    if not isinstance(code.value, str) or not any(e.file in files for e in code.evidence):
        return None, f"Có {name.lower()} nhưng chưa đọc được mã số doanh nghiệp trên đó."
    if not mst.is_valid(code.value):
        return False, f"Mã số doanh nghiệp «{code.value}» không hợp lệ."
    return True, f"{name}, mã số {code.value}."


def check_floor(record: DossierRecord, rubric: Rubric, rnd: Round, rule: FloorRule) -> tuple[bool | None, str]:
    """The first matching case's floor against its figure."""
    for case in rule.cases:
        if case.when is not None:
            if case.when.high_tech is not None and record.product.high_tech.value is not case.when.high_tech:
                continue
            if case.when.industry_group and record.product.industry_group.value != case.when.industry_group:
                continue
        figure = compute_figure(case.figure, record, rubric, rnd)
        if figure.value is None:
            return None, f"{case.label}: {figure.text}"
        passed = float(figure.value) >= case.min
        return passed, f"{case.label}: {figure.text} → {'đạt' if passed else 'không đạt'}"
    return None, "Không có mức sàn áp dụng"


def score_dossier(record: DossierRecord, rubric: Rubric, rnd: Round) -> Score:
    """Points per criterion with the sentence they rest on; missing evidence earns nothing."""
    criteria = []
    kinds = present_kinds(record)
    for criterion in rubric.criteria:
        rule = criterion.rule
        lacking = [k for k in criterion.evidence if not evidence_present(record, k, rnd, kinds)]
        points, basis, evidence = 0.0, "", []
        if isinstance(rule, ManualRule):
            basis = "Hội đồng chấm trên phiếu thẩm định." + (f" {rule.guidance}" if rule.guidance else "")
        elif isinstance(rule, CertificateRule):
            held = [c for c in record.certificates if c.standard in rule.standards and c.valid]
            if held:
                points = criterion.max
                best = held[0]
                until = vnformat.date(dt.date.fromisoformat(best.expires)) if best.expires else "?"
                basis = f"{best.standard} số {best.number or '?'} hiệu lực đến {until} (còn hiệu lực)"
                evidence = best.evidence
            else:
                basis = (f"Không có chứng nhận {', '.join(rule.standards)} còn hiệu lực tại "
                         f"{vnformat.date(rnd.deadline)}")
        elif isinstance(rule, BandsRule | BooleanRule):
            figure = compute_figure(rule.figure, record, rubric, rnd)
            evidence = figure.evidence
            if figure.value is None:
                basis = f"Không chấm được: {figure.text}"
            elif isinstance(rule, BooleanRule):
                points = criterion.max if figure.value is True else 0.0
                basis = figure.text
            else:
                band = next((b for b in rule.bands if b.holds(float(figure.value))), None)
                points = band.points if band else 0.0
                basis = figure.text + (f" → mức {band_words(band, rule.figure)}" if band
                                       else " → dưới mức thấp nhất")
        if lacking and points and not isinstance(rule, ManualRule):
            basis = (f"0 điểm vì thiếu {', '.join(kind_name(k) for k in lacking)} "
                     f"(nếu đủ chứng từ: {points:g} điểm; {basis})")
            points = 0.0
        criteria.append(CriterionScore(id=criterion.id, name=criterion.name, points=points, max=criterion.max,
                                       basis=basis, manual=isinstance(rule, ManualRule), evidence=evidence[:4]))
    total = round(sum(c.points for c in criteria), 2)
    return Score(total=total, max=rubric.max_total, criteria=criteria)


def band_words(band: Band, figure: str) -> str:
    """A band's bound as a reader writes it: "≥ 1.000 tỷ đồng", "≥ 20 %", "> 0 USD"."""
    bound = band.min if band.min is not None else band.above
    sign = "≥" if band.min is not None else ">"
    assert bound is not None
    return f"{sign} {amount_words(bound, FIGURES[figure].unit)}"


def amount_words(value: float, unit: str) -> str:
    """A number in Vietnamese style with its unit: 1e12 đồng → "1.000 tỷ đồng", 0.2 % → "20 %"."""
    if unit == "%":
        return vnformat.percent(value, 4, keep_zeros=False)
    scaled, word = value, ""
    if unit in ("đồng", "đồng/người", "USD") and abs(value) >= 10**6:
        scaled, word = (value / 10**9, "tỷ ") if abs(value) >= 10**9 else (value / 10**6, "triệu ")
    return f"{vnformat.decimal(scaled, 2)} {word}{unit}".strip()


def evidence_present(record: DossierRecord, kind: str, rnd: Round, kinds: set[str]) -> bool:
    """Whether the dossier holds the evidence a criterion rests on (for the latest year where yearly)."""
    if kind == "financial_statement":
        return str(rnd.latest) in record.figures.enterprise_revenue_vnd
    if kind == "export_evidence":
        return str(rnd.latest) in export_evidence_years(record)
    return kind in kinds


def export_evidence_years(record: DossierRecord) -> set[str]:
    """Years for which an export-evidence document is in the dossier."""
    years = set()
    for year, item in record.figures.export_usd.items():
        if any(e.file in export_files(record) for e in item.evidence):
            years.add(year)
    return years


def export_files(record: DossierRecord) -> set[str]:
    """Files classified as export evidence."""
    return {d.file for d in record.documents if d.error is None
            and (d.kind == "export_evidence" or any(p.kind == "export_evidence" for p in d.parts))}


def decide_status(record: DossierRecord, rubric: Rubric) -> tuple[str, bool]:
    """Status and proposed flag exactly as the contract defines them."""
    readable = [d for d in record.documents if d.error is None]
    if not readable:
        return "error", False
    if record.missing_evidence:
        return "incomplete", False
    if any(p.passed is False for p in record.prerequisites):
        return "ineligible", False
    prerequisites_ok = all(p.passed for p in record.prerequisites) or not rubric.pass_rule.prerequisites_must_pass
    return "complete", bool(prerequisites_ok and rubric.pass_rule.passes(record.score.total))


def certificate_expired_detail(expires: str | None, deadline: dt.date) -> str:
    """Words for an expired certificate."""
    if not expires:
        return ""
    return f"hết hạn ngày {vnformat.date(dt.date.fromisoformat(expires))}, hạn nộp {vnformat.date(deadline)}"
