"""The page image tesseract sees: table rulings erased and table cells moved apart.

Erasing the rulings stops tesseract from reading them as '|', '_' or '—'; but without them two
cells side by side look like one line of text, and tesseract then reads "7. Использование …
Гайворонская Н.И. Май" as one line and garbles the words at the joins. So every cell is copied
into a wider canvas with a blank gutter before each column: tesseract's own layout analysis then
keeps cells apart, and one tesseract pass still reads the whole page. The cell boxes move with
their content (``SpreadTable``), so words are assigned in the spread image's coordinates.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from parsers.ocr_grid import Cell, TableGrid

# pixels around a ruling that are painted white before OCR (the stroke's antialiased rim)
_ERASE_GROW = 3
# blank gutter inserted before every column of a table (inches)
_GUTTER_IN = 0.5


def gray_without_lines(gray: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The page with the table rulings painted white."""
    if not np.any(lines):
        return gray
    grown = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * _ERASE_GROW + 1, 2 * _ERASE_GROW + 1)))
    clean = gray.copy()
    clean[grown > 0] = 255
    return clean


@dataclass(frozen=True)
class SpreadTable:
    """A table's grid and its cells' boxes in the spread image (same order as ``grid.cells``)."""

    grid: TableGrid
    boxes: tuple[Cell, ...]

    @property
    def top(self) -> int:
        return self.grid.top

    @property
    def bottom(self) -> int:
        return self.grid.bottom

    @property
    def left(self) -> int:
        return min(b.left for b in self.boxes)

    @property
    def right(self) -> int:
        return max(b.right for b in self.boxes)


def gutter_pixels(dpi: int) -> int:
    return max(8, int(round(_GUTTER_IN * dpi)))


def spread_cells(gray: np.ndarray, grids: list[TableGrid], dpi: int) -> tuple[np.ndarray, list[SpreadTable]]:
    """Copy the page into a wider canvas, each table cell shifted right by a gutter per column.

    Text outside the tables keeps its place; a merged cell moves with its first column and keeps
    its width, so a heading that spans the table is not cut into pieces.
    """
    if not grids:
        return gray, []
    gutter = gutter_pixels(dpi)
    widest = max(g.n_cols for g in grids)
    height, width = gray.shape
    canvas = np.full((height, width + gutter * widest), 255, dtype=gray.dtype)
    canvas[:, :width] = gray
    spread = []
    for grid in grids:
        canvas[grid.top : grid.bottom, grid.left : grid.right + gutter * grid.n_cols] = 255
        boxes = []
        for cell in grid.cells:
            shift = gutter * (cell.col + 1)
            canvas[cell.top : cell.bottom, cell.left + shift : cell.right + shift] = gray[cell.top : cell.bottom, cell.left : cell.right]
            boxes.append(Cell(cell.top, cell.left + shift, cell.bottom, cell.right + shift,
                              cell.row, cell.col, cell.row_span, cell.col_span))
        spread.append(SpreadTable(grid, tuple(boxes)))
    return canvas, spread
