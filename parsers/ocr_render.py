"""Page images for OCR: PDF pages and image frames as grey arrays one at a time, deskew, flatten.

Everything here yields or returns a single page so that memory stays flat with page count: a
caller renders a page, OCRs it and drops it before asking for the next one.
"""
from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from statistics import median

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from parsers.detect import is_pdf
from parsers.errors import CorruptFile, EncryptedFile, FileTooLarge, UnsupportedFormat
from parsers.pdf_limits import check_page_count, check_pixels
from parsers.settings import Settings

# skew estimation: angles (degrees) a scanner plausibly introduces; larger ones are treated as
# a misreading of the page (a diagonal stamp, a drawing) and left alone
_MAX_SKEW_DEGREES = 5.0
_MIN_SKEW_DEGREES = 0.05
# an image without a plausible stated resolution is taken to be an A4 page (long side, inches);
# a stated resolution is plausible when it makes the long side a document page's
_A4_LONG_SIDE_IN = 11.69
_PAGE_LONG_SIDE_IN = (5.0, 17.0)
# the width of the working copy used to estimate the skew angle (pixels)
_SKEW_WORK_WIDTH = 1300


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with pdfium (empty user password), or raise a typed error with the reason."""
    if not is_pdf(data):
        raise UnsupportedFormat("the file is not a PDF (no %PDF header in its first kilobyte)")
    try:
        return pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile("the PDF is protected by a password; save an unprotected copy and run again") from exc
        raise CorruptFile(f"the PDF cannot be opened ({exc}); re-export or re-scan it") from exc


def pdf_page_to_gray(pdf: pdfium.PdfDocument, page_index: int, dpi: float,
                     settings: Settings | None = None) -> np.ndarray:
    """Render one PDF page to an 8-bit grey array at ``dpi``; refused past the pixel limit."""
    settings = Settings.resolve(settings)
    page = pdf[page_index]
    try:
        width, height = page.get_size()
        check_pixels(width * dpi / 72.0, height * dpi / 72.0, settings,
                     f"page {page_index + 1} rendered at {dpi:.0f} dpi", rendered=True)
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        array = bitmap.to_numpy()
        gray = array.copy() if array.ndim == 2 else cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
        bitmap.close()
    finally:
        page.close()
    return gray


def pdf_bytes_to_gray_pages(data: bytes, dpi: int, settings: Settings | None = None) -> Iterator[np.ndarray]:
    """Yield every page of a PDF as a grey array, rendering one page at a time."""
    settings = Settings.resolve(settings)
    pdf = open_pdf(data)
    try:
        if len(pdf) == 0:
            raise CorruptFile("the PDF has no pages")
        check_page_count(len(pdf), settings)
        for index in range(len(pdf)):
            yield pdf_page_to_gray(pdf, index, dpi, settings)
    finally:
        pdf.close()


def _frame_dpi(frame: Image.Image) -> float:
    """The resolution a frame was scanned at: as stated in the file when that is plausible for a
    document page, else guessed from the assumption that the frame is an A4 page."""
    long_side = max(frame.size)
    stated = frame.info.get("dpi")
    if stated and stated[0]:
        dpi = float(stated[0])
        if _PAGE_LONG_SIDE_IN[0] <= long_side / dpi <= _PAGE_LONG_SIDE_IN[1]:
            return dpi
    return long_side / _A4_LONG_SIDE_IN


def _frame_to_gray(frame: Image.Image, dpi: int) -> np.ndarray:
    """One image frame to a grey array resampled to ``dpi``, turned as its EXIF orientation says
    (a phone's or scanner's JPEG stores the pixels as the sensor saw them and the turn in a tag)."""
    frame = ImageOps.exif_transpose(frame) or frame
    source_dpi = _frame_dpi(frame)
    if frame.mode in ("RGBA", "LA", "P", "PA"):  # transparent areas are paper, not ink
        frame = frame.convert("RGBA")
        background = Image.new("RGB", frame.size, (255, 255, 255))
        background.paste(frame, mask=frame.getchannel("A"))
        frame = background
    gray = np.asarray(frame.convert("L"))
    factor = dpi / source_dpi
    if abs(factor - 1.0) > 0.02:
        interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)
    return np.ascontiguousarray(gray)


def _bomb_error(exc: Exception, settings: Settings) -> FileTooLarge:
    """Pillow's refusal (past twice the limit) said in our words, with the size it read."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    size = f" ({int(found.group(1)) / 1e6:.0f} megapixels)" if found else ""
    return FileTooLarge(f"the image{size} is over the limit of {settings.max_image_pixels / 1e6:g} megapixels "
                        "(raise it with --max-image-megapixels)")


