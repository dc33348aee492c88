"""A small formula evaluator for cells Excel would compute but whose file holds no result.

Files written by tools that never calculate (scripts, some web exports) store ``=SUM(B2:B9)``
with no cached value, or ask Excel to recompute everything on opening (``fullCalcOnLoad``):
Excel shows the computed figure, so the reader computes it. Only what statements and lists
use is understood — arithmetic, comparison, ``&``, percent, cell and range references (also to
other sheets) and SUM, AVERAGE, MIN, MAX, COUNT, COUNTA, PRODUCT, ROUND, ROUNDUP, ROUNDDOWN,
INT, ABS, IF, AND, OR, SUMPRODUCT; anything else raises :class:`Unsupported` and the caller
leaves the cell unread with a warning rather than guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string

Value = float | str | bool | None
Lookup = Callable[[str | None, int, int], Value]  # (sheet or None for this one, row, column)
Cells = Callable[[str | None, int, int, int, int], list[Value]]  # a rectangle's values

_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")
MAX_RANGE_CELLS = 1_000_000


class Unsupported(Exception):
    """The formula uses something this evaluator does not compute."""


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError as exc:
        raise Unsupported(f"#VALUE! {value!r}") from exc


def _flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        out.extend(_flat(value) if isinstance(value, list) else [value])
    return out


def _numbers(args: list[Any]) -> list[float]:
    """Numbers among the arguments: typed ones count, text and blanks in ranges do not."""
    out: list[float] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(float(v) for v in _flat(arg) if isinstance(v, int | float) and not isinstance(v, bool))
        else:
            out.append(_number(arg))
    return out


def _round(args: list[Any], mode: str) -> float:
    value, digits = _number(args[0]), int(_number(args[1])) if len(args) > 1 else 0
    factor = 10.0 ** digits
    scaled = abs(value) * factor
    if mode == "up":
        scaled = math.ceil(scaled - 1e-9)
    elif mode == "down":
        scaled = math.floor(scaled + 1e-9)
    else:
        scaled = math.floor(scaled + 0.5 + 1e-9)  # Excel rounds halves away from zero
    return math.copysign(scaled / factor, value)


def _sumproduct(args: list[Any]) -> float:
    arrays = [[_number(v) if isinstance(v, int | float) else 0.0 for v in _flat(a)] for a in args]
    if not arrays or len({len(a) for a in arrays}) != 1:
        raise Unsupported("SUMPRODUCT")
    return sum(math.prod(values) for values in zip(*arrays, strict=True))


FUNCTIONS: dict[str, Callable[[list[Any]], Value]] = {
    "SUM": lambda a: sum(_numbers(a)),
    "AVERAGE": lambda a: sum(_numbers(a)) / len(_numbers(a)) if _numbers(a) else _raise("#DIV/0!"),
    "MIN": lambda a: min(_numbers(a), default=0.0),
    "MAX": lambda a: max(_numbers(a), default=0.0),
    "COUNT": lambda a: float(len(_numbers(a))),
    "COUNTA": lambda a: float(sum(1 for v in _flat(a) if v not in (None, ""))),
    "PRODUCT": lambda a: math.prod(_numbers(a)),
    "ROUND": lambda a: _round(a, "half"),
    "ROUNDUP": lambda a: _round(a, "up"),
    "ROUNDDOWN": lambda a: _round(a, "down"),
    "INT": lambda a: float(math.floor(_number(a[0]))),
    "ABS": lambda a: abs(_number(a[0])),
    "AND": lambda a: all(bool(_number(v)) for v in _flat(a)),
    "OR": lambda a: any(bool(_number(v)) for v in _flat(a)),
    "SUMPRODUCT": _sumproduct,
}


def _raise(message: str) -> Value:
    raise Unsupported(message)


def _compare(op: str, left: Value, right: Value) -> bool:
    a: Any = left if left is not None else 0.0
    b: Any = right if right is not None else 0.0
    if isinstance(a, str) != isinstance(b, str):
        a, b = (str(a), str(b)) if not isinstance(a, bool) else (a, b)
    if isinstance(a, str):
        a, b = a.lower(), str(b).lower()
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


class Evaluator:
    """Evaluates one formula's tokens against the workbook's cells."""

    def __init__(self, formula: str, lookup: Lookup, cells: Cells) -> None:
        """``formula`` with its leading ``=``; ``lookup`` and ``cells`` read the workbook."""
        try:
            items = Tokenizer(formula).items
        except Exception as exc:  # the tokenizer raises bare errors on malformed input
            raise Unsupported(str(exc)) from exc
        self.tokens: list[Token] = [t for t in items if t.type != Token.WSPACE]
        self.position = 0
        self.lookup, self.cells = lookup, cells

    def run(self) -> Value:
        """The formula's value."""
        value = self.expression()
        if self.position != len(self.tokens):
            raise Unsupported("trailing tokens")
        if isinstance(value, list):
            flat = _flat(value)
            value = flat[0] if len(flat) == 1 else _raise("array result")
        return value

    def peek(self) -> Token | None:
        """The token at the cursor, if any."""
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        """The token at the cursor, consumed."""
        token = self.peek()
        if token is None:
            raise Unsupported("unexpected end")
        self.position += 1
        return token

    def infix(self, ops: tuple[str, ...]) -> str | None:
        """Consume an infix operator among ``ops`` and return it."""
        token = self.peek()
        if token is not None and token.type == Token.OP_IN and token.value in ops:
            self.position += 1
            return str(token.value)
        return None

    def expression(self) -> Any:
        """Comparison (the loosest binding)."""
        left = self.concatenation()
        while (op := self.infix(("=", "<>", "<", ">", "<=", ">="))) is not None:
            left = _compare(op, _scalar(left), _scalar(self.concatenation()))
        return left

    def concatenation(self) -> Any:
        """Text joined with ``&``."""
        left = self.additive()
        while self.infix(("&",)) is not None:
            right = _scalar(self.additive())
            left = f"{_text(_scalar(left))}{_text(right)}"
        return left

    def additive(self) -> Any:
        """Sums and differences."""
        left = self.term()
        while (op := self.infix(("+", "-"))) is not None:
            right = _number(_scalar(self.term()))
            left = _number(_scalar(left)) + (right if op == "+" else -right)
        return left

    def term(self) -> Any:
        """Products and quotients."""
        left = self.power()
        while (op := self.infix(("*", "/"))) is not None:
            right = _number(_scalar(self.power()))
            if op == "/" and right == 0:
                raise Unsupported("#DIV/0!")
            left = _number(_scalar(left)) * right if op == "*" else _number(_scalar(left)) / right
        return left

    def power(self) -> Any:
        """Exponentiation."""
        left = self.unary()
        while self.infix(("^",)) is not None:
            left = _number(_scalar(left)) ** _number(_scalar(self.unary()))
        return left

    def unary(self) -> Any:
        """Signs before, percent after."""
        token = self.peek()
        if token is not None and token.type == Token.OP_PRE:
            self.position += 1
            value = _number(_scalar(self.unary()))
            return -value if token.value == "-" else value
        value = self.primary()
        while (token := self.peek()) is not None and token.type == Token.OP_POST and token.value == "%":
            self.position += 1
            value = _number(_scalar(value)) / 100
        return value

    def primary(self) -> Any:
        """A literal, reference, parenthesised expression or function call."""
        token = self.take()
        if token.type == Token.OPERAND:
            if token.subtype == Token.NUMBER:
                return float(token.value)
            if token.subtype == Token.TEXT:
                return token.value[1:-1].replace('""', '"')
            if token.subtype == Token.LOGICAL:
                return token.value.upper() == "TRUE"
            if token.subtype == Token.RANGE:
                return self.reference(token.value)
            raise Unsupported(token.value)
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            value = self.expression()
            closing = self.take()
            if closing.type != Token.PAREN:
                raise Unsupported("unbalanced")
            return value
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            return self.function(token.value[:-1].upper().removeprefix("_XLFN."))
        raise Unsupported(str(token.value))

    def function(self, name: str) -> Any:
        """A function call's arguments and value."""
        args: list[Any] = []
        token = self.peek()
        if token is not None and token.type == Token.FUNC and token.subtype == Token.CLOSE:
            self.position += 1
        else:
            while True:
                args.append(self.expression())
                token = self.take()
                if token.type == Token.FUNC and token.subtype == Token.CLOSE:
                    break
                if token.type != Token.SEP or token.subtype != Token.ARG:
                    raise Unsupported("arguments")
        if name == "IF":
            condition = bool(_number(_scalar(args[0]))) if args else False
            if condition:
                return args[1] if len(args) > 1 else True
            return args[2] if len(args) > 2 else False
        if name not in FUNCTIONS:
            raise Unsupported(name)
        return FUNCTIONS[name](args)

    def reference(self, text: str) -> Any:
        """A cell's value or a range's values."""
        sheet: str | None = None
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
            if sheet.startswith("["):
                raise Unsupported("external workbook")
        first, _, last = text.partition(":")
        (c1, r1), (c2, r2) = _cell(first), _cell(last or first)
        if (c1, r1) == (c2, r2) and c1 and r1:
            return self.lookup(sheet, r1, c1)
        c1, c2 = c1 or 1, c2 or 16384
        r1, r2 = r1 or 1, r2 or 1_048_576
        if not last and (c1 != c2 or r1 != r2):
            raise Unsupported(text)
        return self.cells(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _cell(text: str) -> tuple[int, int]:
    match = _REF.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise Unsupported(f"reference {text}")  # defined names, structured references
    column = column_index_from_string(match.group(1).upper()) if match.group(1) else 0
    return column, int(match.group(2)) if match.group(2) else 0


def _scalar(value: Any) -> Value:
    if isinstance(value, list):
        flat = _flat(value)
        if len(flat) != 1:
            raise Unsupported("range where one value is needed")
        return flat[0]
    return value  # type: ignore[no-any-return]


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def evaluate(formula: str, lookup: Lookup, cells: Cells) -> Value:
    """The value of ``formula`` (with its ``=``), or raise :class:`Unsupported`."""
    try:
        return Evaluator(formula, lookup, cells).run()
    except (RecursionError, OverflowError, ValueError, TypeError, IndexError) as exc:
        raise Unsupported(f"{type(exc).__name__}: {exc}") from exc
