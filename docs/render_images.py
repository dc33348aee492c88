"""Render the pictures in ``docs/images`` from a run's output folder: ``python docs/render_images.py OUT``.

What a reviewer and a firm see, as LibreOffice prints it: the worksheet's overview and scoring sheets
(first page of each), one incomplete and one ineligible dossier's letter, and the report's first page.
Run it on the sample round (``bash scripts/demo.sh`` writes ``out/``) after a change to a writer, and
commit the PNGs with the change. Needs LibreOffice (``soffice``), installed by ``scripts/install.sh``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SHEETS = {"Tổng hợp": "worksheet-overview.png", "Chấm điểm": "worksheet-scores.png"}
SCALE = 1.6  # ≈115 dpi: readable on a README page, a few hundred kB a picture


def to_pdf(source: Path, folder: Path) -> Path:
    """``source`` printed to PDF by LibreOffice (its own profile, so a running office is not disturbed)."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return folder / (source.stem + ".pdf")


def first_page_png(pdf_path: Path, target: Path) -> None:
    """The PDF's first page as a PNG."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        document[0].render(scale=SCALE).to_pil().save(target, optimize=True)
    finally:
        document.close()
    print(f"{target}  ← {pdf_path.name}")


def one_sheet(workbook: Path, sheet: str, folder: Path) -> Path:
    """A copy of the workbook with every sheet but ``sheet`` hidden (hidden sheets are not printed,
    and the formulas that refer to them still compute), so its first printed page is that sheet's."""
    book = openpyxl.load_workbook(workbook)
    book.active = book.sheetnames.index(sheet)
    for worksheet in book.worksheets:
        worksheet.sheet_view.tabSelected = worksheet.title == sheet
        if worksheet.title != sheet:
            worksheet.sheet_state = "hidden"
    copy = folder / f"{sheet.replace(' ', '_')}.xlsx"
    book.save(copy)
    return copy


def letter_of(out: Path, status: str) -> Path:
    """The letter of the first dossier (by id) with ``status``."""
    for record_path in sorted((out / "dossiers").glob("*.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        letter = out / "letters" / f"{record['dossier_id']}.docx"
        if record["status"] == status and letter.is_file():
            return letter
    raise SystemExit(f"no {status} dossier with a letter under {out}")


def main() -> None:
    """Render every picture from the output folder given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="a run's output folder (e.g. out/ after scripts/demo.sh)")
    parser.add_argument("--images", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) not found: run scripts/install.sh")
    args.images.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spcncl-docs-") as tmp:
        folder = Path(tmp)
        for sheet, name in SHEETS.items():
            first_page_png(to_pdf(one_sheet(args.out / "worksheet.xlsx", sheet, folder), folder), args.images / name)
        for status, name in (("incomplete", "letter-incomplete.png"), ("ineligible", "letter-ineligible.png")):
            first_page_png(to_pdf(letter_of(args.out, status), folder), args.images / name)
        first_page_png(to_pdf(args.out / "report.docx", folder), args.images / "report.png")


if __name__ == "__main__":
    main()
