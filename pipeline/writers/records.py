"""``dossiers/<dossier_id>.json``: one record per dossier, written atomically."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pipeline.models import DossierRecord
from pipeline.writers.atomic import write_text_atomic

MAX_NAME_BYTES = 200


def record_filename(dossier_id: str) -> str:
    """A safe file name for a dossier id: NFC, no separators or control characters, bounded length."""
    name = unicodedata.normalize("NFC", dossier_id)
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", name).strip(" .") or "_"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha256(dossier_id.encode("utf-8")).hexdigest()[:12]
        name = name.encode("utf-8")[: MAX_NAME_BYTES - 13].decode("utf-8", "ignore") + "_" + digest
    return name


def record_json(record: DossierRecord) -> str:
    """The record as pretty JSON (UTF-8, diacritics kept)."""
    return record.model_dump_json(indent=2) + "\n"


def write_record(record: DossierRecord, out: Path) -> Path:
    """Write one record; returns its path."""
    target = out / "dossiers" / f"{record_filename(record.dossier_id)}.json"
    write_text_atomic(target, record_json(record))
    return target


def read_records(out: Path) -> list[DossierRecord]:
    """Every record in an output folder, by dossier id."""
    folder = out / "dossiers"
    records = [DossierRecord.model_validate_json(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    return sorted(records, key=lambda r: r.dossier_id)
