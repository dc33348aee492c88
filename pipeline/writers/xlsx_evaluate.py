"""Evaluate a workbook's formulas as a spreadsheet program does, so the saved file can carry each
formula's result beside it (``pipeline.writers.xlsx_values``).

openpyxl computes nothing: a formula cell is saved with an empty value, and readers that do not
recalculate (pandas, openpyxl ``data_only``, mail previews, viewers) show it blank. The results
are computed here from the cells the writer filled — the same inputs Excel and LibreOffice
see — with their rules (:mod:`pipeline.writers.xlsx_formulas`) for the functions below. A formula
outside this set raises :class:`FormulaError` and is saved without a value, for the spreadsheet
program to compute.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

from openpyxl import Workbook

from pipeline.writers.xlsx_formulas import (
    VALUE,
    ExcelError,
    FormulaError,
    Node,
    Ref,
    Scalar,
    binary,
    matcher,
    parse,
    plain,
    plain_key,
    to_number,
)


class Evaluator:
    """Results of a workbook's formulas, each computed once (formulas may use other formulas)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.cells: dict[str, dict[tuple[int, int], object]] = {}
        self.done: dict[tuple[str, int, int], Scalar] = {}
        self.busy: set[tuple[str, int, int]] = set()
        self.ranges: dict[Ref, list[Scalar]] = {}
        self.sums: dict[tuple[Ref | None, ...], dict[tuple[str, ...], Scalar]] = {}

    def formula_values(self) -> dict[str, dict[str, Scalar]]:
        """Every formula's result, by sheet title and cell coordinate; formulas that cannot be
        computed here are left out."""
        results: dict[str, dict[str, Scalar]] = {}
        for sheet in self.book.worksheets:
            for (row, column), cell in sorted(sheet._cells.items()):
                if cell.data_type != "f" or not isinstance(cell.value, str):
                    continue
                try:
                    value = self.value(sheet.title, row, column)
                except FormulaError:
                    continue
                results.setdefault(sheet.title, {})[cell.coordinate] = 0.0 if value is None else value
        return results

    def value(self, sheet: str, row: int, column: int) -> Scalar:
        """A cell's value; a formula's result (a blank cell is None)."""
        raw = self._cells(sheet).get((row, column))
        if not (isinstance(raw, str) and raw.startswith("=") and len(raw) > 1):
            return plain(raw)
        key = (sheet, row, column)
        if key in self.done:
            return self.done[key]
        if key in self.busy:
            raise FormulaError(f"vòng lặp công thức tại {sheet}!{row},{column}")
        self.busy.add(key)
        try:
            result = self.eval(parse(raw), sheet)
            self.done[key] = result = scalar(self, result)
        finally:
            self.busy.discard(key)
        return result

    def _cells(self, title: str) -> dict[tuple[int, int], object]:
        if title not in self.cells:
            if title not in self.book.sheetnames:
                raise FormulaError(f"không có trang «{title}»")
            sheet = self.book[title]
            self.cells[title] = {key: cell.value for key, cell in sheet._cells.items()}
        return self.cells[title]

    def values(self, ref: Ref) -> list[Scalar]:
        """A rectangle's values, row by row."""
        if ref not in self.ranges:
            self.ranges[ref] = [self.value(ref.sheet, row, column) for row in range(ref.top, ref.bottom + 1)
                                for column in range(ref.left, ref.right + 1)]
        return self.ranges[ref]

    def eval(self, node: Node, sheet: str) -> Scalar | Ref:
        """A node's value: a scalar, or a reference (kept for functions that take ranges)."""
        kind = node[0]
        if kind == "lit":
            return node[1]  # type: ignore[no-any-return]
        if kind == "ref":
            ref: Ref = node[1]
            return ref if ref.sheet else Ref(sheet, ref.top, ref.left, ref.bottom, ref.right)
        if kind == "call":
            function = FUNCTIONS.get(node[1])
            if function is None:
                raise FormulaError(f"hàm {node[1]} chưa được hỗ trợ")
            try:
                return function(self, [partial(self.eval, n, sheet) for n in node[2]])
            except IndexError:
                raise FormulaError(f"hàm {node[1]} thiếu đối số") from None
        if kind == "neg":
            number = to_number(scalar(self, self.eval(node[1], sheet)))
            return number if isinstance(number, ExcelError) else -number
        if kind == "pct":
            number = to_number(scalar(self, self.eval(node[1], sheet)))
            return number if isinstance(number, ExcelError) else number / 100
        return binary(node[1], scalar(self, self.eval(node[2], sheet)), scalar(self, self.eval(node[3], sheet)))


