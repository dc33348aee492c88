"""Loading a rubric file as a secretariat meets it (issue 13 item 2): every mistake shown at once with
its line, a binary or wrongly encoded file a clear error with the criteria exit code, a copy in another
folder using the data files beside it, and maxima that do not add up to the stated total warned of."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.errors import CriteriaError
from pipeline.assemble import Pool
from pipeline.classify import classify_high_tech
from pipeline.models import Evidence, Field
from pipeline.rubric import CRITERIA_DIR, load_rubric

from .conftest import ROOT

HANOI = CRITERIA_DIR / "hanoi_spcncl.yaml"
# each slip changes one line of the Hanoi rubric; all of them together make one broken file
SLIPS = [
    ("deadline: 2026-09-30", "deadline: 30/09/2026", "rounds.0.deadline: cần ngày dạng YYYY-MM-DD"),
    ("    max: 15", "    maxx: 15", "criteria.1.maxx: khóa không hợp lệ"),
    ('{min: "5 tỷ", points: 10}', '{min: "năm tỷ", points: 10}', "không đọc được số «năm tỷ»"),
    ("    max: 8\n    evidence: [export_evidence]", "    max: 0\n    evidence: [export_evidence]",
     "criteria.3.max: phải > 0"),
    ('{min: "50 %", points: 7}', '{min: "50 %", points: 70}', "vượt điểm tối đa"),
    ("figure: employees", "figure: so_lao_dong", "chỉ tiêu «so_lao_dong» không có"),
    ("ranking_top: 10", "ranking_top: 0", "pass_rule.ranking_top: phải ≥ 1"),
]


def broken_copy(tmp_path: Path, slips: list[tuple[str, str, str]]) -> Path:
    text = HANOI.read_text(encoding="utf-8")
    for old, new, _ in slips:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    target = tmp_path / "broken.yaml"
    target.write_text(text, encoding="utf-8")
    shutil.copyfile(CRITERIA_DIR / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    return target


def test_every_validation_error_is_shown_not_the_first_few_with_an_ellipsis(tmp_path):
    """Nine mistakes came out as one line cut at 300 characters ending in «…»."""
    with pytest.raises(CriteriaError) as caught:
        load_rubric(broken_copy(tmp_path, SLIPS))
    message = caught.value.user_message()
    lines = message.splitlines()[1:]
    assert "…" not in message and message.splitlines()[0].endswith(f": {len(lines)} lỗi")
    assert len(lines) == len(SLIPS) + 1  # the misspelt key is also a missing one
    assert all(line.startswith("broken.yaml:") for line in lines)
    for _, _, expected in SLIPS:
        assert sum(expected in line for line in lines) == 1, expected
    assert caught.value.exit_code == 3


def test_a_key_given_twice_is_refused_not_silently_the_last_one(tmp_path):
    text = HANOI.read_text(encoding="utf-8").replace("    max: 20\n", "    max: 20\n    max: 200\n", 1)
    target = tmp_path / "twice.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(CriteriaError, match=r"twice\.yaml:\d+: criteria\.0\.max: khóa bị lặp \(đã có ở dòng \d+\)"):
        load_rubric(target)


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    target = tmp_path / "syntax.yaml"
    target.write_text("name: x\nauthority: y\nrounds: [unclosed\n", encoding="utf-8")
    with pytest.raises(CriteriaError, match=r"syntax\.yaml:\d+: YAML sai cú pháp"):
        load_rubric(target)


def run_cli(tmp_path: Path, criteria: Path) -> subprocess.CompletedProcess[str]:
    """``spcncl run`` on an empty inbox with ``--criteria``, as a user starts it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "DO_NOT_TRACK": "1"}
    return subprocess.run([sys.executable, "-m", "spcncl", "run", str(inbox), "--out", str(tmp_path / "out"),
                           "--criteria", str(criteria)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_binary_criteria_file_is_a_clear_error_not_a_traceback(tmp_path):
    target = tmp_path / "diem.yaml"
    target.write_bytes(bytes(range(256)) * 8)
    done = run_cli(tmp_path, target)
    assert done.returncode == CriteriaError.exit_code == 3
    assert "Traceback" not in done.stderr and "UnicodeDecodeError" not in done.stderr
    assert "diem.yaml: là tệp nhị phân, không phải tệp YAML" in " ".join(done.stderr.split())


def test_brackets_in_a_rubric_error_are_printed_not_taken_for_markup(tmp_path):
    """The CLI printed errors as rich markup: «[x]» vanished from the message, «[/b]» raised a MarkupError."""
    text = HANOI.read_text(encoding="utf-8").replace("figure: employees", 'figure: "[/b][doanh_thu]"', 1)
    target = tmp_path / "brackets.yaml"
    target.write_text(text, encoding="utf-8")
    shutil.copyfile(CRITERIA_DIR / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    done = run_cli(tmp_path, target)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "chỉ tiêu «[/b][doanh_thu]» không có" in " ".join(done.stderr.split())


def test_a_rubric_saved_in_another_encoding_names_the_line_of_the_first_bad_byte(tmp_path):
    text = HANOI.read_text(encoding="utf-8")
    line = text.splitlines().index("  - id: A1") + 1
    target = tmp_path / "cp1258.yaml"
    target.write_bytes(text.encode("utf-8").replace(b"  - id: A1", "  - id: Á1".encode("cp1258"), 1))
    with pytest.raises(CriteriaError) as caught:
        load_rubric(target)
    assert f"cp1258.yaml:{line}: tệp không phải văn bản UTF-8 (byte 0xc1)" in caught.value.user_message()


def test_a_rubric_saved_as_utf16_by_notepad_loads(tmp_path):
    target = tmp_path / "hanoi.yaml"
    target.write_bytes(HANOI.read_text(encoding="utf-8").encode("utf-16"))
    shutil.copyfile(CRITERIA_DIR / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    assert load_rubric(target).criteria == load_rubric().criteria


def test_a_folder_given_as_criteria_is_named(tmp_path):
    with pytest.raises(CriteriaError, match="là thư mục"):
        load_rubric(tmp_path)


def test_a_rubric_copied_elsewhere_uses_the_high_tech_list_beside_it(tmp_path, monkeypatch):
    """The copy reads its own list (an item the shipped list lacks is matched), wherever the command runs."""
    folder = tmp_path / "so-cong-thuong"
    folder.mkdir()
    shutil.copyfile(HANOI, folder / "hanoi_2027.yaml")
    (folder / "high_tech_products.csv").write_text(
        "id,name,section,source\n901,Thiết bị bay không người lái cỡ nhỏ,,bản chép của Sở\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rubric = load_rubric(Path("so-cong-thuong") / "hanoi_2027.yaml")
    name: Field[str] = Field(value="Thiết bị bay không người lái cỡ nhỏ", confidence=0.9,
                 evidence=[Evidence(file="phieu.docx", page=None, text="")])
    monkeypatch.chdir(folder.parent.parent)  # `spcncl review` started elsewhere, from the saved source_path
    field = classify_high_tech(Pool([]), rubric, name, dt.date(2026, 9, 30))
    assert "mục 901" in (field.note or "")
    assert load_rubric(rubric.source_path) == rubric


def test_a_rubric_copied_without_its_high_tech_list_says_which_file_is_missing_and_where(tmp_path):
    shutil.copyfile(HANOI, tmp_path / "hanoi_spcncl.yaml")
    with pytest.raises(CriteriaError) as caught:
        load_rubric(tmp_path / "hanoi_spcncl.yaml")
    message = " ".join(caught.value.user_message().split())
    assert f"high_tech_list: không thấy tệp {tmp_path / 'high_tech_products.csv'}" in message
    assert "cùng thư mục với hanoi_spcncl.yaml" in message


def test_a_high_tech_list_without_its_name_column_is_refused(tmp_path):
    shutil.copyfile(HANOI, tmp_path / "hanoi_spcncl.yaml")
    (tmp_path / "high_tech_products.csv").write_text("stt;ten san pham\n1;Máy\n", encoding="utf-8")
    with pytest.raises(CriteriaError, match=r"high_tech_products\.csv:1: thiếu cột id, name"):
        load_rubric(tmp_path / "hanoi_spcncl.yaml")


def test_maxima_that_do_not_add_up_to_the_stated_total_are_warned_of(tmp_path, caplog):
    target = tmp_path / "raised.yaml"
    target.write_text(HANOI.read_text(encoding="utf-8").replace("    max: 20\n", "    max: 25\n", 1), encoding="utf-8")
    shutil.copyfile(CRITERIA_DIR / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    with caplog.at_level(logging.WARNING, logger="spcncl.rubric"):
        rubric = load_rubric(target)
    assert rubric.max_total == 105 and rubric.total_points == 100
    warnings = [r.getMessage() for r in caplog.records if r.name == "spcncl.rubric"]
    assert len(warnings) == 1
    assert "total_points là 100 nhưng điểm tối đa các tiêu chí cộng lại là 105 (A1 25 + A2 15" in warnings[0]


def test_a_pass_mark_above_every_maximum_is_warned_of(tmp_path, caplog):
    target = tmp_path / "unreachable.yaml"
    target.write_text(HANOI.read_text(encoding="utf-8").replace("min_total: 70", "min_total: 170"), encoding="utf-8")
    shutil.copyfile(CRITERIA_DIR / "high_tech_products.csv", tmp_path / "high_tech_products.csv")
    with caplog.at_level(logging.WARNING, logger="spcncl.rubric"):
        load_rubric(target)
    assert any("pass_rule.min_total 170 không thể đạt: tổng điểm tối đa chỉ là 100" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("name", ["hanoi_spcncl.yaml", "national_rural_industry.yaml"])
def test_shipped_rubrics_state_their_total_and_their_maxima_add_up_to_it(name, caplog):
    with caplog.at_level(logging.WARNING, logger="spcncl.rubric"):
        rubric = load_rubric(name)
    assert rubric.total_points == rubric.max_total == 100
    assert not [r for r in caplog.records if r.name == "spcncl.rubric"]
