"""Make the page fragments of one PDF table line up column for column.

A table that runs over several pages is emitted as one fragment per page; the shared assembly
stitches consecutive fragments of the same width. When the table finder splits or merges a
column on one page only (a stray vertical line, a missing one), that page's fragment is mapped
onto the previous fragment's columns by x-position: a cell goes to the column under it; a cell
that covers several of the previous columns is cut at their boundaries unless its words run
across them (then it is a spanning cell and keeps its text in the first column it covers).
"""
from __future__ import annotations

from typing import Union

from parsers.intermediate import Block
from parsers.pdf_grid import GridCell, GridRow, GridTable
from parsers.pdf_lines import chars_to_words

# a column boundary of one fragment "is" a boundary of the other when closer than this (points)
EDGE_MATCH = 8.0
# the left edges of two fragments of one table are at most this far apart (points)
LEFT_EDGE_MATCH = 15.0
STRADDLE = 2.0

PageItem = Union[Block, GridTable]


def edges_match(reference: list[float], edges: list[float]) -> bool:
    """Whether two fragments have one table's outline: a column split or merged on one page
    removes or adds boundaries, so every boundary of the fragment with fewer columns (all but
    one, when it has four or more) is a boundary of the other, and the left edges agree."""
    if abs(reference[0] - edges[0]) > LEFT_EDGE_MATCH:
        return False
    fewer, more = sorted((reference[1:-1], edges[1:-1]), key=len)
    if not fewer:
        return False
    hits = sum(1 for x in fewer if any(abs(x - y) <= EDGE_MATCH for y in more))
    return hits >= len(fewer) - (1 if len(fewer) >= 4 else 0)


def _covered_columns(x0: float, x1: float, reference: list[float]) -> list[int]:
    """Indices of the reference columns whose centres lie inside [x0, x1] (at least one)."""
    covered = [k for k in range(len(reference) - 1) if x0 <= (reference[k] + reference[k + 1]) / 2 <= x1]
    if covered:
        return covered
    centre = (x0 + x1) / 2
    return [min(range(len(reference) - 1), key=lambda k: abs((reference[k] + reference[k + 1]) / 2 - centre))]


def _column_of(x: float, reference: list[float], columns: list[int]) -> int:
    for k in columns:
        if x < reference[k + 1]:
            return k
    return columns[-1]


def remap_cell(cell: GridCell, reference: list[float]) -> list[GridCell]:
    """One cell of a fragment as cells on the reference columns."""
    columns = _covered_columns(cell.x0, cell.x1, reference)
    first, last = columns[0], columns[-1]
    whole = GridCell(col=first, span=last - first + 1, x0=reference[first], x1=reference[last + 1],
                     chars=cell.chars, preset_text=cell.preset_text)
    if len(columns) == 1 or not cell.chars:
        return [whole]
    inner = reference[first + 1 : last + 1]
    words = chars_to_words(cell.chars)
    if any(w.x0 < b - STRADDLE and w.x1 > b + STRADDLE for w in words for b in inner):
        return [whole]
    parts: dict[int, list[dict]] = {}
    for ch in cell.chars:
        k = _column_of((ch["x0"] + ch["x1"]) / 2, reference, columns)
        parts.setdefault(k, []).append(ch)
    return [GridCell(col=k, span=1, x0=reference[k], x1=reference[k + 1], chars=chs) for k, chs in sorted(parts.items())]


def remap_table(table: GridTable, reference: list[float]) -> GridTable:
    """The fragment with its cells moved onto the reference columns."""
    rows = [
        GridRow(cells=[c for cell in row.cells for c in remap_cell(cell, reference)], top=row.top,
                bottom=row.bottom, warnings=list(row.warnings))
        for row in table.rows
    ]
    note = (f"page {table.page}: the table finder saw {table.width} columns here; cells were mapped to the "
            f"previous page's {len(reference) - 1} columns by x-position")
    return GridTable(page=table.page, bbox=table.bbox, col_edges=list(reference), rows=rows, kind=table.kind,
                     warnings=table.warnings + [note])


def align_page_fragments(pages: list[list[PageItem]]) -> list[list[PageItem]]:
    """Map each table that continues the previous page's last table onto that table's columns."""
    previous: GridTable | None = None
    out = []
    for items in pages:
        items = list(items)
        if items and isinstance(items[0], GridTable) and previous is not None:
            first = items[0]
            if (first.page == previous.page + 1 and first.width != previous.width
                    and edges_match(previous.col_edges, first.col_edges)):
                items[0] = remap_table(first, previous.col_edges)
        previous = items[-1] if items and isinstance(items[-1], GridTable) else None
        out.append(items)
    return out
