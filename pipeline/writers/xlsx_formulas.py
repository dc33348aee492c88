"""Formulas as a spreadsheet program reads them: the parse into a tree, the values (number, text,
logical, blank, error) and the rules that combine them — coercion, comparison (numbers < text <
logical, text without case, a blank as the other side's empty value), and the criteria of
SUMIFS/COUNTIFS (operators, ``*``/``?`` wildcards, ``~`` escapes). Two texts are only compared
for equality: their order follows each program's collation (where ``-`` or ``Đ`` sort differs),
so an ordering of texts raises :class:`FormulaError` and is left to the spreadsheet. The
evaluation is :mod:`pipeline.writers.xlsx_evaluate`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import to_excel


class FormulaError(Exception):
    """A formula this evaluator does not compute (an unknown function, a reference form, a cycle)."""


@dataclass(frozen=True)
class ExcelError:
    """An error value such as ``#VALUE!``: it propagates and is saved as the cell's value."""

    code: str


Scalar = float | str | bool | None | ExcelError
VALUE, DIV0 = ExcelError("#VALUE!"), ExcelError("#DIV/0!")
_REF = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:]+)!)?\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>\d+)"
                  r"(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>\d+))?$")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_CRITERION_OP = re.compile(r"^(<=|>=|<>|<|>|=)?(.*)$", re.DOTALL)
_TOKEN = re.compile(r"""(?P<space>\s+)|(?P<text>"(?:[^"]|"")*")
    |(?P<error>\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A))|(?P<func>(?:_xlfn\.)?[^\W\d][\w.]*\()
    |(?P<ref>(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(!])
    |(?P<logical>TRUE|FALSE)(?![\w(!])|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<op><>|<=|>=|[-+*/^&=<>%])|(?P<open>\()|(?P<close>\))|(?P<sep>,)""", re.VERBOSE | re.IGNORECASE)
_BINARY = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


@dataclass(frozen=True)
class Ref:
    """A rectangle of cells on one sheet."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int


Node = tuple  # ("lit", value) | ("ref", Ref) | ("call", name, [nodes]) | ("op", op, a, b) | ("neg", a) | ("pct", a)


def plain(raw: object) -> Scalar:
    """A typed cell's value as the spreadsheet holds it."""
    if raw is None or isinstance(raw, bool | str):
        return raw
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, dt.datetime | dt.date):
        return float(to_excel(raw))
    return str(raw)


def to_number(value: Scalar) -> float | ExcelError:
    """Arithmetic's view of a value: blank 0, TRUE 1, numeric text its number."""
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float):
        return value
    text = value.strip()
    return float(text) if _NUMBER.fullmatch(text) else VALUE


def to_text(value: Scalar) -> str:
    """A value joined with ``&``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return general(value)
    return str(value)


def general(number: float) -> str:
    """A number as the General format shows it (no trailing ``.0``)."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def rank(value: Scalar) -> tuple[int, float | str | bool]:
    """Sort key of comparisons: numbers < text < logical; text without case."""
    if isinstance(value, bool):
        return 2, value
    if isinstance(value, str):
        return 1, value.casefold()
    return 0, value if isinstance(value, float) else 0.0


def compare(op: str, left: Scalar, right: Scalar) -> bool:
    """``left op right`` with a blank taking the other side's empty value."""
    if left is None:
        left = "" if isinstance(right, str) else False if isinstance(right, bool) else 0.0
    if right is None:
        right = "" if isinstance(left, str) else False if isinstance(left, bool) else 0.0
    if op not in ("=", "<>") and isinstance(left, str) and isinstance(right, str):
        raise FormulaError("thứ tự giữa hai chuỗi chữ theo quy tắc sắp xếp của từng ngôn ngữ")
    a, b = rank(left), rank(right)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def binary(op: str, left: Scalar, right: Scalar) -> Scalar:
    """An infix operator on two values."""
    for side in (left, right):
        if isinstance(side, ExcelError):
            return side
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return compare(op, left, right)
    if op == "&":
        return to_text(left) + to_text(right)
    a, b = to_number(left), to_number(right)
    if isinstance(a, ExcelError):
        return a
    if isinstance(b, ExcelError):
        return b
    if op == "/" and b == 0:
        return DIV0
    try:
        result = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b if op == "/" else a ** b
    except (OverflowError, ZeroDivisionError):
        return VALUE
    if isinstance(result, complex) or math.isinf(result) or math.isnan(result):
        return ExcelError("#NUM!")
    return float(result)


# --- criteria (SUMIFS, COUNTIFS) ---------------------------------------------------------------

