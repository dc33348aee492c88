"""The document store, the hash memo and the reader processes (no Prefect)."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from extractors.settings import Settings
from pipeline.cache import HashMemo, entry_path, failed_result
from pipeline.extraction import cached_read
from pipeline.inbox import InputFile
from pipeline.isolation import _pool, read_isolated, readers_started, shutdown, start_readers

from .conftest import SAMPLES

BORN = SAMPLES / "inbox" / "HN2026-001" / "01_Phap ly" / "CV xac nhan nghia vu thue.pdf"
SCANNED = sorted((SAMPLES / "inbox" / "HN2026-004").glob("*.pdf"))[0]


def test_hash_memo_hashes_a_file_once_until_it_changes(tmp_path):
    source = tmp_path / "a.pdf"
    shutil.copyfile(BORN, source)
    memo = HashMemo(tmp_path / "hashes.json")
    file = InputFile(path=source, relpath="a.pdf")
    first = memo.sha256(file)
    assert memo.sha256(file) == first and memo.hashed == 1
    memo.save()
    again = HashMemo(tmp_path / "hashes.json")
    assert again.sha256(file) == first and again.hashed == 0  # remembered across passes
    source.write_bytes(source.read_bytes() + b"\n%changed\n")
    assert again.sha256(file) != first and again.hashed == 1
    assert again.sha256(InputFile(path=None, relpath="x", problem="refused")) is None


def test_store_serves_the_second_read_and_relabels_the_path(tmp_path):
    cache = tmp_path / "cache"
    result, cached = cached_read(InputFile(path=BORN, relpath="thue.pdf"), cache)
    assert not cached and result.entry.error is None
    assert entry_path(cache, result.entry.sha256, Settings()).is_file()
    again, cached = cached_read(InputFile(path=BORN, relpath="khac/thue.pdf"), cache)
    assert cached and again.entry.file == "khac/thue.pdf"
    assert again.facts == result.facts or len(again.facts) == len(result.facts)


def test_failed_result_is_a_valid_error_entry():
    result = failed_result(InputFile(path=BORN, relpath="x.pdf"), None, "timeout", "Quá thời gian")
    assert result.entry.error_code == "timeout" and result.entry.kind is None and len(result.entry.sha256) == 64


def test_reader_process_gives_the_same_result_as_reading_in_place(tmp_path):
    file = InputFile(path=BORN, relpath="thue.pdf")
    here, _ = cached_read(file, None)
    there, cached = read_isolated(file, tmp_path / "cache", None, Settings())
    assert not cached
    assert there.model_dump() == here.model_dump()
    stored, cached = read_isolated(file, tmp_path / "cache", here.entry.sha256, Settings())
    assert cached and stored.model_dump() == here.model_dump()


def test_a_document_past_its_time_is_killed_and_not_stored(tmp_path):
    file = InputFile(path=SCANNED, relpath="scan.pdf")
    start = time.monotonic()
    result, cached = read_isolated(file, tmp_path / "cache", None, Settings(), timeout=0.5)
    assert time.monotonic() - start < 10
    assert result.entry.error_code == "timeout" and not cached
    assert not list((tmp_path / "cache").rglob("*.json"))  # a timeout is never stored
    again, _ = read_isolated(InputFile(path=BORN, relpath="thue.pdf"), tmp_path / "cache", None, Settings())
    assert again.entry.error is None  # a fresh reader took the killed one's place


def test_a_reader_that_dies_gives_an_internal_error_not_a_crash(tmp_path):
    file = InputFile(path=SCANNED, relpath="scan.pdf")
    read_isolated(InputFile(path=BORN, relpath="warm.pdf"), None, None, Settings())  # make sure a worker exists

    def kill_busy_worker() -> None:
        time.sleep(1.0)
        for worker in list(_pool._all):
            if worker.process.pid is not None:
                os.kill(worker.process.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_busy_worker)
    killer.start()
    result, cached = read_isolated(file, tmp_path / "cache", None, Settings(), timeout=60)
    killer.join()
    assert result.entry.error_code == "internal_error" and not cached
    assert "dừng đột ngột" in (result.entry.error or "")


@pytest.mark.parametrize("name", ["a.pdf", "b.pdf"])
def test_identical_content_under_two_names_is_read_once(tmp_path, name):
    cache = tmp_path / "cache"
    cached_read(InputFile(path=BORN, relpath="first.pdf"), cache)
    copy = tmp_path / name
    shutil.copyfile(BORN, copy)
    result, cached = cached_read(InputFile(path=copy, relpath=name), cache)
    assert cached and result.entry.file == name
    assert Path(result.entry.file).name == name


def test_new_extractors_reuse_the_stored_pages_instead_of_reading_again(tmp_path, monkeypatch):
    """After an upgrade that changed only the field extractors, scanned files are not OCR'd again:
    the page store keeps each file's reading apart from its extraction."""
    import pipeline.cache as cache_module
    import pipeline.extraction as reading_module

    cache = tmp_path / "cache"
    file = InputFile(path=SCANNED, relpath="scan.pdf")
    first, _ = cached_read(file, cache)
    assert first.entry.ocr and list((cache / "pages").rglob("*.json.gz"))
    monkeypatch.setattr(cache_module, "extraction_fingerprint", lambda: "upgraded-extractors")
    calls = []
    original = reading_module.read_document
    monkeypatch.setattr(reading_module, "read_document", lambda *a: calls.append(a) or original(*a))
    again, was_cached = cached_read(InputFile(path=SCANNED, relpath="elsewhere/scan.pdf"), cache)
    assert not was_cached and calls == []  # extracted again, from the stored pages
    assert again.entry.kind == first.entry.kind and again.entry.ocr
    assert [f.model_dump() for f in again.facts] == [
        f.model_dump() for f in relocate_facts(first, "elsewhere/scan.pdf")]


def relocate_facts(result, relpath):
    from pipeline.cache import relocate

    return relocate(result, relpath).facts


def test_readers_started_ahead_are_the_ones_that_read():
    """``spcncl run`` starts the reader workers while Prefect starts (``start_readers``): the pass's
    first documents then go to those workers instead of waiting for the readers to load."""
    shutdown()
    assert not _pool._all
    start_readers(Settings(workers=2)).join(60)
    assert readers_started()
    ready = {worker.process.pid for worker in _pool._all}
    assert len(ready) == 2 and all(worker.process.is_alive() for worker in _pool._all)
    result, _ = read_isolated(InputFile(path=BORN, relpath="thue.pdf"), None, None, Settings())
    assert result.entry.error is None
    assert {worker.process.pid for worker in _pool._all} == ready  # no new worker was needed
