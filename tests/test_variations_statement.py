"""Statement variants: line 10 of both years, whatever the layout (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.harness import Variant, check, params
from tests.variations.statement import VARIANTS


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_statement_line_10_both_years(variant: Variant) -> None:
    check("statement", variant)
