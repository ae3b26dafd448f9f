"""Broken and hostile files: each ends failed or no_table with one sentence a person can act on.

Every bad case is built here, in the test, from the committed samples or from bytes written on
the spot; then it goes through ``extract_bytes`` (the worker's pure function) and, all together
beside two good files, through ``python -m ingest.cli run``.
"""
from __future__ import annotations

import io
import json
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from ingest.extraction import extract_bytes
from tests.conftest import ROOT, sample

FIXTURES = Path(__file__).parent / "fixtures"
ACTIONS = ("re-save", "save ", "raise it with", "download", "check", "convert", "unpack", "run again", "split",
           "re-scan", "re-export", "may not be a roadmap")


def assert_one_actionable_sentence(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message
    assert len(re.findall(r"[.!?](?:\s|$)", message)) <= 1, message
    assert any(a in message for a in ACTIONS), f"no action in: {message}"


# ---------------------------------------------------------------- builders

def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file whose object k+1 is ``objects[k]`` (catalog first), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def one_page_pdf(content: bytes, media_box: bytes = b"[0 0 595 842]", filtered: bool = False) -> bytes:
    stream_dict = b"<< /Length %d%s >>" % (len(content), b" /Filter /FlateDecode" if filtered else b"")
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Contents 4 0 R /Resources << >> >>",
        stream_dict + b"\nstream\n" + content + b"\nendstream",
    ])


def zeros_deflated(size: int) -> bytes:
    packer, zero, out, left = zlib.compressobj(9), bytes(1 << 24), [], size
    while left > 0:
        out.append(packer.compress(zero[: min(left, len(zero))]))
        left -= len(zero)
    out.append(packer.flush())
    return b"".join(out)


