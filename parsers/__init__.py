"""One parser per input format; ``parse_bytes`` picks it by the file's content."""
from __future__ import annotations

from parsers.detect import detect_format
from parsers.intermediate import ParsedDocument, document_texts, with_texts_mapped, with_valid_text
from parsers.settings import Settings
from parsers.text_encoding import misreading


def _parse_txt(data: bytes, settings: Settings) -> ParsedDocument:
    from parsers.text_dump import parse_text_dump

    return parse_text_dump(data, settings)


def _parse_docx(data: bytes, settings: Settings) -> ParsedDocument:
    from parsers.docx_tables import parse_docx

    return parse_docx(data, settings)


def _parse_office(fmt: str):
    def parse(data: bytes, settings: Settings) -> ParsedDocument:
        from parsers.office_convert import parse_office

        return parse_office(data, fmt, settings)

    return parse


def _parse_pdf(data: bytes, settings: Settings) -> ParsedDocument:
    from parsers.pdf_text import parse_pdf

    return parse_pdf(data, settings)


def _parse_image(data: bytes, settings: Settings) -> ParsedDocument:
    from parsers.ocr_scan import parse_image

    return parse_image(data, settings)


PARSERS = {
    "txt": _parse_txt,
    "docx": _parse_docx,
    "doc": _parse_office("doc"),
    "odt": _parse_office("odt"),
    "rtf": _parse_office("rtf"),
    "pdf": _parse_pdf,
    "image": _parse_image,
}


def with_misread_text_read_back(doc: ParsedDocument) -> ParsedDocument:
    """A Word, ODT or RTF document whose Russian text reached it misread (a legacy Cyrillic font
    over cp1252 codes: "Ïëàí" for "План"; UTF-8 pasted from a file opened in the wrong encoding:
    "РџР»Р°РЅ") read back, with a warning. PDFs are read back per page by the PDF parser, dumps by
    the dump parser, before they cut their text."""
    if doc.source_format in ("pdf", "pdf_scan", "image", "txt"):
        return doc
    how = misreading("\n".join(document_texts(doc)))
    if how is None:
        return doc
    doc = with_texts_mapped(doc, how.read_back)
    doc.warnings.insert(0, how.warning)
    return doc


def parse_bytes(data: bytes, settings: Settings | None = None) -> ParsedDocument:
    """The intermediate for a file's bytes, whatever its format."""
    settings = Settings.resolve(settings)
    return with_valid_text(with_misread_text_read_back(PARSERS[detect_format(data)](data, settings)))
