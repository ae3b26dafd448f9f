"""Tables: the parsers' raw tables stitched, headed and read into roadmap items.

    from normalize.tables import tables_to_items, tables_to_reports, AssembledItem, HeaderMap, TableReport

``assembly`` stitches page fragments and classifies rows into items and headings, ``headers``
maps header cells to the dataset's fields (``column_contents`` names a deadline or executors
column no header cell names by what its cells hold), ``cell_text`` turns a cell into plain paragraphs,
``measure_numbers`` reads item numbers printed in the measure text, ``section_headings`` the
title of a heading cell that also carries a goal and tasks.
"""

from normalize.tables.assembly import (
    CONTENT_FIELDS,
    TEXT_FIELDS,
    AssembledItem,
    TableReport,
    number_cell_to_number,
    rejoin_broken_dates,
    tables_to_items,
    tables_to_reports,
)
from normalize.tables.cell_text import (
    cell_to_paragraph,
    collapse_spaces,
    join_broken,
    paragraph_or_none,
    text_to_urls,
)
from normalize.tables.headers import FIELDS, HeaderMap, header_cell_to_field, rows_to_header
from normalize.tables.measure_numbers import action_to_number, actions_are_numbered
from normalize.tables.section_headings import heading_cell_to_title

__all__ = [
    "CONTENT_FIELDS",
    "FIELDS",
    "TEXT_FIELDS",
    "AssembledItem",
    "HeaderMap",
    "action_to_number",
    "actions_are_numbered",
    "cell_to_paragraph",
    "collapse_spaces",
    "header_cell_to_field",
    "heading_cell_to_title",
    "join_broken",
    "number_cell_to_number",
    "paragraph_or_none",
    "rejoin_broken_dates",
    "TableReport",
    "rows_to_header",
    "tables_to_items",
    "tables_to_reports",
    "text_to_urls",
]
