"""Invented facts the variants render: a firm, its tax code, its address; helpers every family shares.

Nothing here is a real firm: names, codes and figures are made up (tax codes carry a valid
check digit so that validation does not reject them).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.variations.render import Para


@dataclass(frozen=True)
class Firm:
    """Who the documents are about."""

    name: str = "CÔNG TY CỔ PHẦN CƠ KHÍ CHÍNH XÁC HỒNG LĨNH"
    name_en: str = "HONG LINH PRECISION MECHANICS JOINT STOCK COMPANY"
    tax_code: str = "0108234564"
    address: str = "Số 18 phố Trần Quốc Hoàn, phường Nghĩa Đô, Thành phố Hà Nội, Việt Nam"
    representative: str = "Nguyễn Văn Khải"
    product: str = "Máy biến áp phân phối ba pha"


FIRM = Firm()


def spaced(code: str) -> str:
    """A tax code as some forms print it: ``0108 234 564``."""
    return f"{code[:4]} {code[4:7]} {code[7:]}"


def national_header() -> list[Para]:
    """The state motto every Vietnamese administrative paper opens with."""
    return [
        Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center"),
        Para("Độc lập - Tự do - Hạnh phúc", bold=True, align="center"),
    ]


def signature(who: str, title: str = "GIÁM ĐỐC") -> list[Para]:
    """A signature block: the title, room for the signature, the name."""
    return [Para(title, bold=True, align="right"), Para("(Ký, ghi rõ họ tên, đóng dấu)", align="right"),
            Para(" "), Para(who, bold=True, align="right")]
