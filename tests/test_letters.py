"""Letters to firms (python-docx): who gets one, what it lists, the Nghị định 30/2020 format."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from extractors.errors import CriteriaError
from extractors.vnformat import long_date as vn_date
from pipeline.round import load_round
from pipeline.writers import worksheet_layout as L
from pipeline.writers.letter_items import answer_deadline, letter_items
from pipeline.writers.letters import write_letters
from pipeline.writers.records import read_records
from pipeline.writers.secretariat import load_secretariat

from .test_review_helpers import base_round, rows

ITEM = re.compile(r"^(\d+)\. (.+)$")


@pytest.fixture(scope="module")
def round_out(tmp_path_factory):
    _, out = base_round(tmp_path_factory)
    return out, read_records(out)


def paragraphs(path) -> list[str]:
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for cell in table._cells for p in cell.paragraphs]
    return texts


def numbered(path) -> list[str]:
    return [m.group(2) for t in paragraphs(path) if (m := ITEM.match(t))]


def test_a_letter_for_every_incomplete_and_ineligible_dossier_only(round_out):
    out, records = round_out
    expected = {f"{r.dossier_id}.docx" for r in records if r.status in ("incomplete", "ineligible")}
    assert {p.name for p in (out / "letters").glob("*.docx")} == expected == {
        "HN2026-007.docx", "HN2026-012.docx", "HN2026-014.docx"}


def test_each_missing_item_is_in_its_letter_and_on_the_worksheet_and_nowhere_else(round_out):
    out, records = round_out
    rubric, _ = load_round(None, 2026)
    book = load_workbook(out / "worksheet.xlsx")
    sheet_rows = rows(book[L.MISSING])
    for record in records:
        items = letter_items(record, rubric)
        own = [i.text for i in items]
        assert [m.message for m in record.missing_evidence] == own[: len(record.missing_evidence)]
        listed = [(r["Mục"], r["Nội dung gửi doanh nghiệp"], r["Mã"]) for r in sheet_rows
                  if r[L.DOSSIER] == record.dossier_id]
        assert listed == [(i.number, i.text, i.code) for i in items]
        letter = out / "letters" / f"{record.dossier_id}.docx"
        if not letter.exists():
            assert not items
            continue
        assert numbered(letter) == own
        text = "\n".join(paragraphs(letter))
        for other in records:
            for item in letter_items(other, rubric):
                if other.dossier_id != record.dossier_id and item.text not in own:
                    assert item.text not in text
    messages = {m.message for r in records for m in r.missing_evidence}
    for sheet in book.worksheets:
        if sheet.title in (L.MISSING, L.STATE):
            continue
        for row in sheet.iter_rows(values_only=True):
            assert not messages & {str(v) for v in row if v is not None}, sheet.title


def test_ineligible_letter_names_the_failed_prerequisite(round_out):
    out, records = round_out
    record = next(r for r in records if r.dossier_id == "HN2026-014")
    assert record.status == "ineligible"
    items = numbered(out / "letters" / "HN2026-014.docx")
    assert len(items) == 1 and "Doanh thu (hoặc kim ngạch xuất khẩu) sản phẩm năm gần nhất" in items[0]
    assert "không đạt" in items[0]
    assert "V/v kết quả rà soát hồ sơ" in "\n".join(paragraphs(out / "letters" / "HN2026-014.docx"))


def test_letter_layout_follows_decree_30(round_out):
    out, records = round_out
    _, rnd = load_round(None, 2026)
    record = next(r for r in records if r.dossier_id == "HN2026-007")
    document = Document(str(out / "letters" / "HN2026-007.docx"))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.top_margin, section.right_margin)
    assert [round(x.cm, 2) for x in sizes] == [21.0, 29.7, 3.0, 2.0, 1.5]
    texts = paragraphs(out / "letters" / "HN2026-007.docx")
    joined = "\n".join(texts)
    today = dt.date.today()
    for expected in ("UBND THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "/SCT-QLCN", f"Hà Nội, {vn_date(today)}",
                     f"Kính gửi: {record.enterprise.name.value}.", "V/v bổ sung hồ sơ", "Nơi nhận:",
                     "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "- Lưu: VT, QLCN.",
                     f"trước ngày {answer_deadline(rnd, today):%d/%m/%Y}"):
        assert expected in joined, expected
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    runs += [run for t in document.tables for c in t._cells for p in c.paragraphs for run in p.runs if run.text.strip()]
    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert all(Pt(11) <= run.font.size <= Pt(14) for run in runs)
    body = [p for p in document.paragraphs if p.text.startswith(("Qua rà soát", "1. "))]
    assert body and all(run.font.size in (Pt(13), Pt(14)) for p in body for run in p.runs)


def test_dates_and_deadlines_as_the_decree_writes_them():
    assert vn_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_date(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert vn_date(dt.date(2026, 11, 27)) == "ngày 27 tháng 11 năm 2026"
    _, rnd = load_round(None, 2026)
    assert answer_deadline(rnd, dt.date(2026, 9, 1)) == dt.date(2026, 10, 15)  # 30/09 + 15 days
    assert answer_deadline(rnd, dt.date(2026, 11, 27)) == dt.date(2026, 12, 12)  # past: letter date + 15


def test_secretariat_block_comes_from_configuration(round_out, tmp_path):
    _, records = round_out
    rubric, rnd = load_round(None, 2026)
    config = tmp_path / "secretariat.yaml"
    config.write_text("parent_body: UBND TỈNH BẮC NINH\nbody: SỞ CÔNG THƯƠNG\nbody_name: Sở Công Thương Bắc Ninh\n"
                      "symbol: SCT-CN\nplace: Bắc Ninh\nsigner: {title: GIÁM ĐỐC, name: Nguyễn Văn Bình}\n"
                      "contact: Phòng Quản lý công nghiệp, điện thoại 0222 000 000\n", encoding="utf-8")
    written = write_letters(records, rubric, rnd, tmp_path, load_secretariat(config), dt.date(2026, 10, 2))
    text = "\n".join(paragraphs(next(p for p in written if p.stem == "HN2026-012")))
    for expected in ("UBND TỈNH BẮC NINH", "Số:        /SCT-CN", "Bắc Ninh, ngày 02 tháng 10 năm 2026",
                     "GIÁM ĐỐC", "Nguyễn Văn Bình", "Sở Công Thương Bắc Ninh", "trước ngày 17/10/2026",
                     "điện thoại 0222 000 000"):
        assert expected in text, expected
    assert "KT. GIÁM ĐỐC" not in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("bodyy: SỞ CÔNG THƯƠNG\n", encoding="utf-8")
    with pytest.raises(CriteriaError, match="bodyy"):
        load_secretariat(bad)
