"""parsers.ocr_numbers: the digits-only second look at a scan's number cells.

The rules run on made-up readings; the second look runs the real tesseract on a synthetic
number column drawn with PIL (DejaVu Sans), one cell blurred and JPEG-grey as a coarse scan
leaves it, with the page pass's readings given (a miss, a misreading, a Roman numeral, a
header, a blank cell)."""
from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from parsers.ocr_grid import Cell, TableGrid
from parsers.ocr_numbers import (
    CellReading,
    _is_misplaced,
    _is_unsure,
    _with_dots,
    fits_between,
    number_columns,
    reread_number_cells,
)
from parsers.settings import Settings

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ROW, NUMBER_WIDTH, TEXT_WIDTH = 90, 140, 500


def _table(rows: int) -> TableGrid:
    """A two-column grid: a number column and a text column, ``rows`` rows of ROW pixels."""
    cells = []
    for r in range(rows):
        top, bottom = 20 + r * ROW, 20 + (r + 1) * ROW
        cells.append(Cell(top, 20, bottom, 20 + NUMBER_WIDTH, r, 0))
        cells.append(Cell(top, 20 + NUMBER_WIDTH, bottom, 20 + NUMBER_WIDTH + TEXT_WIDTH, r, 1))
    grid = TableGrid(row_edges=tuple(20 + r * ROW for r in range(rows + 1)),
                     col_edges=(20, 20 + NUMBER_WIDTH, 20 + NUMBER_WIDTH + TEXT_WIDTH), cells=tuple(cells))
    return grid


def _readings(numbers: list[tuple[str, float | None]]) -> list[CellReading]:
    out = []
    for text, confidence in numbers:
        out += [CellReading(text, confidence), CellReading("Мероприятие", 95.0)]
    return out


def test_a_column_of_numbers_is_a_number_column_and_a_text_column_is_not():
    table = _table(4)
    readings = _readings([("№", 90.0), ("1.", 96.0), ("", None), ("3.", 96.0)])
    assert number_columns(table, readings) == {0}


def test_the_first_column_headed_no_sign_is_a_number_column_on_a_page_of_one_row():
    table = _table(2)
    assert number_columns(table, _readings([("№\nп/п", 90.0), ("Le", 62.0)])) == {0}
    assert number_columns(table, _readings([("Цель", 90.0), ("Le", 62.0)])) == set()


def test_what_a_number_column_rightly_holds_is_not_unsure():
    assert _is_unsure(CellReading("", None))
    assert _is_unsure(CellReading("De", 63.0))  # "5." as a coarse scan gave it
    assert _is_unsure(CellReading("Те", 52.0))
    for sure in (CellReading("5.", 96.0), CellReading("2.10\n.", 85.0), CellReading("II.", 70.0),
                 CellReading("№\nп/п", 80.0), CellReading("Ответственный", 40.0), CellReading("Май", 95.0)):
        assert not _is_unsure(sure), sure


def test_commas_read_for_dots_become_dots():
    assert _with_dots(CellReading("1,", 95.0)) == CellReading("1.", 95.0)
    assert _with_dots(CellReading("2,3", 90.0)) == CellReading("2.3", 90.0)
    assert _with_dots(CellReading("7:", 73.0)) == CellReading("7.", 73.0)
    assert _with_dots(CellReading("Май,", 90.0)) == CellReading("Май,", 90.0)


@pytest.mark.parametrize("number, above, below, fits", [
    ("5.", "4.", "6.", True),
    ("5.1.", "4.4.", "5.2.", True),
    ("2.", None, "4.", True),
    ("1.1", None, "1.2.", True),
    ("24", None, "4.", False),  # a stray mark after "2."
    ("9", "3.", "4.", False),
    ("12", "3.", None, False),  # too far from its neighbour
    ("5", None, None, False),  # nothing to compare with
])
def test_a_number_fits_between_its_neighbours(number, above, below, fits):
    assert fits_between(number, above, below) is fits


def test_an_unsure_number_out_of_order_is_misplaced_and_a_sure_one_is_not():
    assert _is_misplaced(CellReading("24", 73.0), (None, "4."))
    assert not _is_misplaced(CellReading("24", 96.0), (None, "4."))
    assert not _is_misplaced(CellReading("2.", 73.0), (None, "4."))
    assert not _is_misplaced(CellReading("24", 73.0), (None, None))


