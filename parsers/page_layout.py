"""What the parsers saw on each page: a small rendering with the table and cell boxes they found.

For review, not for extraction: ``page_layouts(data, settings)`` renders every page of a PDF (or
frame of an image) small and returns, in the rendering's pixels, the boxes of the tables and cells
that the parsers' own detection finds there. Nothing is detected a second time here: a page with a
text layer goes through the PDF parser's page step (``pdf_text.text_page_to_items``: pdfplumber's
ruled-table finder in ``pdf_ruled`` with its settings, the borderless column model of
``pdf_columns`` carried from page to page as the parser carries it, pages with turned text turned
first); a page without a text layer (a scan) goes through the OCR path's deskew and OpenCV grid
(``ocr_scan.gray_to_prepared``, ``ocr_grid.gray_to_grids``). The grid search of the OCR path runs
at 150 dpi whatever the OCR resolution, so scans are rendered at that resolution here.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from parsers.detect import detect_format
from parsers.errors import UnsupportedFormat
from parsers.settings import Settings

# scans are rendered at the resolution the grid search of the OCR path works at
SCAN_DPI = 150
DEFAULT_WIDTH = 820  # pixels across a rendered page
DEFAULT_MAX_PAGES = 20
JPEG_QUALITY = 50


@dataclass(frozen=True)
class Box:
    """A rectangle in the rendering's pixels; ``row`` and ``col`` place a cell in its table."""

    left: float
    top: float
    right: float
    bottom: float
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class TableBox:
    """One table fragment found on a page: its outline, its cells, and how it was found."""

    box: Box
    cells: tuple[Box, ...]
    kind: str  # "ruled" (pdfplumber), "borderless" (column model), "scan" (OpenCV grid)


@dataclass(frozen=True)
class PageLayout:
    page: int  # 1-based
    width: int  # pixels of the rendering
    height: int
    image: bytes  # JPEG of the page, grey
    source: str  # "text", "scan" or "blank"
    tables: tuple[TableBox, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def mime(self) -> str:
        return "image/jpeg"

    @property
    def cell_count(self) -> int:
        return sum(len(t.cells) for t in self.tables)


def gray_to_jpeg(gray: np.ndarray, width: int) -> tuple[bytes, float]:
    """The grey page reduced to ``width`` pixels (never enlarged) as JPEG, and the factor used."""
    factor = min(1.0, width / gray.shape[1])
    if factor < 1.0:
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    out = io.BytesIO()
    Image.fromarray(gray).save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), factor


def grid_table_to_box(table, scale: float, origin: tuple[float, float]) -> TableBox:
    """A PDF parser's ``GridTable`` (points) to boxes in pixels: each row's band cut at its cells."""
    ox, oy = origin

    def px(x: float, y: float) -> tuple[float, float]:
        return round((x - ox) * scale, 1), round((y - oy) * scale, 1)

    x0, top, x1, bottom = table.bbox
    left, top_px = px(x0, top)
    right, bottom_px = px(x1, bottom)
    cells = []
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            cl, ct = px(cell.x0, row.top)
            cr, cb = px(cell.x1, row.bottom)
            cells.append(Box(cl, ct, cr, cb, row=r, col=cell.col))
    return TableBox(Box(left, top_px, right, bottom_px), tuple(cells), table.kind)


def scan_grid_to_box(grid, factor: float) -> TableBox:
    """An OCR path's ``TableGrid`` (pixels of the scan) to boxes in the rendering's pixels."""
    def at(v: int) -> float:
        return round(v * factor, 1)

    outline = Box(at(grid.left), at(grid.top), at(grid.right), at(grid.bottom))
    cells = tuple(Box(at(c.left), at(c.top), at(c.right), at(c.bottom), row=c.row, col=c.col) for c in grid.cells)
    return TableBox(outline, cells, "scan")


def gray_scan_to_layout(gray: np.ndarray, number: int, settings: Settings, width: int,
                        notes: tuple[str, ...] = ()) -> PageLayout:
    """A page image at SCAN_DPI: deskewed as the OCR path does, its OpenCV grid, a small JPEG."""
    from parsers.ocr_grid import gray_to_grids
    from parsers.ocr_scan import gray_to_prepared

    gray = gray_to_prepared(gray, settings)
    grids, _ = gray_to_grids(gray, SCAN_DPI)
    image, factor = gray_to_jpeg(gray, width)
    h, w = int(round(gray.shape[0] * factor)), int(round(gray.shape[1] * factor))
    return PageLayout(number, w, h, image, "scan", tuple(scan_grid_to_box(g, factor) for g in grids), notes)


