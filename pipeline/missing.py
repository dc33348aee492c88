"""What the firm must supply, and what only the reviewer must check.

A letter asks the firm only for what the firm must do: a document that is absent, expired or
mismatched, or a file that is itself unusable (corrupt, encrypted, empty, or a scan whose text
is too faint to read). A legible document whose value spcncl failed to read is spcncl's miss: it
becomes a *review question* (a finding the worksheet shows with the file and page), never a
letter item, and it never makes the dossier incomplete.

Each requirement (a required document, a statement per year, a claimed certificate, declared
exports) is judged in that order: satisfied; held but unread (reviewer); held only as an unusable
file (firm: unreadable); not held at all (firm: absent) — unless a file spcncl failed to read for
its own reasons (a timeout, a disk or share error) may hold it: then it is undecided (reviewer),
for the secretariat's failure is never the firm's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.settings import DEFAULTS
from pipeline.assemble import Pool
from pipeline.decisions import (
    OUR_FAULT,
    addressee,
    certificate_expired_detail,
    export_evidence_years,
    failed_on_our_side,
    item_name,
    kind_words,
    missing,
    name_hints,
    present_kinds,
    unread_may_hold,
    unread_words,
)
from pipeline.mismatch import mismatch_items
from pipeline.models import DocumentEntry, DossierRecord, Evidence, Finding, MissingEvidence
from pipeline.rubric import Round, Rubric

# claims of the form that a document of this kind must back (besides management-system standards)
CLAIMED_KINDS = ("high_tech_certificate", "ip_certificate")
# what a file spcncl failed to read may hold back: a document not seen, or a valid copy of one seen expired
HELD_BACK = ("absent", "expired")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")  # a year in a file's name


@dataclass
class Readings:
    """What the documents showed beyond the record's values: which years each legible statement
    covers (its period was read even where its revenue line was not), statements whose period
    was not read, and the years read from each export-evidence file."""

    statement_years: dict[str, list[str]] = field(default_factory=dict)  # year → files
    undated_statements: list[str] = field(default_factory=list)
    export_years: dict[str, set[str]] = field(default_factory=dict)  # file → years


@dataclass
class EvidenceCheck:
    """The letter's items and the reviewer's questions for one dossier."""

    items: list[MissingEvidence] = field(default_factory=list)
    questions: list[Finding] = field(default_factory=list)
    you: str = "doanh nghiệp"  # how the letter calls the firm ("Quý Công ty")

    def add(self, code: str, reason: str, detail: str = "") -> None:
        """Add a letter item, addressed to the firm."""
        self.items.append(missing(code, reason, detail, self.you))

    def ask(self, code: str, message: str, evidence: list[Evidence] | None = None) -> None:
        """Add a reviewer's question (never sent to the firm)."""
        self.questions.append(Finding(code=f"review:{code}", severity="warning", message=message,
                                      evidence=evidence or []))


def find_missing_evidence(
    record: DossierRecord, rubric: Rubric, rnd: Round, claims: list[str], findings: list[Finding],
    readings: Readings | None = None,
) -> list[MissingEvidence]:
    """The letter's items for the dossier (see :func:`check_evidence`)."""
    return check_evidence(record, rubric, rnd, claims, findings, readings).items


def check_evidence(
    record: DossierRecord, rubric: Rubric, rnd: Round, claims: list[str], findings: list[Finding],
    readings: Readings | None = None, illegible_below: float = DEFAULTS.illegible_below,
) -> EvidenceCheck:
    """Every item the firm must supply, without duplicates and in a stable order, and every
    question the reviewer must settle instead."""
    readings = readings or readings_of_record(record)
    check = EvidenceCheck(you=addressee(record.enterprise.name.value))
    unusable = Unusable(record, illegible_below)
    kinds = present_kinds(record)
    for required in rubric.required_documents:
        years = required.required_years(rnd)  # the rubric's coverage (statements: each round year)
        for year in years:
            check_year(check, record, required.kind, str(year), readings, unusable)
        if not years and required.kind not in kinds:
            absent_kind(check, record, required.kind, unusable)
    if rubric.certificate_claims_need_evidence:
        check_certificates(check, record, rnd, [c for c in claims if c not in CLAIMED_KINDS], unusable)
        for kind in (c for c in claims if c in CLAIMED_KINDS):
            if kind not in kinds:
                absent_kind(check, record, kind, unusable)
    if rubric.export_claims_need_evidence:
        for year in rnd.last_years(rubric.export_evidence_years):
            check_exports(check, record, str(year), readings, unusable)
    check.items.extend(mismatch_items(findings, record, check.you))
    hold_back(check, record)
    ask_undecided(check, record, rubric)
    for entry in unusable.left():
        detail = short_error(entry.error) if entry.error else illegible_detail(entry)
        check.add(f"other:{entry.file}", "unreadable", detail)
    for entry in unusable.files:
        if entry.file not in unusable.used and entry.error is None and entry.kind != "other":
            check.ask(f"illegible:{entry.file}", f"{illegible_detail(entry)[0].upper()}{illegible_detail(entry)[1:]}; "
                                                 "các giá trị đọc từ tệp này cần kiểm tra trên bản gốc.")
    unique: dict[tuple[str, str], MissingEvidence] = {}
    for item in check.items:
        unique.setdefault((item.code, item.reason), item)
    check.items = list(unique.values())
    return check


