"""Ruled tables on a deskewed page image: ruling lines -> row and column edges -> cell boxes.

The chain, each step a small function:
``ink_to_line_masks`` (morphological opening keeps long horizontal / vertical strokes)
-> ``masks_to_table_regions`` (groups of crossing lines with at least two rows and columns)
-> ``region_to_grid`` (clustered line positions are the row and column edges)
-> ``grid_to_cells`` (a cell boundary that is not drawn means a merged cell).
Lengths are given in inches and turned into pixels with the page's dpi, so the same settings
hold for any rendering resolution.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from parsers.ocr_render import gray_to_ink

# a ruling is a stroke at least this long (inches); letters are far shorter
_MIN_HORIZONTAL_RULING_IN = 0.25
_MIN_VERTICAL_RULING_IN = 0.2
# a boundary is drawn when straight strokes at least this long (inches) cover it
_SHORT_STROKE_IN = 0.05
# line positions closer than this (inches) are one line: a thick or doubled stroke, or a column
# border printed with a small offset from row to row; no column or row is this narrow (a row of
# small print, "1 2 3 4" under the header, is ~0.12 inch high)
_COL_MERGE_IN = 0.1
_ROW_MERGE_IN = 0.05
# a ruling ending this close (inches) to a crossing line is taken to reach it (scan gaps)
_REACH_IN = 0.06
# a boundary between two cells counts as drawn when this share of it is covered by ink
_DRAWN_SHARE = 0.6
# a table has at least this size (inches); smaller boxes are stamps, logos or form fields
_MIN_TABLE_IN = 0.5
# rulings are found on a copy of the page at this resolution at most: a ruling is still a line
# of at least one pixel there, and the morphology and component labelling cost a quarter
_GRID_DPI = 150


@dataclass(frozen=True)
class Cell:
    """One (possibly merged) table cell: pixel box and its place in the base grid."""

    top: int
    left: int
    bottom: int
    right: int
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class TableGrid:
    """A ruled table found on a page."""

    row_edges: tuple[int, ...]  # y of every horizontal boundary, top to bottom
    col_edges: tuple[int, ...]  # x of every vertical boundary, left to right
    cells: tuple[Cell, ...]

    @property
    def top(self) -> int:
        return self.row_edges[0]

    @property
    def bottom(self) -> int:
        return self.row_edges[-1]

    @property
    def left(self) -> int:
        return self.col_edges[0]

    @property
    def right(self) -> int:
        return self.col_edges[-1]

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    def scaled(self, factor: float) -> "TableGrid":
        """The same grid on an image ``factor`` times larger."""
        def at(v: int) -> int:
            return int(round(v * factor))
        return TableGrid(tuple(at(y) for y in self.row_edges), tuple(at(x) for x in self.col_edges),
                         tuple(Cell(at(c.top), at(c.left), at(c.bottom), at(c.right), c.row, c.col,
                                    c.row_span, c.col_span) for c in self.cells))


def _px(inches: float, dpi: int) -> int:
    return max(1, int(round(inches * dpi)))


@dataclass(frozen=True)
class LineMasks:
    """Straight strokes of a binarised page.

    The long ones are rulings and give the row and column edges; the short ones (any straight
    stroke of 0.05 inch) only tell whether a boundary between two cells is drawn: a column line
    inside a low row ("1 2 3 4" above a spanning heading) is shorter than any ruling kernel.
    """

    horizontal: np.ndarray
    vertical: np.ndarray
    short_horizontal: np.ndarray
    short_vertical: np.ndarray


def _open(ink: np.ndarray, width: int, height: int) -> np.ndarray:
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def ink_to_line_masks(ink: np.ndarray, dpi: int) -> LineMasks:
    """Masks of the horizontal and of the vertical strokes of a binarised page."""
    # no closing before the opening: it would weld the serifs on a text baseline into a stroke;
    # a ruling broken by scan noise becomes several segments, which the grid step joins again
    short = _px(_SHORT_STROKE_IN, dpi)
    return LineMasks(horizontal=_open(ink, _px(_MIN_HORIZONTAL_RULING_IN, dpi), 1),
                     vertical=_open(ink, 1, _px(_MIN_VERTICAL_RULING_IN, dpi)),
                     short_horizontal=_open(ink, short, 1), short_vertical=_open(ink, 1, short))


@dataclass(frozen=True)
class _Segment:
    """A straight ruling: ``pos`` across it, ``start``..``end`` along it (pixels)."""

    pos: int
    start: int
    end: int


def _mask_to_segments(mask: np.ndarray, horizontal: bool) -> list[_Segment]:
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segments = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if horizontal:
            segments.append(_Segment(int(round(centroids[i][1])), x, x + w - 1))
        else:
            segments.append(_Segment(int(round(centroids[i][0])), y, y + h - 1))
    return segments


def masks_to_table_regions(masks: LineMasks, dpi: int) -> list[tuple[int, int, int, int]]:
    """Boxes (top, left, bottom, right) of the groups of crossing rulings that look like tables."""
    horizontal, vertical = masks.horizontal, masks.vertical
    reach = _px(_REACH_IN, dpi)
    joined = cv2.dilate(cv2.bitwise_or(horizontal, vertical),
                        cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    smallest = _px(_MIN_TABLE_IN, dpi)
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if w < smallest or h < smallest:
            continue
        inside = labels[y : y + h, x : x + w] == i
        has_h = np.count_nonzero(horizontal[y : y + h, x : x + w][inside])
        has_v = np.count_nonzero(vertical[y : y + h, x : x + w][inside])
        if has_h and has_v:
            regions.append((y, x, y + h, x + w))
    return sorted(regions)


def _cluster_positions(positions: list[int], gap: int) -> list[int]:
    """Merge positions closer than ``gap`` into their mean, sorted."""
    clusters: list[list[int]] = []
    for pos in sorted(positions):
        if clusters and pos - clusters[-1][-1] <= gap:
            clusters[-1].append(pos)
        else:
            clusters.append([pos])
    return [int(round(sum(c) / len(c))) for c in clusters]


def region_to_grid(masks: LineMasks, region: tuple[int, int, int, int], dpi: int) -> TableGrid | None:
    """Row and column edges of the table inside ``region``, with its cells; None if not a table."""
    top, left, bottom, right = region
    h_mask = masks.horizontal[top:bottom, left:right]
    v_mask = masks.vertical[top:bottom, left:right]
    reach = _px(_REACH_IN, dpi)

    v_segments = _mask_to_segments(v_mask, horizontal=False)
    h_segments = _mask_to_segments(h_mask, horizontal=True)
    col_positions = [s.pos for s in v_segments]
    # a table printed without its outer side lines: the long row lines show where it ends
    long_rows = [s for s in h_segments if s.end - s.start >= 0.5 * (right - left)]
    if long_rows:
        col_positions += [min(s.start for s in long_rows), max(s.end for s in long_rows)]
    col_edges = _cluster_positions(col_positions, _px(_COL_MERGE_IN, dpi))
    # a horizontal ruling of the table spans at least one whole column (it may overshoot the
    # outer lines a little); an underline inside a cell ("______") spans none
    h_segments = [s for s in h_segments
                  if sum(1 for e in col_edges if s.start - reach <= e <= s.end + reach) >= 2]
    row_positions = [s.pos for s in h_segments]
    # a table cut by the page edge or printed without an outer line: the column lines still
    # show where it starts and ends
    if v_segments:
        row_positions += [min(s.start for s in v_segments), max(s.end for s in v_segments)]
    row_edges = _cluster_positions(row_positions, _px(_ROW_MERGE_IN, dpi))
    if len(row_edges) < 2 or len(col_edges) < 2:
        return None
    row_edges_abs = [top + y for y in row_edges]
    col_edges_abs = [left + x for x in col_edges]
    cells = grid_to_cells(masks.short_horizontal, masks.short_vertical, row_edges_abs, col_edges_abs, dpi)
    return TableGrid(tuple(row_edges_abs), tuple(col_edges_abs), tuple(cells))


def _drawn(mask: np.ndarray, fixed: int, start: int, end: int, horizontal: bool, reach: int) -> bool:
    """Whether a boundary at ``fixed`` from ``start`` to ``end`` is covered by the line mask."""
    if end <= start:
        return True  # no room for a boundary to be missing
    lo, hi = max(0, fixed - reach), fixed + reach + 1
    strip = mask[lo:hi, start:end] if horizontal else mask[start:end, lo:hi]
    covered = np.any(strip > 0, axis=0 if horizontal else 1)
    return bool(np.count_nonzero(covered) >= _DRAWN_SHARE * covered.size)


def grid_to_cells(horizontal: np.ndarray, vertical: np.ndarray, row_edges: list[int],
                  col_edges: list[int], dpi: int) -> list[Cell]:
    """Cells of a grid; neighbouring base cells without a drawn line between them are merged."""
    reach = _px(_REACH_IN, dpi)
    n_rows, n_cols = len(row_edges) - 1, len(col_edges) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        # look at the middle of the boundary only: the ends touch the crossing lines
        trim = min(reach, (row_edges[r + 1] - row_edges[r]) // 4)
        y0, y1 = row_edges[r] + trim, row_edges[r + 1] - trim
        for c in range(1, n_cols):
            if not _drawn(vertical, col_edges[c], y0, y1, horizontal=False, reach=reach):
                union(r * n_cols + c - 1, r * n_cols + c)
    for c in range(n_cols):
        trim = min(reach, (col_edges[c + 1] - col_edges[c]) // 4)
        x0, x1 = col_edges[c] + trim, col_edges[c + 1] - trim
        for r in range(1, n_rows):
            if not _drawn(horizontal, row_edges[r], x0, x1, horizontal=True, reach=reach):
                union((r - 1) * n_cols + c, r * n_cols + c)

    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):
            # not a rectangle (broken rulings, a stamp over the grid): keep the base cells rather
            # than one box that overlaps its neighbours
            cells.extend(Cell(row_edges[r], col_edges[c], row_edges[r + 1], col_edges[c + 1], r, c)
                         for r, c in members)
            continue
        cells.append(Cell(row_edges[r0], col_edges[c0], row_edges[r1 + 1], col_edges[c1 + 1],
                          r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return sorted(cells, key=lambda cell: (cell.row, cell.col))


def ink_to_grids(ink: np.ndarray, dpi: int) -> tuple[list[TableGrid], np.ndarray]:
    """All ruled tables of a binarised, deskewed page, top to bottom, and the mask of their lines.

    The mask (rulings of the tables only) lets the caller erase the lines before OCR.
    """
    masks = ink_to_line_masks(ink, dpi)
    lines = np.zeros_like(ink)
    grids = []
    near = max(1, _px(_REACH_IN, dpi) // 2)
    for region in masks_to_table_regions(masks, dpi):
        grid = region_to_grid(masks, region, dpi)
        # a single framed box (a stamp, a note) is text, not a table
        if grid is None or grid.n_cols < 2:
            continue
        grids.append(grid)
        top, left, bottom, right = region
        lines[top:bottom, left:right] = cv2.bitwise_or(masks.horizontal[top:bottom, left:right],
                                                       masks.vertical[top:bottom, left:right])
        # short pieces of column lines (in low rows) lie right on a cell's side: cell padding
        # keeps text further away than this; inside a merged cell nothing is erased
        for cell in grid.cells:
            for x in (cell.left, cell.right):
                band = (slice(cell.top, cell.bottom), slice(max(0, x - near), x + near + 1))
                lines[band] = cv2.bitwise_or(lines[band], masks.short_vertical[band])
    return sorted(grids, key=lambda g: g.top), lines


def gray_to_grids(gray: np.ndarray, dpi: int) -> tuple[list[TableGrid], np.ndarray]:
    """All ruled tables of a deskewed grey page and the mask of their rulings, in page pixels.

    The search runs on a copy reduced to at most 150 dpi; grids and mask are scaled back.
    """
    factor = max(1.0, dpi / _GRID_DPI)
    if factor == 1.0:
        return ink_to_grids(gray_to_ink(gray), dpi)
    small = cv2.resize(gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
    grids, lines = ink_to_grids(gray_to_ink(small), int(round(dpi / factor)))
    full_lines = cv2.resize(lines, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return [g.scaled(factor) for g in grids], full_lines
