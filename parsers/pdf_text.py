"""Parser for PDFs with a text layer (printed from Word/LibreOffice, or scans with an OCR layer).

``parse_pdf(data, settings)`` reads the bytes with pdfplumber and emits, page by page and top to
bottom, the text outside tables as ``TextLine`` paragraphs (side-by-side blocks such as a
letterhead beside an approval stamp read left block first) and every table as one ``RawTable``
per page fragment with its column x-positions. Ruled tables come from pdfplumber's table finder
(``pdf_ruled``); a page without ruled tables is searched for a table printed without ruling
lines (``pdf_columns``). Fragments of one table on consecutive pages are made to have the same
columns (``pdf_fragments``); stitching them, dropping repeated headers and joining continued rows
is the shared assembly's job. Pages whose text runs sideways are turned first
(``pdf_rotation``). A page without a usable text layer (no characters, or glyphs without a
character map) is OCR'd once every page has been read, the pages without text of the document
``Settings.max_ocr_page_workers`` at a time (``parsers.ocr_scan.pdf_pages_to_blocks``), when the
OCR modules are installed, else it is skipped with a document warning; a blank page is skipped
silently. ``source_format`` is
"pdf_scan" when no page has a text layer.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any, Callable, Iterable

import pdfplumber
from pdfminer.pdftypes import PDFException
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from parsers.detect import is_pdf
from parsers.errors import CorruptFile, EncryptedFile, ExtractionError, UnsupportedFormat
from parsers.intermediate import Block, ParsedDocument, TextLine
from parsers.pdf_columns import ColumnModel, page_lines_to_borderless
from parsers.pdf_fragments import PageItem, align_page_fragments
from parsers.pdf_grid import GridTable, grid_to_raw_table
from parsers.pdf_limits import check_page_count, check_pdf_streams
from parsers.pdf_lines import Line, chars_to_words, lines_to_paragraphs, words_to_lines
from parsers.pdf_objects import fill_page_objects
from parsers.pdf_rotation import page_text_angle, rotate_pdf_pages
from parsers.text_encoding import char_as_cp1251, is_cp1251_read_as_cp1252
from parsers.pdf_ruled import page_to_ruled_tables
from parsers.settings import Settings

PDF_ERRORS = (PdfminerException, PDFException, PSException)
# a line holding only a page number ("3", "- 3 -") in the top or bottom margin is dropped
PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")
MARGIN_SHARE = 0.12
# a page with fewer characters than this, mostly covered by an image, is a scan with a stamp
SCAN_MAX_CHARS = 20
SCAN_IMAGE_SHARE = 0.5
# a page with no characters, no images and fewer drawings than this is blank: nothing to OCR
BLANK_MAX_DRAWINGS = 10
# a text layer with more than this share of "(cid:…)" glyphs cannot be read: the page is OCRed
UNMAPPED_SHARE = 0.3


def open_pdf(data: bytes) -> Any:
    """pdfplumber's document for the bytes, or a typed error saying why it cannot be read.

    pdfminer tries the empty user password first, so a PDF with only an owner password
    (printing or copying restricted) opens and is read like any other.
    """
    if not is_pdf(data):
        raise UnsupportedFormat("the file is not a PDF (no %PDF header in its first kilobyte)")
    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except PDF_ERRORS as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        reason = f"{type(inner).__name__}: {inner}".rstrip(": ")
        if "password" in reason.lower() or "encrypt" in reason.lower():
            raise EncryptedFile("the PDF is protected by a password; save an unprotected copy and run again") from exc
        raise CorruptFile(f"the PDF cannot be read ({reason}); check that the file is complete") from exc


def pdf_page_count(pdf: Any) -> int:
    """The page count from the page tree's /Count, without building every page object."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        if isinstance(count, int) and count >= 0:
            return count
    except Exception:  # a damaged page tree: let pdfplumber walk it
        pass
    return len(pdf.pages)


