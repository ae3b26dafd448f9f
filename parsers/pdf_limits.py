"""Size limits on a PDF checked before a reader inflates or renders anything.

pdfminer and pdfium inflate a Flate stream in one piece, so a stream of a few megabytes that
inflates to gigabytes (a "PDF bomb") would take all the memory. Every stream of the file is
inflated here once, in bounded chunks that are counted and dropped, and the file is refused
when one of them goes over ``Settings.max_inflated_bytes``. Streams inside object streams do
not exist (a stream is always a top-level object), so finding the ``stream`` keywords finds
them all; an encrypted stream is not a zlib stream and is left to the reader.
"""
from __future__ import annotations

import re
import zlib

from parsers.errors import FileTooLarge
from parsers.settings import Settings

_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK_IN = 1 << 20
_CHUNK_OUT = 16 << 20


def _is_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def inflated_size(data: bytes, start: int, limit: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to, counting stops past ``limit``."""
    inflater = zlib.decompressobj()
    view = memoryview(data)
    total, offset = 0, start
    try:
        while offset < len(data) and not inflater.eof:
            pending = view[offset : offset + _CHUNK_IN]
            offset += len(pending)
            while pending and not inflater.eof:
                total += len(inflater.decompress(pending, _CHUNK_OUT))
                if total > limit:
                    return total
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged or not Flate after all: the reader will say so
    return total


def check_pdf_streams(data: bytes, settings: Settings) -> None:
    """Raise FileTooLarge when one stream inflates past ``settings.max_inflated_bytes``."""
    limit = settings.max_inflated_bytes
    for match in _STREAM_START.finditer(data):
        start = match.end()
        if not _is_zlib_header(data[start : start + 2]):
            continue
        size = inflated_size(data, start, limit)
        if size > limit:
            raise FileTooLarge(
                f"a compressed stream of the PDF at byte {start} inflates to more than {limit // 2**20} MiB, "
                "over the limit for inflated content (raise it with --max-inflated-mb)")


def check_page_count(pages: int, settings: Settings) -> None:
    if pages > settings.max_pages:
        raise FileTooLarge(f"the file has {pages} pages, over the limit of {settings.max_pages} "
                           "(raise it with --max-pages or split the file)")


def check_pixels(width: float, height: float, settings: Settings, what: str, rendered: bool = False) -> None:
    """Refuse a page image by its pixel count, before it is decoded (or ``rendered`` from a PDF page)."""
    pixels = int(width) * int(height)
    if pixels > settings.max_image_pixels:
        raise FileTooLarge(
            f"{what} is {int(width)} x {int(height)} pixels ({pixels / 1e6:.0f} megapixels), over the limit of "
            f"{settings.max_image_pixels / 1e6:g} megapixels (raise it with --max-image-megapixels"
            f"{' or lower --ocr-dpi' if rendered else ''})")
