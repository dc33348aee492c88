"""``letters/<dossier_id>.docx``: the secretariat's letter to a firm whose dossier is incomplete
(what to supplement, item by item, and by when) or ineligible (the prerequisites it fails).

Laid out after Nghị định 30/2020/NĐ-CP (see ``admin_doc``); the issuing body, symbol, place
and signer come from ``criteria/secretariat.yaml``. The items are exactly those of
``letter_items``, which the worksheet's missing-evidence sheet lists too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from extractors import vnformat
from pipeline.decisions import addressee as form_of_address
from pipeline.models import DossierRecord
from pipeline.rubric import Round, Rubric
from pipeline.writers.admin_doc import CENTER, JUSTIFY, heading, new_document, para, placeholder, signature, text
from pipeline.writers.atomic import save_atomic
from pipeline.writers.letter_items import answer_deadline, letter_items, needs_letter
from pipeline.writers.records import record_filename
from pipeline.writers.secretariat import Secretariat, load_secretariat


def addressee(record: DossierRecord) -> tuple[str, str]:
    """The firm's name for "Kính gửi" and how the letter calls it ("Quý Công ty"): the same form
    of address as the items' sentences (``pipeline.decisions.addressee``)."""
    name = (record.enterprise.name.value or "").strip()
    you = form_of_address(name)
    return (name or f"Doanh nghiệp nộp hồ sơ {record.dossier_id}"), you


def subject(record: DossierRecord, sec: Secretariat, rnd: Round) -> str:
    """The subject line ("V/v …") under the number."""
    if record.status == "ineligible":
        return f"V/v kết quả rà soát hồ sơ {sec.programme} năm {rnd.year}"
    return f"V/v bổ sung hồ sơ {sec.programme} năm {rnd.year}"


def write_letter(record: DossierRecord, rubric: Rubric, rnd: Round, out: Path, secretariat: Secretariat,
                 today: dt.date) -> Path:
    """Write one letter; returns its path."""
    sec = secretariat
    document = new_document(f"{subject(record, sec, rnd)} — {record.dossier_id}", sec.body_name)
    heading(document, sec, sec.symbol, subject(record, sec, rnd), today)
    firm, you = addressee(record)
    greeting = para(document, align=CENTER, after=12)
    greeting.paragraph_format.space_before = Pt(18)
    text(greeting, "Kính gửi: ", 14)
    text(greeting, f"{firm}.", 14)
    product = record.product.name.value or "(chưa rõ tên sản phẩm)"
    role = f" ({sec.role})" if sec.role else ""
    para(document, f"{sec.body_name}{role} đã nhận được hồ sơ đăng ký tham gia {sec.programme} năm {rnd.year} "
                   f"của {you} đối với sản phẩm «{product}» (mã hồ sơ {record.dossier_id}).",
         align=JUSTIFY, indent=1.27)
    if record.status == "ineligible":
        lead = "Qua rà soát, sản phẩm chưa đáp ứng điều kiện tiên quyết để tham gia xét chọn, cụ thể như sau:"
    else:
        lead = "Qua rà soát, hồ sơ còn thiếu hoặc chưa hợp lệ các nội dung sau:"
    para(document, lead, align=JUSTIFY, indent=1.27)
    for item in letter_items(record, rubric):
        paragraph = para(document, align=JUSTIFY)
        paragraph.paragraph_format.left_indent = Cm(1.27 + 0.63)
        paragraph.paragraph_format.first_line_indent = Cm(-0.63)
        text(paragraph, f"{item.number}. {item.text}", 14)
    deadline = answer_deadline(rnd, today)
    closing = para(document, align=JUSTIFY, indent=1.27)
    if record.status == "ineligible":
        text(closing, f"Vì vậy, hồ sơ không đủ điều kiện để đưa vào đánh giá, xét chọn năm {rnd.year}. Trường hợp "
                      f"có ý kiến khác, đề nghị {you} gửi văn bản giải trình kèm tài liệu chứng minh về "
                      f"{sec.body_name}")
    else:
        text(closing, f"Đề nghị {you} bổ sung, hoàn thiện các nội dung nêu trên và gửi về {sec.body_name}")
    where(closing, sec)
    text(closing, " trước ngày ")
    text(closing, vnformat.date(deadline), bold=True)
    if record.status == "ineligible":
        text(closing, ".")
    else:
        text(closing, ". Quá thời hạn trên, hồ sơ được xem xét theo các tài liệu đã nộp.")
    if sec.contact:
        para(document, f"Thông tin chi tiết xin liên hệ: {sec.contact.rstrip('.')}.", align=JUSTIFY, indent=1.27)
    para(document, f"{sec.body_name} thông báo để {you} biết và thực hiện./.", align=JUSTIFY, indent=1.27, after=12)
    signature(document, sec, sec.letter_recipients)
    target = out / "letters" / f"{record_filename(record.dossier_id)}.docx"
    save_atomic(target, lambda temp: document.save(str(temp)))
    return target


def where(paragraph: Paragraph, sec: Secretariat) -> None:
    """" (địa chỉ: …)" after the secretariat's name: its address, or a highlighted placeholder."""
    text(paragraph, " (địa chỉ: ")
    if sec.address.strip():
        text(paragraph, sec.address.strip())
    else:
        placeholder(paragraph, "address")
    text(paragraph, ")")


def write_letters(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path,
                  secretariat: Secretariat | None = None, today: dt.date | None = None) -> list[Path]:
    """A letter for every incomplete or ineligible dossier; stale letters of others are removed."""
    secretariat = secretariat or load_secretariat()
    today = today or dt.date.today()
    written = [write_letter(r, rubric, rnd, out, secretariat, today) for r in records if needs_letter(r)]
    wanted = {path.name for path in written}
    folder = out / "letters"
    if folder.is_dir():
        for stale in folder.glob("*.docx"):
            if stale.name not in wanted:
                stale.unlink()
    return written


def write_letters_from_json(records: list[str], rubric: Rubric, rnd: Round, out: Path, secretariat: Secretariat,
                            today: dt.date) -> list[Path]:
    """:func:`write_letters` for records given as JSON: how they reach a child process (the
    record model's generic fields do not pickle)."""
    return write_letters([DossierRecord.model_validate_json(text) for text in records], rubric, rnd, out,
                         secretariat, today)
