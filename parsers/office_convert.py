"""DOC, ODT and RTF: recognised by content, converted to DOCX by LibreOffice, then parsed as DOCX.

``soffice --headless --convert-to docx`` runs in a private temporary directory with its own
user profile (``-env:UserInstallation``), so parallel conversions never share a profile or a
running office instance. It runs in its own process group: on timeout the whole group
(``soffice`` -> ``oosplash`` -> ``soffice.bin``) is killed. Encrypted files are refused before
conversion, because LibreOffice would only fail on them without saying why.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

from parsers.docx_tables import OLE2_MAGIC, parse_docx
from parsers.errors import ConversionFailed, CorruptFile, MissingTool, UnsupportedFormat
from parsers.intermediate import ParsedDocument
from parsers.settings import Settings

CONVERTIBLE_FORMATS = ("doc", "odt", "rtf")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_DOCX_MAIN_CONTENT_TYPE = b"wordprocessingml.document.main+xml"
_WORD_FIB_MAGIC = 0xA5EC
_FREE_SECTOR_MARKERS = 0xFFFFFFFA  # sector ids at or above this end a chain


# ---------------------------------------------------------------- OLE2 compound files (DOC)

def ole_to_streams(data: bytes) -> dict[str, tuple[int, int]]:
    """Stream names of an OLE2 compound file -> (first sector, size); {} when it is not one.

    Only the directory is read (header, FAT, directory chain): enough to tell a Word .doc from
    an Excel sheet or an encrypted OOXML package and to find the Word stream's first sector.
    """
    if len(data) < 512 or data[:8] != OLE2_MAGIC:
        return {}
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    if sector_size not in (512, 4096):
        return {}
    n_fat, dir_start = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
    difat_start, n_difat = struct.unpack_from("<I", data, 68)[0], struct.unpack_from("<I", data, 72)[0]

    def sector(sid: int) -> bytes:
        offset = (sid + 1) * sector_size
        return data[offset : offset + sector_size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _FREE_SECTOR_MARKERS]
    sid, per_sector = difat_start, sector_size // 4
    for _ in range(n_difat):
        if sid >= _FREE_SECTOR_MARKERS:
            break
        entries = struct.unpack(f"<{per_sector}I", sector(sid).ljust(sector_size, b"\xff"))
        fat_sectors += [s for s in entries[:-1] if s < _FREE_SECTOR_MARKERS]
        sid = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat += struct.unpack(f"<{per_sector}I", sector(s).ljust(sector_size, b"\xff"))

    streams: dict[str, tuple[int, int]] = {}
    sid, seen = dir_start, set()
    while sid < _FREE_SECTOR_MARKERS and sid not in seen and sid < len(fat) and len(seen) < 10_000:
        seen.add(sid)
        block = sector(sid)
        for offset in range(0, len(block) - 127, 128):
            entry = block[offset : offset + 128]
            name_len = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] in (1, 2, 5) and 2 <= name_len <= 64:  # storage, stream, root
                name = entry[: name_len - 2].decode("utf-16-le", "replace")
                streams[name] = (struct.unpack_from("<I", entry, 116)[0], struct.unpack_from("<I", entry, 120)[0])
        sid = fat[sid]
    return streams


def _is_encrypted_doc(data: bytes, streams: dict[str, tuple[int, int]]) -> bool:
    """The fEncrypted flag of the Word FIB (first sector of the WordDocument stream)."""
    start, size = streams.get("WordDocument", (0, 0))
    if size < 4096:  # kept in the mini stream: too small to be a real Word file
        return False
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    fib = data[(start + 1) * sector_size : (start + 1) * sector_size + 12]
    if len(fib) < 12 or struct.unpack_from("<H", fib, 0)[0] != _WORD_FIB_MAGIC:
        return False
    return bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)


# ---------------------------------------------------------------- detection by content

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
        if "EncryptedPackage" in streams:
            return "docx"
        return None
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and _DOCX_MAIN_CONTENT_TYPE in archive.read("[Content_Types].xml"):
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def check_not_encrypted(data: bytes, source_format: str) -> None:
    """Raise CorruptFile for a password-protected DOC or ODT, before LibreOffice sees it."""
    if source_format == "doc":
        streams = ole_to_streams(data)
        if not streams:
            raise CorruptFile("the DOC file is damaged: it is not an OLE2 compound file; re-save it in Word or LibreOffice")
        if "WordDocument" not in streams:
            raise CorruptFile("the DOC file has no Word document stream; it may be another Office file renamed to .doc")
        if _is_encrypted_doc(data, streams):
            raise CorruptFile("the DOC file is password-protected; save a copy without a password and run again")
    elif source_format == "odt":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
        except zipfile.BadZipFile as exc:
            raise CorruptFile("the ODT file is damaged and cannot be opened as a zip; re-save it in LibreOffice") from exc
        if b"encryption-data" in manifest:
            raise CorruptFile("the ODT file is password-protected; save a copy without a password and run again")


# ---------------------------------------------------------------- LibreOffice

def find_soffice() -> str:
    """The LibreOffice executable on PATH, or MissingTool naming the package to install."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise MissingTool(
        "LibreOffice is needed to read DOC, ODT and RTF files but soffice is not on PATH; "
        "install the Debian package libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui)"
    )


def convert_to_docx(data: bytes, source_format: str, settings: Settings | None = None) -> bytes:
    """Convert DOC/ODT/RTF bytes to DOCX bytes with LibreOffice headless."""
    settings = Settings.resolve(settings)
    if source_format not in CONVERTIBLE_FORMATS:
        raise UnsupportedFormat(f"LibreOffice conversion is for {', '.join(CONVERTIBLE_FORMATS)} files, not {source_format!r}")
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="roadmap-office-") as tmp:
        work = Path(tmp)
        source = work / f"input.{source_format}"
        source.write_bytes(data)
        out_dir = work / "out"
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(source),
        ]
        env = {**os.environ, "HOME": str(work)}  # nothing of the user's profile is read or written
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=settings.office_timeout_seconds)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionFailed(
                f"LibreOffice did not convert the {source_format.upper()} file within {settings.office_timeout_seconds:g} s; "
                "raise office_timeout_seconds or save the file as DOCX"
            ) from None
        result = out_dir / "input.docx"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            said = " ".join((stderr + stdout).decode("utf-8", "replace").split())
            said = said.replace("Warning: failed to launch javaldx - java may not function correctly", "").strip()
            if "could not be loaded" in said:
                raise CorruptFile(
                    f"LibreOffice cannot open the {source_format.upper()} file (it is damaged or not really "
                    f"{source_format.upper()}); check that it opens in Word or LibreOffice"
                )
            raise ConversionFailed(
                f"LibreOffice could not convert the {source_format.upper()} file to DOCX "
                f"(exit code {process.returncode}{': ' + said[:200] if said else ''}); "
                "check that the file opens in LibreOffice or Word"
            )
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def parse_office(data: bytes, source_format: str, settings: Settings | None = None) -> ParsedDocument:
    """DOC/ODT/RTF bytes to the intermediate, via a LibreOffice DOCX rendering."""
    if source_format not in CONVERTIBLE_FORMATS:
        raise UnsupportedFormat(f"parse_office reads {', '.join(CONVERTIBLE_FORMATS)} files, not {source_format!r}")
    check_not_encrypted(data, source_format)
    document = parse_docx(convert_to_docx(data, source_format, settings), settings)
    document.source_format = source_format
    return document
