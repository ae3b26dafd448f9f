"""Scanned PDFs and images: one tesseract pass per page, each cell's ink read as a piece of its own.

Per page: render (or decode) -> deskew -> find the ruled tables -> flatten the paper and erase
the rulings -> cut the ink of every cell and the bands of text outside the tables into pieces,
stacked into one image and read in one tesseract pass (see ocr_layout, ocr_reading) -> a cell's
text is its piece's words; the words outside every table become ``TextLine``s in reading order
(see ocr_text). A page that reads badly and that tesseract's OSD finds turned is read again
turned upright (see ocr_orientation). Each table on a page is one ``RawTable`` fragment, its
``column_edges`` in PDF points (pixels * 72 / dpi) as the PDF parser gives them; merged cells follow the merge rule of
``parsers.table_grid`` (as in DOCX and PDF: an executor merged over two items is in both rows).
Pages are processed and dropped one at a time, or ``Settings.max_ocr_page_workers`` at a time
(parsers.ocr_pages), the blocks always in page order.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from parsers.errors import CorruptFile, ExtractionError
from parsers.intermediate import Block, ParsedDocument, RawTable, TextLine
from parsers.ocr_grid import TableGrid, gray_to_grids
from parsers.ocr_layout import Piece, cell_pieces, gray_without_lines, outside_pieces
from parsers.ocr_numbers import CellReading, reread_number_cells
from parsers.ocr_render import (
    gray_to_deskewed,
    gray_to_flattened,
    gray_to_skew_angle,
    image_bytes_to_gray_pages,
    open_pdf,
    pdf_bytes_to_gray_pages,
    pdf_page_to_gray,
)
from parsers.ocr_orientation import Orientation, good_share, osd_rotation, reads_badly, turned
from parsers.ocr_pages import pages_to_results
from parsers.ocr_reading import read_pieces
from parsers.ocr_text import cell_text_corrected, words_to_corrected, words_to_text_lines
from parsers.ocr_words import Word, words_to_cell_text
from parsers.pdf_limits import check_pdf_streams
from parsers.settings import Settings
from parsers.table_grid import SpanCell, spans_to_rows


def gray_to_prepared(gray: np.ndarray, settings: Settings) -> np.ndarray:
    """A page as tesseract should see it: straightened when ``settings.ocr_deskew``."""
    if not settings.ocr_deskew:
        return gray
    return gray_to_deskewed(gray, gray_to_skew_angle(gray))


def table_to_raw_table(grid: TableGrid, readings: list[CellReading], page: int, dpi: int,
                       settings: Settings) -> RawTable:
    """One page fragment of a table: the text of each cell, merged cells by the merge rule of
    ``parsers.table_grid``; column edges in PDF points (pixels * 72 / dpi)."""
    cells = []
    for cell, reading in zip(grid.cells, readings):
        text, confidence = reading.text, reading.confidence
        doubt = ()
        if text and confidence is not None and confidence < settings.ocr_low_confidence:
            doubt = (f"low OCR confidence ({confidence:.0f}) in column {cell.col + 1}",)
        cells.append(SpanCell(cell.row, cell.col, cell.row_span, cell.col_span, text, doubt))
    edges = [round(x * 72 / dpi, 2) for x in grid.col_edges]
    return RawTable(rows=spans_to_rows(cells, page, width=grid.n_cols), column_edges=edges)


def interleave(text_lines: list[tuple[float, TextLine]], tables: list[tuple[float, RawTable]]) -> list[Block]:
    """Text lines in their own order, each table placed before the first line below its top."""
    blocks: list[Block] = []
    pending = sorted(tables, key=lambda t: t[0])
    for top, line in text_lines:
        while pending and pending[0][0] <= top:
            blocks.append(pending.pop(0)[1])
        blocks.append(line)
    blocks.extend(table for _, table in pending)
    return blocks


@dataclass
class PageReading:
    """What one tesseract pass over a page's pieces gave: the page cleaned of its rulings, the
    grids, how many pieces lie outside the tables, each table's (cell index, piece) list, and
    the corrected words by piece."""

    gray: np.ndarray
    grids: list[TableGrid]
    outside_count: int
    in_cells: list[list[tuple[int, Piece]]]
    by_piece: dict[int, list[Word]]

    @property
    def words(self) -> list[Word]:
        return [w for words in self.by_piece.values() for w in words]


def read_page(gray: np.ndarray, settings: Settings, dpi: int) -> PageReading:
    """Prepare a page, find its tables, cut it into pieces and read them in one pass."""
    gray = gray_to_prepared(gray, settings)
    grids, lines = gray_to_grids(gray, dpi)
    gray = gray_without_lines(gray_to_flattened(gray), lines)
    del lines
    outside = outside_pieces(gray, grids, dpi)
    in_cells = [cell_pieces(gray, grid) for grid in grids]
    pieces = outside + [piece for cells in in_cells for _, piece in cells]
    read = read_pieces(pieces, settings, dpi)
    by_piece: dict[int, list[Word]] = {}
    for word in words_to_corrected([w for words in read for w in words]):
        by_piece.setdefault(word.block, []).append(word)
    return PageReading(gray, grids, len(outside), in_cells, by_piece)


def read_upright(gray: np.ndarray, page: int, settings: Settings, dpi: int,
                 hint: Orientation | None = None) -> tuple[PageReading, str | None]:
    """The page's reading, turned upright when it lies turned (see ocr_orientation), and the
    sentence saying so, or None. The page is first read as the document's earlier pages lay
    (``hint``, updated here); only a page that reads badly is asked of OSD."""
    tried = hint.degrees if hint is not None else 0
    reading = read_page(turned(gray, tried) if tried else gray, settings, dpi)
    degrees = tried
    if reads_badly(reading.words):
        asked = osd_rotation(gray, dpi, settings)
        if asked != tried:
            again = read_page(turned(gray, asked) if asked else gray, settings, dpi)
            if good_share(again.words) > good_share(reading.words):
                reading, degrees = again, asked
    if hint is not None:
        hint.degrees = degrees
    if not degrees:
        return reading, None
    return reading, f"page {page} was scanned turned; it was read after turning it {degrees} degrees clockwise"


def gray_page_to_blocks(gray: np.ndarray, page: int, settings: Settings, dpi: int,
                        hint: Orientation | None = None) -> list[Block]:
    """OCR one page image: its text lines and table fragments in reading order; ``hint``: how
    the document's earlier pages lay (see read_upright)."""
    reading, turn_note = read_upright(gray, page, settings, dpi, hint)
    del gray
    by_piece = reading.by_piece
    readings: list[list[CellReading]] = []
    number = reading.outside_count
    for grid, cells in zip(reading.grids, reading.in_cells):
        table = [CellReading("", None)] * len(grid.cells)
        for index, _ in cells:
            text, confidence = words_to_cell_text(by_piece.get(number, []))
            table[index] = CellReading(cell_text_corrected(text), confidence)
            number += 1
        readings.append(table)
    readings = reread_number_cells(reading.gray, reading.grids, readings, settings, dpi)
    page_width = reading.gray.shape[1]
    tables = [(float(grid.top), table_to_raw_table(grid, cells, page, dpi, settings))
              for grid, cells in zip(reading.grids, readings)]
    if turn_note:
        for _, table in tables:
            table.warnings.append(turn_note)
    outside_words = [w for i in range(reading.outside_count) for w in by_piece.get(i, [])]
    text_lines = [(float(p.top), TextLine(p.text, page)) for p in words_to_text_lines(outside_words, page_width, dpi)]
    return interleave(text_lines, tables)


