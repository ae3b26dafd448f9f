"""Ruled tables of one PDF page: pdfplumber's table finder on the visible ruling lines.

Word prints paragraph shading as white filled rectangles, one per line of text; pdfplumber counts
their sides as ruling lines and cuts every cell into one row per printed line. So the finder
gets only the edges a reader can see (``visible_edges``) through its "explicit" strategy.
The cells it finds are placed on a grid of the table's x and y boundaries; every character of
the page inside the table goes to the cell that covers its centre (one pass, no per-cell crop).
Merged cells follow the one merge rule of ``parsers.table_grid`` (as in DOCX and scans): rows
that share one merged item-number cell are one row of the table (a measure printed over several
physical rows), any other merged cell belongs to every row it spans (its text repeated, e.g. a
shared executor).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from parsers.pdf_grid import GridCell, GridRow, GridTable
from parsers.pdf_lines import chars_to_cell_text
from parsers.table_grid import SpanCell, spans_to_logical_columns, spans_to_row_members

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
# boundaries closer than this are one boundary
GRID_TOLERANCE = 1.5
# a column boundary that most rows' cells cross (it cuts a minority of rows only) is dropped
MINORITY_BOUNDARY_SHARE = 0.25


def _colour_is_white(colour: Any) -> bool:
    if colour is None:
        return False
    values = tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)
    if not all(isinstance(v, (int, float)) for v in values):
        return False  # a pattern colour: assume visible
    if len(values) == 4:  # CMYK: white is no ink
        return max(values) <= 0.05
    return len(values) in (1, 3) and min(values) >= 0.95


def is_visible_edge(edge: dict) -> bool:
    """False for the sides of a fill-only white rectangle (shading that draws no line)."""
    if edge.get("object_type") in ("rect_edge", "curve_edge") and edge.get("fill") and not edge.get("stroke"):
        return not _colour_is_white(edge.get("non_stroking_color"))
    return True


def page_to_table_cells(page: Any) -> list[list[tuple]]:
    """The cells of every ruled table pdfplumber finds on the page's visible lines."""
    edges = [e for e in page.edges if is_visible_edge(e)]
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = dict(TABLE_SETTINGS, explicit_vertical_lines=vertical, explicit_horizontal_lines=horizontal)
    return [t.cells for t in page.find_tables(settings)]


