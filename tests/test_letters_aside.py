"""Letters written in a child process while the worksheet is written (``write_outputs(letters_aside=True)``,
what a pass does once its reader processes run) are the letters written in-process; a child that
cannot start or fails leaves them written here all the same. The first try sent the records
pickled, which their generic fields refuse: every letter silently fell back."""

from __future__ import annotations

import logging
import shutil

import pytest
from docx import Document

from extractors.settings import Settings
from pipeline import round as round_module
from pipeline.round import load_round, write_outputs
from pipeline.run import read_in_process, run_pass

from .test_resume_incremental import make_inbox


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    root = tmp_path_factory.mktemp("aside")
    rubric, rnd = load_round(None, 2026)
    inbox = make_inbox(root / "inbox", ("HN2026-006", "HN2026-014"))
    result = run_pass(inbox, root / "out", rubric, rnd, Settings.from_env(), reader=read_in_process)
    return result.records, rubric, rnd


def letter_texts(out):
    return {p.name: "\n".join(par.text for par in Document(str(p)).paragraphs)
            for p in sorted((out / "letters").glob("*.docx"))}


def test_letters_written_aside_are_those_written_here(decided, tmp_path, caplog):
    records, rubric, rnd = decided
    here, aside = tmp_path / "here", tmp_path / "aside"
    for out in (here, aside):
        (out / "dossiers").mkdir(parents=True)
    write_outputs(records, rubric, rnd, here)
    with caplog.at_level(logging.WARNING, logger="spcncl.write"):
        write_outputs(records, rubric, rnd, aside, letters_aside=True)
    assert not caplog.records  # no fallback: the child wrote them
    texts = letter_texts(aside)
    assert list(texts) == ["HN2026-014.docx"] and "điều kiện tiên quyết" in texts["HN2026-014.docx"]
    assert texts == letter_texts(here)


def test_a_child_that_cannot_start_still_leaves_every_letter(decided, tmp_path, monkeypatch, caplog):
    records, rubric, rnd = decided
    out = tmp_path / "out"
    (out / "dossiers").mkdir(parents=True)
    (out / "letters").mkdir()
    shutil.copyfile(__file__, out / "letters" / "HN2026-999.docx")  # a stale letter: still removed

    def refuse(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(round_module, "ProcessPoolExecutor", refuse)
    with caplog.at_level(logging.WARNING, logger="spcncl.write"):
        write_outputs(records, rubric, rnd, out, letters_aside=True)
    assert "no more processes" in caplog.text
    assert list(letter_texts(out)) == ["HN2026-014.docx"]