class Unusable:
    """The dossier's files that are themselves unusable: unreadable (corrupt, encrypted, empty,
    an unknown format) or scans too faint to read. A file that can stand for a missing document
    (its name says so) becomes that document's item, once; the rest are listed by name."""

    def __init__(self, record: DossierRecord, threshold: float) -> None:
        self.files = [e for e in record.documents
                      if (e.error is not None and e.error_code not in OUR_FAULT) or illegible(e, threshold)]
        self.used: set[str] = set()

    def claim(self, kind: str, year: str | None = None) -> DocumentEntry | None:
        """The unusable file that is probably the document of ``kind`` (for ``year``), if any
        (taken once). A file whose name gives other years only ("BCTC 2024.pdf") is not the
        document of ``year`` (2023): the letter names each broken file under its own year."""
        for entry in self.files:
            named = set(YEAR.findall(entry.file))
            if year is not None and named and year not in named:
                continue
            if entry.file not in self.used and (entry.kind == kind or name_hints(entry.file, kind)):
                self.used.add(entry.file)
                return entry
        return None

    def all_of(self, files: set[str]) -> DocumentEntry | None:
        """When every one of ``files`` is unusable (the document was held only as faint scans),
        the first of them, all taken; else None (a legible copy was there: our miss, not theirs)."""
        faint = [e for e in self.files if e.file in files]
        if not faint or len(faint) != len(files):
            return None
        self.used.update(e.file for e in faint)
        return faint[0]

    def left(self) -> list[DocumentEntry]:
        """Unusable files not yet named by an item (illegible files of no needed kind excepted)."""
        return [e for e in self.files if e.file not in self.used and (e.error is not None or e.kind == "other")]


def illegible(entry: DocumentEntry, threshold: float) -> bool:
    """A scan or photo whose recognised text is too uncertain to be read."""
    return entry.error is None and entry.ocr and entry.text_quality is not None and entry.text_quality < threshold


def illegible_detail(entry: DocumentEntry) -> str:
    """Words for a faint scan, with the measure it failed."""
    quality = f"{entry.text_quality:.0%}" if entry.text_quality is not None else "?"
    return f"tệp «{entry.file}»: bản quét/ảnh chụp quá mờ, độ tin cậy nhận dạng chữ {quality}"


def unusable_detail(entry: DocumentEntry) -> str:
    """Which file stood for the document, and what was wrong with it."""
    return f"tệp «{entry.file}»: {short_error(entry.error)}" if entry.error else illegible_detail(entry)


def absent_kind(check: EvidenceCheck, record: DossierRecord, kind: str, unusable: Unusable) -> None:
    """A required kind with no legible document: unusable (its file named) or absent."""
    entry = unusable.claim(kind)
    if entry is not None:
        check.add(kind, "unreadable", unusable_detail(entry))
        return
    check.add(kind, "absent")
    unknown = [e.file for e in record.documents if e.error is None and e.kind == "other"
               and not any(p.kind != "other" for p in e.parts)]
    if unknown:
        check.ask(f"unrecognised:{kind}",
                  f"Chưa thấy {kind_words(kind)}; các tệp chưa nhận ra loại: {', '.join(unknown[:5])}. "
                  "Kiểm tra trước khi gửi thư cho doanh nghiệp.")


