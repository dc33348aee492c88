"""The command line in Vietnamese: help, usage and the parser's errors.

Typer (and the click it carries) write their headings, usage lines and parse errors in English,
with no message catalogue to translate. The headings are module settings of ``typer.rich_utils``;
the usage line and the help option come from the command classes (:class:`Command`,
:class:`Group`); a parse error is written again from what the exception holds
(:func:`usage_message`). Anything not foreseen keeps typer's text rather than lose it.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core
from typer import rich_utils

USAGE = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]..."
HELP_OPTION = "In hướng dẫn này rồi thoát"
HEADINGS = {
    "ARGUMENTS_PANEL_TITLE": "Tham số", "OPTIONS_PANEL_TITLE": "Tùy chọn", "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi", "ABORTED_TEXT": "Đã dừng.", "DEFAULT_STRING": "[mặc định: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]", "ENVVAR_STRING": "[biến môi trường: {}]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn.",
}
# pydantic's error types (typer converts values with pydantic) → what the value should have been
REASONS = {
    "int_parsing": "không phải số nguyên", "int_from_float": "không phải số nguyên", "int_type": "không phải số nguyên",
    "float_parsing": "không phải số", "float_type": "không phải số", "bool_parsing": "không phải có/không",
    "path_type": "không phải đường dẫn", "string_type": "không phải chuỗi ký tự",
}
# typer's own messages for paths (without pydantic)
PATH_REASONS = ((" does not exist", "không tồn tại"), (" is a file", "là một tệp, không phải thư mục"),
                (" is a directory", "là một thư mục, không phải tệp"), (" is not readable", "không đọc được"),
                (" is not writable", "không ghi được"))


def translate_help() -> None:
    """Headings and markers of typer's help and error panels in Vietnamese."""
    for name, text in HEADINGS.items():
        setattr(rich_utils, name, text)


class _Vietnamese:
    """Usage line and help option in Vietnamese (mixed into typer's command classes)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help, option.metavar = HELP_OPTION, ""
        return option


class Command(_Vietnamese, typer.core.TyperCommand):
    """A command whose usage line and help option read in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":  # its name (INBOX, TỆP) says it; typer's "<path>" is English
                param.display_type_rich = _no_type  # type: ignore[attr-defined]


def _no_type(ctx: Any = None) -> None:
    return None


class Group(_Vietnamese, typer.core.TyperGroup):
    """The command group (``spcncl``), in Vietnamese like its commands."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["subcommand_metavar"] = SUBCOMMAND_METAVAR
        super().__init__(*args, **kwargs)


def kinds(exc: BaseException) -> set[str]:
    """The names of the exception's classes (typer's and click's have the same names)."""
    return {cls.__name__ for cls in type(exc).__mro__}


def param_name(param: Any) -> str:
    """How the user typed the parameter: ``--round`` for an option, ``INBOX`` for an argument."""
    if param is None:
        return "tham số"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    if opts:
        return "/".join(opts)
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper() or "tham số"


def bad_value(exc: Any) -> str:
    """What was wrong with a value, from pydantic's error (the cause) or typer's path message."""
    name = param_name(getattr(exc, "param", None))
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            reason = REASONS.get(first.get("type", ""), "không hợp lệ")
            return f"Giá trị «{first.get('input')}» của {name} {reason}."
        except (IndexError, TypeError, AttributeError):
            pass
    message = str(getattr(exc, "message", ""))
    for english, vietnamese in PATH_REASONS:
        if english in message:
            quoted = re.search(r"'(.*)'", message)
            return f"Đường dẫn «{quoted.group(1) if quoted else ''}» của {name} {vietnamese}."
    return f"Giá trị của {name} không hợp lệ."


def usage_message(exc: Any) -> str:
    """A parse error in Vietnamese."""
    names, message = kinds(exc), str(getattr(exc, "message", ""))
    option = getattr(exc, "option_name", None)
    if "MissingParameter" in names:
        param = getattr(exc, "param", None)
        what = "tham số" if getattr(param, "param_type_name", "") == "argument" else "tùy chọn"
        return f"Thiếu {what} {param_name(param)}."
    if "NoSuchOption" in names:
        possible = sorted(getattr(exc, "possibilities", None) or [])
        return f"Không có tùy chọn {option}" + (f"; có phải {', '.join(possible)}?" if possible else ".")
    if "BadOptionUsage" in names:
        if "requires" in message:
            return f"Tùy chọn {option} cần một giá trị."
        if "does not take a value" in message:
            return f"Tùy chọn {option} không nhận giá trị."
        return f"Tùy chọn {option} dùng không đúng."
    if "BadParameter" in names:
        return bad_value(exc)
    if match := re.match(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", message):
        guess = f"; có phải {match.group(2)}?" if match.group(2) else "."
        return f"Không có lệnh «{match.group(1)}»{guess}"
    if match := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        return f"Thừa tham số: {match.group(1)}."
    return f"Lệnh không hợp lệ: {message}"


def usage_error_text(exc: Any) -> str:
    """The whole message of a parse error: usage line, where to find help, the error."""
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"Xem «{ctx.command_path} --help» để được hướng dẫn.")
    lines.append(f"Lỗi: {usage_message(exc)}")
    return "\n".join(lines)
