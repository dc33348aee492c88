"""Certificate variants: standard, number, issue and expiry dates (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.certs import VARIANTS
from tests.variations.harness import Variant, check, params


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_certificate_dates_and_number(variant: Variant) -> None:
    check("certs", variant)
