"""Numbers a narrow table cell wrapped over two lines, joined back from the words' boxes.

A cell too narrow for "1.102.400.000.000" prints "1.102.400.0" on one line and "00.000" on the
next, in the same column; a row whose label is vertically centred then reads as three lines:
the numbers' first pieces, the label, the numbers' last pieces. Text alone cannot tell which
piece continues which, the boxes can: the second piece sits right under the first (their
horizontal extents overlap), with nothing of that column between them, and is a cell of its
own. Whether two pieces are one number is :func:`extractors.vnnum.join_wrapped`'s to say
(joined they group in threes, one alone is no whole number).

The joined number is placed on the line between the pieces (where a centred row's label
sits), else on the piece's line that holds the row's other words, so the row reads whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.base import Word
from extractors.vnnum import join_wrapped

CELL_GAP_FACTOR = 1.6  # gap wider than this × line height separates two cells

REACH = 2  # the second piece is on one of the next two lines
NUMERIC = frozenset("0123456789.,")
_NUMERIC_CHARS = "0123456789.,"


def _numeric(word: Word) -> bool:
    return bool(word.text) and set(word.text) <= NUMERIC


def _overlap(a: Word, b: Word) -> bool:
    """Whether two words share a column: their horizontal extents overlap."""
    return min(a.bbox[2], b.bbox[2]) > max(a.bbox[0], b.bbox[0])


def _gap(line: Sequence[Word]) -> float:
    """The smallest gap that separates two cells on a line (as :mod:`extractors.layout` draws tabs)."""
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line)
    return CELL_GAP_FACTOR * heights[len(heights) // 2] if heights else 0.0


def _alone(line: Sequence[Word], at: int, after_only: bool = False) -> bool:
    """Whether the word at ``at`` ends its cell (``after_only``) or is its cell's only word."""
    word, wide = line[at], _gap(line)
    after = at + 1 == len(line) or line[at + 1].bbox[0] - word.bbox[2] > wide
    before = at == 0 or word.bbox[0] - line[at - 1].bbox[2] > wide
    return after and (after_only or before)


def _below(lines: list[list[Word]], index: int, head: Word) -> tuple[int, int] | None:
    """(line, position) of the first word under ``head`` in its column on the next lines, if that
    word is a number piece alone in its cell."""
    for offset in range(1, REACH + 1):
        if index + offset >= len(lines):
            return None
        line = lines[index + offset]
        under = [at for at, w in enumerate(line) if _overlap(w, head)]
        if under:
            at = under[0]
            if len(under) == 1 and _numeric(line[at]) and _alone(line, at):
                return index + offset, at
            return None
    return None


def _target(lines: list[list[Word]], top: int, bottom: int) -> int:
    """The line a joined number belongs on: the middle line between its pieces, else the piece's
    line that holds other words (the row's label), else the first."""
    if (bottom - top) % 2 == 0:
        return (top + bottom) // 2
    for index in range(top, bottom + 1):
        if any(not _numeric(w) for w in lines[index]):
            return index
    return top


def _join_one(lines: list[list[Word]], index: int, at: int) -> bool:
    """Join the number piece at ``lines[index][at]`` with the piece under it; whether it was."""
    line = lines[index]
    head = line[at]
    if not _numeric(head) or not _alone(line, at, after_only=True):
        return False
    found = _below(lines, index, head)
    if found is None:
        return False
    tail_line, tail_at = found
    tail = lines[tail_line][tail_at]
    joined = join_wrapped(head.text, tail.text)
    if joined is None:
        return False
    del line[at]
    del lines[tail_line][tail_at]
    target = _target(lines, index, tail_line)
    band = lines[target] or [head]
    tops = sorted(w.bbox[1] for w in band)
    bottoms = sorted(w.bbox[3] for w in band)
    word = Word(text=joined, bbox=(min(head.bbox[0], tail.bbox[0]), tops[len(tops) // 2],
                                   max(head.bbox[2], tail.bbox[2]), bottoms[len(bottoms) // 2]),
                confidence=min(head.confidence, tail.confidence))
    lines[target] = sorted([*lines[target], word], key=lambda w: w.bbox[0])
    return True


def join_wrapped_numbers(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines of words (as :func:`extractors.layout.group_lines` gives them) with every number a
    narrow cell wrapped joined back into one word, on its row's line; emptied lines are dropped."""
    lines = [list(line) for line in lines]
    for index in range(len(lines)):
        at = 0
        while at < len(lines[index]):
            # most words are not number pieces: tested here without a call (as ``_numeric`` does)
            text = lines[index][at].text
            if not text or text.strip(_NUMERIC_CHARS) or not _join_one(lines, index, at):
                at += 1
    return [line for line in lines if line]