def encrypted_pdf(user_password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(sample("000", ".pdf").read_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
              base: bytes | None = None) -> bytes:
    """The sample DOCX with some parts replaced or added (compressed with deflate)."""
    base = base if base is not None else sample("000", ".docx").read_bytes()
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def document_xml() -> bytes:
    with zipfile.ZipFile(sample("000", ".docx")) as archive:
        return archive.read("word/document.xml")


def with_doctype(xml: bytes, doctype: bytes, entity_use: bytes) -> bytes:
    """``xml`` with a DTD after its declaration and an entity reference in its first text run."""
    head, rest = xml.split(b"?>", 1)
    rest = rest.replace(b"<w:t>", b"<w:t>" + entity_use, 1)
    return head + b"?>\n" + doctype + rest


BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10)
                             for k in range(1, 10))
                  + b"]>")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` and whose data is a few bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def picture_of_page() -> bytes:
    """A real page image: page 1 of the sample scan rendered to PNG (what a scanner gives)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(sample("000", ".pdf").read_bytes())
    image = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


# ---------------------------------------------------------------- one case at a time

FAILED_CASES = {
    # name: (bytes builder, settings, error_kind, words the sentence must have)
    "empty.txt": (lambda: b"", None, "corrupt_file", "empty"),
    "blank.txt": (lambda: b" \n\t\r\n" * 10, None, "corrupt_file", "blank"),
    "bom_only.txt": (lambda: b"\xff\xfe", None, "corrupt_file", "blank"),
    "bom_and_blank.txt": (lambda: "\ufeff \n\n".encode("utf-16-le"), None, "corrupt_file", "blank"),
    "truncated.pdf": (lambda: sample("000", ".pdf").read_bytes()[:20000], None, "corrupt_file", "PDF"),
    "locked.pdf": (lambda: encrypted_pdf("secret"), None, "encrypted", "password"),
    "locked.docx": (lambda: (FIXTURES / "encrypted_docx.docx").read_bytes(), None, "encrypted", "password"),
    "random.docx": (lambda: os.urandom(50_000), None, "unsupported_format", "not a PDF"),
    "zip_random.docx": (lambda: b"PK\x03\x04" + os.urandom(5000), None, "unsupported_format", "ZIP"),
    "bomb_ratio.docx": (lambda: docx_with(add={"word/media/image1.bin": bytes(64 << 20)}), None, "too_large",
                        "--max-zip-ratio"),
    "bomb_total.docx": (lambda: docx_with(add={"word/media/image1.bin": os.urandom(1 << 20) * 3}),
                        {"max_inflated_bytes": 2 << 20}, "too_large", "--max-inflated-mb"),
    "laughs.docx": (lambda: docx_with({"word/document.xml": with_doctype(document_xml(), BILLION_LAUGHS, b"&lol9;")}),
                    None, "corrupt_file", "document type"),
    "pdf_bomb.pdf": (lambda: one_page_pdf(zeros_deflated(1 << 30), filtered=True), None, "too_large",
                     "--max-inflated-mb"),
    "png_lying_header.png": (lambda: png_header_only(50_000, 50_000), None, "too_large", "--max-image-megapixels"),
    "png_real_too_big.pdf": (lambda: _png(Image.new("L", (4000, 3000), 255)), {"max_image_pixels": 10_000_000},
                             "too_large", "--max-image-megapixels"),
    "huge_page.pdf": (lambda: one_page_pdf(b"".join(b"%d 100 50 50 re f\n" % (60 * k) for k in range(12)),
                                           b"[0 0 14400 14400]"), None, "too_large", "--ocr-dpi"),
    "too_big.txt": (lambda: sample("002").read_bytes(), {"max_file_bytes": 10_000}, "too_large", "--max-file-mb"),
    "too_many_pages.pdf": (lambda: sample("000", ".pdf").read_bytes(), {"max_pages": 3}, "too_large", "--max-pages"),
    "web_page.pdf": (lambda: b"<!DOCTYPE html><html><body>404 Not Found</body></html>", None,
                     "unsupported_format", "HTML"),
    # a download cut short: the ZIP's central directory at the end is missing
    "cut_short.docx": (lambda: sample("000", ".docx").read_bytes()[:3000], None, "corrupt_file", "damaged or incomplete"),
    # Word's "Save as Web page", published as .doc: a document, but not one of the formats read here
    "word_web_page.doc": (lambda: ('<html xmlns:w="urn:schemas-microsoft-com:office:word"><body><p>ПРИКАЗ</p>'
                                   "<table><tr><td>№</td><td>Мероприятие</td><td>Срок</td></tr></table></body></html>"
                                   ).encode("cp1251"), None, "unsupported_format", "save it as DOCX"),
}


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(FAILED_CASES))
def test_bad_file_fails_with_one_actionable_sentence(name):
    build, settings, kind, words = FAILED_CASES[name]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    document = extract_bytes(build(), name, settings).document
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert (document["status"], document["error_kind"]) == ("failed", kind), document["error"]
    assert words in document["error"]
    assert_one_actionable_sentence(document["error"])
    assert grown_mib < 400, f"{name} took {grown_mib:.0f} MiB more memory"


def test_pdf_with_only_an_owner_password_is_read():
    plain = extract_bytes(sample("000", ".pdf").read_bytes(), "plain.pdf")
    owner_only = extract_bytes(encrypted_pdf(""), "owner_only.pdf")
    assert owner_only.document["status"] in ("ok", "partial")
    assert [r["action"] for r in owner_only.rows] == [r["action"] for r in plain.rows] != []


def test_external_entities_are_never_resolved_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    connections = []
    threading.Thread(target=lambda: _accept(listener, connections), daemon=True).start()
    doctype = (b'<!DOCTYPE w:document [<!ENTITY file SYSTEM "' + secret.as_uri().encode() + b'">'
               b'<!ENTITY web SYSTEM "http://127.0.0.1:%d/x">]>' % port)
    data = docx_with({"word/document.xml": with_doctype(document_xml(), doctype, b"&file;&web;"),
                      "docProps/app.xml": b'<?xml version="1.0"?>' + doctype + b"<Properties>&file;</Properties>"})
    result = extract_bytes(data, "xxe.docx")
    listener.close()
    assert result.document["status"] == "failed" and result.document["error_kind"] == "corrupt_file"
    assert_one_actionable_sentence(result.document["error"])
    assert "TOP-SECRET" not in json.dumps([result.document, result.rows], ensure_ascii=False)
    assert connections == []


def _accept(listener: socket.socket, connections: list) -> None:
    try:
        connections.append(listener.accept())
    except OSError:
        pass


@pytest.mark.parametrize("name", ["scan.docx", "scan.pdf", "scan.txt"])
def test_a_real_picture_under_any_name_is_ocred(name):
    result = extract_bytes(picture_of_page(), name)
    assert result.document["source_format"] == "image"
    assert result.document["status"] != "failed", result.document["error"]


def test_a_text_file_that_is_not_an_order_has_no_table():
    text = "Рецепт пирога.\nМука, сахар, яйца.\nВыпекать 40 минут.\n".encode("cp1251")
    document = extract_bytes(text, "recipe.txt").document
    assert document["status"] == "no_table"
    assert_one_actionable_sentence(document["error"])


def test_format_detection_of_a_text_file_loads_no_document_library():
    code = ("import sys; from parsers import parse_bytes; "
            "parse_bytes('Приказ\\tсрок\\n'.encode('utf-16')); "
            "print(sorted(m for m in ('docx', 'pdfplumber', 'pypdfium2', 'parsers.office_convert') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- all together, through the command line

GOOD = {"good order.txt": ("002", ".txt"), "-приказ «хороший».docx": ("000", ".docx")}
E2E_BAD = ["empty.txt", "truncated.pdf", "locked.pdf", "locked.docx", "random.docx", "bomb_ratio.docx",
           "laughs.docx", "png_lying_header.png", "huge_page.pdf", "web_page.pdf"]


def test_folder_of_hostile_files_runs_to_the_end(tmp_path):
    folder, out = tmp_path / "in box", tmp_path / "out"
    folder.mkdir()
    for name in E2E_BAD:
        (folder / name).write_bytes(FAILED_CASES[name][0]())
    (folder / "recipe.txt").write_bytes("Рецепт пирога.\nМука, сахар.\n".encode("koi8-r"))
    expected_rows = {}
    for name, (prefix, suffix) in GOOD.items():
        data = sample(prefix, suffix).read_bytes()
        (folder / name).write_bytes(data)
        expected_rows[name] = [r["action"] for r in extract_bytes(data, name).rows]
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a link loop, and every file twice

    run = subprocess.run([sys.executable, "-m", "ingest.cli", "run", str(folder), "--out", str(out), "--quiet"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    names = sorted(Path(d["source_path"]).name for d in documents)
    assert names == sorted([*E2E_BAD, "recipe.txt", *GOOD]), names
    by_name = {Path(d["source_path"]).name: d for d in documents}
    for name in [*E2E_BAD, "recipe.txt"]:
        assert by_name[name]["status"] in ("failed", "no_table"), name
        assert_one_actionable_sentence(by_name[name]["error"])
    rows = [json.loads(line) for line in (out / "rows.jsonl").read_text().splitlines()]
    for name in GOOD:
        doc = by_name[name]
        assert doc["status"] in ("ok", "partial"), doc["error"]
        assert [r["action"] for r in rows if r["doc_id"] == doc["doc_id"]] == expected_rows[name] != []
