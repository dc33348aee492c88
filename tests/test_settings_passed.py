"""Settings are read once where a run starts and handed down: readers take their limits from the
``Settings`` they are given, never from the environment (issue 12)."""

from __future__ import annotations

import re

import pytest

from extractors.errors import InputError, LimitExceededError
from extractors.registry import read_document
from extractors.settings import DEFAULTS, Settings

from .conftest import ROOT
from .test_cache_store import BORN

READ_ENV = re.compile(r"os\.environ|getenv\(|get_settings\(")


def test_only_the_settings_module_reads_the_environment():
    readers = [p for package in ("extractors", "pipeline") for p in sorted((ROOT / package).rglob("*.py"))]
    reading = [p.relative_to(ROOT).as_posix() for p in readers if READ_ENV.search(p.read_text(encoding="utf-8"))]
    assert reading == ["extractors/settings.py"]


def test_every_spcncl_variable_in_the_code_is_a_setting():
    mentioned: set[str] = set()
    for package in ("extractors", "pipeline", "flows", "spcncl"):
        for path in (ROOT / package).rglob("*.py"):
            mentioned |= set(re.findall(r"SPCNCL_([A-Z][A-Z_]+)", path.read_text(encoding="utf-8")))
    assert mentioned, "no SPCNCL_ variable documented anywhere"
    assert {name.lower() for name in mentioned} <= set(Settings.model_fields)


def test_a_reader_takes_its_limits_from_the_settings_it_is_given(monkeypatch):
    with pytest.raises(LimitExceededError):
        read_document(BORN, "thue.pdf", Settings(max_file_bytes=10))
    monkeypatch.setenv("SPCNCL_MAX_FILE_BYTES", "10")  # the environment is not the reader's business
    assert read_document(BORN, "thue.pdf", DEFAULTS).pages


def test_a_bad_variable_is_named_in_vietnamese(monkeypatch):
    monkeypatch.setenv("SPCNCL_OCR_DPI", "nhiều")
    with pytest.raises(InputError, match="SPCNCL_OCR_DPI") as caught:
        Settings.from_env()
    assert "Giá trị cấu hình không hợp lệ" in caught.value.user_message()
