"""A cell's value as Excel displays it through its number format, in the text form spcncl reads.

Excel shows 0.15 under ``0%`` as "15%", 1352.8456 under ``#,##0.00`` as "1,352.85" (or
"1.352,85": the viewer's locale decides the marks, the file does not), 901 under ``0000`` as
"0901", a negative under ``#,##0;(#,##0)`` in parentheses, and nothing at all under ``;;;``.
What is displayed is read here: the format's percent, scaling, rounding, zero padding,
sections and literal text. Two things are deliberately kept in spcncl's one number form
instead of a locale's: no thousands grouping and ``.`` as the decimal mark (with trailing
zeros dropped), so "1,352" can never be taken for a Vietnamese decimal nor "1.500" for a
thousand-and-a-half; and dates come out day first (dd/mm/yyyy, mm/yyyy or yyyy as the format
shows them), which is how the locale short date (format 14) shows them in Vietnam.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_QUOTED = re.compile(r'"([^"]*)"')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_CONDITION = re.compile(r"\[[<>=]")
LOCALE_DATE_IDS = frozenset({14, 22})  # the locale's short date (and date with time)


def split_sections(fmt: str) -> list[str]:
    """The ``;``-separated sections of a format, ignoring quoted or escaped ``;``."""
    sections, current, quoted, escaped = [], [], False, False
    for char in fmt:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


@lru_cache(maxsize=1024)
def _parse_number_section(section: str) -> tuple[str, str, int, int, int, bool] | None:
    """(prefix, suffix, decimals, integer zeros, power of ten, is text-only) of a section, or
    None when it is beyond this renderer (fractions, exponents, literals between digits)."""
    tokens: list[tuple[str, str]] = []  # ("lit", text) or ("ph", placeholder chars)
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            tokens.append(("lit", section[index + 1 : end]))
            index = end + 1
            continue
        if char == "[":
            end = section.find("]", index)
            end = len(section) if end < 0 else end
            inner = section[index + 1 : end]
            if inner.startswith("$"):  # [$₫-42A]: a currency sign shown, a locale not
                tokens.append(("lit", inner[1:].split("-", 1)[0]))
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(section):
            tokens.append(("lit", section[index + 1]))
            index += 2
            continue
        if char == "_" and index + 1 < len(section):
            tokens.append(("lit", " "))  # room for a character, e.g. a closing parenthesis
            index += 2
            continue
        if char == "*" and index + 1 < len(section):
            index += 2  # repeat to fill the cell: nothing to read
            continue
        if char in "0#?.,":
            tokens.append(("ph", char))
        elif char in "Ee/" and any(kind == "ph" for kind, _ in tokens):
            return None  # exponents, fractions
        elif char == "@":
            tokens.append(("text", char))
        else:
            tokens.append(("lit", char))
        index += 1
    placeholders = [i for i, (kind, _) in enumerate(tokens) if kind == "ph"]
    if not placeholders:
        text_only = any(kind == "text" for kind, _ in tokens)
        literal = "".join(t if kind == "lit" else "@" for kind, t in tokens)
        return literal, "", -1, 0, 0, text_only
    first, last = placeholders[0], placeholders[-1]
    if any(tokens[i][0] != "ph" for i in range(first, last + 1)):
        return None  # "000-000": literals between digits
    digits = "".join(t for _, t in tokens[first : last + 1])
    integer, _, fraction = digits.partition(".")
    scaling = len(integer) - len(integer.rstrip(","))  # trailing commas divide by a thousand
    power = -3 * scaling
    percent = sum(t.count("%") for kind, t in tokens if kind == "lit")
    power += 2 * percent
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[last + 1 :])
    decimals = sum(1 for c in fraction if c in "0#?")
    zeros = integer.replace(",", "").count("0")
    return prefix, suffix, decimals, zeros, power, False


def general_number(value: float) -> str:
    """A number as Excel's General format shows it, without grouping and with ``.``."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    text = f"{value:.15g}"  # drops binary noise (0.30000000000000004) as Excel does
    return text if "e" not in text else repr(value)


def render_number(value: float, fmt: str) -> str | None:
    """A number through ``fmt``; None when this renderer cannot follow the format."""
    if not fmt or fmt.lower() in ("general", "@"):
        return general_number(value)
    if _CONDITION.search(fmt):
        return None  # conditional sections ([>=1000]): beyond this renderer
    sections = split_sections(fmt)
    section, signed = sections[0], True
    if value < 0 and len(sections) >= 2:
        section, signed = sections[1], False  # the negative section writes its own sign
    elif value == 0 and len(sections) >= 3:
        section = sections[2]
    parsed = _parse_number_section(section)
    if parsed is None:
        return None
    prefix, suffix, decimals, zeros, power, text_only = parsed
    if decimals < 0:  # no digit placeholder: the section shows only its literal text
        return general_number(value) if text_only else prefix.strip()
    magnitude = abs(value) * (10.0 ** power)
    digits = f"{magnitude:.{decimals}f}"
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")  # "1.500" would read as fifteen hundred
    whole, dot, fraction = digits.partition(".")
    if zeros:
        whole = whole.zfill(zeros)  # "0000" shows 901 as 0901 (codes, HS headings)
    elif whole == "0" and not fraction:
        whole = ""  # "#,###" shows nothing for zero
    digits = whole + dot + fraction
    sign = "-" if signed and value < 0 and digits.strip("0.") else ""
    return f"{prefix}{sign}{digits}{suffix}".strip()


def render_text(value: str, fmt: str) -> str:
    """A text cell through ``fmt``: only a fourth section can change it (empty hides it)."""
    sections = split_sections(fmt) if ";" in fmt else []
    if len(sections) >= 4:
        parsed = _parse_number_section(sections[3])
        if parsed is not None and parsed[2] < 0:
            prefix, _, _, _, _, text_only = parsed
            return prefix.replace("@", value) if text_only else prefix.strip()
        return value
    return value


def date_parts(fmt: str) -> tuple[bool, bool, bool, bool]:
    """Whether the format shows the day, the month, the year, the time."""
    code = _BRACKET.sub("", _QUOTED.sub("", split_sections(fmt)[0])).replace("\\", "").lower()
    time = bool(re.search(r"[hs]", code))
    # "m" right after an hour or right before seconds is minutes, not the month
    months = re.sub(r"(h+[^a-z]*)m+|m+([^a-z]*s)", r"\1\2", code)
    return "d" in code, "m" in months, "y" in code, time


def render_date(value: dt.datetime | dt.date | dt.time, fmt: str, format_id: int | None = None) -> str:
    """A date as the parts its format shows, day first (see the module docstring)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if format_id in LOCALE_DATE_IDS or "[$-f800]" in fmt.lower():
        day, month, year, time = True, True, True, format_id == 22
    else:
        day, month, year, time = date_parts(fmt)
    if not (day or month or year):
        day = month = year = not time
    parts = []
    if day:
        parts.append(f"{value.day:02d}")
    if month:
        parts.append(f"{value.month:02d}")
    if year:
        parts.append(f"{value.year:04d}")
    text = "/".join(parts)
    if time and isinstance(value, dt.datetime):
        clock = value.strftime("%H:%M:%S" if value.second else "%H:%M")
        text = f"{text} {clock}".strip()
    return text
