"""Text dumps whose table columns are aligned with spaces, not TABs (``pdftotext -layout``, an OCR
program's "keep layout" text export, a PDF viewer's copy).

Such a dump has no cell boundaries at all, only columns of characters. Each line's words are
placed by their character offsets, as if the text were printed in a monospaced font, and the
page is read by the reader of tables printed without ruling lines (``parsers.pdf_columns``): the
header line found by its words, a column boundary in the whitespace valley between the header's
phrases, a row started by its number, continuation lines joined to it. A form feed is a page
break (pdftotext writes one per page) and the column model carries over to the next page as in
a PDF. One space joins the words of a phrase; two or more separate columns.
"""
from __future__ import annotations

import re

from parsers.intermediate import Block, RawTable, TextLine

# a character's width and a line's pitch, in the font sizes the borderless reader measures gaps
# in: one space (0.7) stays inside a phrase (PHRASE_GAP 1.2), two spaces (1.4) part two columns
CHAR_WIDTH = 0.7
LINE_PITCH = 1.2
# a phrase: words one space apart. Placed as one word, a heading that runs across the columns
# ("1. Диагностика факторов риска …") crosses a boundary and is read as a spanning row
_PHRASE = re.compile(r"\S+(?: \S+)*")


def page_text_to_lines(text: str) -> list:
    """One page's text lines as positioned phrases (``parsers.pdf_lines.Line`` of ``Word``), blank
    lines kept as vertical space."""
    from parsers.pdf_lines import Line, Word

    lines = []
    for row, line in enumerate(text.expandtabs(8).split("\n")):
        words = [Word(m.group(), m.start() * CHAR_WIDTH, m.end() * CHAR_WIDTH, row * LINE_PITCH, row * LINE_PITCH + 1.0)
                 for m in _PHRASE.finditer(line.rstrip())]
        if words:
            lines.append(Line(words))
    return lines


def layout_text_to_blocks(text: str) -> list[Block] | None:
    """The blocks of a space-aligned dump: paragraphs and the table's page fragments; None when
    no page holds a table header (the dump is not a space-aligned table)."""
    from parsers.pdf_columns import page_lines_to_borderless
    from parsers.pdf_grid import grid_to_raw_table
    from parsers.pdf_lines import lines_to_paragraphs

    pages = []
    carried = None
    for number, page_text in enumerate(text.split("\f"), start=1):
        found = page_lines_to_borderless(page_text_to_lines(page_text), number, carried)
        pages.append((number, found))
        carried = found.carry
    if not any(found.table is not None for _, found in pages):
        return None  # not a space-aligned table: the caller reads the lines as text
    blocks: list[Block] = []
    for number, found in pages:
        blocks.extend(TextLine(p, number) for p in lines_to_paragraphs(found.before))
        if found.table is not None:
            table = grid_to_raw_table(found.table)
            # the reader's edges are in character units here, not PDF points
            blocks.append(RawTable(rows=table.rows, column_edges=None, warnings=[
                w.replace("columns inferred from the header's x-positions", "columns inferred from the header's "
                          "character positions (a space-aligned text)") for w in table.warnings]))
            blocks.extend(TextLine(p, number) for p in lines_to_paragraphs(found.after))
    return blocks
