"""YAML data files (patterns, messages) read through the pydantic model that describes them.

A key nobody expects, a missing key or a value of the wrong type is refused when the file is
loaded, with the file and the field named — never a ``KeyError`` deep in a reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from extractors.errors import CriteriaError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
M = TypeVar("M", bound=BaseModel)


def load_data(path: Path, model: type[M]) -> M:
    """The file's content validated by ``model``; a :class:`CriteriaError` naming file and fields."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CriteriaError(f"{path.name}: YAML sai cú pháp: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(gốc)'}: {e['msg']}" for e in exc.errors())
        raise CriteriaError(f"{path.name}: {problems}") from None
