"""Parser for OCR/PDF-converter text dumps (``*.txt``).

The dump format: table rows are lines of TAB-separated cells, a cell's paragraphs may be wrapped
in ``<p>…</p>``, bold text in ``**…**``, HTML character references may stand for characters
("&laquo;", "&nbsp;", "&#171;"), and a blank line inside the table marks a page break.
Lines before the first table line and after the last one are the text outside the table (the
order itself, lists after the table). A line without TABs between table lines is a row printed
without its cell boundaries (a spanning heading such as "3. Мероприятия …"): it becomes a
one-cell row and the shared assembly decides what it is. A spreadsheet's TAB export that quotes
its cells ("line one\nline two", doubled quotes inside) is read with the csv module, and so is a
table saved as CSV (";" as Russian Excel writes it, or ","), found by its header line, and a
converter's Markdown table ("| № | Мероприятие |" rows, "<br>" for a cell's line break). A dump
with no TAB line whose columns are aligned with spaces (``pdftotext -layout``) is read by
``parsers.text_layout``.
"""
from __future__ import annotations

import html
import re

from parsers.intermediate import ParsedDocument, RawTable, TableRow, TextLine
from parsers.settings import Settings
from parsers.text_delimited import (MIN_CSV_COLUMNS, csv_records, delimited_header, has_quoted_cells,
                                    markdown_records, markdown_table_start)
from parsers.text_encoding import bytes_to_decoded, misreading

_P_TAG = re.compile(r"</?p\s*>", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>|<br\s*/?>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*")


def bytes_to_text(data: bytes) -> str:
    """Decode a dump in whatever encoding it was saved in (see ``parsers.text_encoding``)."""
    return bytes_to_decoded(data).text


# a character reference an HTML-ish converter left ("&laquo;", "&nbsp;", "&#171;", "&quot;")
_ENTITY = re.compile(r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|[a-zA-Z]{2,8});")


def dump_cell_to_text(cell: str) -> str:
    """One dump cell to plain text: paragraphs become line breaks, markup is dropped, character
    references are the characters they name."""
    text = _PARAGRAPH_BREAK.sub("\n", cell)
    text = _P_TAG.sub("", text)
    text = _BOLD.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text).replace("\u00a0", " ")
    lines = [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def text_to_parsed_document(text: str) -> ParsedDocument:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_lines = [i for i, line in enumerate(lines) if "\t" in line]
    doc = ParsedDocument(source_format="txt")
    if not table_lines:
        return _tabless_document(doc, lines)
    first = table_lines[0]
    records = csv_records(lines[first:], "\t") if has_quoted_cells(lines, table_lines) else None
    if records is not None and (not any(r is not None and len(r) > 1 for r in records)
                                or any("\t" in c for r in records if r for c in r)):
        records = None  # a quote that does not close in its cell swallowed TABs: read the lines as they are
    if records is None:
        last = table_lines[-1]
        records = [line.split("\t") if line.strip(" \u00a0") else None for line in lines[first : last + 1]]
        records += [[line] if line.strip() else None for line in lines[last + 1 :]]
    return _records_to_document(doc, lines, first, records)


def _tabless_document(doc: ParsedDocument, lines: list[str]) -> ParsedDocument:
    """A dump without a TAB line: a converter's Markdown table, a CSV, columns aligned with
    spaces, or text only."""
    markdown = markdown_table_start(lines)
    if markdown is not None:  # "| a | b |" rows under a "|---|---|" line
        return _records_to_document(doc, lines, markdown, markdown_records(lines[markdown:]))
    delimited = delimited_header(lines)
    if delimited is not None:  # the table from its header line on, read with the csv module
        first, delimiter = delimited
        return _records_to_document(doc, lines, first, csv_records(lines[first:], delimiter), delimiter)
    from parsers.text_layout import layout_text_to_blocks  # pdfplumber's word tools: only here

    blocks = layout_text_to_blocks("\n".join(lines))
    if blocks is not None:  # columns aligned with spaces
        doc.blocks = blocks
        doc.pages = max([b.page for b in blocks if isinstance(b, TextLine)]
                        + [r.page for b in blocks if isinstance(b, RawTable) for r in b.rows if r.page], default=1)
        return doc
    doc.blocks = [TextLine(dump_cell_to_text(line), 1) for line in lines if line.strip()]
    doc.pages = 1
    return doc


def _records_to_document(doc: ParsedDocument, lines: list[str], first: int, records: list[list[str] | None],
                         delimiter: str = "\t") -> ParsedDocument:
    """The document of a dump whose table starts at line ``first``: the lines above it as text,
    the records down to the last one with several cells as the table (a CSV's with three: a
    signature "Министр; И.И. Иванов" below it splits in two), the rest as text."""
    least = 2 if delimiter == "\t" else MIN_CSV_COLUMNS
    last = max((i for i, r in enumerate(records) if r is not None and len(r) >= least), default=-1)
    records, after = records[: last + 1], [delimiter.join(r) for r in records[last + 1 :] if r]
    width = max((len("\t".join(r).rstrip("\t ").split("\t")) for r in records if r is not None and len(r) > 1),
                default=1)

    for line in lines[:first]:
        if line.strip():
            doc.blocks.append(TextLine(dump_cell_to_text(line), 1))

    page = 1
    rows: list[TableRow] = []
    previous_had_tabs = False
    for record in records:
        if record is None or not any(c.strip() for c in record):
            # a blank line after a TAB line is a page break; blank lines around an untabbed
            # heading paragraph are only paragraph spacing
            page += previous_had_tabs
            previous_had_tabs = False
            continue
        previous_had_tabs = len(record) > 1
        if len(record) > 1:
            cells = [dump_cell_to_text(c) for c in record]
            while len(cells) > width and not cells[-1]:
                cells.pop()
            if len(cells) > width:  # more cells than the header: keep the text, join the tail
                cells = cells[: width - 1] + [" ".join(c for c in cells[width - 1 :] if c)]
        else:
            cells = [dump_cell_to_text(record[0])]
        cells += [""] * (width - len(cells))
        rows.append(TableRow(cells=cells, page=page))
    doc.blocks.append(RawTable(rows=rows, line_breaks="paragraph"))

    for line in after:
        if line.strip():
            doc.blocks.append(TextLine(dump_cell_to_text(line), page))
    doc.pages = page
    return doc


def parse_text_dump(data: bytes, settings: Settings | None = None) -> ParsedDocument:
    """A dump's bytes to the intermediate; a dump not in UTF-8 says its encoding in the warnings."""
    decoded = bytes_to_decoded(data)
    text = decoded.text
    how = misreading(text)
    if how is not None:
        text = how.read_back(text)
    doc = text_to_parsed_document(text)
    if how is not None:
        doc.warnings.insert(0, how.warning)
    if decoded.warning():
        doc.warnings.insert(0, decoded.warning())
    return doc
