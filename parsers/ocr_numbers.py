"""A second, digits-only look at the number cells the page pass left empty or unsure.

A measure's number ("5.", "3.1") is a glyph or two alone in a narrow cell. On a coarse, tilted
or JPEG-blurred scan the page pass of tesseract sometimes leaves such a cell empty, reads "De"
or "Те" for "5." and "7.", or "1," for "1.", and the row loses its number. After the page pass,
in each column of a table where most filled cells hold numbers (the first column: already when
one does, or when it is headed "№"):

- a number read with a comma or a colon for a dot ("1,", "2,3", "7:") gets its dots back;
- every single-column cell that came out empty but holds ink, as a short text that is not a
  number, not a Roman numeral and not a header's "№ п/п", or as an unsure number that does not
  sort between its neighbours ("24" above "4."), is cut out of the page; the cuts are scaled
  to a height tesseract reads well, binarised, stacked with white between them (ocr_layout.stack) and
  read in one more tesseract call that knows only digits and the dot. A cut read as a number
  gives the cell its text when it sorts between the numbers above and below it in the column
  ("4." "5." "6.", "4.4." "5.1." "5.2.") and tesseract is fairly sure of it, or, in a cell the
  page pass read no number in, when tesseract is sure of it; anything else leaves the cell as
  it was.

One more call per page that has such cells, none on a page without them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from parsers.errors import ConversionFailed
from parsers.ocr_grid import TableGrid
from parsers.ocr_layout import Piece, ink_piece, stack, words_to_pieces
from parsers.ocr_words import Word, gray_to_words
from parsers.settings import Settings

# what a digits-only reading can give and may replace a cell with (table_grid.ITEM_NUMBER, the
# parsers' "is this an item number?", also takes Roman numerals and "5)", which this look must
# leave alone)
NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}\.?$")
# a number as OCR may read it, with commas or colons for dots
NUMBER_WITH_COMMAS = re.compile(r"^\d{1,3}(?:[.,:]\d{1,3}){0,3}[.,:]?$")
# what a number column may rightly hold besides numbers: Roman section numbers, the header's "№ п/п"
ROMAN = re.compile(r"^[IVXLІХ]{1,6}[.)]?$")
HEADER_MARKS = ("№", "/")
DIGITS = "0123456789."
# a column is a number column when at least this share of its filled cells (and two, or one in
# the first column) are numbers
_NUMBER_SHARE = 0.5
# an unsure reading: this many characters at most (spaces not counted), under this confidence
_SHORT = 4
_SURE = 90.0
# the confidence a digits-only reading needs: alone, and in sequence with a neighbour
_ACCEPT = 70.0
_ACCEPT_IN_SEQUENCE = 30.0
# cuts read again per page at the most (a strip taller than this is not worth one more call)
_MOST_CUTS = 200
# a neighbour is near when its first part differs by this much at most
_NEAR = 2
# the cell's rim left out of the cut (remnants of the erased rulings), and white around each cut
_RIM = 4
_MARGIN = 24
# cuts are scaled so that their ink is at least this tall (pixels), at most by _MAX_SCALE
_INK_HEIGHT = 40
_MAX_SCALE = 4.0


@dataclass(frozen=True)
class CellReading:
    """What the page pass read in one cell: its text and the mean confidence of its words."""

    text: str
    confidence: float | None


def _compact(text: str) -> str:
    return "".join(text.split())


def number_columns(table: TableGrid, readings: list[CellReading]) -> set[int]:
    """The columns of ``table`` whose single-column cells mostly hold numbers."""
    filled: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for box, reading in zip(table.cells, readings):
        if box.col_span != 1 or not reading.text:
            continue
        filled[box.col] = filled.get(box.col, 0) + 1
        if NUMBER_WITH_COMMAS.match(_compact(reading.text)):
            numbers[box.col] = numbers.get(box.col, 0) + 1
    first = min((box.col for box in table.cells), default=0)
    columns = {col for col, count in numbers.items()
               if count >= (1 if col == first else 2) and count >= _NUMBER_SHARE * filled[col]}
    if any("№" in reading.text for box, reading in zip(table.cells, readings) if box.col == first and box.col_span == 1):
        columns.add(first)  # headed "№ п/п": a page holding one or two rows is numbered too
    return columns


def _is_unsure(reading: CellReading) -> bool:
    """Empty, or a short reading that is none of what a number column rightly holds."""
    text = _compact(reading.text)
    if not text:
        return True
    if (NUMBER_WITH_COMMAS.match(text) or ROMAN.match(text) or any(m in text for m in HEADER_MARKS)
            or len(text) > _SHORT):
        return False
    return reading.confidence is None or reading.confidence < _SURE


def _is_misplaced(reading: CellReading, neighbours: tuple[str | None, str | None]) -> bool:
    """A number the page pass was not sure of that does not sort between its neighbours
    ("24" above "4.": a "2." read with a stray mark)."""
    text = _compact(reading.text)
    return (bool(NUMBER.match(text)) and (reading.confidence is None or reading.confidence < _SURE)
            and any(n is not None for n in neighbours) and not fits_between(text, *neighbours))


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in _compact(number).strip(".").split("."))


def _neighbours(table: TableGrid, cells: list[CellReading], index: int) -> tuple[str | None, str | None]:
    """The numbers read in the same column nearest above and below cell ``index``."""
    box = table.cells[index]
    column = sorted((b.row, i) for i, b in enumerate(table.cells) if b.col == box.col and b.col_span == 1)
    numbers = [(row, _compact(cells[i].text)) for row, i in column if i != index and NUMBER.match(_compact(cells[i].text))]
    above = [n for row, n in numbers if row < box.row]
    below = [n for row, n in numbers if row > box.row]
    return (above[-1] if above else None), (below[0] if below else None)


def fits_between(number: str, above: str | None, below: str | None) -> bool:
    """Whether ``number`` sorts after the number above it and before the one below (as numbered
    lists do: 4.4 < 5.1 < 5.2), with its first part within ``_NEAR`` of a neighbour's."""
    if above is None and below is None:
        return False
    parts = _parts(number)
    if (above is not None and not _parts(above) < parts) or (below is not None and not parts < _parts(below)):
        return False
    return any(n is not None and abs(_parts(n)[0] - parts[0]) <= _NEAR for n in (above, below))


