"""Who writes to the firms: the secretariat's names, symbol, place and signer (configuration).

Read from ``criteria/secretariat.yaml`` (or the file named by ``SPCNCL_SECRETARIAT``) and
validated: a misspelt key is an error naming the file and the key, never a silent default.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from extractors.errors import CriteriaError
from pipeline.rubric import CRITERIA_DIR

DEFAULT_FILE = CRITERIA_DIR / "secretariat.yaml"
log = logging.getLogger("spcncl.write")
# what a draft shows, highlighted, where the configuration leaves a field a letter needs empty
PLACEHOLDERS = {
    "signer.name": "[Họ và tên người ký]",
    "address": "[Địa chỉ nhận hồ sơ]",
}
GAP_WORDS = {"signer.name": "họ và tên người ký", "address": "địa chỉ nhận hồ sơ bổ sung"}
_warned: set[tuple[str, tuple[str, ...]]] = set()  # once per file and gaps in a process (a run, a serve)


class Strict(BaseModel):
    """Unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


class Signer(Strict):
    """The signature block: authority ("KT. GIÁM ĐỐC"), title, name."""

    authority: str = ""
    title: str = "GIÁM ĐỐC"
    name: str = ""


class Secretariat(Strict):
    """The issuing body's block of a letter and a report (Nghị định 30/2020/NĐ-CP)."""

    parent_body: str = "UBND THÀNH PHỐ HÀ NỘI"
    body: str = "SỞ CÔNG THƯƠNG"
    body_name: str = "Sở Công Thương"
    role: str = ""
    symbol: str = "SCT-QLCN"
    report_symbol: str = "BC-SCT"
    place: str = "Hà Nội"
    programme: str = "xét chọn sản phẩm công nghiệp chủ lực"
    address: str = ""
    contact: str = ""
    portal: str = "Cổng thông tin điện tử của Sở Công Thương"
    deciding_body: str = "Ủy ban nhân dân Thành phố"  # who recognises the products, named in the report
    signer: Signer = Signer()
    letter_recipients: list[str] = ["Như trên"]
    report_recipients: list[str] = []
    archive: str = "VT"
    # the zone every time on the worksheet is shown in (an IANA name; "local": the machine's own)
    time_zone: str = "Asia/Ho_Chi_Minh"

    @field_validator("time_zone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        """An IANA time-zone name the machine knows, or ``local``."""
        if value != "local":
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"không biết múi giờ «{value}» (ví dụ: Asia/Ho_Chi_Minh, hoặc local)") from exc
        return value

    def local_time(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` in the secretariat's zone, as a naive datetime (a cell or a sentence shows it so);
        a naive ``moment`` is taken as UTC, as the reviewers' entries are compared."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
        zone = None if self.time_zone == "local" else ZoneInfo(self.time_zone)
        return aware.astimezone(zone).replace(tzinfo=None)

    def gaps(self) -> list[str]:
        """The fields a letter needs that the configuration leaves empty ("signer.name", "address"):
        the drafts show a placeholder there (:data:`PLACEHOLDERS`)."""
        values = {"signer.name": self.signer.name, "address": self.address}
        return [key for key, value in values.items() if not value.strip()]


def warn_gaps(secretariat: Secretariat, source: Path | str) -> str | None:
    """Warn (log, once per file and gaps in a process) that the letters will show placeholders for
    what the configuration lacks; returns the warning, or None when nothing is missing."""
    gaps = secretariat.gaps()
    key = (str(Path(source).resolve()), tuple(gaps))
    if not gaps or key in _warned:
        return None
    _warned.add(key)
    what = "; ".join(f"{GAP_WORDS[key]} ({key})" for key in gaps)
    message = (f"{Path(source).name}: chưa điền {what}. Thư gửi doanh nghiệp và báo cáo để chỗ trống đánh dấu "
               f"{', '.join(PLACEHOLDERS[key] for key in gaps)}; điền vào tệp này rồi chạy lại trước khi ký gửi.")
    log.warning(message)
    return message


def load_secretariat(path: str | Path | None = None) -> Secretariat:
    """The secretariat's configuration (``path``, the ``secretariat`` setting, else the default
    file), read and validated on each call (edits apply at once). A signer's name or an address
    left empty is a warning (the drafts show a placeholder there), not an error."""
    target = Path(path) if path else DEFAULT_FILE
    if not target.is_file():
        raise CriteriaError(f"không thấy tệp cấu hình cơ quan thường trực {target}")
    try:
        data = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        secretariat = Secretariat.model_validate(data)
    except yaml.YAMLError as exc:
        raise CriteriaError(f"{target.name}: YAML sai cú pháp: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CriteriaError(f"{target.name}: {problems}") from exc
    warn_gaps(secretariat, target)
    return secretariat

