"""Save a workbook with each formula's result cached beside it (``<f>`` with its ``<v>``).

openpyxl writes a formula with an empty value, so a reader that does not recalculate — pandas,
openpyxl with ``data_only=True``, a mail preview, a phone's viewer — shows every total blank.
:func:`save_with_values` computes the results (:mod:`pipeline.writers.xlsx_evaluate`), lets
openpyxl write the file, and fills the empty ``<v>`` of each formula cell in the saved sheets.
The formulas stay formulas: the workbook asks for a full recalculation on load
(``fullCalcOnLoad``), and Excel and LibreOffice recompute them as reviewers type.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from pipeline.writers.atomic import save_atomic
from pipeline.writers.xlsx_evaluate import Evaluator
from pipeline.writers.xlsx_formulas import ExcelError, Scalar, general

log = logging.getLogger(__name__)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# a formula cell as openpyxl writes it: coordinate, style, the formula, an empty value
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"((?: s="[0-9]+")?)><f>([^<]*)</f><v(?:></v>|\s*/>)</c>')


def save_with_values(book: object, target: Path) -> int:
    """Save ``book`` (an openpyxl workbook) atomically at ``target``, each formula with its result;
    returns how many formulas carry one."""
    values = Evaluator(book).formula_values()  # type: ignore[arg-type]
    written = 0

    def save(temp: Path) -> None:
        nonlocal written
        buffer = io.BytesIO()
        book.save(buffer)  # type: ignore[attr-defined]
        data, written = with_cached_values(buffer.getvalue(), values)
        temp.write_bytes(data)

    save_atomic(target, save)
    return written


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the part (file in the package) that holds it."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(REL_ID), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def cell_xml(coordinate: bytes, style: bytes, formula: bytes, value: Scalar) -> bytes:
    """A formula cell with its cached result and the result's type."""
    if isinstance(value, bool):
        kind, text = ' t="b"', "1" if value else "0"
    elif isinstance(value, float):
        kind, text = "", general(value)
    elif isinstance(value, ExcelError):
        kind, text = ' t="e"', value.code
    else:
        kind, text = ' t="str"', str(value or "")
    cached = escape(text).encode("ascii", "xmlcharrefreplace")
    return b'<c r="%s"%s%s><f>%s</f><v>%s</v></c>' % (coordinate, style, kind.encode(), formula, cached)


def with_cached_values(data: bytes, values: dict[str, dict[str, Scalar]]) -> tuple[bytes, int]:
    """The saved package ``data`` with the results filled in; returns it and how many were filled."""
    filled = 0
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {part: values[title] for title, part in sheet_parts(source).items() if values.get(title)}
    if not parts:
        return data, 0
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as sink:
        for info in source.infolist():
            content = source.read(info)
            results = parts.get(info.filename)
            if results is not None:
                def fill(match: re.Match[bytes], results: dict[str, Scalar] = results) -> bytes:
                    nonlocal filled
                    value = results.get(match[1].decode("ascii"), _MISSING)
                    if value is _MISSING:
                        return match[0]
                    filled += 1
                    return cell_xml(match[1], match[2], match[3], value)  # type: ignore[arg-type]
                content = _FORMULA_CELL.sub(fill, content)
            sink.writestr(info, content)
    expected = sum(len(v) for v in parts.values())
    if filled != expected:
        log.warning("Chỉ ghi được %d/%d giá trị công thức vào bảng tính", filled, expected)
    return output.getvalue(), filled


_MISSING = object()
