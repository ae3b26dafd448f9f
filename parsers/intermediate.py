"""The format-independent intermediate every parser produces, and the contract it keeps.

A parser turns a file's bytes into a ``ParsedDocument``: the blocks of the document in
reading order, each either a ``TextLine`` (text outside tables: the order itself, lists after
the table) or a ``RawTable`` (rows of cell strings with the page each row starts on).
Everything after this point (header mapping, row assembly, metadata, normalisation) is shared
by all formats, so a parser keeps its format's quirks to itself and emits only this.

The contract (held for every format by ``tests/parsers/test_contract.py``):
- text is plain: no markup of the source format survives (a text dump's ``<p>`` and ``**`` are
  removed by ``parsers.text_dump``, and only there); a cell keeps the line breaks printed inside
  it as "\\n"; the shared assembly still rejoins hyphenated words and collapses spaces;
- a ``TextLine`` is one paragraph: lines the layout wrapped are joined with a space (PDF), a
  DOCX paragraph is one line whatever its length, a line break the document forces inside a
  paragraph (DOCX ``w:br``) stays as "\\n"; a text dump gives one line per paragraph already;
  a scan gives tesseract's lines, pieces split at wide gaps (its reading order differs from the
  PDF parser's: see ``parsers.ocr_text``);
- merged cells follow ONE rule, ``parsers.table_grid``: a vertical merge whose first-column cell
  is an item number joins the rows it spans into one row; any other vertical merge is repeated
  in each row it spans (an executor shared by two items is in both rows); a horizontal span's
  text sits in its first column, "" in the others; a row with no text of its own is dropped;
- ``page`` is 1-based, ``None`` only when the format has no pages (DOCX);
- a table that runs over several pages may be emitted as one ``RawTable`` per page fragment:
  the assembly stitches consecutive fragments of the same width, drops header rows repeated on
  later pages and joins rows continued across a page break (empty number cell);
- all rows of one ``RawTable`` have the same number of cells (pad with "");
- ``RawTable.column_edges`` are in PDF points from the page's left edge (a scan: pixels * 72 /
  dpi), ``None`` where the format has no geometry;
- what a parser doubts goes into ``warnings`` (a row's, a table's or the document's): the
  extractor carries every one of them into the dataset;
- text is valid Unicode: a lone surrogate (a damaged font's character map can name one) is
  U+FFFD, so no cell can fail the catalogue or an export (``with_valid_text``, applied by
  ``parsers.parse_bytes`` to every parser's output).
Everything here is plain data so that it pickles and can travel between processes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Union

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class TextLine:
    """One paragraph of text outside any table (plain text; a forced line break is "\\n")."""

    text: str
    page: int | None = None


@dataclass
class TableRow:
    """One row of a table after the merge rule (``parsers.table_grid``): plain cell strings."""

    cells: list[str]
    page: int | None = None
    # the parser's own doubts about this row (low OCR confidence, a guessed column ...)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """A table, or one page's fragment of a table, as rows of cell strings."""

    rows: list[TableRow]
    # x of every column boundary, left to right, in PDF points (scans: pixels * 72 / dpi), where
    # the format has geometry (PDF, scans); None for DOCX and text dumps
    column_edges: list[float] | None = None
    warnings: list[str] = field(default_factory=list)
    # what a line break inside a cell means: "printed" (a line of print, PDFs and scans) or
    # "paragraph" (a converter's paragraph, text dumps). Only paragraph breaks are evidence when
    # the assembly separates rows a converter interleaved at a page break.
    line_breaks: str = "printed"

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    @property
    def first_page(self) -> int | None:
        return next((r.page for r in self.rows if r.page is not None), None)


Block = Union[TextLine, RawTable]


@dataclass
class ParsedDocument:
    """What a parser hands to the shared assembly."""

    source_format: str  # pdf, pdf_scan, image, docx, doc, odt, rtf, txt
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[RawTable]:
        return [b for b in self.blocks if isinstance(b, RawTable)]

    @property
    def text_lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    def text_before_first_table(self) -> list[TextLine]:
        out = []
        for b in self.blocks:
            if isinstance(b, RawTable):
                break
            out.append(b)
        return out


# characters that print nothing: a soft hyphen (Word's optional hyphen, a PDF's hyphen at a line
# break), zero-width spaces and joiners, the word joiner, a byte-order mark inside the text; and
# the no-break hyphen
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SOFT_HYPHEN_AT_BREAK = re.compile("\u00ad[ \t]*\n|\u00ad[ \t]+")
_NO_BREAK_HYPHEN = "\u2011"


def valid_text(text: str, cell: bool = False) -> str:
    """The text with every lone surrogate replaced by U+FFFD (the replacement character), the
    characters that print nothing dropped and a no-break hyphen made a hyphen. In a table cell a
    soft hyphen before a break ("законодатель\u00ad ства", "финансово\u00ad\nхозяйственной") is a
    hyphen at a line's end, so the shared cell rule rejoins the word or keeps the compound's
    hyphen; elsewhere the word goes on after it."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _INVISIBLE.search(text):
        text = _SOFT_HYPHEN_AT_BREAK.sub("-\n" if cell else "", text)
        text = _INVISIBLE.sub("", text)
    return text.replace(_NO_BREAK_HYPHEN, "-") if _NO_BREAK_HYPHEN in text else text


def document_texts(doc: ParsedDocument) -> list[str]:
    """Every text line and cell of the document, in order."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, TextLine):
            out.append(block.text)
        else:
            out.extend(c for row in block.rows for c in row.cells)
    return out


def with_texts_mapped(doc: ParsedDocument, change: Callable[[str], str]) -> ParsedDocument:
    """The document with ``change`` applied to every text line and cell (in place)."""
    for block in doc.blocks:
        if isinstance(block, TextLine):
            block.text = change(block.text)
        else:
            for row in block.rows:
                row.cells = [change(c) for c in row.cells]
    return doc


def with_valid_text(doc: ParsedDocument) -> ParsedDocument:
    """The document with valid Unicode in every text, cell and warning (changed in place)."""
    doc.warnings = [valid_text(w) for w in doc.warnings]
    for block in doc.blocks:
        if isinstance(block, TextLine):
            block.text = valid_text(block.text)
            continue
        block.warnings = [valid_text(w) for w in block.warnings]
        for row in block.rows:
            row.cells = [valid_text(c, cell=True) for c in row.cells]
            row.warnings = [valid_text(w) for w in row.warnings]
    return doc
