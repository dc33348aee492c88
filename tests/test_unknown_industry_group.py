"""A registration form that states an industry group the rubric does not have: the record says so
(the stated group, quoted, with the form as evidence) instead of "the form states no group"."""

from __future__ import annotations

import shutil

from docx import Document

from extractors.settings import Settings
from pipeline.round import load_round
from pipeline.run import read_in_process, run_pass

from .conftest import SAMPLES

FORM = "Phiếu đăng ký.docx"


def test_a_group_outside_the_rubric_is_quoted_not_called_unstated(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "inbox" / "HN2026-008", inbox / "HN2026-008")
    form = Document(str(inbox / "HN2026-008" / FORM))
    stated = [p for p in form.paragraphs if p.text == "2. Nhóm ngành: Điện, điện tử"]
    assert len(stated) == 1
    for run in stated[0].runs[1:]:
        run.text = ""
    stated[0].runs[0].text = "2. Nhóm ngành: Công nghiệp vũ trụ"
    form.save(str(inbox / "HN2026-008" / FORM))
    rubric, rnd = load_round(None, 2026)
    record = run_pass(inbox, tmp_path / "out", rubric, rnd, Settings.from_env(), reader=read_in_process).records[0]
    group = record.product.industry_group
    assert "Phiếu ghi nhóm ngành «Công nghiệp vũ trụ», không thuộc nhóm nào của bộ tiêu chí" in (group.note or "")
    assert "phiếu không ghi nhóm ngành" not in (group.note or "")
    assert any(e.file == FORM and "Công nghiệp vũ trụ" in (e.text or "") for e in group.evidence)
    assert group.value == "dien_dien_tu"  # inferred from "Đèn LED chiếu sáng …", at an inference's confidence
    assert group.confidence < 0.8  # a reviewer's question, never a certain value
