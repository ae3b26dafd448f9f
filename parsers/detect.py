"""Which parser a file needs, decided by its content (magic bytes), not by its name.

Nothing here imports a document library: telling a text dump from a DOCX never loads
python-docx, pdfplumber or LibreOffice helpers.
"""
from __future__ import annotations

import io
import re
import zipfile

from parsers.errors import CorruptFile, UnsupportedFormat
from parsers.ole2 import OLE2_MAGIC, is_encrypted_ooxml, ole_to_streams
from parsers.text_encoding import bytes_to_decoded, without_bom

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte
IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00", b"MM\x00*",  # TIFF
    b"GIF87a", b"GIF89a",
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_DOCX_MAIN_CONTENT_TYPE = b"wordprocessingml.document.main+xml"
_SMALL_PART_LIMIT = 1 << 20  # how much of [Content_Types].xml or mimetype detection reads
_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
TEXT_SAMPLE_BYTES = 65536


def is_pdf(data: bytes) -> bool:
    """The one PDF test used by every PDF reader here: ``%PDF-`` within the first kilobyte."""
    return PDF_MAGIC in data[:PDF_HEADER_WINDOW]


def is_image(data: bytes) -> bool:
    if data.startswith(IMAGE_MAGIC):
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return data[:2] == b"BM" and len(data) > 26 and data[6:10] == b"\0\0\0\0"  # BMP: reserved fields zero


def detect_office_format(data: bytes) -> str | None:
    """"docx", "odt", "doc" or "rtf" by the file's content (magic bytes), else None.

    An encrypted OOXML package (an OLE2 file holding ``EncryptedPackage``) is reported as
    "docx", so that parsing it says the file is password-protected.
    """
    if data[:5] == b"{\\rtf" or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:5] == b"{\\rtf":
        return "rtf"
    if data[:8] == OLE2_MAGIC:
        streams = ole_to_streams(data)
        if "WordDocument" in streams:
            return "doc"
        if is_encrypted_ooxml(data, streams):
            return "docx"
        return None
    if data[:4] != b"PK\x03\x04":
        return None

    from parsers.safe_zip import read_member

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and read_member(archive, "mimetype", _SMALL_PART_LIMIT).strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and _DOCX_MAIN_CONTENT_TYPE in read_member(
                    archive, "[Content_Types].xml", _SMALL_PART_LIMIT):
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return None
    return None


_FIRST_MEMBER_FORMATS = ((b"[Content_Types].xml", "DOCX"), (b"_rels/", "DOCX"), (b"word/", "DOCX"),
                         (b"docProps/", "DOCX"), (b"mimetype", "ODT"))


def _damaged_package_format(data: bytes) -> str | None:
    """"DOCX" or "ODT" when the bytes start like one but the ZIP cannot be opened (a download cut
    short loses the central directory at the end): told by the first member's name."""
    try:
        zipfile.ZipFile(io.BytesIO(data)).close()
        return None  # it opens: a ZIP of something else
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        pass
    if len(data) < 30:
        return None
    name_length = int.from_bytes(data[26:28], "little")
    name = data[30:30 + name_length]
    return next((fmt for prefix, fmt in _FIRST_MEMBER_FORMATS if name.startswith(prefix)), None)


def looks_like_text(data: bytes) -> bool:
    """Text in an encoding a Russian office writes (UTF-8, UTF-16 with its mark, Cyrillic code pages)."""
    try:
        bytes_to_decoded(data[:TEXT_SAMPLE_BYTES], partial=len(data) > TEXT_SAMPLE_BYTES)
    except UnsupportedFormat:
        return False
    return True


_TABLE_TAG = re.compile(rb"<table[\s>]", re.IGNORECASE)
_WORD_HTML = re.compile(rb"urn:schemas-microsoft-com:office:word|<meta[^>]+name=[\"']?(?:ProgId|Generator)[^>]+Word",
                        re.IGNORECASE)


def _web_page_sentence(data: bytes) -> str:
    """Why an HTML file is refused, and what to do: a page with a table is an order saved as a web
    page (Word's "Web page" format, often published as .doc), anything else an error or login page."""
    if _WORD_HTML.search(data[:65536]) or _TABLE_TAG.search(data):
        return ("the file is a document saved as an HTML web page (Word's 'Web page' format, often published as "
                ".doc), which is not read here; open it in Word or LibreOffice and save it as DOCX")
    return ("the file is an HTML web page, not a document; download the order itself "
            "(the link may have led to an error or login page)")


def detect_format(data: bytes) -> str:
    """One of pdf, image, docx, doc, odt, rtf, txt; raises a typed error otherwise.

    A PDF is reported as ``pdf``; the PDF parser itself says ``pdf_scan`` when no page has text.
    """
    if not data:
        raise CorruptFile("the file is empty (0 bytes); download or copy it again")
    if not without_bom(data).strip(b" \t\r\n\f\v\x00"):  # a byte-order mark alone is no text either
        raise CorruptFile("the file holds only blank space or zero bytes; download or copy it again")
    if is_pdf(data):
        return "pdf"
    if is_image(data):
        return "image"
    office = detect_office_format(data)
    if office:
        return office
    if data.startswith(b"PK\x03\x04"):
        damaged = _damaged_package_format(data)
        if damaged:
            raise CorruptFile(f"the {damaged} file is damaged or incomplete (its ZIP directory cannot be read); "
                              "download or copy it again")
        raise UnsupportedFormat("the file is a ZIP archive but not a DOCX or ODT document; unpack it or save it as DOCX")
    if data.startswith(OLE2_MAGIC):
        raise UnsupportedFormat("the file is an old Office file but not a Word document (DOC); save it as DOCX")
    if looks_like_text(data):
        if _HTML.match(data[:4096].removeprefix(b"\xef\xbb\xbf")):
            raise UnsupportedFormat(_web_page_sentence(data))
        return "txt"
    raise UnsupportedFormat(
        "the file is not a PDF, image, DOCX, DOC, ODT, RTF or text file; convert it to one of those"
    )