def _inside(inner: tuple, outer: tuple, slack: float = 2.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _centre_in(ch: dict, box: tuple) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def is_layout_frame(cells: list[tuple], holder: tuple, chars: list[dict]) -> bool:
    """An outer table whose only text is in the cell holding the inner table (a layout frame)."""
    others = [c for c in cells if c is not holder]
    return not any(ch["text"].strip() and any(_centre_in(ch, c) for c in others) for ch in chars)


def split_nested_cells(cells: list[tuple], chars: list[dict]) -> list[list[tuple]]:
    """pdfplumber's cells of one table, with the cells of a table nested in a cell resolved:
    the inner table's cells are dropped (its text is the outer cell's), unless the outer table
    is a layout frame around it (then the inner table is the table)."""
    nested = {j for j, inner in enumerate(cells) for i, outer in enumerate(cells)
              if i != j and inner != outer and _inside(inner, outer, slack=0.5)}
    if not nested:
        return [cells]
    outer = [c for k, c in enumerate(cells) if k not in nested]
    holders = [c for c in outer if any(_inside(cells[j], c, slack=0.5) for j in nested)]
    if not all(is_layout_frame(outer, holder, chars) for holder in holders):
        return [outer]
    out: list[list[tuple]] = []
    for holder in holders:
        inner = [cells[j] for j in nested if _inside(cells[j], holder, slack=0.5)]
        out.extend(split_nested_cells(inner, chars))
    return out


def drop_nested_tables(found: list[list[tuple]], chars: list[dict]) -> list[tuple[list[tuple], tuple]]:
    """One table per region: a table inside a cell of another is that cell's text, unless the
    outer table is only a frame around it (then the frame goes and the inner table stays)."""
    tables = [(cells, _bbox(cells)) for group in found for cells in split_nested_cells(group, chars)]
    dropped: set[int] = set()
    for i, (cells, bbox) in enumerate(tables):
        for j, (_, inner) in enumerate(tables):
            if i == j or not _inside(inner, bbox) or _inside(bbox, inner):
                continue
            holder = next((c for c in cells if _inside(inner, c)), None)
            frame = holder is not None and is_layout_frame(cells, holder, chars)
            dropped.add(i if frame else j)
    kept = [t for k, t in enumerate(tables) if k not in dropped and len(t[0]) > 1]
    return sorted(kept, key=lambda t: (t[1][1], t[1][0]))


def _bbox(cells: list[tuple]) -> tuple[float, float, float, float]:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def snap_positions(values: list[float], tolerance: float = GRID_TOLERANCE) -> list[float]:
    """Sorted distinct positions; values closer than ``tolerance`` become their first value."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def position_to_index(edges: list[float], value: float) -> int:
    """Index of the grid interval that starts at (or just before) ``value``."""
    return max(0, bisect_right(edges, value + GRID_TOLERANCE) - 1)


def _place(cells: list[tuple], xs: list[float], ys: list[float]) -> list[tuple[int, int, int, int]]:
    """(first col, end col, first row, end row) of every cell on the grid."""
    placed = []
    for x0, top, x1, bottom in cells:
        c0, c1 = position_to_index(xs, x0), position_to_index(xs, x1)
        r0, r1 = position_to_index(ys, top), position_to_index(ys, bottom)
        placed.append((c0, max(c1, c0 + 1), r0, max(r1, r0 + 1)))
    return placed


def drop_minority_boundaries(cells: list[tuple], xs: list[float]) -> list[float]:
    """Drop inner column boundaries that only a few rows have (a cell split in one row only)."""
    placed = _place(cells, xs, snap_positions([c[1] for c in cells] + [c[3] for c in cells]))
    kept = [xs[0]]
    for k in range(1, len(xs) - 1):
        starts = sum(1 for c0, _, _, _ in placed if c0 == k)
        crosses = sum(1 for c0, c1, _, _ in placed if c0 < k < c1)
        if crosses >= 3 and starts < MINORITY_BOUNDARY_SHARE * crosses:
            continue
        kept.append(xs[k])
    kept.append(xs[-1])
    return kept


def _owner_grid(placed: list[tuple[int, int, int, int]], nrows: int, ncols: int) -> list[list[int | None]]:
    grid: list[list[int | None]] = [[None] * ncols for _ in range(nrows)]
    for i, (c0, c1, r0, r1) in enumerate(placed):
        for r in range(r0, min(r1, nrows)):
            for c in range(c0, min(c1, ncols)):
                if grid[r][c] is None:
                    grid[r][c] = i
    return grid


def _nearest_owner(grid: list[list[int | None]], r: int, c: int) -> int | None:
    """The cell nearest to a grid slot no cell covers: same row first, then the rows above."""
    for row in range(r, -1, -1):
        owned = [(abs(k - c), i) for k, i in enumerate(grid[row]) if i is not None]
        if owned:
            return min(owned)[1]
    return None


def cells_to_grid_table(cells: list[tuple], bbox: tuple, chars: list[dict], page: int) -> GridTable:
    """pdfplumber's cell boxes and the page's characters to one page fragment of a table."""
    xs = snap_positions([c[0] for c in cells] + [c[2] for c in cells])
    xs = drop_minority_boundaries(cells, xs)
    ys = snap_positions([c[1] for c in cells] + [c[3] for c in cells])
    ncols, nrows = max(1, len(xs) - 1), max(1, len(ys) - 1)
    placed = [(min(c0, ncols - 1), min(max(c1, c0 + 1), ncols), min(r0, nrows - 1), min(r1, nrows))
              for c0, c1, r0, r1 in _place(cells, xs, ys)]
    owner = _owner_grid(placed, nrows, ncols)

    cell_chars: list[list[dict]] = [[] for _ in cells]
    stray = 0
    x0, top, x1, bottom = bbox
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx < x1 and top <= cy < bottom):
            continue
        r = min(max(bisect_right(ys, cy) - 1, 0), nrows - 1)
        c = min(max(bisect_right(xs, cx) - 1, 0), ncols - 1)
        i = owner[r][c]
        if i is None:
            i = _nearest_owner(owner, r, c)
            stray += 1
        if i is not None:
            cell_chars[i].append(ch)

    texts = [chars_to_cell_text(cc) for cc in cell_chars]
    spans = [SpanCell(r0, c0, r1 - r0, c1 - c0, text) for (c0, c1, r0, r1), text in zip(placed, texts)]
    # a grid finer than its rows (a Word table whose cell borders were dragged): logical columns
    spans, starts = spans_to_logical_columns(spans)
    if starts is not None:
        xs = [xs[k] for k in starts] + [xs[-1]]
    grid_cells = [
        GridCell(col=c.col, span=c.col_span, x0=xs[c.col], x1=xs[min(c.col + c.col_span, len(xs) - 1)],
                 chars=cell_chars[i], preset_text=c.text)
        for i, c in enumerate(spans)
    ]
    rows = [GridRow(cells=[grid_cells[i] for i in members], top=ys[group.start], bottom=ys[min(group.stop, nrows)])
            for group, members in spans_to_row_members(spans)]
    warnings = [f"page {page}: {stray} characters outside every table cell were put in the nearest cell"] if stray else []
    return GridTable(page=page, bbox=tuple(bbox), col_edges=xs, rows=rows, kind="ruled", warnings=warnings)


def page_to_ruled_tables(page: Any, chars: list[dict], page_number: int) -> list[GridTable]:
    """Every ruled table fragment on one page, top to bottom."""
    found = drop_nested_tables(page_to_table_cells(page), chars)
    return [cells_to_grid_table(cells, bbox, chars, page_number) for cells, bbox in found]
