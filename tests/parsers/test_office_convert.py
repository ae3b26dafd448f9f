"""DOC/ODT/RTF through LibreOffice, and office format detection by content.

These tests run the real soffice (about 2 s per conversion); they skip only when LibreOffice
is not installed. Fixtures: tests/fixtures/README.md.
"""
from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from parsers.docx_tables import parse_docx
from parsers.errors import ConversionFailed, CorruptFile, EncryptedFile, MissingTool, UnsupportedFormat
from parsers.office_convert import convert_to_docx, detect_office_format, ole_to_streams, parse_office
from parsers.settings import Settings
from tests.conftest import FIXTURES, shared_path

CORPUS = shared_path("corpus")
SETTINGS = Settings()
needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    assert path.is_file(), f"{path} is missing: run tests/fixtures/make_docx_fixtures.py"
    return path.read_bytes()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# ---------------------------------------------------------------- detection

@pytest.mark.parametrize(
    "name, expected",
    [("spans.docx", "docx"), ("spans.doc", "doc"), ("spans.odt", "odt"), ("spans.rtf", "rtf"),
     ("encrypted_doc.doc", "doc"), ("encrypted_odt.odt", "odt"),
     ("encrypted_docx.docx", "docx"),  # so that parse_docx can say it is password-protected
     ("make_docx_fixtures.py", None), ("README.md", None)],
)
def test_detect_fixture_formats(name, expected):
    assert detect_office_format(fixture(name)) == expected


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} \\f0 \\u1055?\\u1083?\\u1072?\\u1085? \\par }", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1 x}", "rtf"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", None),
        (b"PK\x03\x04 not really a zip", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, None),  # OLE2 magic, no Word stream
        (b"", None),
        ("№\tМероприятие\tСрок".encode("utf-8"), None),
    ],
)
def test_detect_by_content(data, expected):
    assert detect_office_format(data) == expected


def test_detect_zip_packages():
    assert detect_office_format(_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})) == "odt"
    assert detect_office_format(_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})) is None
    assert detect_office_format(_zip({"word/document.xml": b"<x/>"})) == "docx"
    assert detect_office_format(_zip({"xl/workbook.xml": b"<x/>"})) is None


def test_corpus_files_detected_by_content():
    for name, expected in (("001_835dafa0f7397687.docx", "docx"), ("001_835dafa0f7397687.pdf", None), ("001_835dafa0f7397687.txt", None)):
        path = CORPUS / name
        if not path.is_file():
            pytest.skip(f"{path} is not available")
        assert detect_office_format(path.read_bytes()) == expected


def test_ole_directory_lists_word_streams():
    assert {"WordDocument", "1Table"} <= set(ole_to_streams(fixture("spans.doc")))
    assert {"EncryptionInfo", "EncryptedPackage"} <= set(ole_to_streams(fixture("encrypted_docx.docx")))
    assert ole_to_streams(b"plain text") == {}


# ---------------------------------------------------------------- conversion

@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_office_formats_give_the_docx_blocks(fmt):
    expected = parse_docx(fixture("spans.docx"), SETTINGS)
    parsed = parse_office(fixture(f"spans.{fmt}"), fmt, SETTINGS)
    assert parsed.source_format == fmt
    assert parsed.blocks == expected.blocks


@needs_soffice
def test_convert_to_docx_returns_a_word_package():
    data = convert_to_docx(fixture("spans.rtf"), "rtf", SETTINGS)
    assert detect_office_format(data) == "docx"


def _our_soffice_processes() -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"roadmap-office-" in cmdline:
            found.append(int(pid))
    return found


@needs_soffice
def test_timeout_kills_the_conversion():
    with pytest.raises(ConversionFailed, match="office_timeout_seconds"):
        convert_to_docx(fixture("spans.doc"), "doc", Settings(office_timeout_seconds=0.2))
    # the whole process group is killed; give the kernel a moment to reap it on a loaded machine
    deadline = time.monotonic() + 15
    while _our_soffice_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _our_soffice_processes() == []


@needs_soffice
def test_unreadable_doc_is_corrupt():
    doc = fixture("spans.doc")
    start, size = ole_to_streams(doc)["WordDocument"]
    offset = (start + 1) * 512
    damaged = doc[:offset] + b"\0" * size + doc[offset + size :]  # the Word stream zeroed
    with pytest.raises(CorruptFile, match="cannot open the DOC file"):
        parse_office(damaged, "doc", SETTINGS)


def test_missing_libreoffice_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingTool, match="libreoffice-writer-nogui"):
        parse_office(fixture("spans.rtf"), "rtf", SETTINGS)


@pytest.mark.parametrize("name, fmt", [("encrypted_doc.doc", "doc"), ("encrypted_odt.odt", "odt")])
def test_password_protected_files_are_refused_before_conversion(name, fmt, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # LibreOffice must not even be looked for
    with pytest.raises(EncryptedFile, match="password-protected"):
        parse_office(fixture(name), fmt, SETTINGS)


@pytest.mark.parametrize(
    "data, fmt, error",
    [(b"plain text", "doc", CorruptFile), (b"PK\x03\x04junk", "odt", CorruptFile), (b"{\\rtf1 x}", "pdf", UnsupportedFormat)],
)
def test_wrong_bytes_for_the_format(data, fmt, error):
    with pytest.raises(error):
        parse_office(data, fmt, SETTINGS)