def check_year(check: EvidenceCheck, record: DossierRecord, kind: str, year: str, readings: Readings,
               unusable: Unusable) -> None:
    """One year of a per-year document (statements): read, held but unread, unusable or absent."""
    if kind == "financial_statement":
        field_ = record.figures.enterprise_revenue_vnd.get(year)
        if field_ is not None and field_.value is not None:
            return
        holders = readings.statement_years.get(year, [])
        code = f"{kind}:{year}"
        if holders:
            faint = unusable.all_of(set(holders))
            if faint is not None:
                check.add(code, "unreadable", unusable_detail(faint))
            else:
                check.ask(code, f"Báo cáo tài chính năm {year} có trong hồ sơ ({', '.join(holders)}) nhưng chưa "
                                "đọc được doanh thu thuần (mã số 10); cần đọc và nhập tay.")
            return
        if readings.undated_statements:
            check.ask(code, f"Chưa xác định được báo cáo tài chính nào của năm {year}; có báo cáo chưa đọc được "
                            f"kỳ báo cáo: {', '.join(readings.undated_statements)}. Cần kiểm tra trước khi gửi thư.")
            return
        entry = unusable.claim(kind, year)
        check.add(code, "unreadable", unusable_detail(entry)) if entry else check.add(code, "absent")
    elif kind == "export_evidence" and year not in export_evidence_years(record):
        check.add(f"{kind}:{year}", "absent")


def check_certificates(check: EvidenceCheck, record: DossierRecord, rnd: Round, claims: list[str],
                       unusable: Unusable) -> None:
    """Claimed certificates: absent, expired on the deadline, held by another firm — or, when a
    legible certificate's dates or holder were not read, a question for the reviewer."""
    for standard in claims:
        held = [c for c in record.certificates if c.standard == standard]
        code = f"quality_certificate:{standard}"
        if any(c.valid for c in held):
            continue
        if not held:
            unnamed = [c for c in record.certificates if c.standard == "other"]
            entry = unusable.claim("quality_certificate")
            if entry is not None:
                check.add(code, "unreadable", unusable_detail(entry))
            else:
                check.add(code, "absent")
            if unnamed:
                check.ask(code, f"Không thấy chứng nhận {standard}; có giấy chứng nhận chưa xác định được tiêu "
                                "chuẩn — kiểm tra trước khi gửi thư.", unnamed[0].evidence[:1])
        elif all(c.holder_matches is False for c in held):
            check.add(code, "mismatch", f"chủ chứng nhận «{held[0].holder}»")
        elif any(c.valid is False for c in held):
            expired = next(c for c in held if c.valid is False)
            check.add(code, "expired", certificate_expired_detail(expired.expires, rnd.deadline))
        else:
            files = {e.file for c in held for e in c.evidence}
            faint = unusable.all_of(files)
            if faint is not None:
                check.add(code, "unreadable", unusable_detail(faint))
            else:
                check.ask(code, f"Chứng nhận {standard}: chưa đọc được ngày hiệu lực; cần đọc trên bản gốc.",
                          held[0].evidence[:1])


def check_exports(check: EvidenceCheck, record: DossierRecord, latest: str, readings: Readings,
                  unusable: Unusable) -> None:
    """Exports declared for a year the rubric checks (``export_evidence_years``, the latest ones)
    need export evidence covering that year."""
    declared = record.figures.export_usd.get(latest)
    if declared is None or not declared.value or latest in export_evidence_years(record):
        return
    code = f"export_evidence:{latest}"
    legible = [f for f in readings.export_years if f not in {e.file for e in unusable.files}]
    if legible and not any(readings.export_years[f] for f in legible):
        check.ask(code, f"Có chứng từ xuất khẩu ({', '.join(legible)}) nhưng chưa đọc được năm/kim ngạch; "
                        f"cần kiểm tra kim ngạch năm {latest}.")
        return
    entry = unusable.claim("export_evidence", latest) if not legible else None
    check.add(code, "unreadable", unusable_detail(entry)) if entry else check.add(code, "absent")


