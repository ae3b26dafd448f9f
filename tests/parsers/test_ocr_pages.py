"""Pages of one scan read several at a time: results in page order, the same document as a
sequential run, errors raised on their page's turn, also for the text-PDF parser's pages without
a text layer (the path a scanned PDF takes). The OCR tests run the real tesseract on a
three-page image-only PDF built from the two page crops in tests/fixtures/ocr."""
from __future__ import annotations

import io
import shutil
import threading
import time

import pytest
from PIL import Image

from parsers import ocr_scan
from parsers.intermediate import TextLine
from parsers.ocr_pages import pages_to_results
from parsers.ocr_scan import parse_scan_pdf
from parsers.pdf_text import parse_pdf
from parsers.settings import Settings
from tests.conftest import FIXTURES

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.mark.parametrize("workers, delays", [
    (1, [0.0, 0.0, 0.0]),
    (2, [0.05, 0.0, 0.02, 0.0]),  # page 1 finishes last
    (3, [0.03, 0.02, 0.01, 0.0, 0.0]),
    (4, [0.0]),  # more workers than pages
])
def test_results_come_in_page_order(workers, delays):
    def work(number, delay):
        time.sleep(delay)
        return number

    assert list(pages_to_results(delays, work, workers)) == list(range(1, len(delays) + 1))


class Overlap:
    """Counts how many calls of the wrapped page function run at the same time."""

    def __init__(self, seconds: float):
        self.seconds, self.running, self.peak, self.lock = seconds, 0, 0, threading.Lock()

    def around(self, page_function):
        def wrapped(*args):
            with self.lock:
                self.running += 1
                self.peak = max(self.peak, self.running)
            time.sleep(self.seconds)
            with self.lock:
                self.running -= 1
            return page_function(*args)

        return wrapped


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_at_most_workers_pages_run_at_once(workers):
    overlap = Overlap(0.02)
    work = overlap.around(lambda number, page: page)
    assert list(pages_to_results(range(8), work, workers)) == list(range(8))
    assert overlap.peak == workers


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_is_raised_on_its_page_turn(workers):

    def work(number, page):
        if number == 2:
            raise ValueError("page 2 is broken")
        return number

    results = pages_to_results(range(3), work, workers)
    assert next(results) == 1
    with pytest.raises(ValueError, match="page 2"):
        next(results)


def test_page_workers_setting_is_a_positive_whole_number():
    with pytest.raises(ValueError, match="max_ocr_page_workers"):
        Settings(max_ocr_page_workers=0)


def three_page_scan() -> bytes:
    crops = [Image.open(FIXTURES / "ocr" / name).convert("L")
             for name in ("001_p3_rows_5_to_7.jpg", "003_p2_table_top.jpg", "001_p3_rows_5_to_7.jpg")]
    buffer = io.BytesIO()
    crops[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=crops[1:])
    return buffer.getvalue()


@needs_tesseract
def test_pages_read_in_parallel_give_the_sequential_document():
    data = three_page_scan()
    sequential = parse_scan_pdf(data, Settings(max_ocr_page_workers=1))
    parallel = parse_scan_pdf(data, Settings(max_ocr_page_workers=2))
    assert sequential.pages == parallel.pages == 3
    assert [t.first_page for t in sequential.tables] == [1, 2, 3]
    assert parallel.blocks == sequential.blocks


@needs_tesseract
def test_a_scan_read_by_the_pdf_parser_gives_the_same_document_with_two_page_workers():
    data = three_page_scan()  # no text layer: parse_pdf sends every page to OCR
    sequential = parse_pdf(data, Settings(max_ocr_page_workers=1))
    parallel = parse_pdf(data, Settings(max_ocr_page_workers=2))
    assert sequential.source_format == parallel.source_format == "pdf_scan"
    assert [t.first_page for t in sequential.tables] == [1, 2, 3]
    assert parallel.blocks == sequential.blocks and parallel.warnings == sequential.warnings


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pdf_parser_ocrs_its_pages_without_text_workers_at_a_time(monkeypatch, workers):
    overlap = Overlap(0.05)
    slow_page = overlap.around(lambda gray, page, settings, dpi, hint=None: [TextLine(f"page {page}", page)])
    monkeypatch.setattr(ocr_scan, "gray_page_to_blocks", slow_page)
    doc = parse_pdf(three_page_scan(), Settings(max_ocr_page_workers=workers))
    assert doc.blocks == [TextLine(f"page {n}", n) for n in (1, 2, 3)]
    assert overlap.peak == workers