def page_chars(page: Any) -> list[dict]:
    """The page's characters inside its box, with exact duplicates (fake bold) removed; a page
    whose Russian text shows in the wrong code page ("Ïëàí" for "План": a font without a
    character map read as WinAnsi) gets its characters re-read (in place, for every reader of
    the page)."""
    fill_page_objects(page)
    if is_cp1251_read_as_cp1252("".join(ch["text"] for ch in page.chars)):
        for ch in page.chars:
            ch["text"] = char_as_cp1251(ch["text"]) if len(ch["text"]) == 1 else ch["text"]
    x0, top, x1, bottom = page.bbox
    seen: set[tuple] = set()
    out = []
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(ch)
    return out


def is_blank_page(page: Any, chars: list[dict]) -> bool:
    """Nothing to read: no characters, no images and hardly any drawing."""
    return not chars and not page.images and len(page.curves) + len(page.rects) + len(page.lines) < BLANK_MAX_DRAWINGS


def has_unmapped_text(chars: list[dict]) -> bool:
    """A text layer whose font has no character map: pdfminer prints "(cid:123)" for its glyphs."""
    unmapped = sum(1 for ch in chars if ch["text"].startswith("(cid:"))
    return unmapped > UNMAPPED_SHARE * len(chars)


def is_scanned_page(page: Any, chars: list[dict]) -> bool:
    """No usable text layer: no characters, glyphs without a character map, or a few
    characters on a page that is one big image."""
    if not chars or has_unmapped_text(chars):
        return True
    if len(chars) >= SCAN_MAX_CHARS:
        return False
    area = float(page.width * page.height) or 1.0
    covered = sum(float(im["width"] * im["height"]) for im in page.images)
    return covered / area >= SCAN_IMAGE_SHARE


def drop_page_numbers(lines: list[Line], page_height: float) -> list[Line]:
    """Remove a page-number line printed first or last on the page, in the margin."""
    out = list(lines)
    if out and PAGE_NUMBER.match(out[0].text) and out[0].bottom <= MARGIN_SHARE * page_height:
        out.pop(0)
    if out and PAGE_NUMBER.match(out[-1].text) and out[-1].top >= (1 - MARGIN_SHARE) * page_height:
        out.pop()
    return out


def outside_tables(chars: list[dict], tables: list[GridTable]) -> list[dict]:
    boxes = [t.bbox for t in tables]
    out = []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            out.append(ch)
    return out


def lines_and_tables_to_items(lines: list[Line], tables: list[GridTable], page: int) -> list[PageItem]:
    """Text bands between the tables as paragraphs, tables in between, top to bottom."""
    tables = sorted(tables, key=lambda t: t.top)
    bands: list[list[Line]] = [[] for _ in range(len(tables) + 1)]
    for line in lines:
        cy = (line.top + line.bottom) / 2
        bands[sum(1 for t in tables if t.top < cy)].append(line)
    items: list[PageItem] = []
    for k, band in enumerate(bands):
        items.extend(TextLine(text, page) for text in lines_to_paragraphs(band))
        if k < len(tables):
            items.append(tables[k])
    return items


def text_page_to_items(page: Any, chars: list[dict], number: int,
                       carried: ColumnModel | None) -> tuple[list[PageItem], ColumnModel | None]:
    """One page with a text layer: its paragraphs and table fragments; the model to carry on."""
    tables = page_to_ruled_tables(page, chars, number)
    lines = words_to_lines(chars_to_words(outside_tables(chars, tables)))
    lines = drop_page_numbers(lines, float(page.height))
    if tables:
        return lines_and_tables_to_items(lines, tables, number), None
    found = page_lines_to_borderless(lines, number, carried)
    if found.table is None:
        return lines_and_tables_to_items(lines, [], number), None
    items = lines_and_tables_to_items(found.before, [], number)
    items.append(found.table)
    items.extend(lines_and_tables_to_items(found.after, [], number))
    return items, found.carry


PagesOcr = Callable[[bytes, list[int], Settings], Iterable["list[Block] | ExtractionError"]]


def find_page_ocr() -> PagesOcr | None:
    """``parsers.ocr_scan.pdf_pages_to_blocks``: for the given 0-based pages, in turn, their
    blocks or the error that stopped them. Imported on first use so that OpenCV and the OCR path
    load only for a PDF with a page without text (None would mean OCR is switched off)."""
    from parsers.ocr_scan import pdf_pages_to_blocks

    return pdf_pages_to_blocks