def hold_back(check: EvidenceCheck, record: DossierRecord) -> None:
    """What a file spcncl failed to read for its own reasons (a timeout, a disk or share error)
    may hold is undecided, not missing: such an item becomes the reviewer's question, never a
    line of the firm's letter. A file whose name suggests another kind holds nothing back."""
    kept = []
    for item in check.items:
        unread = unread_may_hold(record, item.code.partition(":")[0]) if item.reason in HELD_BACK else []
        if not unread:
            kept.append(item)
            continue
        seen = ("các tệp đã đọc không có tài liệu này" if item.reason == "absent"
                else "bản đã đọc hết hiệu lực tại hạn nộp")
        held = "nó" if item.reason == "absent" else "bản còn hiệu lực"
        check.ask(item.code, f"Chưa kết luận được về {item_name(item.code)}: {seen}, nhưng {unread_words(unread)} "
                             f"và có thể chứa {held}. Cần đọc lại sau khi khắc phục sự cố (chạy lại) rồi mới gửi "
                             "thư; không đưa mục này vào thư gửi doanh nghiệp.")
    check.items = kept


def ask_undecided(check: EvidenceCheck, record: DossierRecord, rubric: Rubric) -> None:
    """A prerequisite that could not be decided from legible documents is the reviewer's to settle
    (what it needs from a document the firm did not send is already an item). The reviewer reads
    the prerequisite's name from the rubric, not its id."""
    names = {spec.id: spec.name for spec in rubric.prerequisites}
    for prerequisite in record.prerequisites:
        if prerequisite.passed is None:
            detail = prerequisite.detail.rstrip(" .")
            check.ask(f"prerequisite:{prerequisite.id}",
                      f"Chưa kết luận được điều kiện tiên quyết «{names.get(prerequisite.id, prerequisite.id)}»: "
                      f"{detail}. Cần thẩm định.")


def readings_from(pool: Pool, record: DossierRecord) -> Readings:
    """What the documents showed: the years legible statements cover (from their period or any
    yearly figure read from them), statements of unknown period, years read per export file."""
    readings = readings_of_record(record)
    legible = [e for e in record.documents if e.error is None]
    statements = {e.file for e in legible if e.kind == "financial_statement"
                  or any(p.kind == "financial_statement" for p in e.parts)}
    dated: set[str] = {name for files in readings.statement_years.values() for name in files}
    filled: set[str] = set()  # statements whose lines were read: a blank form has none
    for path, found in pool.by_field.items():
        for kind, candidate in found:
            files = {e.file for e in candidate.evidence}
            if kind == "financial_statement" and path == "document.period_years" and isinstance(candidate.value, list):
                years = [str(y) for y in candidate.value]
            elif kind == "financial_statement" and path.startswith(STATEMENT_YEARLY) and candidate.year:
                years = [candidate.year]
            elif kind == "financial_statement" and path.startswith("statement.line_"):
                filled |= files
                continue
            elif kind == "export_evidence" and path.startswith("figures.export_usd.") and candidate.year:
                for name in files:
                    readings.export_years.setdefault(name, set()).add(candidate.year)
                continue
            else:
                continue
            dated |= files
            for year in years:
                holders = readings.statement_years.setdefault(year, [])
                holders.extend(sorted(files - set(holders)))
    readings.undated_statements = sorted((statements & filled) - dated)
    for entry in legible:
        if entry.kind == "export_evidence" or any(p.kind == "export_evidence" for p in entry.parts):
            readings.export_years.setdefault(entry.file, set())
    return readings


STATEMENT_YEARLY = ("figures.enterprise_revenue_vnd.", "figures.gross_revenue_vnd.")


def readings_of_record(record: DossierRecord) -> Readings:
    """Readings known from the record alone (statements by the years their revenue was read)."""
    readings = Readings()
    for year, item in record.figures.enterprise_revenue_vnd.items():
        if item.value is not None:
            readings.statement_years[year] = sorted({e.file for e in item.evidence})
    return readings


def system_findings(record: DossierRecord) -> list[Finding]:
    """Files spcncl could not read through no fault of the file: the secretariat must act."""
    return [
        Finding(code=f"system_error:{entry.error_code}", severity="error",
                message=f"Tệp «{entry.file}» chưa đọc được do sự cố phía hệ thống ({short_error(entry.error or '')}); "
                        "cần xử lý lại trước khi gửi thư cho doanh nghiệp.",
                evidence=[])
        for entry in failed_on_our_side(record)
    ]


def short_error(error: str | None) -> str:
    """The Vietnamese part of a document error, short enough for a letter."""
    return (error or "").split(" (")[0][:120].rstrip(" .")
