"""Pieces shared by the document builders: official headers, layouts, firm wording."""

from __future__ import annotations

import random

from .blocks import Cell, Layout, Para, Rule, Table
from .model import GROUPS, Dossier, Firm
from .util import place_date

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
CREATORS = (
    "Microsoft® Word 2016",
    "Microsoft® Word 2019",
    "Microsoft® Word for Microsoft 365",
    "WPS Writer",
    "Microsoft® Excel® 2016",
)


def pick_layout(rng: random.Random, **over) -> Layout:
    """A plausible Vietnamese administrative page layout, varied per document."""
    fam = rng.choices(["times", "dejavu-serif", "arial"], weights=[7, 2, 1])[0]
    lay = Layout(
        family=fam,
        size=rng.choice([12.0, 12.5, 13.0, 13.0, 13.5]) if fam == "times" else rng.choice([10.5, 11.0, 11.5]),
        leading=rng.choice([1.2, 1.25, 1.3]),
        margins=(
            rng.choice([25.0, 30.0, 30.0, 35.0]),
            rng.choice([15.0, 20.0]),
            rng.choice([15.0, 20.0]),
            rng.choice([15.0, 20.0]),
        ),
        creator=rng.choice(CREATORS[:4]),
        author=rng.choice(["Admin", "User", "KeToan", "Windows User", "HCNS", "PC"]),
    )
    for k, v in over.items():
        setattr(lay, k, v)
    return lay


def legal_form_words(firm: Firm) -> str:
    """`CÔNG TY CỔ PHẦN` / `CÔNG TY TNHH` as used on stamps and headers."""
    return {"cp": "CÔNG TY CỔ PHẦN", "tnhh": "CÔNG TY TNHH", "tnhh1tv": "CÔNG TY TNHH MTV"}[firm.legal_form]


def official_header(
    left: list[str],
    number: str | None,
    pdate,
    place: str = "Hà Nội",
    size: float | None = None,
    left_w: float = 4.2,
    vv: str | None = None,
    date_pad: bool = True,
) -> list:
    """The two-column heading of Vietnamese official papers: issuer | national motto, then place and date."""
    lcell = "\n".join(left) + (f"\nSố: {number}" if number else "") + (f"\nV/v {vv}" if vv else "")
    rows = [[Cell(lcell, bold=True, align="center"), Cell("\n".join(MOTTO), bold=True, align="center")]]
    blocks: list = [Table(rows, [left_w, 10 - left_w], borders="none", size=size, after=0, pad=1.5)]
    blocks.append(Rule(0.16, 0.21 if left_w < 5 else 0.25))
    if pdate is not None:
        blocks.append(Para(place_date(pdate, place, date_pad), "right", italic=True, before=2, after=8))
    return blocks


def firm_header_lines(firm: Firm, upper: bool = True) -> list[str]:
    """The firm's name as it heads its own letters (upper case, split after the legal form)."""
    words = legal_form_words(firm)
    rest = firm.name
    for prefix in ("Công ty TNHH MTV ", "Công ty TNHH Một thành viên ", "Công ty TNHH ", "Công ty Cổ phần "):
        if rest.startswith(prefix):
            rest = rest[len(prefix) :]
            break
    return [words, rest.upper() if upper else rest]


def group_label(d: Dossier) -> str:
    """Vietnamese name of the dossier's industry group."""
    return GROUPS[d.product.group]


def title_for(firm: Firm) -> str:
    """`Ông`/`Bà` before the legal representative's name."""
    return "Ông" if firm.rep_male else "Bà"
