"""Which dossiers a pass redoes (plain functions, no Prefect): fingerprints, reuse, pruning."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from extractors.settings import Settings
from pipeline import incremental
from pipeline.cache import HashMemo, failed_result
from pipeline.inbox import discover
from pipeline.overrides import DossierOverrides, Overrides, ValueOverride, save_overrides
from pipeline.round import load_round, prepare_output
from pipeline.run import pending_work, read_in_process
from pipeline.run import run_pass as pass_over

from .conftest import ROOT, SAMPLES

FAST = ("HN2026-006", "HN2026-014")


DELIVERED = time.time() - 2 * 86400  # copies look delivered two days ago, whenever the clone was made


def make_inbox(target: Path, ids: tuple[str, ...] = FAST) -> Path:
    """A small inbox copied from the samples, every file dated as delivered well before the test
    (a fresh clone's files are minutes old, which a pass would take for a copy still in progress)."""
    for dossier_id in ids:
        source = SAMPLES / "inbox" / dossier_id
        if source.is_dir():
            shutil.copytree(source, target / dossier_id)
            copied = [*(target / dossier_id).rglob("*"), target / dossier_id]  # folders too: their times count
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SAMPLES / "inbox" / f"{dossier_id}.zip", target / f"{dossier_id}.zip")
            copied = [target / f"{dossier_id}.zip"]
        for path in copied:
            os.utime(path, (DELIVERED, DELIVERED))
    return target


def run_pass(inbox: Path, out: Path, overrides: Overrides | None = None, rubric_year: int = 2026,
             criteria=None) -> incremental.PassReport:
    """One pass as the flow runs it, without Prefect (``overrides`` saved first, as a reviewer's)."""
    rubric, rnd = load_round(criteria, rubric_year)
    if overrides is not None:
        prepare_output(out)
        save_overrides(overrides, out)
    return pass_over(inbox, out, rubric, rnd, Settings.from_env(), reader=read_in_process).report


@pytest.fixture(scope="module")
def first_pass(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    inbox, out = make_inbox(root / "inbox"), root / "out"
    report = run_pass(inbox, out)
    return inbox, out, report


def test_first_pass_does_everything(first_pass):
    _inbox, out, report = first_pass
    assert report.processed == list(FAST) and not report.reused
    assert all(incremental.state_path(out, d).is_file() for d in FAST)


def test_unchanged_round_is_reused_without_reading(first_pass, tmp_path):
    inbox, out, _ = first_pass
    before = {p: p.read_bytes() for p in (out / "dossiers").glob("*.json")}
    report = run_pass(inbox, out)
    assert report.reused == list(FAST) and not report.processed and report.documents_read == 0
    assert {p: p.read_bytes() for p in (out / "dossiers").glob("*.json")} == before


def test_a_changed_file_redoes_only_its_dossier(first_pass, tmp_path):
    inbox, out, _ = first_pass
    work = tmp_path / "copy"
    shutil.copytree(inbox, work / "inbox")
    shutil.copytree(out, work / "out")
    extra = work / "inbox" / FAST[0] / "Ghi chu.docx"
    shutil.copyfile(next((SAMPLES / "inbox" / "HN2026-001").glob("*.docx")), extra)
    report = run_pass(work / "inbox", work / "out")
    assert report.processed == [FAST[0]] and report.reused == [FAST[1]]
    assert report.documents_read == 1  # only the new file; the dossier's other files come from the store


def test_a_changed_rubric_rescores_without_rereading(first_pass, tmp_path):
    inbox, out, _ = first_pass
    work = tmp_path / "copy"
    shutil.copytree(out, work / "out")
    rubric, _ = load_round(None, 2026)
    source = Path(rubric.source_path or "")
    shutil.copytree(source.parent, tmp_path / "criteria")
    criteria = tmp_path / "criteria" / source.name
    text = criteria.read_text(encoding="utf-8")
    criteria.write_text(text.replace('name: "', 'name: "(sửa) ', 1), encoding="utf-8")
    report = run_pass(inbox, work / "out", criteria=str(criteria))
    assert report.processed == list(FAST) and report.documents_read == 0 and report.documents_from_store > 0


def test_an_override_redoes_only_that_dossier(first_pass, tmp_path):
    inbox, out, _ = first_pass
    work = tmp_path / "copy"
    shutil.copytree(out, work / "out")
    overrides = Overrides(dossiers={FAST[1]: DossierOverrides(values=[
        ValueOverride(path="figures.employees", value=123, reason="kiểm tra", reviewer="Thư ký")])})
    report = run_pass(inbox, work / "out", overrides=overrides)
    assert report.processed == [FAST[1]] and report.reused == [FAST[0]] and report.documents_read == 0


def test_a_withdrawn_dossier_leaves_the_round(first_pass, tmp_path):
    inbox, out, _ = first_pass
    work = tmp_path / "copy"
    shutil.copytree(inbox, work / "inbox")
    shutil.copytree(out, work / "out")
    shutil.rmtree(work / "inbox" / FAST[1])
    report = run_pass(work / "inbox", work / "out")
    assert report.removed == [FAST[1]]
    assert not incremental.record_path(work / "out", FAST[1]).exists()
    assert not incremental.state_path(work / "out", FAST[1]).exists()


def test_a_hand_edited_record_is_recomputed(first_pass, tmp_path):
    inbox, out, _ = first_pass
    work = tmp_path / "copy"
    shutil.copytree(out, work / "out")
    path = incremental.record_path(work / "out", FAST[0])
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace('"proposed"', '"proposed" ', 1), encoding="utf-8")
    report = run_pass(inbox, work / "out")
    assert report.processed == [FAST[0]] and path.read_text(encoding="utf-8") == original


