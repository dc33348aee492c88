"""Identity variants: the firm's name, tax code and address (see tests/variations/README.md)."""

from __future__ import annotations

import pytest

from tests.variations.harness import Variant, check, params
from tests.variations.identity import VARIANTS


@pytest.mark.parametrize("variant", params(VARIANTS))
def test_identity_fields(variant: Variant) -> None:
    check("identity", variant)
