"""The format-independent intermediate every parser produces.

A parser turns a file's bytes into a ``ParsedDocument``: the blocks of the document in
reading order, each either a ``TextLine`` (text outside tables: the order itself, lists after
the table) or a ``RawTable`` (rows of cell strings with the page each row starts on).
Everything after this point (header mapping, row assembly, metadata, normalisation) is shared
by all formats, so a parser keeps its format's quirks to itself and emits only this.

Conventions a parser must follow:
- cell strings keep the line breaks printed inside the cell as "\\n"; no other cleaning is
  required (the shared assembly strips markup, rejoins hyphenated words, collapses spaces);
- ``page`` is 1-based, ``None`` only when the format has no pages (DOCX);
- a table that runs over several pages may be emitted as one ``RawTable`` per page fragment:
  the assembly stitches consecutive fragments of the same width, drops header rows repeated on
  later pages and joins rows continued across a page break (empty number cell);
- all rows of one ``RawTable`` have the same number of cells (pad with "").
Everything here is plain data so that it pickles and can travel between processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class TextLine:
    """One line or paragraph of text outside any table."""

    text: str
    page: int | None = None


@dataclass
class TableRow:
    """One physical row of a table as the parser saw it."""

    cells: list[str]
    page: int | None = None
    # the parser's own doubts about this row (low OCR confidence, a guessed column ...)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """A table, or one page's fragment of a table, as rows of cell strings."""

    rows: list[TableRow]
    # x-positions of the column boundaries where the format has them (PDF, scans): lets the
    # assembly check that two page fragments have the same columns
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
