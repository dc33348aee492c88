"""Export-evidence variants: export turnover in USD per year (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.export import VARIANTS
from tests.variations.harness import Variant, check, params


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_export_usd_per_year(variant: Variant) -> None:
    check("export", variant)
