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
  alone adds nothing to the row above;
- a grid finer than its rows (``spans_to_logical_columns``: the usual row has fewer cells than
  the grid has columns, each cell in the same place in every such row) is read on its logical
  columns, the k-th cell of a row in column k: Word makes such grids when cell borders are
  dragged, and a table split in two then continues on the same columns.
Formats that build rows differently (a text dump's rows, a borderless PDF table's lines) use
``ITEM_NUMBER`` for the same question "is this an item number?".
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

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


def spans_to_logical_columns(cells: Sequence[SpanCell]) -> tuple[list[SpanCell], list[int] | None]:
    """The cells on the table's logical columns when Word's grid has more columns than the rows.

    Rows whose cell borders were dragged apart give Word a grid finer than the table: three
    logical columns on four grid columns, the measure merged over grid columns 1-2 in one row and
    the deadline over 2-3 in the next. When the usual row has fewer cells than the grid (every
    cell, vertical merges included, counted in each row it covers) and each cell keeps the same
    place in every such row, the k-th cell of a row is logical column k; a row of fewer cells (a
    heading spanning the table) is placed by its grid positions. Returns the cells and the grid
    column each logical column starts in (for a parser's column edges), or the cells unchanged
    and None when the grid is kept: rows as wide as the grid, or a cell at different places.
    Word tables (``docx_tables``) and their printed PDFs (``pdf_ruled``) both show it."""
    n_rows = max((c.end_row for c in cells), default=0)
    grid_width = max((c.col + c.col_span for c in cells), default=0)
    per_row: list[list[int]] = [[] for _ in range(n_rows)]
    for i, c in enumerate(cells):
        for r in range(c.row, c.end_row):
            per_row[r].append(i)
    for members in per_row:
        members.sort(key=lambda i: cells[i].col)
    counts = [len(m) for m in per_row if len(m) >= 2]
    if not counts:
        return list(cells), None
    usual = max(set(counts), key=lambda n: (counts.count(n), n))
    if usual >= grid_width:
        return list(cells), None
    logical: dict[int, int] = {}
    starts: dict[int, int] = {}  # logical column -> the leftmost grid column a cell of it starts in
    for members in per_row:
        if len(members) != usual:
            continue
        for k, i in enumerate(members):
            if logical.setdefault(i, k) != k:
                return list(cells), None  # a vertical merge at another place in another row: keep the grid
            starts[k] = min(starts.get(k, grid_width), cells[i].col)

    def grid_to_logical(col: int) -> int:
        return max((k for k, start in starts.items() if start <= col), default=0)

    out = []
    for i, c in enumerate(cells):
        if i in logical:
            out.append(replace(c, col=logical[i], col_span=1))
        else:
            first, last = grid_to_logical(c.col), grid_to_logical(c.col + c.col_span - 1)
            out.append(replace(c, col=first, col_span=last - first + 1))
    return out, [starts[k] for k in range(usual)]
