"""The merge rule every table parser applies: spanning cells on a grid -> rows of cell strings.

A parser that sees a table as a grid of (possibly merged) cells describes each cell as a
``SpanCell`` (its first grid row and column, how many rows and columns it covers, its text) and
lets ``spans_to_rows`` make the rows. The rule, the same for DOCX, ruled PDFs and scans:

- a vertical merge in the first column whose text is an item number ("3.", "2.1", "IV", "5)")
  is one item printed over several physical rows: the rows it spans become one row, each
  column's pieces joined by "\\n" (a cell spanning several of those rows counted once);
- any other vertical merge belongs to every row it spans: its text is repeated in each of them
  (an executor or deadline shared by two items is in both rows);
- a horizontal span's text sits in its first column, "" in the others it covers;
- a row none of whose own cells (the cells starting in it) has text is dropped: repeated text
  alone adds nothing to the row above.
Formats that build rows differently (a text dump's rows, a borderless PDF table's lines) use
``ITEM_NUMBER`` for the same question "is this an item number?".
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.intermediate import TableRow

# an item number as printed in a number cell: "3", "3.", "2.1", "1.1.", "IV", "5)" (no Latin "C":
# sections never reach a hundred, and OCR reads the preposition "С" as one)
ITEM_NUMBER = re.compile(r"(?:[IVXL]{1,6}|\d{1,3})(?:[.)]\d{1,3})*[.)]?")


@dataclass(frozen=True)
class SpanCell:
    """One cell of a table grid: its top-left grid position, its spans and its text."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = ""
    # the parser's doubts about this cell (low OCR confidence …), given to every row it lands in
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.row < 0 or self.col < 0 or self.row_span < 1 or self.col_span < 1:
            raise ValueError(f"a cell needs a place and spans of at least 1, not {self!r}")

    @property
    def end_row(self) -> int:
        return self.row + self.row_span


def is_item_number(text: str) -> bool:
    """Whether a cell's whole text is an item number (spaces inside ignored: "1. 2" is "1.2")."""
    compact = re.sub(r"\s", "", text or "")
    return bool(compact) and ITEM_NUMBER.fullmatch(compact) is not None


def spans_to_row_groups(cells: Sequence[SpanCell]) -> list[range]:
    """The grid rows of each table row: consecutive rows one first-column item-number merge spans
    are one group (a row inside a group may start a longer merge, which extends the group)."""
    n_rows = max((c.end_row for c in cells), default=0)
    span_end = list(range(1, n_rows + 1))
    for c in cells:
        if c.col == 0 and c.row_span > 1 and is_item_number(c.text):
            span_end[c.row] = max(span_end[c.row], c.end_row)
    groups: list[range] = []
    r = 0
    while r < n_rows:
        end, k = span_end[r], r
        while k < end:
            end = max(end, span_end[k])
            k += 1
        groups.append(range(r, end))
        r = end
    return groups


def spans_to_row_members(cells: Sequence[SpanCell]) -> list[tuple[range, list[int]]]:
    """Each table row's grid rows and the indices of the cells whose text it holds, in (row,
    column) order: the cells starting in it and the vertical merges reaching into it from above.
    Rows without text of their own are left out."""
    out: list[tuple[range, list[int]]] = []
    for group in spans_to_row_groups(cells):
        own = [i for i, c in enumerate(cells) if c.row in group]
        if not any(cells[i].text.strip() for i in own):
            continue
        carried = [i for i, c in enumerate(cells) if c.row < group.start < c.end_row]
        out.append((group, sorted(own + carried, key=lambda i: (cells[i].row, cells[i].col))))
    return out


def spans_to_rows(cells: Sequence[SpanCell], page: int | None = None, width: int | None = None) -> list[TableRow]:
    """The table's rows by the merge rule, every row ``width`` cells wide (default: the grid's)."""
    width = width or max((c.col + c.col_span for c in cells), default=0)
    rows: list[TableRow] = []
    for _, members in spans_to_row_members(cells):
        texts = [""] * width
        warnings: list[str] = []
        for i in members:
            cell = cells[i]
            if cell.text:
                col = min(cell.col, width - 1)
                texts[col] = f"{texts[col]}\n{cell.text}" if texts[col] else cell.text
            warnings.extend(w for w in cell.warnings if w not in warnings)
        rows.append(TableRow(cells=texts, page=page, warnings=warnings))
    return rows
