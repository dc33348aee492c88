"""Kind variants: the same papers under real titles and formats (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.harness import Variant, check, params
from tests.variations.kinds import VARIANTS


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_document_kind(variant: Variant) -> None:
    check("kinds", variant)
