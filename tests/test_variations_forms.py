"""Registration-form variants: product revenue and export per year, head count (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.forms import VARIANTS
from tests.variations.harness import Variant, check, params


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_form_figures_per_year(variant: Variant) -> None:
    check("forms", variant)
