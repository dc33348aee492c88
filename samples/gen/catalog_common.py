"""Shorthands used by the dossier catalogue."""

from __future__ import annotations

from datetime import date

from .model import Cert, Doc, Firm, IPCert
from .util import make_mst, mst_check_digit, rng_for


def D(path: str, kind: str, fmt: str = "pdf", ref: str = "", purpose: str = "", **opts) -> Doc:
    """A dossier file."""
    return Doc(path=path, kind=kind, fmt=fmt, ref=ref, purpose=purpose, opts=opts)


def mst(dossier_id: str) -> str:
    """The firm's (valid) tax code, drawn deterministically from the dossier id (Hà Nội codes: 010…)."""
    return make_mst(rng_for("mst", dossier_id), prefix="010")


def mistyped(code: str) -> str:
    """The tax code with two adjacent digits swapped so that its check digit no longer holds."""
    for i in range(2, 8):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code and mst_check_digit(swapped[:9]) != int(swapped[9]):
            return swapped
    raise ValueError(code)


def cert(
    firm: Firm,
    ref: str,
    standard: str,
    edition: str,
    number: str,
    issuer: str,
    issued: date,
    expires: date,
    scope: str,
    style: str = "slash",
    lang: str = "en",
    original: date | None = None,
    holder: str | None = None,
    holder_address: str | None = None,
    is_firm: bool = True,
) -> Cert:
    """A management-system certificate held (by default) by `firm`."""
    return Cert(
        ref=ref,
        standard=standard,
        edition=edition,
        number=number,
        issuer=issuer,
        holder=holder or firm.name,
        holder_address=holder_address or firm.factory,
        issued=issued,
        expires=expires,
        scope=scope,
        date_style=style,
        lang=lang,
        original=original,
        is_firm=is_firm,
    )


def trademark(number: str, title: str, filed: date, granted: date, classes: str) -> IPCert:
    """A trademark registration certificate (10 years from filing)."""
    return IPCert("nhan_hieu", number, title, filed, granted, filed.replace(year=filed.year + 10), classes)


def patent(kind: str, number: str, title: str, filed: date, granted: date) -> IPCert:
    """A patent (20 years) or utility-solution patent (10 years)."""
    years = 20 if kind == "sang_che" else 10
    return IPCert(kind, number, title, filed, granted, filed.replace(year=filed.year + years))


def required_docs(
    prefix: str = "",
    tax: str = "pdf",
    env: str = "pdf",
    commit: str = "pdf",
    gcn: str = "pdf",
    names: tuple[str, str, str, str] = (
        "GCN DKDN.pdf",
        "Xac nhan thue.pdf",
        "Giay phep moi truong.pdf",
        "Cam ket.pdf",
    ),
    gray: bool = False,
    **env_opts,
) -> list[Doc]:
    """Business registration, tax letter, environmental document and commitment with the given names.

    `gray` makes the scanned ones grayscale scans; `env_opts` go to the environmental document.
    """
    g = {"gray": True} if gray else {}
    return [
        D(prefix + names[0], "business_registration", gcn, **g),
        D(prefix + names[1], "tax_compliance", tax, **g),
        D(prefix + names[2], "environmental_compliance", env, **env_opts, **g),
        D(prefix + names[3], "commitment", commit, **g),
    ]