def _with_dots(reading: CellReading) -> CellReading:
    if ("," in reading.text or ":" in reading.text) and NUMBER_WITH_COMMAS.match(_compact(reading.text)):
        return CellReading(reading.text.replace(",", ".").replace(":", "."), reading.confidence)
    return reading


def _ink_cut(image: np.ndarray, top: int, left: int, bottom: int, right: int) -> np.ndarray | None:
    """The cell's ink (ocr_layout.ink_piece) with a white margin, scaled up when small and
    binarised; None when the cell is blank."""
    piece = ink_piece(image[top + _RIM: bottom - _RIM, left + _RIM: right - _RIM], top + _RIM, left + _RIM)
    if piece is None:
        return None
    cut = piece.image
    scale = min(_MAX_SCALE, max(1.0, _INK_HEIGHT / cut.shape[0]))
    if scale > 1.0:
        cut = cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    # black on white by the cut's own threshold: a blurred or JPEG-grey digit alone in its cell
    # is what tesseract misreads; binarised it reads it surely
    _, cut = cv2.threshold(cut, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return cv2.copyMakeBorder(cut, _MARGIN, _MARGIN, _MARGIN, _MARGIN, cv2.BORDER_CONSTANT, value=255)


def _words_to_number(words: list[Word]) -> str | None:
    text = "".join(w.text for w in sorted(words, key=lambda w: w.left))
    return text if NUMBER.match(text) else None


def reread_number_cells(image: np.ndarray, tables: list[TableGrid], readings: list[list[CellReading]],
                        settings: Settings, dpi: int) -> list[list[CellReading]]:
    """``readings`` (per table, per cell in ``table.cells`` order) with the unsure cells of the
    number columns read again, digits only; a cell read as a number gets that reading's text and
    its words' mean confidence."""
    out = [list(cells) for cells in readings]
    wanted: list[tuple[int, int, bool]] = []  # (table, cell, whether the page pass read a number out of order)
    cuts: list[np.ndarray] = []
    for t, (table, cells) in enumerate(zip(tables, out)):
        columns = number_columns(table, cells)
        chosen = [c for c, box in enumerate(table.cells) if box.col_span == 1 and box.col in columns]
        for c in chosen:
            cells[c] = _with_dots(cells[c])
        for c in chosen:
            reading, box = cells[c], table.cells[c]
            misplaced = _is_misplaced(reading, _neighbours(table, cells, c))
            if not (misplaced or _is_unsure(reading)):
                continue
            cut = _ink_cut(image, box.top, box.left, box.bottom, box.right)
            if cut is not None:
                wanted.append((t, c, misplaced))
                cuts.append(cut)
    if not cuts:
        return out
    wanted, cuts = wanted[:_MOST_CUTS], cuts[:_MOST_CUTS]
    strip, placements = stack([Piece(cut, 0, 0) for cut in cuts], dpi)
    try:
        words = gray_to_words(strip, settings, dpi, whitelist=DIGITS)
    except ConversionFailed:  # the second look is a help, not a need: the page pass stands
        return out
    found: dict[tuple[int, int], CellReading] = {}
    for (t, c, misplaced), inside in zip(wanted, words_to_pieces(words, placements)):
        number = _words_to_number(inside)
        confidences = [w.conf for w in inside if w.conf >= 0]
        confidence = sum(confidences) / len(confidences) if confidences else 0.0
        if number is None or confidence < _ACCEPT_IN_SEQUENCE:
            continue
        fits = fits_between(number, *_neighbours(tables[t], out[t], c))
        if fits or (confidence >= _ACCEPT and not misplaced):
            found[(t, c)] = CellReading(number, confidence)
    for (t, c), reading in found.items():  # after all are judged: neighbours are the page pass's
        out[t][c] = reading
    return out
