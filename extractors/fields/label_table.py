"""Two-column label/value tables whose cells wrap, put back together from the words' boxes.

A form or certificate often prints its identity as a table: the label in the left cell, the
value in the right one. When a cell wraps, the page's text loses the cells: a vertically centred
row reads "CÔNG TY CỔ PHẦN CƠ KHÍ" / "Tên doanh nghiệp" / "CHÍNH XÁC HỒNG LĨNH" (the value's two
lines around its label), or "Tên doanh nghiệp viết bằng tiếng" / "CÔNG TY …" / "Việt" (the
label's two lines around its value). The boxes tell the columns apart:

- the table is found from its unwrapped rows, lines of two cells whose first cell starts with a
  known label (:mod:`extractors.fields.labels`), left edges aligned; the value column starts where
  their second cells do;
- the table runs on up and down over lines whose pieces start on those two left edges (a
  paragraph, a signature or a centred cell ends it); each line is split at the value column's
  edge into a label piece and a value piece;
- the label column is cut into labels: a piece that starts a known label starts a row; a piece
  that finishes a label's words ("Việt" after "… viết bằng tiếng") or starts in lower case goes
  on the label before it;
- the value pieces are shared out in order among the labels so that each value sits where its
  label sits (centred, top or bottom alike, whichever fits the whole table best). A table where
  a value lands farther than :data:`FIT` from its label is left as read, its values in doubt; a
  row another sharing fits almost as well (:data:`AMBIGUOUS`) is in doubt too. A page whose
  words do not rebuild its text line for line (an OCR'd scan that was deskewed) is left as is.

Each row comes back as one line "label<TAB>value", which the label reader takes like any row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from extractors.base import Page, Word
from extractors.fields.common import Line
from extractors.fields.labels import continues_label, fold_same_length, label_matcher, nlp
from extractors.layout import group_lines, line_text
from extractors.wrapped_numbers import CELL_GAP_FACTOR, join_wrapped_numbers

COLUMN_TOLERANCE = 0.012  # of the page width: cells of one column start this close together
FIT = 0.75  # a value further than this (in line heights) from where its label sits: the table is left as read
EMPTY = 1.0  # the misfit of a label left without a value
MAX_VALUE_LINES = 8  # a value wraps over at most this many lines
GAP_WEIGHT = 2.0  # a row's padding inside one value weighs twice a value off its label's line
AMBIGUOUS = 0.5  # two ways of sharing the values out that fit this close (in line heights) cannot be told apart


@dataclass
class Piece:
    """A cell's text on one line, its extent and the page line it comes from."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: int


@dataclass
class Row:
    """One row of the table: its label pieces and value pieces."""

    labels: list[Piece]
    values: list[Piece] = field(default_factory=list)


