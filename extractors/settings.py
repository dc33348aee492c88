"""Run-time limits and switches, with sane defaults; each can be set by an ``SPCNCL_*`` variable.

Example: ``SPCNCL_MAX_PAGES=500 spcncl run inbox --out out``. Every limit that guards against a
hostile or broken file is listed in ``docs/security.md`` with what happens when it is reached.

The settings are read from the environment once, where a run starts (the CLI, the flow, a
test), and handed down as an argument: readers take their limits from the ``Settings`` they are
given, never from the environment. This module is the only one that reads ``os.environ``
(apart from the CLI, which sets Prefect's own variables).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from extractors.errors import InputError

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Safety limits, engine choices and run options. Sizes in bytes, times in seconds.

    ``Settings()`` takes every ``SPCNCL_<NAME>`` variable of the environment over the defaults;
    keyword arguments win over both (``Settings(max_pages=5)`` in a test).
    """

    model_config = SettingsConfigDict(env_prefix="SPCNCL_", extra="forbid", frozen=True)

    # what one file may be
    max_file_bytes: int = Field(200 * MIB, gt=0, description="largest file read")
    max_pages: int = Field(400, gt=0, description="pages read from one document (PDF pages, TIFF frames)")
    max_image_pixels: int = Field(60_000_000, gt=0, description="largest image, in a PDF page or a photo (pixels)")
    max_pdf_stream_bytes: int = Field(128 * MIB, gt=0, description="one decoded PDF stream other than an image")
    max_xml_bytes: int = Field(32 * MIB, gt=0, description="one XML part of a .docx/.xlsx parsed in memory")
    max_sheet_cells: int = Field(1_000_000, gt=0, description="cells read from one workbook")
    max_sheet_rows: int = Field(200_000, gt=0, description="rows read from one workbook")
    # what archives may unpack to
    max_decompressed_bytes: int = Field(300 * MIB, gt=0, description="total unpacked from one archive or document")
    max_archive_members: int = Field(2000, gt=0, description="files in one archive or dossier")
    max_archive_depth: int = Field(3, ge=1, description="archives inside archives, levels")
    max_compression_ratio: int = Field(500, gt=1, description="unpacked/packed size of a large archive member")
    min_free_disk_bytes: int = Field(256 * MIB, ge=0, description="free space kept on the output's disk")
    # time and memory
    document_timeout: float = Field(300.0, gt=0, description="time to read one document")
    ocr_timeout: float = Field(120.0, gt=0, description="time for Tesseract on one page")
    libreoffice_timeout: float = Field(120.0, gt=0, description="time for one LibreOffice conversion")
    reader_memory_bytes: int = Field(4096 * MIB, ge=0,
                                     description="memory of a document-reading child process (0 = no limit)")
    # engines
    ocr_dpi: int = Field(300, gt=0, description="resolution pages are rendered at for OCR")
    ocr_languages: str = Field("vie+eng", description="Tesseract languages")
    ocr_workers: int = Field(0, ge=0, description="parallel OCR processes; 0 = number of cores")
    ocr_drop_red_ink: bool = Field(True, description="read red ink (stamps) as paper before OCR; turn off for "
                                   "documents printed in red")
    review_threshold: float = Field(0.8, ge=0, le=1, description="values below this confidence go to review")
    illegible_below: float = Field(0.55, ge=0, le=1, description="a scan or photo whose OCR word confidence "
                                   "(mean) is below this is unusable: the firm is asked for a clearer copy")
    # how a run is carried out
    workers: int = Field(0, ge=0, description="documents read at once; 0 = the cores, fewer when memory is short")
    task_runner: Literal["thread", "process", "dask"] = Field("thread", description="Prefect task runner")
    dask_address: str | None = Field(None, description="a Dask scheduler for the dask task runner (else a local one)")
    secretariat: str | None = Field(None, description="the secretariat's letterhead file (default "
                                    "criteria/secretariat.yaml)")
    settle_seconds: float = Field(30.0, ge=0, description="spcncl serve: a dossier changed more recently than "
                                  "this is still being copied in and waits")
    server_port: int = Field(4200, gt=0, lt=65536, description="spcncl serve: port of the local Prefect server")

    @classmethod
    def from_env(cls) -> Settings:
        """Defaults overridden by ``SPCNCL_<NAME>`` environment variables.

        A value that is not a valid number or is out of range raises :class:`InputError`, naming
        the variable, instead of a traceback.
        """
        try:
            return cls()
        except ValidationError as exc:
            problems = "; ".join(f"SPCNCL_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors())
            raise InputError(problems, message_vi="Giá trị cấu hình không hợp lệ",
                             message_en="Invalid setting") from None


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a helper program (Tesseract, LibreOffice): this process's, plus ``extra``."""
    return {**os.environ, **extra}


DEFAULTS = Settings.model_construct()  # the documented defaults, whatever the environment says
_ACTIVE: ContextVar[Settings | None] = ContextVar("spcncl_settings", default=None)


@contextlib.contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` the ones in force for the reading inside the block (this thread only).

    ``extractors.registry.read_document`` and the pipeline's reading functions enter it with the
    settings they are given; the readers' helpers then take their limits from :func:`active`.
    """
    token = _ACTIVE.set(settings)
    try:
        yield settings
    finally:
        _ACTIVE.reset(token)


def active() -> Settings:
    """The settings handed to the reading in progress; the defaults outside any."""
    current = _ACTIVE.get()
    return current if current is not None else DEFAULTS


def activate(settings: Settings | None) -> None:
    """Put ``settings`` in force for this thread until changed (``None``: back to the defaults).

    For tests and tools that call readers directly; a run uses :func:`using`.
    """
    _ACTIVE.set(settings)
