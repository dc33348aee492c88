"""Checks of the synthetic dossiers in samples/ and of their generator (samples/generate.py)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from stdnum.vn import mst

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
TRUTHS = sorted((SAMPLES / "truth").glob("HN2026-*.json"))
MAX = {"A1": 20, "A2": 15, "A3": 10, "B1": 8, "B2": 7, "C1": 10, "C2": 6, "D1": 8, "D2": 6, "D3": 4, "E1": 6}
STATUSES = {"complete", "incomplete", "ineligible", "error"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _catalog():
    from samples.gen.build import all_dossiers

    return all_dossiers()


def _dossier_files(dossier_id: str) -> dict[str, bytes]:
    folder = SAMPLES / "inbox" / dossier_id
    if folder.is_dir():
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(SAMPLES / "inbox" / f"{dossier_id}.zip") as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}


def test_there_are_enough_dossiers_covering_every_outcome():
    truths = [_load(p) for p in TRUTHS]
    assert len(truths) >= 14
    statuses = {t["status"] for t in truths}
    assert statuses == STATUSES
    assert any(t["proposed"] for t in truths)
    assert any(t["status"] == "complete" and not t["proposed"] for t in truths)
    assert sum(1 for t in truths if t["variant"] in ("scanned", "mixed")) >= 4
    assert (SAMPLES / "inbox").glob("*.zip")


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_tax_codes_are_valid(path):
    t = _load(path)
    code = t["enterprise"]["tax_code"]
    if t["status"] == "error":
        assert code is None
    else:
        assert mst.is_valid(code), code
        assert code.startswith("01")


def test_deliberately_invalid_tax_codes_are_invalid_and_marked():
    for d in _catalog():
        assert mst.is_valid(d.firm.tax_code)
        if d.form.tax_code:
            assert d.form.tax_code in d.invalid_tax_codes
        for code in d.invalid_tax_codes:
            assert not mst.is_valid(code), code


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_totals_and_flags_are_consistent(path):
    t = _load(path)
    assert set(t["criteria"]) == set(MAX)
    for cid, pts in t["criteria"].items():
        assert 0 <= pts <= MAX[cid]
    assert t["total"] == sum(t["criteria"].values())
    assert t["status"] in STATUSES
    assert t["proposed"] == (t["status"] == "complete" and t["total"] > 70)
    if t["status"] == "complete":
        assert not t["missing_evidence"] and all(t["prerequisites"].values())
    if t["status"] == "ineligible":
        assert not t["missing_evidence"] and not all(t["prerequisites"].values())
    if t["status"] == "incomplete":
        assert t["missing_evidence"]
    for m in t["missing_evidence"]:
        assert m["reason"] in {"absent", "expired", "unreadable", "mismatch"}


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_documents_match_the_inbox(path):
    t = _load(path)
    files = _dossier_files(t["dossier_id"])
    assert sorted(d["file"] for d in t["documents"]) == sorted(files)
    for doc in t["documents"]:
        if doc["scanned"]:
            stem = doc["file"].replace("/", "__")
            for n in range(1, doc["pages"] + 1):
                assert (SAMPLES / "truth" / "pages" / t["dossier_id"] / f"{stem}.p{n}.txt").is_file()


def test_unreadable_files_cannot_be_opened():
    import pypdfium2 as pdfium

    for path in TRUTHS:
        t = _load(path)
        files = _dossier_files(t["dossier_id"])
        for doc in t["documents"]:
            data = files[doc["file"]]
            if doc["readable"]:
                continue
            if doc["file"].endswith(".pdf"):
                with pytest.raises(pdfium.PdfiumError):
                    pdfium.PdfDocument(data)
            else:
                assert not zipfile.is_zipfile(io.BytesIO(data))


def test_scanned_pdfs_have_no_text_layer_and_born_digital_ones_do():
    import pypdfium2 as pdfium

    for path in TRUTHS:
        t = _load(path)
        files = _dossier_files(t["dossier_id"])
        for doc in t["documents"]:
            if not doc["readable"] or not doc["file"].lower().endswith(".pdf"):
                continue
            pdf = pdfium.PdfDocument(files[doc["file"]])
            text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
            assert len(pdf) == doc["pages"]
            assert (text.strip() == "") == doc["scanned"], doc["file"]


def test_statement_pdfs_show_line_10_of_the_truth():
    import pypdfium2 as pdfium

    for path in TRUTHS:
        t = _load(path)
        files = _dossier_files(t["dossier_id"])
        for doc in t["documents"]:
            if doc["kind"] != "financial_statement" or doc["scanned"] or not doc["file"].endswith(".pdf"):
                continue
            pdf = pdfium.PdfDocument(files[doc["file"]])
            text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
            shown = [
                v
                for v in t["figures"]["enterprise_revenue_vnd"].values()
                if f"{v:,}".replace(",", ".") in text or f"{v // 10**6:,}".replace(",", ".") in text
            ]
            assert shown, doc["file"]


def test_phone_photo_is_stored_rotated_with_exif_orientation():
    from PIL import Image, ImageOps

    photos = list((SAMPLES / "inbox").rglob("*.jpg"))
    assert photos
    for p in photos:
        im = Image.open(p)
        assert im.getexif().get(0x0112) == 6
        assert im.width > im.height
        upright = ImageOps.exif_transpose(im)
        assert upright.height > upright.width


def test_tcvn3_docx_decodes_to_the_firm_name():
    import docx

    from samples.gen import tcvn3

    found = False
    for p in (SAMPLES / "inbox").rglob("*.docx"):
        try:
            document = docx.Document(str(p))
        except Exception:
            continue
        runs = [(r.text, r.font.name) for par in document.paragraphs for r in par.runs]
        if not any(f in (tcvn3.FONT, tcvn3.FONT_UPPER) for _, f in runs):
            continue
        found = True
        text = tcvn3.decode_runs(runs)
        assert "Công ty TNHH Gốm sứ Mỹ nghệ Hưng Thịnh Bát Tràng" in text
        assert "PHIẾU ĐĂNG KÝ THAM GIA XÉT CHỌN" in text
    assert found


def test_tcvn3_table_matches_known_strings():
    from samples.gen import tcvn3

    motto = tcvn3.encode_runs("Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert motto == [("Céng hßa x· héi chñ nghÜa ViÖt Nam", ".VnTime")]
    assert tcvn3.encode_runs("Độc lập - Tự do - Hạnh phúc") == [("§éc lËp - Tù do - H¹nh phóc", ".VnTime")]
    assert tcvn3.encode_runs("ơ ư đ Đ") == [("\xac \xad \xae \xa7", ".VnTime")]
    assert tcvn3.encode_runs("ỨNG") == [("\xf8ng", ".VnTimeH")]
    # 7 unaccented special letters + 12 vowels x 5 tones, all distinct single bytes in 0xA8-0xFE
    assert len(tcvn3.LOWER) == 7 + 60 and len(set(tcvn3.LOWER.values())) == 67
    assert all(0xA8 <= v <= 0xFE for v in tcvn3.LOWER.values())


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is needed to regenerate the .doc/.xls samples",
)
def test_generate_check_reproduces_the_committed_samples():
    proc = subprocess.run(
        [sys.executable, "-m", "samples.generate", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
