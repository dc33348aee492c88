"""Produce every file of every dossier, the truth records and the README, into an output folder."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import catalog_a, catalog_b, catalog_c
from .blocks import Layout
from .common import pick_layout
from .containers import build_zip
from .docs_certs import build_hightech, build_ip_cert, build_product_description, build_quality_cert
from .docs_fin import build_statement
from .docs_form import build_form
from .docs_legal import build_business_registration, build_commitment, build_environment, build_tax_compliance
from .docxrender import DocMeta, render_docx
from .fonts import warm_fonts
from .legacy import convert_many, soffice
from .model import Doc, Dossier
from .pdfrender import render_pdf
from .scan import phone_photo, scan_pdf
from .truth import compute_truth
from .util import int_seed, rng_for
from .xlsxdocs import build_export_blocks, build_export_xlsx, build_statement_xlsx


def all_dossiers() -> list[Dossier]:
    """The catalogue, in id order."""
    return [f() for f in (*catalog_a.DOSSIERS, *catalog_b.DOSSIERS, *catalog_c.DOSSIERS)]


@dataclass
class Produced:
    """One generated file: bytes, page count, drawn page texts (scans) and how it was made."""

    data: bytes = b""
    pages: int | None = None
    page_texts: list[str] = field(default_factory=list)
    how: str = ""
    lo_target: str | None = None


def _blocks(d: Dossier, doc: Doc, rng: random.Random) -> list:
    k, o = doc.kind, doc.opts
    if k == "registration_form":
        return build_form(d, rng)
    if k == "business_registration":
        return build_business_registration(d, rng, o)
    if k == "tax_compliance":
        return build_tax_compliance(d, rng, o)
    if k == "environmental_compliance":
        return build_environment(d, rng, o)
    if k == "commitment":
        return build_commitment(d, rng, o)
    if k == "financial_statement":
        return build_statement(d, int(doc.ref[2:]), o, rng)
    if k == "quality_certificate":
        return build_quality_cert(d, d.cert(doc.ref), rng)
    if k == "ip_certificate":
        return build_ip_cert(d, d.ip[int(doc.ref)], rng)
    if k == "high_tech_certificate":
        assert d.hightech is not None
        return build_hightech(d, d.hightech, rng)
    if k == "export_evidence":
        return build_export_blocks(d, int(doc.ref), rng, o.get("rows", 22))
    if k == "product_description":
        return build_product_description(d, rng, o)
    raise ValueError(k)


def _layout(doc: Doc, rng: random.Random) -> Layout:
    if doc.kind in ("quality_certificate",):
        return pick_layout(
            rng,
            family=rng.choice(["dejavu-sans", "arial", "dejavu-serif"]),
            size=11.0,
            frame=rng.choice(["double", "thick"]),
            margins=(22.0, 22.0, 22.0, 18.0),
            creator="Adobe InDesign 18.2",
        )
    if doc.kind == "financial_statement":
        return pick_layout(
            rng,
            family=rng.choice(["times", "times", "arial"]),
            margins=(20.0, 15.0, 15.0, 15.0),
            page_numbers=rng.choice([None, "n"]),
            size=11.0,
        )
    if doc.kind == "export_evidence":
        return pick_layout(rng, family="times", margins=(15.0, 12.0, 15.0, 15.0), size=11.0)
    if doc.kind == "registration_form":
        lay = pick_layout(rng, family="times", page_numbers=rng.choice([None, "Trang n/N"]))
        if doc.opts.get("compact"):
            lay.size, lay.leading, lay.margins = 11.0, 1.15, (25.0, 15.0, 12.0, 10.0)
        return lay
    return pick_layout(rng)


HOW = {
    "pdf": "born-digital PDF drawn with reportlab (embedded TTF subset, invariant mode)",
    "docx": "python-docx (Times New Roman, A4), zip rewritten deterministically",
    "xlsx": "openpyxl, zip rewritten deterministically",
    "doc": "python-docx .docx converted to Word 97 .doc by LibreOffice (content-compared only)",
    "xls": "openpyxl .xlsx converted to Excel 97 .xls by LibreOffice (content-compared only)",
    "scan": "born-digital page rendered by pypdfium2 at 200 dpi, stamped and signed, degraded "
    "(skew, noise, dust, blur), JPEG, wrapped in an image-only PDF",
    "photo": "page rendered at 150 dpi, put on a desk in perspective with uneven light, stored rotated "
    "90° with EXIF Orientation=6 (JPEG)",
    "tcvn3": "python-docx with TCVN3-encoded text in .VnTime/.VnTimeH runs",
    "truncated_pdf": "born-digital PDF cut to 30 % of its bytes",
    "notzip_docx": "first 1 KiB of a .docx (no central directory: not a zip)",
    "garbage_pdf": "PDF header followed by seeded random bytes",
}


def produce(d: Dossier, doc: Doc) -> Produced:
    """Generate one file of a dossier (LibreOffice conversions are queued via `lo_target`)."""
    rng = rng_for("doc", d.id, doc.path)
    seed = int_seed("doc", d.id, doc.path)
    out = Produced(how=HOW[doc.fmt])
    fmt = doc.fmt
    if doc.kind == "financial_statement" and fmt in ("xlsx", "xls"):
        out.data = build_statement_xlsx(d, int(doc.ref[2:]), doc.opts)
    elif doc.kind == "export_evidence" and fmt in ("xlsx", "xls"):
        out.data = build_export_xlsx(d, int(doc.ref), doc.opts)
    elif fmt == "garbage_pdf":
        out.data = b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(24_000)
    else:
        blocks = _blocks(d, doc, rng)
        layout = _layout(doc, rng)
        if fmt in ("docx", "doc", "tcvn3", "notzip_docx"):
            day = d.form.date - timedelta(days=rng.randint(1, 12))
            created = datetime(day.year, day.month, day.day, rng.randint(7, 10), rng.randint(0, 59))
            meta = DocMeta(
                created=created,
                modified=created + timedelta(days=rng.randint(0, 3), hours=5),
                author=layout.author,
                last_modified_by=rng.choice([layout.author, "Admin", "User"]),
                revision=rng.randint(2, 14),
            )
            out.data = render_docx(blocks, layout, meta, legacy=fmt == "tcvn3")
            if fmt == "notzip_docx":
                out.data = out.data[:1024]
        else:
            res = render_pdf(blocks, layout)
            out.pages = len(res.pages)
            if fmt == "pdf":
                out.data = res.data
            elif fmt == "truncated_pdf":
                out.data, out.pages = res.data[: int(len(res.data) * 0.3)], None
            elif fmt == "scan":
                out.data = scan_pdf(res, d.firm, rng, seed, doc.opts)
                out.page_texts = res.pages
            elif fmt == "photo":
                out.data = phone_photo(res, rng, seed)
                out.pages, out.page_texts = 1, res.pages[:1]
            else:
                raise ValueError(fmt)
    if fmt in ("doc", "xls"):
        out.lo_target = fmt
    return out


def _produce_dossier(index: int) -> dict[str, Produced]:
    d = all_dossiers()[index]
    return {doc.path: produce(d, doc) for doc in d.docs}


def generate(out_dir: str, log=print, workers: int | None = None,
             allow_missing_lo: bool = False) -> dict[str, dict[str, Produced]]:
    """Write inbox/, truth/ and README.md under `out_dir` (replacing inbox/ and truth/).

    Dossiers are produced in parallel worker processes; every file is seeded on its own, so the result
    does not depend on the number of workers or their scheduling.
    """
    from .readme import render_readme

    dossiers = all_dossiers()
    produced: dict[str, dict[str, Produced]] = {}
    workers = workers or min(4, os.cpu_count() or 1)
    warm_fonts()
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_produce_dossier, range(len(dossiers))))
    else:
        results = [_produce_dossier(i) for i in range(len(dossiers))]
    for d, files in zip(dossiers, results, strict=True):
        produced[d.id] = files
        log(f"  {d.id}: {len(d.docs)} files")
    for target in ("doc", "xls"):
        jobs = {
            f"j{i}.{'docx' if target == 'doc' else 'xlsx'}": (did, path, p)
            for i, (did, path, p) in enumerate(
                (did, path, p)
                for did, files in produced.items()
                for path, p in files.items()
                if p.lo_target == target
            )
        }
        if jobs and soffice() is None:
            if not allow_missing_lo:
                raise RuntimeError("LibreOffice (soffice) is needed to write the .doc/.xls samples")
            log(f"  LibreOffice not found: {len(jobs)} .{target} file(s) left unconverted")
        elif jobs:
            converted = convert_many({name: job[2].data for name, job in jobs.items()}, target)
            for name, job in jobs.items():
                job[2].data = converted[name]
    for sub in ("inbox", "truth"):
        shutil.rmtree(os.path.join(out_dir, sub), ignore_errors=True)
    truths = {}
    for d in dossiers:
        files = produced[d.id]
        pages = {path: p.pages for path, p in files.items()}
        truth = compute_truth(d, pages)
        truths[d.id] = truth
        if d.delivery == "zip":
            _write(
                os.path.join(out_dir, "inbox", f"{d.id}.zip"),
                build_zip({path: p.data for path, p in files.items()}, d.zip_date),
            )
        else:
            for path, p in files.items():
                _write(os.path.join(out_dir, "inbox", d.id, path), p.data)
        _write(
            os.path.join(out_dir, "truth", f"{d.id}.json"),
            (json.dumps(truth, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        )
        for path, p in files.items():
            for n, text in enumerate(p.page_texts, 1):
                name = f"{path.replace('/', '__')}.p{n}.txt"
                _write(os.path.join(out_dir, "truth", "pages", d.id, name), text.encode("utf-8"))
    _write(os.path.join(out_dir, "README.md"), render_readme(dossiers, truths, produced).encode("utf-8"))
    return produced


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