def _page(table: TableGrid, printed: list[str], degraded: set[int]) -> np.ndarray:
    """The table's number column as a grey scan: each text drawn in its cell, the ``degraded``
    rows blurred and saved as a low-quality JPEG."""
    height = table.bottom + 20
    width = table.right + 20
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for row, text in enumerate(printed):
        if text:
            draw.text((40, 20 + row * ROW + 25), text, font=font, fill=0)
    for row in degraded:
        box = (20, 20 + row * ROW, 20 + NUMBER_WIDTH, 20 + (row + 1) * ROW)
        part = image.crop(box).filter(ImageFilter.GaussianBlur(1.6))
        buffer = io.BytesIO()
        part.save(buffer, "JPEG", quality=20)
        image.paste(Image.open(buffer), box[:2])
    return np.array(image)


@needs_tesseract
def test_the_second_look_reads_the_missed_and_misread_numbers_and_leaves_the_rest():
    printed = ["№", "1.", "2.", "II.", "4.", "5.", "", "7."]
    table = _table(len(printed))
    image = _page(table, printed, degraded={2, 5})
    page_pass = _readings([("№", 90.0), ("1.", 96.0), ("", None), ("II.", 80.0), ("4.", 96.0),
                           ("De", 63.0), ("", None), ("7.", 96.0)])
    [reread] = reread_number_cells(image, [table], [page_pass], Settings(), 300)
    numbers = [reading.text.rstrip(".") for reading in reread[0::2]]  # a blurred dot may be lost
    assert numbers == ["№", "1", "2", "II", "4", "5", "", "7"]
    assert reread[1::2] == page_pass[1::2]  # the text column is never read again


def _reread_with_tesseract_replaced(monkeypatch, failure: Exception, page_pass: list[tuple[str, float | None]]):
    """The second look over a drawn "№ 1. 2. 3." column whose tesseract call raises ``failure``."""
    import parsers.ocr_numbers as ocr_numbers

    def stand_in(*args, **kwargs):
        raise failure

    monkeypatch.setattr(ocr_numbers, "gray_to_words", stand_in)
    printed = ["№", "1.", "2.", ""]
    table = _table(len(printed))
    readings = _readings(page_pass)
    return readings, reread_number_cells(_page(table, printed, set()), [table], [readings], Settings(), 300)


def test_a_table_without_unsure_number_cells_costs_no_tesseract_call(monkeypatch):
    # every number read, the blank cell has no ink
    readings, reread = _reread_with_tesseract_replaced(monkeypatch, AssertionError("tesseract was called"),
                                                       [("№", 90.0), ("1.", 96.0), ("2.", 96.0), ("", None)])
    assert reread == [readings]


def test_a_failed_second_look_keeps_the_page_pass(monkeypatch):
    from parsers.errors import ConversionFailed

    readings, reread = _reread_with_tesseract_replaced(monkeypatch, ConversionFailed("tesseract failed on a page"),
                                                       [("№", 90.0), ("1.", 96.0), ("", None), ("", None)])
    assert reread == [readings]  # "2." was missed and stays missed


@needs_tesseract
@pytest.mark.parametrize("page_index, dpi, angle, quality", [(2, 240, -0.7, 75), (2, 200, 0.4, 50)])
def test_a_coarse_tilted_jpeg_scan_keeps_every_rows_number(page_index, dpi, angle, quality):
    """One page of the 001 order as a poor scan: rendered at ``dpi``, turned ``angle`` degrees,
    stored as a JPEG of ``quality`` in a PDF, as a scanner writes it. The page pass alone leaves
    some number cells empty or misread ("De" for "5.", "24" for "2."); with the second look
    every row that has a measure also has its number."""
    from tests.conftest import shared_path

    pdf = shared_path("corpus", "001_835dafa0f7397687.pdf")
    if not pdf.exists():
        pytest.skip("../shared is not beside the repository")
    from parsers import parse_bytes
    from parsers.intermediate import RawTable
    from parsers.ocr_numbers import NUMBER
    from parsers.ocr_render import open_pdf, pdf_page_to_gray

    document = open_pdf(pdf.read_bytes())
    try:
        gray = pdf_page_to_gray(document, page_index, dpi)
    finally:
        document.close()
    page = Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=quality)
    scan = io.BytesIO()
    Image.open(jpeg).save(scan, "PDF", resolution=dpi)
    parsed = parse_bytes(scan.getvalue(), Settings())
    rows = [row.cells for block in parsed.blocks if isinstance(block, RawTable) for row in block.rows
            if len(row.cells) > 2]
    measures = [cells for cells in rows[1:] if cells[1].strip() and cells[1] != cells[0]]  # no header, no heading
    assert len(measures) >= 6
    assert all(NUMBER.match("".join(cells[0].split())) for cells in measures), [c[0] for c in measures]

