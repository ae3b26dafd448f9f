"""One parser per input format; ``parse_bytes`` picks it by the file's content."""
from __future__ import annotations

from parsers.detect import detect_format
from parsers.intermediate import ParsedDocument, with_valid_text
from parsers.settings import Settings


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


def parse_bytes(data: bytes, settings: Settings | None = None) -> ParsedDocument:
    """The intermediate for a file's bytes, whatever its format."""
    settings = Settings.resolve(settings)
    return with_valid_text(PARSERS[detect_format(data)](data, settings))
