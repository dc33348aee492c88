"""Ticked boxes as forms print them: glyphs before their answers, boxes typed as text, boxes after
their answers."""

from __future__ import annotations

import pytest

from extractors.fields.common import checked_items
from extractors.fields.registration import yes_no


@pytest.mark.parametrize(("text", "ticked"), [
    ("Có [ ] Không [x]", ["Không"]),  # a form typed in plain text: boxes after their answers
    ("Có [x] Không [ ]", ["Có"]),
    ("(x) Có ( ) Không", ["Có"]),
    ("Có ☐ Không ☒", ["Không"]),
    (": ☐ Có ☒ Không", ["Không"]),
    ("☒ Điện, điện tử ☐ Cơ khí, chế tạo", ["Điện, điện tử"]),
])
def test_boxes_typed_as_text_and_boxes_after_their_answers(text, ticked):
    assert checked_items(text) == ticked


def test_a_plain_text_no_is_not_read_as_yes():
    """"Sản phẩm công nghệ cao: Có [ ] Không [x]" was read as a claim of a high-tech product (the
    first word "Có"), and the firm would have been asked for a certificate it never claimed."""
    assert yes_no(": Có [ ] Không [x]") is False
    assert yes_no(": Có [x] Không [ ]") is True
