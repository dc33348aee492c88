"""Fill in the results Excel would show for formula cells whose file holds none.

A formula cell without a cached value (a tool wrote the formula and never calculated), or any
formula cell of a workbook that asks to be recalculated on opening (``fullCalcOnLoad``, which
tools set when they write placeholder results such as 0), is computed with
``extractors.xlsx_formulas``. What cannot be computed keeps its cached value where there is
one, and otherwise stays empty: the warning says which cells, never a guess.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils.cell import get_column_letter

from extractors.safety import check_deadline
from extractors.xlsx_formulas import Unsupported, Value, evaluate
from extractors.xlsx_sheet import SheetCell, SheetData

MAX_RECTANGLE = 100_000  # a range this large is read as its stored cells only
MAX_NAMED = 5  # cells named in a warning


def compute_formulas(sheets: list[SheetData], full_calc: bool) -> list[str]:
    """Compute the formula cells that need it, in place; return warnings (Vietnamese)."""
    pending = [(sheet, number, cell) for sheet in sheets for number, cells in sheet.rows for cell in cells
               if cell.formula is not None and (full_calc or cell.value is None)]
    if not pending:
        return []
    by_name = {sheet.title.lower(): sheet for sheet in sheets}
    results: dict[tuple[str, int, int], Value] = {}
    active: set[tuple[str, int, int]] = set()

    def stale(cell: SheetCell) -> bool:
        return cell.formula is not None and (full_calc or cell.value is None)

    def resolve(sheet: SheetData, name: str | None) -> SheetData:
        if name is None:
            return sheet
        found = by_name.get(name.lower())
        if found is None:
            raise Unsupported(f"sheet {name}")
        return found

    def value_of(sheet: SheetData, row: int, column: int) -> Value:
        cell = sheet.cell(row, column)
        if cell is None:
            return None
        if stale(cell):
            return compute(sheet, row, cell)
        return cell.value  # type: ignore[no-any-return]

    def compute(sheet: SheetData, row: int, cell: SheetCell) -> Value:
        key = (sheet.title, row, cell.column)
        if key in results:
            return results[key]
        if key in active or len(active) > 200:
            raise Unsupported("circular or too deep")
        active.add(key)
        try:
            text = sheet.formula_text(cell)
            if text is None:
                raise Unsupported("no formula text")
            result = evaluate(text, lambda name, r, c: value_of(resolve(sheet, name), r, c),
                              lambda name, r1, c1, r2, c2: rectangle(resolve(sheet, name), r1, c1, r2, c2))
        finally:
            active.discard(key)
        results[key] = result
        return result

    def rectangle(sheet: SheetData, r1: int, c1: int, r2: int, c2: int) -> list[Value]:
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= MAX_RECTANGLE:
            return [value_of(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        return [value_of(sheet, r, c) for (r, c) in sorted(sheet.index()) if r1 <= r <= r2 and c1 <= c <= c2]

    failed: list[str] = []
    for count, (sheet, number, cell) in enumerate(pending):
        if count % 1024 == 0:
            check_deadline("tính công thức")
        try:
            value: Any = compute(sheet, number, cell)
        except Unsupported:
            failed.append(f"{sheet.title}!{get_column_letter(cell.column)}{number}")
            if not full_calc:
                cell.value = None
            continue
        cell.value = "" if value is None else value
    if not failed:
        return []
    named = ", ".join(failed[:MAX_NAMED]) + (" …" if len(failed) > MAX_NAMED else "")
    what = "giữ giá trị lưu trong tệp" if full_calc else "để trống"
    return [f"{len(failed)} ô công thức chưa có kết quả tính sẵn và không tính lại được ({named}): {what} "
            "(formula cells without results that could not be computed)"]
