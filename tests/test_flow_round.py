"""The Prefect flow in embedded mode: incremental passes, timeouts, retries, the CLI's table."""

from __future__ import annotations

import json
import shutil

import pytest

from extractors.settings import Settings
from flows.round import dossier_task, retry_on_io, round_flow
from pipeline import incremental, progress
from pipeline.cache import entry_path

from .conftest import SAMPLES
from .test_resume_incremental import make_inbox

SCANNED_ID = "HN2026-004"


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


class Recorder:
    """A progress listener that remembers what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def started(self, dossiers, documents, reused):
        self.events.append(("started", dossiers, documents, reused))

    def document_done(self, dossier_id, relpath, from_store):
        self.events.append(("document", dossier_id, relpath, from_store))

    def dossier_done(self, dossier_id, status):
        self.events.append(("dossier", dossier_id, status))

    def writing(self):
        self.events.append(("writing",))


def test_a_new_dossier_is_processed_without_rereading_the_others(harness, tmp_path):
    inbox, out = make_inbox(tmp_path / "inbox", ("HN2026-006", "HN2026-014")), tmp_path / "out"
    first = round_flow(inbox=inbox, out=out, year=2026)
    assert first["dossiers"]["total"] == 2
    stamps = {p: p.stat().st_mtime_ns for p in (out / ".cache").rglob("*.json")}
    make_inbox(inbox, ("HN2026-019",))  # the zip dossier arrives
    recorder = Recorder()
    with progress.listening(recorder):
        second = round_flow(inbox=inbox, out=out, year=2026)
    report = incremental.read_report(out)
    assert report is not None
    assert report.processed == ["HN2026-019"] and report.reused == ["HN2026-006", "HN2026-014"]
    assert report.documents_read == len(list(zipfile_names(SAMPLES / "inbox" / "HN2026-019.zip")))
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # the others' readings were not touched
    assert second["dossiers"]["total"] == 3 and (out / "dossiers" / "HN2026-019.json").is_file()
    assert recorder.events[0] == ("started", 1, report.documents_read, 2)
    assert ("dossier", "HN2026-019", json.loads((out / "dossiers" / "HN2026-019.json").read_text())["status"]) \
        in recorder.events
    third = round_flow(inbox=inbox, out=out, year=2026)
    assert third == second and incremental.read_report(out).documents_read == 0


def zipfile_names(path):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return [m.filename for m in archive.infolist() if not m.is_dir()]


def test_a_document_past_its_time_becomes_an_error_entry(harness, tmp_path, monkeypatch):
    monkeypatch.setenv("SPCNCL_DOCUMENT_TIMEOUT", "0.5")  # the flow takes its settings from the environment
    inbox = tmp_path / "inbox" / SCANNED_ID
    inbox.mkdir(parents=True)
    scan = sorted((SAMPLES / "inbox" / SCANNED_ID).glob("*.pdf"))[0]
    shutil.copyfile(scan, inbox / scan.name)
    round_flow(inbox=tmp_path / "inbox", out=tmp_path / "out", year=2026)
    monkeypatch.delenv("SPCNCL_DOCUMENT_TIMEOUT")
    record = json.loads((tmp_path / "out" / "dossiers" / f"{SCANNED_ID}.json").read_text(encoding="utf-8"))
    assert [d["error_code"] for d in record["documents"]] == ["timeout"]
    report = incremental.read_report(tmp_path / "out")
    assert report is not None and report.documents_failed == 1
    assert not list((tmp_path / "out" / ".cache").rglob("*.json"))  # tried again next pass


class _State:
    def __init__(self, exc: BaseException | None) -> None:
        self.exc = exc

    def result(self):
        if self.exc is not None:
            raise self.exc
        return None


@pytest.mark.parametrize(("exc", "retry"), [
    (OSError("share gone"), True), (PermissionError("busy"), True), (TimeoutError("slow"), False),
    (ValueError("bug"), False), (None, False),
])
def test_only_io_errors_are_retried(exc, retry):
    assert retry_on_io(None, None, _State(exc)) is retry


def test_dossier_task_is_configured_for_io_retries_only():
    assert dossier_task.retries == 2 and dossier_task.retry_condition_fn is retry_on_io


def test_store_key_ignores_the_dossier(tmp_path):
    assert entry_path(tmp_path, "a" * 64, Settings()) == entry_path(tmp_path, "a" * 64, Settings())
    assert entry_path(tmp_path, "a" * 64, Settings()) != entry_path(tmp_path, "b" * 64, Settings())
