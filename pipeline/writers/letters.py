"""``letters/<dossier_id>.docx``: the letter asking a firm to supplement its dossier.

Laid out after Nghị định 30/2020/NĐ-CP: issuing body and national motto side by side,
number/symbol, place and date, "Kính gửi", body, recipients and signature block; Times New
Roman 13–14.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from pydantic import BaseModel

from pipeline.models import DossierRecord
from pipeline.rubric import Round, Rubric
from pipeline.writers.atomic import save_atomic
from pipeline.writers.records import record_filename

FONT = "Times New Roman"


class Secretariat(BaseModel):
    """Who signs the letters (configuration, not code)."""

    parent_body: str = "UBND THÀNH PHỐ HÀ NỘI"
    body: str = "SỞ CÔNG THƯƠNG"
    place: str = "Hà Nội"
    symbol: str = "SCT-QLCN"
    signer_title: str = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str = ""


def styled(paragraph: Paragraph, text: str, size: float = 13, bold: bool = False, italic: bool = False,
           align: WD_ALIGN_PARAGRAPH | None = None) -> Paragraph:
    """Add a run in the letter's font."""
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    if align is not None:
        paragraph.alignment = align
    return paragraph


def write_letter(record: DossierRecord, rubric: Rubric, rnd: Round, out: Path, secretariat: Secretariat,
                 today: dt.date) -> Path:
    """Write one letter listing every missing item, with the deadline to supplement."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)  # type: ignore[attr-defined]

    head = document.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.cell(0, 0), head.cell(0, 1)
    styled(left.paragraphs[0], secretariat.parent_body, 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(left.add_paragraph(), secretariat.body, 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(head.cell(1, 0).paragraphs[0], f"Số:       /{secretariat.symbol}", 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(head.cell(1, 0).add_paragraph(), f"V/v bổ sung hồ sơ xét chọn sản phẩm công nghiệp chủ lực năm {rnd.year}",
           12, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(head.cell(1, 1).paragraphs[0],
           f"{secretariat.place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", 14, italic=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)

    firm = record.enterprise.name.value or f"Doanh nghiệp nộp hồ sơ {record.dossier_id}"
    styled(document.add_paragraph(), f"Kính gửi: {firm}", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    product = record.product.name.value or "(chưa rõ tên sản phẩm)"
    supplement_by = rnd.deadline + dt.timedelta(days=rnd.supplement_days)
    if today > rnd.deadline:
        supplement_by = today + dt.timedelta(days=rnd.supplement_days)
    intro = (f"{secretariat.body.capitalize()} đã nhận hồ sơ đăng ký xét chọn sản phẩm công nghiệp chủ lực "
             f"năm {rnd.year} (mã hồ sơ {record.dossier_id}) của Quý doanh nghiệp đối với sản phẩm «{product}». "
             "Qua rà soát, hồ sơ còn các nội dung sau cần bổ sung, hoàn thiện:")
    if record.status == "ineligible":
        intro = (f"{secretariat.body.capitalize()} đã nhận hồ sơ (mã {record.dossier_id}) của Quý doanh nghiệp "
                 f"đối với sản phẩm «{product}». Qua rà soát, sản phẩm chưa đáp ứng điều kiện tiên quyết sau:")
    body = document.add_paragraph()
    body.paragraph_format.first_line_indent = Cm(1)
    styled(body, intro, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    items = [item.message for item in record.missing_evidence]
    if record.status == "ineligible":
        items += [f"{p.detail}" for p in record.prerequisites if p.passed is False]
    for number, text in enumerate(items, start=1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(1)
        styled(paragraph, f"{number}. {text}", 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    closing = document.add_paragraph()
    closing.paragraph_format.first_line_indent = Cm(1)
    if record.status == "incomplete":
        text = (f"Đề nghị Quý doanh nghiệp gửi tài liệu bổ sung về {secretariat.body.capitalize()} trước ngày "
                f"{supplement_by:%d/%m/%Y}. Quá thời hạn trên, hồ sơ được xem xét theo tài liệu đã có.")
    else:
        text = "Quý doanh nghiệp có thể gửi ý kiến giải trình trong thời gian công khai kết quả xét chọn."
    styled(closing, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    styled(document.add_paragraph(), f"{secretariat.body.capitalize()} trân trọng thông báo./.", 14)

    sign = document.add_table(rows=1, cols=2)
    styled(sign.cell(0, 0).paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    styled(sign.cell(0, 0).add_paragraph(), "- Như trên;\n- Lưu: VT, QLCN.", 11)
    styled(sign.cell(0, 1).paragraphs[0], secretariat.signer_title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    styled(sign.cell(0, 1).add_paragraph(), "\n\n\n" + secretariat.signer_name, 14, bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    document.core_properties.title = f"Bổ sung hồ sơ {record.dossier_id}"
    document.core_properties.author = secretariat.body
    target = out / "letters" / f"{record_filename(record.dossier_id)}.docx"
    save_atomic(target, lambda temp: document.save(str(temp)))
    return target


def write_letters(records: list[DossierRecord], rubric: Rubric, rnd: Round, out: Path,
                  secretariat: Secretariat | None = None, today: dt.date | None = None) -> list[Path]:
    """A letter for every incomplete or ineligible dossier; stale letters of others are removed."""
    secretariat = secretariat or Secretariat()
    today = today or dt.date.today()
    written = []
    wanted = set()
    for record in records:
        if record.status in ("incomplete", "ineligible"):
            path = write_letter(record, rubric, rnd, out, secretariat, today)
            wanted.add(path.name)
            written.append(path)
    folder = out / "letters"
    if folder.is_dir():
        for stale in folder.glob("*.docx"):
            if stale.name not in wanted:
                stale.unlink()
    return written