def scanned_pages_to_items(data: bytes, indices: list[int], settings: Settings, warnings: dict[int, list[str]],
                           failures: list[ExtractionError]) -> dict[int, list[PageItem]]:
    """OCR the pages without a text layer (several at a time), or record why each was skipped."""
    ocr = find_page_ocr()
    if ocr is None:
        for index in indices:
            warnings[index].append(f"page {index + 1} has no text layer; OCR is not available")
        return {}
    items: dict[int, list[PageItem]] = {}
    try:
        results = list(ocr(data, indices, settings))
    except ExtractionError as exc:  # the document could not be opened for rendering
        results = [exc] * len(indices)
    for index, result in zip(indices, results):
        if isinstance(result, ExtractionError):
            failures.append(result)
            warnings[index].append(f"page {index + 1} has no text layer and OCR failed: {result.message}")
        else:
            items[index] = list(result)
    return items


def turned_page_to_items(data: bytes, index: int, angle: int,
                         carried: ColumnModel | None) -> tuple[list[PageItem], ColumnModel | None]:
    """A page whose text runs sideways, read from a copy of the PDF with that page turned."""
    with open_pdf(rotate_pdf_pages(data, {index: angle})) as turned:
        page = turned.pages[index]
        return text_page_to_items(page, page_chars(page), index + 1, carried)


def item_to_block(item: PageItem) -> Block:
    return grid_to_raw_table(item) if isinstance(item, GridTable) else item


def read_page(data: bytes, page: Any, index: int, carried: ColumnModel | None,
              warnings: list[str]) -> tuple[list[PageItem] | None, ColumnModel | None, bool]:
    """One page's items (None for a page to OCR), the borderless model to carry on, and whether
    it had a text layer."""
    chars = page_chars(page)
    if is_blank_page(page, chars):
        return [], None, False
    if is_scanned_page(page, chars):
        if chars:
            warnings.append(f"page {index + 1}: the text layer's font has no character map; the page is read as a scan")
        return None, None, False
    angle = page_text_angle(chars)
    if angle:
        warnings.append(f"page {index + 1}: text printed at {angle} degrees; the page was turned to read it")
        return (*turned_page_to_items(data, index, angle, carried), True)
    return (*text_page_to_items(page, chars, index + 1, carried), True)


def parse_pdf(data: bytes, settings: Settings | dict | None = None) -> ParsedDocument:
    """A PDF's bytes to the parser intermediate (see the module docstring)."""
    settings = Settings.resolve(settings)
    warnings: dict[int, list[str]] = defaultdict(list)  # by page, so OCR's stay in page order
    ocr_failures: list[ExtractionError] = []
    pages: list[list[PageItem]] = []
    to_ocr: list[int] = []
    carried: ColumnModel | None = None
    text_pages = 0
    check_pdf_streams(data, settings)
    with open_pdf(data) as pdf:
        check_page_count(pdf_page_count(pdf), settings)
        try:
            page_count = len(pdf.pages)
        except PDF_ERRORS as exc:
            raise CorruptFile(f"the PDF's page tree cannot be read ({type(exc).__name__}); "
                              "check that the file is complete") from exc
        if page_count == 0:
            raise CorruptFile("the PDF has no readable pages; it may be truncated or damaged, download it again")
        for index, page in enumerate(pdf.pages):
            items: list[PageItem] | None = []
            try:
                items, carried, has_text = read_page(data, page, index, carried, warnings[index])
                text_pages += has_text
            except PDF_ERRORS as exc:
                warnings[index].append(f"page {index + 1} cannot be read ({type(exc).__name__}: {exc}); it was skipped")
                carried = None
            finally:
                page.flush_cache()
            if items is None:
                to_ocr.append(index)
            pages.append(items or [])
    if to_ocr:
        for index, items in scanned_pages_to_items(data, to_ocr, settings, warnings, ocr_failures).items():
            pages[index] = items
    if not text_pages and ocr_failures:
        raise ocr_failures[0]
    blocks = [item_to_block(item) for items in align_page_fragments(pages) for item in items]
    return ParsedDocument(source_format="pdf" if text_pages else "pdf_scan", blocks=blocks, pages=page_count,
                          warnings=[w for index in sorted(warnings) for w in warnings[index]])
