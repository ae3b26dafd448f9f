"""The image tesseract sees: table rulings erased, the page's ink cut into pieces and stacked.

Erasing the rulings stops tesseract from reading them as '|', '_' or '—'. Then the page is cut
into pieces: the ink of every table cell (a blank cell is no piece), and the bands of text
outside the tables (lines closer than ``_BAND_JOIN_IN`` are one band). The pieces are stacked
top to bottom, each on its own rows of a narrow canvas, and read by one tesseract pass:

- two cells side by side can no longer be read as one line ("7. Использование … Гайворонская
  Н.И. Май" garbled at the joins), and tesseract's line finder sees each cell's lines alone;
- tesseract's recurrent reader runs along every text line from its first to its last letter, so
  a table row read across the page pays for the blank between its cells; the stack has none,
  and the empty paper around and between the cells is not thresholded or searched for lines.

``Placement`` remembers where each piece came from, and ``words_to_page`` moves the words
tesseract read back into page pixels, so cells and text lines are assembled in page coordinates
as if the page had been read whole.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np

from parsers.ocr_grid import TableGrid
from parsers.ocr_words import Word

# pixels around a ruling that are painted white before OCR (the stroke's antialiased rim)
_ERASE_GROW = 3
# pixels inside a cell's borders left out of its piece (what erasing left of a ruling)
_CELL_RIM = 3
# a piece's ink: darker than halfway between its darkest pixel and paper; a piece whose darkest
# pixel is lighter than _BLANK_LEVEL, or with fewer than _MIN_INK such pixels, is blank
_BLANK_LEVEL = 200
_MIN_INK = 12
# a piece whose darkest pixel is at most this dark is left as it is; a fainter one is stretched
_DARK_ENOUGH = 40
# ink outside the tables: darker than this on the flattened page
_OUTSIDE_INK_LEVEL = 160
# text lines outside the tables closer than this (inches) are one band
_BAND_JOIN_IN = 0.15
# white margin around every piece in the stack (inches): tesseract needs paper around a line
_MARGIN_IN = 0.06


def gray_without_lines(gray: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The page with the table rulings painted white."""
    if not np.any(lines):
        return gray
    grown = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * _ERASE_GROW + 1, 2 * _ERASE_GROW + 1)))
    clean = gray.copy()
    clean[grown > 0] = 255
    return clean


@dataclass(frozen=True)
class Piece:
    """A cut of the page (grey, ink only) and where its top left corner was on the page."""

    image: np.ndarray
    top: int
    left: int


@dataclass(frozen=True)
class Placement:
    """Where a piece sits in a stack: rows ``start``..``end`` (margins included), and the offset
    that turns stack pixels back into page pixels."""

    start: int
    end: int
    dy: int
    dx: int


def ink_piece(region: np.ndarray, top: int, left: int) -> Piece | None:
    """The ink of ``region`` (page pixels from ``top``, ``left``) cut to its bounding box, or None
    when it is blank."""
    if region.size == 0:
        return None
    darkest = int(region.min())
    if darkest >= _BLANK_LEVEL:
        return None
    ink = region < (darkest + 255) // 2
    if int(np.count_nonzero(ink)) < _MIN_INK:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    cut = region[rows[0]: rows[-1] + 1, cols[0]: cols[-1] + 1]
    return Piece(_stretched(cut, darkest), top + int(rows[0]), left + int(cols[0]))


def _stretched(cut: np.ndarray, darkest: int) -> np.ndarray:
    """The cut's grey levels stretched so that its darkest ink is black and paper stays white:
    the pieces of a faint copy read as well as a dark one, whatever the stack's threshold."""
    if darkest <= _DARK_ENOUGH:
        return cut
    lut = np.clip((np.arange(256, dtype=np.float32) - darkest) * 255.0 / (255 - darkest), 0, 255).astype(np.uint8)
    return cv2.LUT(cut, lut)


def cell_pieces(gray: np.ndarray, grid: TableGrid) -> list[tuple[int, Piece]]:
    """(index in ``grid.cells``, piece) of every cell of the table that has ink."""
    pieces = []
    for index, cell in enumerate(grid.cells):
        top, left = cell.top + _CELL_RIM, cell.left + _CELL_RIM
        piece = ink_piece(gray[top: cell.bottom - _CELL_RIM, left: cell.right - _CELL_RIM], top, left)
        if piece is not None:
            pieces.append((index, piece))
    return pieces


def _runs(flags: np.ndarray, join: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in ``flags``, runs closer than ``join`` merged."""
    found = np.flatnonzero(flags)
    if found.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(found) > join)
    starts = np.concatenate(([found[0]], found[breaks + 1]))
    ends = np.concatenate((found[breaks], [found[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def outside_pieces(gray: np.ndarray, grids: list[TableGrid], dpi: int) -> list[Piece]:
    """The bands of text outside the tables, top to bottom, each cut to its ink."""
    outside = gray.copy()
    for grid in grids:
        outside[grid.top: grid.bottom, grid.left: grid.right] = 255
    ink = outside < _OUTSIDE_INK_LEVEL
    pieces = []
    for top, bottom in _runs(ink.any(axis=1), max(1, int(_BAND_JOIN_IN * dpi))):
        piece = ink_piece(outside[top:bottom], top, 0)
        if piece is not None:
            pieces.append(piece)
    return pieces


def stack(pieces: list[Piece], dpi: int) -> tuple[np.ndarray, list[Placement]]:
    """The pieces one below the other on white, left-aligned, each with a white margin."""
    margin = max(4, int(round(_MARGIN_IN * dpi)))
    width = max(piece.image.shape[1] for piece in pieces) + 2 * margin
    height = sum(piece.image.shape[0] + 2 * margin for piece in pieces)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    placements, y = [], 0
    for piece in pieces:
        h, w = piece.image.shape
        canvas[y + margin: y + margin + h, margin: margin + w] = piece.image
        placements.append(Placement(y, y + h + 2 * margin, piece.top - (y + margin), piece.left - margin))
        y += h + 2 * margin
    return canvas, placements


def words_to_pieces(words: list[Word], placements: list[Placement]) -> list[list[Word]]:
    """The words read in a stack, sorted to the pieces their centres fall in (stack pixels)."""
    starts = [p.start for p in placements]
    found: list[list[Word]] = [[] for _ in placements]
    for word in words:
        index = int(np.searchsorted(starts, word.cy, side="right")) - 1
        if 0 <= index < len(placements) and word.cy < placements[index].end:
            found[index].append(word)
    return found


def words_to_page(words: list[Word], placement: Placement, piece_number: int) -> list[Word]:
    """A piece's words moved back to page pixels; ``block`` becomes the piece's number so that
    words of two pieces are never taken for one tesseract line."""
    return [dataclasses.replace(w, left=w.left + placement.dx, top=w.top + placement.dy, block=piece_number)
            for w in words]
