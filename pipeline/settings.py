"""Run-time limits and switches, with sane defaults; each can be set by an ``SPCNCL_*`` variable.

Example: ``SPCNCL_MAX_PAGES=500 spcncl run inbox --out out``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    """Safety limits and engine choices. Sizes in bytes, times in seconds."""

    model_config = ConfigDict(extra="forbid")

    max_file_bytes: int = Field(200 * 1024 * 1024, description="largest file read")
    max_pages: int = Field(400, description="pages read from one document")
    max_image_pixels: int = Field(60_000_000, description="largest page image (pixels)")
    max_decompressed_bytes: int = Field(300 * 1024 * 1024, description="total unpacked from one archive")
    max_archive_members: int = Field(2000, description="files in one archive")
    max_sheet_cells: int = Field(2_000_000, description="cells read from one workbook")
    document_timeout: float = Field(300.0, description="time to read one document")
    ocr_timeout: float = Field(120.0, description="time for Tesseract on one page")
    libreoffice_timeout: float = Field(120.0, description="time for one LibreOffice conversion")
    ocr_dpi: int = Field(300, description="resolution pages are rendered at for OCR")
    ocr_languages: str = Field("vie+eng", description="Tesseract languages")
    ocr_workers: int = Field(0, description="parallel OCR processes; 0 = number of cores")
    review_threshold: float = Field(0.8, description="values below this confidence go to review")

    @classmethod
    def from_env(cls) -> Settings:
        """Defaults overridden by ``SPCNCL_<NAME>`` environment variables."""
        values: dict[str, str] = {}
        for name in cls.model_fields:
            raw = os.environ.get(f"SPCNCL_{name.upper()}")
            if raw is not None:
                values[name] = raw
        return cls.model_validate(values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings for this process (read once from the environment)."""
    return Settings.from_env()