def matcher(criterion: Scalar) -> Callable[[Scalar], bool]:
    """The test SUMIFS/COUNTIFS apply to each cell for a criterion (``"A1"``, ``">=5"``, ``"HN*"``)."""
    if isinstance(criterion, float | bool):
        return lambda v: type(v) is type(criterion) and v == criterion
    op, operand = _CRITERION_OP.match(criterion or "").groups()  # type: ignore[union-attr, arg-type]
    op = op or "="
    if _NUMBER.fullmatch(operand.strip()):
        target = float(operand)
        return lambda v: (op == "<>") if not isinstance(v, float) else compare(op, v, target)
    if operand == "":
        if op == "<>":
            return lambda v: v is not None and v != ""
        return (lambda v: v is None) if criterion == "=" else (lambda v: v is None or v == "")
    if op in ("=", "<>"):
        pattern = re.compile(_wildcard(operand), re.IGNORECASE | re.DOTALL)

        def hit(v: Scalar) -> bool:
            return isinstance(v, str) and pattern.fullmatch(v) is not None
        return hit if op == "=" else (lambda v: not hit(v))
    raise FormulaError("thứ tự giữa hai chuỗi chữ theo quy tắc sắp xếp của từng ngôn ngữ")


def _wildcard(operand: str) -> str:
    """A criterion's ``*``/``?`` as a regular expression (``~`` escapes them)."""
    out, escaped = [], False
    for ch in operand:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "~":
            escaped = True
        else:
            out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    if escaped:
        out.append(re.escape("~"))
    return "".join(out)


def plain_key(criterion: Scalar) -> str | None:
    """A criterion that means "equal to this text" (no operator, wildcard or number): its key."""
    if not isinstance(criterion, str) or not criterion or criterion[0] in "<>=" or any(c in criterion for c in "*?~"):
        return None
    return None if _NUMBER.fullmatch(criterion.strip()) else criterion.casefold()


# --- parsing ------------------------------------------------------------------------------------

Tokens = list[tuple[str, str]]


def tokens(formula: str) -> Tokens:
    """A formula's tokens as (kind, text), spaces left out; anything else is a :class:`FormulaError`
    (names, arrays, other separators)."""
    found: Tokens = []
    at, text = 1, formula
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None or match.lastgroup is None:
            raise FormulaError(f"không hiểu «{text[at:at + 20]}» trong công thức")
        if match.lastgroup != "space":
            found.append((match.lastgroup, match.group()))
        at = match.end()
    return found


def parse(formula: str) -> Node:
    """A formula (``=…``) as a tree."""
    items = tokens(formula)
    node, end = _expression(items, 0, 1)
    if end != len(items):
        raise FormulaError(f"không hiểu công thức {formula}")
    return node


def _expression(items: Tokens, at: int, lowest: int) -> tuple[Node, int]:
    """Operators of precedence ``lowest`` and above, left to right."""
    left, at = _unary(items, at)
    while at < len(items) and items[at][0] == "op" and _BINARY.get(items[at][1], 0) >= lowest:
        op = items[at][1]
        right, at = _expression(items, at + 1, _BINARY[op] + 1)
        left = ("op", op, left, right)
    return left, at


def _unary(items: Tokens, at: int) -> tuple[Node, int]:
    """A sign binds tighter than ``^`` (``-2^2`` is 4), a percent tighter still."""
    if at < len(items) and items[at] in (("op", "-"), ("op", "+")):
        inner, end = _unary(items, at + 1)
        return (("neg", inner) if items[at][1] == "-" else inner), end
    node, at = _primary(items, at)
    while at < len(items) and items[at] == ("op", "%"):
        node, at = ("pct", node), at + 1
    return node, at


def _primary(items: Tokens, at: int) -> tuple[Node, int]:
    if at >= len(items):
        raise FormulaError("công thức dừng giữa chừng")
    kind, text = items[at]
    if kind == "number":
        return ("lit", float(text)), at + 1
    if kind == "text":
        return ("lit", text[1:-1].replace('""', '"')), at + 1
    if kind == "logical":
        return ("lit", text.upper() == "TRUE"), at + 1
    if kind == "error":
        return ("lit", ExcelError(text.upper())), at + 1
    if kind == "ref":
        return ("ref", _ref(text)), at + 1
    if kind == "func":
        name, at = text[:-1].upper().removeprefix("_XLFN."), at + 1
        args: list[Node] = []
        if at < len(items) and items[at][0] == "close":
            return ("call", name, args), at + 1
        while True:
            arg, at = _expression(items, at, 1)
            args.append(arg)
            if at < len(items) and items[at][0] == "sep":
                at += 1
            elif at < len(items) and items[at][0] == "close":
                return ("call", name, args), at + 1
            else:
                raise FormulaError(f"hàm {name} không đóng ngoặc")
    if kind == "open":
        inner, at = _expression(items, at + 1, 1)
        if at < len(items) and items[at][0] == "close":
            return inner, at + 1
    raise FormulaError(f"không hiểu «{text}»")


def _ref(text: str) -> Ref:
    match = _REF.match(text)
    if match is None:
        raise FormulaError(f"tham chiếu «{text}» chưa được hỗ trợ")
    sheet = match["sheet"] or ""
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    c1, r1 = column_index_from_string(match["c1"].upper()), int(match["r1"])
    c2, r2 = (column_index_from_string(match["c2"].upper()), int(match["r2"])) if match["c2"] else (c1, r1)
    return Ref(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
