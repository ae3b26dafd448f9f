"""ZIP packages (DOCX, ODT) checked before any parser reads them: bombs and XML tricks refused.

From the zip's central directory alone (nothing is inflated): the number of members, the total
unpacked size (``Settings.max_inflated_bytes``) and each large member's compression ratio
(``Settings.max_zip_ratio``). Python's zipfile never returns more bytes than a member's
declared size (a member that inflates past it fails its CRC check), so the directory's numbers
bound what a parser can be made to inflate. Then every XML part is refused when it has a
document type declaration: an Office part never has one, and a DTD is what entity expansion
("billion laughs") and external entities (local files, URLs) need, so nothing is ever expanded,
resolved or fetched.
"""
from __future__ import annotations

import io
import re
import zipfile

from parsers.errors import CorruptFile, FileTooLarge
from parsers.settings import Settings

MAX_MEMBERS = 10_000
# a member smaller than this may compress as well as it likes (an empty header part, a style)
RATIO_FREE_BYTES = 1 << 20
_CHUNK = 1 << 20
_DTD_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be"))
_XML_NAME = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFile(f"the {what} file is damaged and cannot be opened as a zip package; "
                          "re-save it in Word or LibreOffice") from exc


def check_zip_directory(archive: zipfile.ZipFile, settings: Settings, what: str) -> None:
    """Refuse a zip bomb by the numbers in its directory, before anything is inflated."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise FileTooLarge(f"the {what} package has {len(members)} parts, over the limit of {MAX_MEMBERS}; "
                           "it is not an ordinary document")
    total = sum(m.file_size for m in members)
    if total > settings.max_inflated_bytes:
        raise FileTooLarge(
            f"the {what} package unpacks to {total // 2**20} MiB, over the {settings.max_inflated_bytes // 2**20} MiB "
            "limit for inflated content (raise it with --max-inflated-mb)")
    for m in members:
        if m.file_size > RATIO_FREE_BYTES and m.file_size > settings.max_zip_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise FileTooLarge(
                f"the {what} part {m.filename} is compressed {ratio:.0f} to 1, over the limit of "
                f"{settings.max_zip_ratio:g} to 1 for a zip bomb (raise it with --max-zip-ratio)")


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, at most ``limit`` of them (a detector's look at a small part)."""
    with archive.open(name) as member:
        return member.read(limit)


def has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part declares a document type or entities anywhere in it."""
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-32:]
    return False


def check_xml_parts(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse a package whose XML parts declare a DTD (entity expansion, external entities)."""
    for info in archive.infolist():
        if info.is_dir() or not (_XML_NAME.search(info.filename) or info.filename == "mimetype"):
            continue
        try:
            found = has_dtd(archive, info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise CorruptFile(f"the {what} part {info.filename} is damaged ({exc}); "
                              "re-save the file in Word or LibreOffice") from exc
        if found:
            raise CorruptFile(
                f"the {what} part {info.filename} declares an XML document type or entities, which Office files "
                "never do; the file was refused as unsafe, re-save it in Word or LibreOffice")


def check_package(data: bytes, settings: Settings, what: str) -> None:
    """Every check of this module on a package's bytes; raises a typed error or returns."""
    with open_zip(data, what) as archive:
        check_zip_directory(archive, settings, what)
        check_xml_parts(archive, what)