def text_page_to_layout(data: bytes, page, chars: list[dict], index: int, carried, width: int):
    """A page with a text layer: the PDF parser's tables on it; the borderless model to carry."""
    from parsers.ocr_render import open_pdf as open_pdfium
    from parsers.ocr_render import pdf_page_to_gray
    from parsers.pdf_rotation import page_text_angle, rotate_pdf_pages
    from parsers.pdf_text import open_pdf, page_chars, text_page_to_items
    from parsers.pdf_grid import GridTable

    notes: tuple[str, ...] = ()
    angle = page_text_angle(chars)
    source = data
    if angle:
        source = rotate_pdf_pages(data, {index: angle})
        notes = (f"text printed at {angle} degrees; shown turned, as the parser reads it",)
        with open_pdf(source) as turned:
            tpage = turned.pages[index]
            items, carry = text_page_to_items(tpage, page_chars(tpage), index + 1, carried)
            bbox, page_width = tuple(tpage.bbox), float(tpage.width)
    else:
        items, carry = text_page_to_items(page, chars, index + 1, carried)
        bbox, page_width = tuple(page.bbox), float(page.width)
    scale = width / page_width
    pdf = open_pdfium(source)
    try:
        gray = pdf_page_to_gray(pdf, index, scale * 72.0)
    finally:
        pdf.close()
    image, _ = gray_to_jpeg(gray, width + 1)  # already at the width: only encoded
    tables = tuple(grid_table_to_box(item, scale, (bbox[0], bbox[1])) for item in items if isinstance(item, GridTable))
    return PageLayout(index + 1, gray.shape[1], gray.shape[0], image, "text", tables, notes), carry


def pdf_to_layouts(data: bytes, settings: Settings, max_pages: int, width: int) -> list[PageLayout]:
    from parsers.ocr_render import open_pdf as open_pdfium
    from parsers.ocr_render import pdf_page_to_gray
    from parsers.pdf_text import PDF_ERRORS, is_blank_page, is_scanned_page, open_pdf, page_chars

    out: list[PageLayout] = []
    carried = None
    with open_pdf(data) as doc:
        for index, page in enumerate(doc.pages[:max_pages]):
            try:
                chars = page_chars(page)
                if is_blank_page(page, chars):
                    carried = None
                    pdf = open_pdfium(data)
                    try:
                        gray = pdf_page_to_gray(pdf, index, width * 72.0 / float(page.width), settings)
                    finally:
                        pdf.close()
                    image, _ = gray_to_jpeg(gray, width + 1)
                    out.append(PageLayout(index + 1, gray.shape[1], gray.shape[0], image, "blank",
                                          notes=("a blank page: the parser skips it",)))
                elif is_scanned_page(page, chars):
                    carried = None
                    pdf = open_pdfium(data)
                    try:
                        gray = pdf_page_to_gray(pdf, index, SCAN_DPI)
                    finally:
                        pdf.close()
                    out.append(gray_scan_to_layout(gray, index + 1, settings, width,
                                                   ("no text layer: the table grid the OCR path finds",)))
                else:
                    layout, carried = text_page_to_layout(data, page, chars, index, carried, width)
                    out.append(layout)
            except PDF_ERRORS as exc:
                carried = None
                out.append(PageLayout(index + 1, 0, 0, b"", "blank",
                                      notes=(f"the page cannot be read ({type(exc).__name__}); it was skipped",)))
            finally:
                page.flush_cache()
    return out


def image_to_layouts(data: bytes, settings: Settings, max_pages: int, width: int) -> list[PageLayout]:
    from parsers.ocr_render import image_bytes_to_gray_pages

    out = []
    for number, gray in enumerate(image_bytes_to_gray_pages(data, SCAN_DPI), start=1):
        if number > max_pages:
            break
        out.append(gray_scan_to_layout(gray, number, settings, width))
    return out


def page_layouts(data: bytes, settings: Settings | dict | None = None, max_pages: int = DEFAULT_MAX_PAGES,
                 width: int = DEFAULT_WIDTH) -> list[PageLayout]:
    """The first ``max_pages`` pages of a PDF or image, each rendered ``width`` pixels wide with
    the table and cell boxes the parsers find on it. Other formats have no pages to draw:
    ``UnsupportedFormat``; a damaged file raises the parsers' own typed errors."""
    settings = Settings.resolve(settings)
    if max_pages < 1 or width < 100:
        raise ValueError("max_pages must be at least 1 and width at least 100 pixels")
    fmt = detect_format(data)
    if fmt == "pdf":
        return pdf_to_layouts(data, settings, max_pages, width)
    if fmt == "image":
        return image_to_layouts(data, settings, max_pages, width)
    raise UnsupportedFormat(f"a {fmt} file has no page images to draw; only PDFs and images have")


__all__ = ["Box", "PageLayout", "TableBox", "page_layouts"]
