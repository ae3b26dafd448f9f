"""Which parser a file needs, decided by its content (magic bytes), not by its name."""
from __future__ import annotations

from parsers.errors import UnsupportedFormat

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
)


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if not sample.strip() or b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(sample) - 4:
                return True  # a multi-byte character cut by the sample's end
            continue
        return True
    return False


def detect_format(data: bytes) -> str:
    """One of pdf, image, docx, doc, odt, rtf, txt; raises UnsupportedFormat otherwise.

    A PDF is reported as ``pdf``; the PDF parser itself says ``pdf_scan`` when no page has text.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, fmt in _IMAGE_MAGIC:
        if data.startswith(magic):
            return fmt
    from parsers.office_convert import detect_office_format

    office = detect_office_format(data)
    if office:
        return office
    if data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat("the file is a ZIP archive but not a DOCX or ODT document")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("the file is an old Office file but not a Word document (DOC)")
    if _looks_like_text(data):
        return "txt"
    raise UnsupportedFormat(
        "the file is not a PDF, image, DOCX, DOC, ODT, RTF or text file; convert it to one of those"
    )
