"""DOC, ODT and RTF: recognised by content, converted to DOCX by LibreOffice, then parsed as DOCX.

``soffice --headless --convert-to docx`` runs in a private temporary directory with its own
user profile (``-env:UserInstallation``), so parallel conversions never share a profile or a
running office instance. It runs in its own process group: on timeout the whole group
(``soffice`` -> ``oosplash`` -> ``soffice.bin``) is killed. Encrypted files are refused before
conversion, because LibreOffice would only fail on them without saying why.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from parsers.detect import ODT_MIMETYPE, detect_office_format  # noqa: F401  (detection lives in detect.py)
from parsers.docx_tables import parse_docx
from parsers.errors import ConversionFailed, CorruptFile, EncryptedFile, MissingTool, UnsupportedFormat
from parsers.intermediate import ParsedDocument
from parsers.ole2 import OLE2_MAGIC, is_encrypted_doc, ole_to_streams  # noqa: F401
from parsers.safe_zip import check_zip_directory, open_zip, read_member
from parsers.settings import Settings

CONVERTIBLE_FORMATS = ("doc", "odt", "rtf")
_MANIFEST_LIMIT = 8 << 20


def check_not_encrypted(data: bytes, source_format: str, settings: Settings | None = None) -> None:
    """Refuse a password-protected, damaged or oversized DOC or ODT before LibreOffice sees it."""
    if source_format == "doc":
        streams = ole_to_streams(data)
        if not streams:
            raise CorruptFile("the DOC file is damaged: it is not an OLE2 compound file; re-save it in Word or LibreOffice")
        if "WordDocument" not in streams:
            raise CorruptFile("the DOC file has no Word document stream; it may be another Office file renamed to .doc")
        if is_encrypted_doc(data, streams):
            raise EncryptedFile("the DOC file is password-protected; save a copy without a password and run again")
    elif source_format == "odt":
        with open_zip(data, "ODT") as archive:
            # LibreOffice parses the XML itself; only the unpacked size is ours to bound
            check_zip_directory(archive, Settings.resolve(settings), "ODT")
            names = archive.namelist()
            manifest = read_member(archive, "META-INF/manifest.xml", _MANIFEST_LIMIT) \
                if "META-INF/manifest.xml" in names else b""
        if b"encryption-data" in manifest:
            raise EncryptedFile("the ODT file is password-protected; save a copy without a password and run again")


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
    check_not_encrypted(data, source_format, settings)
    document = parse_docx(convert_to_docx(data, source_format, settings), settings)
    document.source_format = source_format
    return document