def scalar(ev: Evaluator, value: Scalar | Ref) -> Scalar:
    """A reference used as one value: its cell (a rectangle of several cells is an error)."""
    if not isinstance(value, Ref):
        return value
    if (value.top, value.left) != (value.bottom, value.right):
        return VALUE
    return ev.value(value.sheet, value.top, value.left)


# --- functions ----------------------------------------------------------------------------------

Args = list[Callable[[], Scalar | Ref]]


def _numbers(ev: Evaluator, args: Args) -> list[float] | ExcelError:
    """The numbers of SUM/MIN/MAX's arguments: numbers in ranges, typed values coerced."""
    numbers: list[float] = []
    for arg in args:
        value = arg()
        if isinstance(value, Ref):
            for item in ev.values(value):
                if isinstance(item, ExcelError):
                    return item
                if isinstance(item, float):
                    numbers.append(item)
            continue
        number = to_number(value)
        if isinstance(number, ExcelError):
            return number
        numbers.append(number)
    return numbers


def _aggregate(combine: Callable[[list[float]], float]) -> Callable[[Evaluator, Args], Scalar]:
    def function(ev: Evaluator, args: Args) -> Scalar:
        numbers = _numbers(ev, args)
        return numbers if isinstance(numbers, ExcelError) else combine(numbers)
    return function


def _truth(value: Scalar) -> bool | ExcelError:
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, str):
        return VALUE
    return bool(value)


def _if(ev: Evaluator, args: Args) -> Scalar:
    if not 2 <= len(args) <= 3:
        raise FormulaError("IF cần 2 hoặc 3 đối số")
    test = _truth(scalar(ev, args[0]()))
    if isinstance(test, ExcelError):
        return test
    if test:
        return scalar(ev, args[1]())
    return scalar(ev, args[2]()) if len(args) == 3 else False


def _logical(combine: Callable[[list[bool]], bool]) -> Callable[[Evaluator, Args], Scalar]:
    def function(ev: Evaluator, args: Args) -> Scalar:
        truths: list[bool] = []
        for arg in args:
            value = arg()
            items = [v for v in ev.values(value) if v is not None and not isinstance(v, str)] \
                if isinstance(value, Ref) else [value]
            for item in items:
                truth = _truth(item)
                if isinstance(truth, ExcelError):
                    return truth
                truths.append(truth)
        return combine(truths) if truths else VALUE
    return function


def _not(ev: Evaluator, args: Args) -> Scalar:
    truth = _truth(scalar(ev, args[0]()))
    return truth if isinstance(truth, ExcelError) else not truth


def _iferror(ev: Evaluator, args: Args) -> Scalar:
    value = scalar(ev, args[0]())
    return scalar(ev, args[1]()) if isinstance(value, ExcelError) else value


def _round(ev: Evaluator, args: Args) -> Scalar:
    number, digits = to_number(scalar(ev, args[0]())), to_number(scalar(ev, args[1]()))
    if isinstance(number, ExcelError):
        return number
    if isinstance(digits, ExcelError):
        return digits
    scale = 10.0 ** int(digits)
    return math.copysign(math.floor(abs(number) * scale + 0.5) / scale, number)


