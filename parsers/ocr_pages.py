"""Pages of one scan OCR'd a few at a time, their results in page order.

Tesseract is an external process, so a thread per page in flight is enough to keep several
cores busy: the threads wait on tesseract and on OpenCV, which release the GIL. Pages are
produced (rendered) in the calling thread, one at a time, and at most ``workers`` pages are in
flight (and one more being rendered), so memory grows with the number of workers, not with
the page count. Results come out
in page order whatever order the pages finish in, so the document is the same as a sequential
run's. ``parsers.ocr_scan.pdf_pages_to_blocks`` uses it for chosen pages of a PDF (the text-PDF
parser's pages without a text layer).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Page = TypeVar("Page")
Result = TypeVar("Result")


def pages_to_results(pages: Iterable[Page], work: Callable[[int, Page], Result], workers: int) -> Iterator[Result]:
    """``work(number, page)`` for every page (numbered from 1), ``workers`` pages at a time,
    yielded in page order. An error on a page is raised when that page's turn comes."""
    numbered = enumerate(pages, start=1)
    if workers <= 1:
        for number, page in numbered:
            yield work(number, page)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr-page") as pool:
        pending: deque[Future] = deque()
        try:
            for number, page in numbered:
                pending.append(pool.submit(work, number, page))
                del page
                if len(pending) > workers:  # the next page renders while `workers` pages are read
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