def _cells(words: list[Word], line: int) -> list[Piece]:
    """A line's cells (words split where the gap is a cell border, as the page text was)."""
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    wide = CELL_GAP_FACTOR * heights[len(heights) // 2]
    groups: list[list[Word]] = [[words[0]]]
    for previous, word in pairwise(words):
        if word.bbox[0] - previous.bbox[2] > wide:
            groups.append([])
        groups[-1].append(word)
    return [Piece(" ".join(w.text.strip() for w in group), group[0].bbox[0], group[-1].bbox[2],
                  min(w.bbox[1] for w in group), max(w.bbox[3] for w in group), line) for group in groups]


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def page_cells(page: Page) -> dict[int, list[Piece]] | None:
    """Each page line's cells with their boxes (keyed by line number in the page's text), or None
    when the words do not rebuild the page's text line for line (a deskewed scan)."""
    if not page.words:
        return None
    rebuilt = [line for line in join_wrapped_numbers(group_lines(page.words)) if line]
    texts = [(number, text) for number, text in enumerate(page.text.splitlines()) if text.strip()]
    if len(rebuilt) != len(texts):
        return None
    out: dict[int, list[Piece]] = {}
    for words, (number, text) in zip(rebuilt, texts, strict=True):
        if _key(line_text(words)) != _key(text):
            return None
        out[number] = _cells(words, number)
    return out


def starts_label(text: str) -> bool:
    """Whether a cell starts with a known label ("Mã số thuế", "Địa chỉ trụ sở chính")."""
    matcher, _ = label_matcher()
    folded = fold_same_length(text)
    doc = nlp().make_doc(folded)
    return any(doc[start:end].start_char <= 3 for _, start, end in matcher(doc))


def finishes_label(label: list[Piece], piece: Piece, height: float) -> bool:
    """Whether ``piece`` goes on the label above it: right under it (a wrap, not the next row's
    label), the label not closed by a colon, and the piece starting in lower case or going on with
    the label's words ("Việt" after "Tên doanh nghiệp viết bằng tiếng")."""
    so_far = " ".join(p.text for p in label)
    if so_far.rstrip().endswith((":", "：")) or piece.top - label[-1].bottom > 1.5 * height:
        return False
    return piece.text[:1].islower() or continues_label(so_far, piece.text)


def _table(cells: dict[int, list[Piece]]) -> tuple[float, list[int]] | None:
    """The value column's left border and the page lines of the first two-column label table."""
    tolerance = COLUMN_TOLERANCE  # boxes are in fractions of the page width
    anchors = [(n, row) for n, row in sorted(cells.items())
               if len(row) == 2 and row[1].x0 - row[0].x1 > tolerance and starts_label(row[0].text)]
    for first, (_, row) in enumerate(anchors):
        same = [n for n, other in anchors[first:]
                if abs(other[1].x0 - row[1].x0) <= tolerance and abs(other[0].x0 - row[0].x0) <= tolerance]
        if len(same) < 2:
            continue
        border = min(cells[n][1].x0 for n in same) - tolerance
        left = min(cells[n][0].x0 for n in same)
        numbers = sorted(cells)

        def fits(n: int, border: float = border, left: float = left) -> bool:
            # a line of the table: a label piece at the label column's left edge, ending before the
            # value column, and/or a value piece at the value column's left edge (both left-aligned)
            pieces = cells[n]
            labels = [p for p in pieces if abs(p.x0 - left) <= tolerance and p.x1 <= border]
            values = [p for p in pieces if abs(p.x0 - border - tolerance) <= tolerance]
            return len(labels) <= 1 and len(values) <= 1 and len(labels) + len(values) == len(pieces)

        at = numbers.index(same[0])
        start = at
        while start > 0 and fits(numbers[start - 1]):
            start -= 1
        end = numbers.index(same[-1])
        if not all(fits(n) for n in numbers[at:end + 1]):
            continue
        while end + 1 < len(numbers) and fits(numbers[end + 1]):
            end += 1
        return border, numbers[start:end + 1]
    return None


def _labels(pieces: list[Piece], height: float) -> list[Row]:
    """The label column cut into rows: a piece starting a known label starts a row, a piece that
    finishes the label above goes on it, any other piece is a row of its own."""
    rows: list[Row] = []
    for piece in pieces:
        if rows and not starts_label(piece.text) and finishes_label(rows[-1].labels, piece, height):
            rows[-1].labels.append(piece)
        else:
            rows.append(Row([piece]))
    return rows


def _anchor(top: float, bottom: float, mode: str) -> float:
    return top if mode == "top" else bottom if mode == "bottom" else (top + bottom) / 2


def _fits(rows: list[Row], values: list[Piece], height: float, mode: str) -> tuple[float, list[int]] | None:
    """The values shared out among the rows in order, each value where its label sits (``mode``:
    centred, top or bottom), and the misfit of that sharing in line heights.

    A row's misfit is how far its value's anchor is from its label's, plus every gap inside the
    value wider than the lines of one cell are apart (a row's padding lies between two values); a
    label left without value costs :data:`EMPTY`.
    """
    inf = float("inf")
    gaps = [b.top - a.bottom for a, b in pairwise(values)]
    leading = max(0.0, min(gaps, default=0.0)) + 0.3 * height  # lines of one cell are this close
    # cost[k][j]: the least misfit of rows[:k] holding values[:j]; cut[k][j]: where row k-1 starts
    cost = [[inf] * (len(values) + 1) for _ in range(len(rows) + 1)]
    cut = [[0] * (len(values) + 1) for _ in range(len(rows) + 1)]
    cost[0][0] = 0.0
    for k, row in enumerate(rows, start=1):
        label = _anchor(min(p.top for p in row.labels), max(p.bottom for p in row.labels), mode)
        for j in range(len(values) + 1):
            spread = 0.0  # the wide gaps inside values[i:j], grown as i goes down
            for i in range(j, max(0, j - MAX_VALUE_LINES) - 1, -1):
                if i < j - 1:
                    spread += GAP_WEIGHT * max(0.0, gaps[i] - leading) / height
                if cost[k - 1][i] == inf:
                    continue
                misfit = EMPTY if i == j else abs(_anchor(values[i].top, values[j - 1].bottom, mode) - label) / height
                if cost[k - 1][i] + misfit + spread < cost[k][j]:
                    cost[k][j], cut[k][j] = cost[k - 1][i] + misfit + spread, i
    if cost[len(rows)][len(values)] == inf:
        return None
    bounds = [len(values)]
    for k in range(len(rows), 0, -1):
        bounds.append(cut[k][bounds[-1]])
    return cost[len(rows)][len(values)], bounds[::-1]


def _share(rows: list[Row], values: list[Piece], height: float) -> tuple[float, set[int]] | None:
    """Share the values out among the rows the way (centred, top or bottom) that fits the whole
    table best. Returns the worst misfit of a row that got a value (in line heights) and the rows
    another way, fitting almost as well, would give another value (they cannot be told apart);
    None when no way fits."""
    found = {mode: fit for mode in ("top", "centre", "bottom") if (fit := _fits(rows, values, height, mode))}
    if not found:
        return None
    least = min(fit[0] for fit in found.values())
    # of the ways that fit about as well, the commonest: a cell's text at its top (Word's default)
    mode = next(m for m in ("top", "centre", "bottom") if m in found and found[m][0] <= least + AMBIGUOUS)
    bounds = found[mode][1]
    doubtful = {k for other, others in found.values() if other <= least + AMBIGUOUS
                for k, (mine, theirs) in enumerate(zip(pairwise(bounds), pairwise(others), strict=True))
                if mine != theirs}
    for row, (i, j) in zip(rows, pairwise(bounds), strict=True):
        row.values = values[i:j]
    worst = max((abs(_anchor(row.values[0].top, row.values[-1].bottom, mode)
                     - _anchor(min(p.top for p in row.labels), max(p.bottom for p in row.labels), mode)) / height
                 for row in rows if row.values), default=0.0)
    return worst, doubtful


# a value from a table row whose wrapped lines could belong to the row above or below
DOUBT = "Ô trong bảng hai cột xuống dòng; không chắc dòng nào thuộc ô nào, cần kiểm tra."
Rebuilt = tuple[int, str, bool]  # page line, its text, whether its value is in doubt


def assemble(page: Page) -> tuple[list[int], list[Rebuilt]] | None:
    """The page lines of a two-column label table whose cells wrap and the rows that replace them
    (page line, "label<TAB>value", in doubt?), or None when the page has no such table.

    Rows that another sharing of the values fits almost as well are in doubt; a table no sharing
    fits keeps its lines as read, every one in doubt (a value there may be cut or mixed)."""
    cells = page_cells(page)
    if not cells:
        return None
    found = _table(cells)
    if found is None:
        return None
    border, numbers = found
    if all(len(cells[n]) == 2 for n in numbers):
        return None  # no cell wraps: the text has every row whole already
    labels = [p for n in numbers for p in cells[n] if p.x0 < border]
    values = [p for n in numbers for p in cells[n] if p.x0 >= border]
    heights = sorted(p.bottom - p.top for p in labels + values)
    height = heights[len(heights) // 2]
    rows = _labels(labels, height)
    shared = _share(rows, values, height)
    if shared is None or shared[0] > FIT:
        return numbers, [(n, "\t".join(p.text for p in cells[n]), True) for n in numbers]
    out = []
    for number, row in enumerate(rows):
        label = " ".join(p.text for p in row.labels)
        value = " ".join(p.text for p in row.values)
        first = min(p.line for p in row.labels + row.values)
        out.append((first, f"{label}\t{value}" if value else label, number in shared[1]))
    return numbers, out


def label_rows(lines: list[Line]) -> list[Line]:
    """``lines`` with every two-column label table whose cells wrap replaced by one line per row;
    a row whose value is in doubt carries :data:`DOUBT`."""
    out: list[Line] = []
    done: dict[int, tuple[set[int], list[Rebuilt]]] = {}
    for line in lines:
        key = id(line.page)
        if key not in done:
            found = assemble(line.page) if line.page.source != "native" else None
            done[key] = (set(found[0]), found[1]) if found else (set(), [])
        replaced, rows = done[key]
        if line.index not in replaced:
            out.append(line)
            continue
        if rows and line.index == min(replaced):
            out.extend(Line(text, line.page, number, DOUBT if doubtful else None) for number, text, doubtful in rows)
    return out
