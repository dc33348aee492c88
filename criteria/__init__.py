"""Rubric data: YAML rubrics, message templates and lists read by ``pipeline.rubric``."""

from pathlib import Path

CRITERIA_DIR = Path(__file__).resolve().parent