def _conditional(ev: Evaluator, target: Ref | None, pairs: list[tuple[Ref, Scalar]]) -> Scalar:
    """Sum of ``target`` (or the count, when None) over the rows where every criterion holds."""
    size = len(ev.values(pairs[0][0]))
    if any(len(ev.values(r)) != size for r, _ in pairs) or (target is not None and len(ev.values(target)) != size):
        return VALUE
    keys = [plain_key(c) for _, c in pairs]
    if all(k is not None for k in keys):  # equality on text: one pass builds the result of every key
        index = (target, *(r for r, _ in pairs))
        if index not in ev.sums:
            ev.sums[index] = _index(ev, target, [r for r, _ in pairs])
        return ev.sums[index].get(tuple(k for k in keys if k is not None), 0.0)
    tests = [(ev.values(r), matcher(c)) for r, c in pairs]
    total = 0.0
    for i in range(size):
        if all(test(values[i]) for values, test in tests):
            item = 1.0 if target is None else ev.values(target)[i]
            if isinstance(item, ExcelError):
                return item
            total += item if isinstance(item, float) else 0.0
    return total


def _index(ev: Evaluator, target: Ref | None, refs: list[Ref]) -> dict[tuple[str, ...], Scalar]:
    """For every combination of texts in ``refs``' rows: the sum of ``target`` (count when None)."""
    columns = [ev.values(r) for r in refs]
    sums: dict[tuple[str, ...], Scalar] = {}
    for i in range(len(columns[0])):
        cells = [c[i] for c in columns]
        if not all(isinstance(c, str) for c in cells):
            continue
        key = tuple(str(c).casefold() for c in cells)
        item, before = 1.0 if target is None else ev.values(target)[i], sums.get(key, 0.0)
        if isinstance(item, ExcelError) or not isinstance(before, float):
            sums[key] = before if isinstance(before, ExcelError) else item  # an error in the sum stays
        elif isinstance(item, float):
            sums[key] = before + item
    return sums


def _ifs(summing: bool, single: bool) -> Callable[[Evaluator, Args], Scalar]:
    def function(ev: Evaluator, args: Args) -> Scalar:
        values = [a() for a in args]
        if single:  # SUMIF(range, criterion[, sum_range]) / COUNTIF(range, criterion)
            target = values[2] if summing and len(values) == 3 else values[0] if summing else None
            values = [values[0], values[1]]
        else:
            target, values = (values[0], values[1:]) if summing else (None, values)
        if len(values) % 2 or (target is not None and not isinstance(target, Ref)):
            raise FormulaError("đối số của hàm điều kiện không hợp lệ")
        pairs = [(values[i], scalar(ev, values[i + 1])) for i in range(0, len(values), 2)]
        if not pairs or not all(isinstance(r, Ref) for r, _ in pairs):
            raise FormulaError("vùng điều kiện phải là một vùng ô")
        for _, criterion in pairs:
            if isinstance(criterion, ExcelError):
                return criterion
        return _conditional(ev, target, pairs)  # type: ignore[arg-type]
    return function


def _isnumber(ev: Evaluator, args: Args) -> Scalar:
    return isinstance(scalar(ev, args[0]()), float)


FUNCTIONS: dict[str, Callable[[Evaluator, Args], Scalar]] = {
    "SUM": _aggregate(lambda n: float(sum(n))),
    "MIN": _aggregate(lambda n: min(n, default=0.0)),
    "MAX": _aggregate(lambda n: max(n, default=0.0)),
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _logical(all),
    "OR": _logical(any),
    "NOT": _not,
    "ISNUMBER": _isnumber,
    "ROUND": _round,
    "SUMIFS": _ifs(summing=True, single=False),
    "COUNTIFS": _ifs(summing=False, single=False),
    "SUMIF": _ifs(summing=True, single=True),
    "COUNTIF": _ifs(summing=False, single=True),
}