def gray_pages_to_document(pages: Iterable[np.ndarray], source_format: str, settings: Settings,
                           dpi: int) -> ParsedDocument:
    """OCR pages into one document, ``settings.max_ocr_page_workers`` pages at a time (see
    ocr_pages), each image dropped once read; blocks in page order."""
    doc = ParsedDocument(source_format=source_format)
    count = 0

    hint = Orientation()

    def read(number: int, gray: np.ndarray) -> list[Block]:
        return gray_page_to_blocks(gray, number, settings, dpi, hint)

    for count, blocks in enumerate(pages_to_results(pages, read, settings.max_ocr_page_workers), start=1):
        doc.blocks.extend(blocks)
    if count == 0:
        raise CorruptFile("the file has no pages to OCR")
    doc.pages = count
    if not doc.blocks:
        doc.warnings.append("OCR found no text on any page; check that the scan is not blank or too faint")
    return doc


def parse_scan_pdf(data: bytes, settings: Settings) -> ParsedDocument:
    """A scanned PDF (page images, no usable text layer), OCR'd page by page."""
    settings = Settings.resolve(settings)
    check_pdf_streams(data, settings)
    pages = pdf_bytes_to_gray_pages(data, settings.ocr_dpi, settings)
    return gray_pages_to_document(pages, "pdf_scan", settings, settings.ocr_dpi)


def parse_image(data: bytes, settings: Settings) -> ParsedDocument:
    """A PNG, JPEG or TIFF (every frame of a multi-page TIFF is a page), OCR'd page by page."""
    settings = Settings.resolve(settings)
    pages = image_bytes_to_gray_pages(data, settings.ocr_dpi, settings)
    return gray_pages_to_document(pages, "image", settings, settings.ocr_dpi)


def ocr_pdf_page(data: bytes, page_index: int, settings: Settings) -> list[Block]:
    """OCR one page (0-based ``page_index``) of a PDF: for the PDF parser's pages without text."""
    settings = Settings.resolve(settings)
    pdf = open_pdf(data)
    try:
        if not 0 <= page_index < len(pdf):
            raise CorruptFile(f"the PDF has {len(pdf)} pages, so page index {page_index} does not exist")
        gray = pdf_page_to_gray(pdf, page_index, settings.ocr_dpi, settings)
    finally:
        pdf.close()
    return gray_page_to_blocks(gray, page_index + 1, settings, settings.ocr_dpi)


def pdf_pages_to_blocks(data: bytes, indices: list[int], settings: Settings) -> Iterator[list[Block] | ExtractionError]:
    """OCR the pages ``indices`` (0-based) of a PDF, ``settings.max_ocr_page_workers`` at a time;
    for each page in turn its blocks, or the ``ExtractionError`` that stopped it. pdfium is not
    thread-safe, so pages are rendered in the calling thread from one open document, and only the
    OCR of each runs on the threads."""
    pdf = open_pdf(data)

    def rendered() -> Iterator[tuple[int, object]]:
        for index in indices:
            try:
                yield index, pdf_page_to_gray(pdf, index, settings.ocr_dpi, settings)
            except ExtractionError as exc:
                yield index, exc

    hint = Orientation()

    def read(_: int, page: tuple[int, object]) -> list[Block] | ExtractionError:
        index, gray = page
        if isinstance(gray, ExtractionError):
            return gray
        try:
            return gray_page_to_blocks(gray, index + 1, settings, settings.ocr_dpi, hint)
        except ExtractionError as exc:
            return exc

    try:
        yield from pages_to_results(rendered(), read, settings.max_ocr_page_workers)
    finally:
        pdf.close()