def test_a_dossier_still_being_copied_waits(first_pass, tmp_path):
    inbox, out, _ = first_pass
    rubric, rnd = load_round(None, 2026)
    dossiers = discover(inbox, prepare_output(tmp_path / "o"))
    report = incremental.new_report(2026)
    memo = HashMemo(None)
    now_touched = dossiers[0].files[0].path
    assert now_touched is not None
    now_touched.touch()
    jobs, records = incremental.plan_pass(dossiers, out, rubric, rnd, Settings(), Overrides(), memo, 3600, report)
    assert report.deferred == [FAST[0]] and report.reused == [FAST[1]] and not jobs
    assert sorted(r.dossier_id for r in records) == list(FAST)  # the previous record stays in the round


def test_leftover_temporaries_are_swept(tmp_path):
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "dossiers" / ".HN.json.abc.tmp").write_text("x")
    (tmp_path / ".worksheet.xlsx.abc.tmp").write_text("x")
    assert incremental.sweep_temporaries(tmp_path) == 2


def test_the_round_lock_is_exclusive(tmp_path):
    with incremental.round_lock(tmp_path), pytest.raises(Exception, match="lượt xử lý khác"), \
            incremental.round_lock(tmp_path, wait_seconds=0):
        pass


def test_pending_work_is_none_after_a_pass_and_any_change_is_work(first_pass, tmp_path):
    """A re-run with nothing changed skips starting Prefect (spcncl run); anything new must not."""
    inbox, out, _ = first_pass
    rubric, rnd = load_round(None, 2026)
    work = tmp_path / "copy"
    shutil.copytree(inbox, work / "inbox")
    shutil.copytree(out, work / "out")
    assert pending_work(inbox, out, rubric, rnd, Settings()) is False
    assert pending_work(work / "inbox", work / "out", rubric, rnd, Settings()) is True  # another inbox
    run_pass(work / "inbox", work / "out")
    assert pending_work(work / "inbox", work / "out", rubric, rnd, Settings()) is False
    sheet = openpyxl.load_workbook(work / "out" / "worksheet.xlsx")
    sheet.save(work / "out" / "worksheet.xlsx")  # saved by a reviewer: its entries must be merged
    assert pending_work(work / "inbox", work / "out", rubric, rnd, Settings()) is True
    run_pass(work / "inbox", work / "out")
    shutil.copyfile(next((SAMPLES / "inbox" / "HN2026-001").glob("*.docx")), work / "inbox" / FAST[0] / "Moi.docx")
    assert pending_work(work / "inbox", work / "out", rubric, rnd, Settings()) is True


def test_a_writer_change_rewrites_outputs_without_deciding_again():
    """The code fingerprint covers the modules that decide a dossier, not those that only write."""
    deciding = {p.relative_to(ROOT).as_posix() for p in incremental.deciding_modules()}
    assert {"pipeline/process.py", "pipeline/decisions.py", "pipeline/rubric.py", "pipeline/missing.py"} <= deciding
    writers = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline" / "writers").glob("*.py")}
    assert deciding & writers == {"pipeline/writers/atomic.py", "pipeline/writers/records.py"}
    assert not deciding & {"pipeline/run.py", "pipeline/round.py", "pipeline/review.py", "spcncl/cli.py"}


def test_a_reading_that_failed_on_our_side_is_tried_again_on_the_next_pass(tmp_path):
    """A timed-out document was saved in the record and the next pass reused that record unchanged,
    although the worksheet tells the secretariat to "run again" for such failures."""
    inbox, out = make_inbox(tmp_path / "inbox", FAST[:1]), tmp_path / "out"
    rubric, rnd = load_round(None, 2026)
    victim = sorted(p.name for p in (inbox / FAST[0]).rglob("*") if p.is_file())[0]

    def slow_once(file, cache_dir, sha, settings):
        if file.path.name == victim:
            return failed_result(file, sha, "timeout", "Đọc tệp quá thời gian cho phép"), False
        return read_in_process(file, cache_dir, sha, settings)

    first = pass_over(inbox, out, rubric, rnd, Settings.from_env(), reader=slow_once)
    failed = [d for d in first.records[0].documents if d.error_code == "timeout"]
    assert [d.file.rsplit("/", 1)[-1] for d in failed] == [victim]
    second = pass_over(inbox, out, rubric, rnd, Settings.from_env(), reader=read_in_process)
    assert second.report.processed == [FAST[0]] and second.report.reused == []
    assert not [d for d in second.records[0].documents if d.error]
    third = pass_over(inbox, out, rubric, rnd, Settings.from_env(), reader=read_in_process)
    assert third.report.reused == [FAST[0]]  # once read, the record is reused again