def open_image(data: bytes, settings: Settings) -> Image.Image:
    """Pillow's image for the bytes, its header read and nothing decoded yet.

    Pillow's own decompression-bomb guard is set to the pixel limit (it warns past it and
    refuses at twice it); the limit itself is checked on every frame by ``check_pixels``.
    """
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise _bomb_error(exc, settings) from exc
    except UnidentifiedImageError as exc:
        raise UnsupportedFormat("the file is not an image Pillow can read (PNG, JPEG, TIFF)") from exc
    except OSError as exc:
        raise CorruptFile(f"the image cannot be opened ({exc}); re-save or re-scan it") from exc


def image_bytes_to_gray_pages(data: bytes, dpi: int, settings: Settings | None = None) -> Iterator[np.ndarray]:
    """Yield every frame of a PNG/JPEG/TIFF (multi-page TIFF included) as a grey array at ``dpi``.

    Each frame's size is checked against ``settings.max_image_pixels`` before it is decoded, and
    the frame count against ``settings.max_pages``.
    """
    settings = Settings.resolve(settings)
    image = open_image(data, settings)
    with image:
        check_page_count(getattr(image, "n_frames", 1), settings)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    check_pixels(*frame.size, settings, f"the image's frame {number}")
                    yield _frame_to_gray(frame, dpi)
        except Image.DecompressionBombError as exc:
            raise _bomb_error(exc, settings) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise CorruptFile(f"the image data is damaged ({exc}); re-save or re-scan it") from exc


def gray_to_ink(gray: np.ndarray) -> np.ndarray:
    """Binarise a grey page: 255 where there is ink, 0 on paper (local mean threshold)."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def gray_to_skew_angle(gray: np.ndarray) -> float:
    """Estimate the page's skew in degrees (positive = the content is turned counter-clockwise).

    Long horizontal rulings (table lines, underlines) give the angle precisely; a page without
    them falls back to the direction of its text lines. Both work on a half-size copy and cost
    a few tens of milliseconds.
    """
    scale = min(1.0, _SKEW_WORK_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    ink = gray_to_ink(small)
    angle = _rulings_to_angle(ink)
    if angle is None:
        angle = _text_lines_to_angle(ink)
    if angle is None or not _MIN_SKEW_DEGREES <= abs(angle) <= _MAX_SKEW_DEGREES:
        return 0.0
    return angle


def _component_angle(labels: np.ndarray, stats: np.ndarray, index: int) -> float:
    """Angle in degrees of the least-squares line through one connected component's pixels."""
    x, y, w, h = stats[index][:4]
    ys, xs = np.nonzero(labels[y : y + h, x : x + w] == index)
    slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
    return float(np.degrees(np.arctan(-slope)))


def _rulings_to_angle(ink: np.ndarray) -> float | None:
    """Median angle of the long horizontal rulings, or None when the page has fewer than two."""
    height, width = ink.shape
    # thicken vertically first so that a slightly tilted 1-px line survives the long opening
    thick = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    lines = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 40, 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines)
    angles = [_component_angle(labels, stats, i) for i in range(1, count)
              if stats[i][2] >= width // 5 and stats[i][3] <= width // 20]
    return float(median(angles)) if len(angles) >= 2 else None


def _text_lines_to_angle(ink: np.ndarray) -> float | None:
    """Median angle of long text lines (words smeared into bands), or None without any."""
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 40, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, height // 40)))
    text = cv2.subtract(ink, cv2.bitwise_or(horizontal, vertical))
    bands = cv2.morphologyEx(text, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (21, 1)))
    bands = cv2.morphologyEx(bands, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bands)
    tallest = max(8, height // 40)
    angles = [_component_angle(labels, stats, i) for i in range(1, count)
              if stats[i][2] >= width // 6 and 5 <= stats[i][3] <= tallest]
    return float(median(angles)) if len(angles) >= 3 else None


def gray_to_flattened(gray: np.ndarray) -> np.ndarray:
    """Even out the paper: divide by the page's smoothed background and remove speckle noise.

    Scans carry grey paper texture and uneven lighting; tesseract's own global threshold then
    eats thin strokes of small, isolated text (item numbers in a narrow column). Dividing by a
    median-blurred background makes paper white everywhere while keeping the ink's grey levels.
    """
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    background = cv2.resize(cv2.medianBlur(small, 9), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, background, scale=255)
    return cv2.medianBlur(flat, 3)


def gray_to_deskewed(gray: np.ndarray, angle: float) -> np.ndarray:
    """Turn the page by ``-angle`` degrees around its centre, filling the corners with paper."""
    if angle == 0.0:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)
