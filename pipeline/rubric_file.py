"""Reading a rubric file: its text (UTF-8, never a binary file), its YAML with each key's line,
every validation problem in Vietnamese with ``file:line``, and the data files it names.

Nothing here knows the rubric's models (``pipeline.rubric`` does): only files, lines and words.
A problem is never cut short: a rubric with nine mistakes gets nine lines, not three and "…".
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractors.errors import CriteriaError

# control characters (tab and newline aside) cannot be printed on a terminal or in a log
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class RubricFileError(CriteriaError):
    """A rubric that cannot be used, with every problem on its own line (exit code of
    :class:`CriteriaError`); the base class would fold them into one line cut at 300 characters."""

    def __init__(self, problems: list[str] | str) -> None:
        lines = [problems] if isinstance(problems, str) else problems
        super().__init__(lines[0] if lines else "")
        kept = [_UNPRINTABLE.sub("\ufffd", line).strip() for line in lines]
        self.problems = [line for line in kept if line]
        self.detail = self.problems[0] if len(self.problems) == 1 else (
            f"{len(self.problems)} lỗi\n" + "\n".join(self.problems))
        self.args = (self.user_message(),)


def read_rubric_text(path: Path) -> str:
    """The file's text; a binary file, another encoding or an unreadable file is a clear error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RubricFileError(f"{path}: không đọc được tệp ({exc.strerror or exc})") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode" as Windows Notepad saves it
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RubricFileError(f"{path.name}: tệp UTF-16 bị hỏng; lưu lại với mã hóa UTF-8") from exc
    if b"\x00" in data[:8192]:
        raise RubricFileError(f"{path.name}: là tệp nhị phân, không phải tệp YAML (bộ tiêu chí là tệp văn bản, "
                              "ví dụ criteria/hanoi_spcncl.yaml)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RubricFileError(f"{path.name}:{line}: tệp không phải văn bản UTF-8 (byte 0x{data[exc.start]:02x}); "
                              "mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8") from exc


def parse_yaml(text: str, path: Path) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    """The YAML mapping and the line of every key path; syntax errors and repeated keys named by line."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark is not None else path.name
        problem = getattr(exc, "problem", None) or str(exc)
        raise RubricFileError(f"{where}: YAML sai cú pháp: {problem}") from exc
    if not isinstance(data, dict) or node is None:
        raise RubricFileError(f"{path.name}: tệp phải là một bảng «khóa: giá trị» (ví dụ criteria/hanoi_spcncl.yaml)")
    repeated: list[str] = []
    lines = key_lines(node, (), repeated)
    if repeated:
        raise RubricFileError([f"{path.name}:{item}" for item in repeated])
    return data, lines


def key_lines(node: yaml.Node, path: tuple[Any, ...], repeated: list[str]) -> dict[tuple[Any, ...], int]:
    """Map every key path in a YAML document to its 1-based line; a key given twice in one mapping
    (YAML would silently keep the last) is added to ``repeated``."""
    lines: dict[tuple[Any, ...], int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            child = (*path, key.value)
            line = key.start_mark.line + 1
            if key.value in seen:
                name = ".".join(str(p) for p in child)
                repeated.append(f"{line}: {name}: khóa bị lặp (đã có ở dòng {seen[key.value]}); "
                                "YAML chỉ giữ lần sau, hãy xóa một lần")
            seen[key.value] = line
            lines[child] = line
            lines.update({k: v for k, v in key_lines(value, child, repeated).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(key_lines(item, (*path, index), repeated))
    return lines


ERROR_WORDS = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không hợp lệ (gõ sai tên khóa?)",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
    "union_tag_invalid": "loại quy tắc không hợp lệ",
    "union_tag_not_found": "thiếu khóa «type» của quy tắc",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_parsing": "cần một số",
    "bool_parsing": "cần true hoặc false",
    "string_type": "cần một chuỗi chữ",
    "list_type": "cần một danh sách",
    "dict_type": "cần một bảng «khóa: giá trị»",
    "model_type": "cần một bảng «khóa: giá trị»",
    "date_from_datetime_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_type": "cần ngày dạng YYYY-MM-DD",
    "too_short": "danh sách không được rỗng",
    "string_too_long": "chuỗi quá dài",
}
BOUNDS = {"greater_than": ("gt", ">"), "greater_than_equal": ("ge", "≥"), "less_than": ("lt", "<"),
          "less_than_equal": ("le", "≤")}
# discriminated unions put the rule's type name after "rule" in an error's path: not a key in the file
RULE_TAGS = {"bands", "boolean", "certificate", "manual", "location", "documents", "floor"}


def describe_errors(path: Path, error: ValidationError, lines: dict[tuple[Any, ...], int]) -> list[str]:
    """One line per problem, every one of them: ``file:line: key.path: what is wrong`` (in Vietnamese)."""
    out = []
    for item in error.errors():
        raw = list(item["loc"])
        raw = [p for i, p in enumerate(raw) if not (i and raw[i - 1] == "rule" and p in RULE_TAGS)]
        loc = tuple(str(p) if not isinstance(p, int) else p for p in raw)
        known = loc
        while known and tuple(known) not in lines:  # a key the file lacks: the line of its parent
            known = known[:-1]
        line = lines.get(tuple(known), 1)
        key = ".".join(str(p) for p in loc) or "(cả tệp)"
        message = ERROR_WORDS.get(item["type"], str(item["msg"]).removeprefix("Value error, "))
        if item["type"] in BOUNDS:
            name, sign = BOUNDS[item["type"]]
            limit = (item.get("ctx") or {}).get(name)
            message = f"phải {sign} {limit:g}" if isinstance(limit, int | float) else f"phải {sign} {limit}"
        out.append(f"{path.name}:{line}: {key}: {message}")
    return out


def check_listing(rubric_path: Path, key: str, name: str, columns: tuple[str, ...]) -> list[str]:
    """Problems with a CSV file a rubric names (``high_tech_list: x.csv``), looked up beside the rubric
    file itself, wherever it was copied: absent, not UTF-8, or without the columns spcncl reads."""
    listed = rubric_path.parent / name
    where = f"{rubric_path.name}: {key}"
    if not listed.is_file():
        return [f"{where}: không thấy tệp {listed} — tệp này được tìm trong cùng thư mục với {rubric_path.name}; "
                f"chép {Path(name).name} vào đó (bản gốc: criteria/ của spcncl) hoặc sửa đường dẫn"]
    try:
        text = read_rubric_text(listed)
    except RubricFileError as exc:
        return [f"{where}: {problem}" for problem in exc.problems]
    header = next(csv.reader(io.StringIO(text)), [])
    missing = [c for c in columns if c not in [h.strip() for h in header]]
    if missing:
        return [f"{where}: {listed.name}:1: thiếu cột {', '.join(missing)} (dòng đầu phải là tên cột, "
                f"ví dụ {','.join(columns)})"]
    return []
